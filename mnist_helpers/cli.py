"""``python -m mnist_helpers``: train, evaluate, predict and verify-data.

With no flags, ``train`` reproduces the blog post end to end, with the blog's code
path (``DataLoader``, ``torch.optim.Adam``); ``--fast`` gives the same numbers sooner.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch
from torchinfo import summary

from . import distributed
from .checkpoint import load_checkpoint, save_checkpoint
from .constants import EXPLODED_LOSS, MAX_THREADS
from .data import (
    BLOG_MEAN,
    BLOG_STD,
    TensorLoader,
    data_dir,
    file_status,
    load_tensors,
    verify_mnist,
)
from .device import DEVICE_CHOICES, pick_device
from .errors import MnistHelpersError
from .images import ImageError, prepare_image, top_k
from .models import build_model
from .recipes import CHOICES, PRESETS, RunResult, TrainConfig, prepare, with_overrides
from .training import evaluate

BLOG_ACCURACY_LINE = "Accuracy of the network on the 10000 test images: {:.2f}%"
#: The ``train`` flags that set a field of :class:`~mnist_helpers.recipes.TrainConfig`.
CONFIG_FLAGS = (
    "model",
    "epochs",
    "batch_size",
    "lr",
    "optimizer",
    "momentum",
    "device",
    "seed",
    "threads",
    "fast",
)


class OutputError(MnistHelpersError):
    """A ``--save`` or ``--json`` destination cannot be written."""


def _positive(kind: type, most: int | None = None):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {kind.__name__}, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
        if most is not None and value > most:
            raise argparse.ArgumentTypeError(f"must be at most {most} (the CPU count), got {text}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mnist_helpers",
        description="MNIST with PyTorch: reproduce the blog post, then go further.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = commands.add_parser("train", help="train a model (default: the blog's recipe)")
    train.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default="blog",
        help="a ready recipe; the flags below override its values (default: blog)",
    )
    train.add_argument(
        "--model", choices=CHOICES["model"], help="mlp = the blog's Net, cnn = ConvNet"
    )
    train.add_argument("--epochs", type=_positive(int))
    train.add_argument("--batch-size", type=_positive(int))
    train.add_argument("--lr", type=_positive(float), help="learning rate")
    train.add_argument("--optimizer", choices=CHOICES["optimizer"])
    train.add_argument("--momentum", type=float, help="SGD momentum")
    train.add_argument("--device", choices=DEVICE_CHOICES, help="default: auto (cuda, mps, cpu)")
    train.add_argument("--seed", type=int, help="default: 0")
    train.add_argument("--threads", type=_positive(int, MAX_THREADS), help="CPU threads for torch")
    train.add_argument(
        "--fast",
        action="store_const",
        const=True,
        help="the same numbers sooner: pre-loaded tensors (TensorLoader), FlatAdam for plain "
        "Adam, and freed memory kept for reuse (the fast-* presets turn it on)",
    )
    train.add_argument(
        "--data-dir",
        help="folder holding MNIST/raw (default: the repo's data/, else $MNIST_DATA_DIR, "
        "else a checked download)",
    )
    train.add_argument("--save", metavar="PATH", help="write a checkpoint here")
    train.add_argument("--json", metavar="PATH", help="write the results as one JSON object")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    train.add_argument("--no-summary", action="store_true", help="skip the torchinfo summary")
    train.add_argument(
        "--train-subset",
        type=_positive(int),
        metavar="N",
        help="train on the first N training images only (quick checks); test on all 10,000",
    )
    train.add_argument(
        "--distributed",
        action="store_true",
        help="one DistributedDataParallel replica per process; start it with "
        "torchrun --standalone --nproc-per-node 2 -m mnist_helpers train --distributed; "
        "--batch-size is the global batch, split evenly over the processes",
    )

    ev = commands.add_parser("evaluate", help="test accuracy of a checkpoint, per class too")
    ev.add_argument("--checkpoint", required=True, metavar="PATH")
    ev.add_argument("--data-dir")
    ev.add_argument("--device", choices=DEVICE_CHOICES, default="auto")

    predict = commands.add_parser("predict", help="read digits from your own image files")
    predict.add_argument("--checkpoint", required=True, metavar="PATH")
    predict.add_argument("images", nargs="+", metavar="IMAGE", help="PNG or JPEG files, any size")

    verify = commands.add_parser("verify-data", help="check the shipped MNIST files")
    verify.add_argument("--data-dir")
    return parser


def _config_from(args: argparse.Namespace) -> TrainConfig:
    return with_overrides(
        PRESETS[args.preset], **{name: getattr(args, name) for name in CONFIG_FLAGS}
    )


def check_writable(path: Path, what: str) -> None:
    """Raise :class:`OutputError` now, before training, if ``path`` cannot be written."""
    if path.is_dir():
        raise OutputError(f"the {what} path {path} is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as error:
        raise OutputError(f"cannot write the {what} to {path} ({error})") from None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def write_or_rescue(path: Path, what: str, write: Callable[[Path], Any]) -> bool:
    """``write(path)``; if that fails in any way (a full disk makes ``torch.save`` raise a
    ``RuntimeError``), one ``error:`` line and ``write`` to a fresh temporary folder
    instead, so that a finished training is not lost."""
    try:
        write(path)
    except Exception as error:
        fallback = Path(tempfile.mkdtemp(prefix="mnist_helpers-")) / path.name
        try:
            write(fallback)
            saved = f"wrote it to {fallback} instead"
        except Exception as second:
            saved = f"nor to {fallback} ({_first_line(second)})"
        reason = _first_line(error)
        print(f"error: cannot write the {what} to {path} ({reason}); {saved}", file=sys.stderr)
        return False
    print(f"Wrote the {what} to {path}")
    return True


def write_json(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _checked_outputs(args: argparse.Namespace) -> dict[str, str | None]:
    outputs = {"checkpoint": args.save, "results": args.json}
    if args.save and args.json and Path(args.save).resolve() == Path(args.json).resolve():
        raise OutputError(f"--save and --json both name {args.save}; give two different files")
    for what, path in outputs.items():
        if path:
            check_writable(Path(path), what)
    return outputs


def _print_recipe(args: argparse.Namespace, config: TrainConfig) -> None:
    print(f"Preset: {args.preset}")
    for key, value in config.to_dict().items():
        print(f"  {key}: {value}")
    if not args.no_summary:
        with torch.random.fork_rng(devices=[]):  # leave the run's random numbers alone
            model = build_model(config.model, **config.model_kwargs)
            print(
                summary(model, input_size=(config.batch_size, 1, 28, 28), device="cpu", verbose=0)
            )


class LossWatch:
    """An ``on_batch`` hook: one ``warning:`` line the first time a batch's loss is NaN,
    infinite or above ``EXPLODED_LOSS``, which a too high learning rate causes."""

    def __init__(self, lr: float) -> None:
        self.lr, self.warned = lr, False

    def __call__(self, step: int, images_seen: int, loss: float) -> None:
        if self.warned or loss <= EXPLODED_LOSS:  # NaN compares False: it warns
            return
        self.warned = True
        what = "is NaN" if math.isnan(loss) else f"exploded to {loss:.3g}"
        print(
            f"warning: the training loss {what} at step {step}; the learning rate "
            f"{self.lr:g} is probably too high (the blog's is 0.001)",
            file=sys.stderr,
        )


def _report(result: RunResult, outputs: dict[str, str | None], **extra: Any) -> int:
    """Rank 0 or the only process: print the results, save the model, write the JSON."""
    config = result.config
    report = {**result.summary(), **extra}
    print(BLOG_ACCURACY_LINE.format(report["accuracy"]))
    print(f"Test loss: {report['test_loss']:.4f}")
    print(
        f"Training time: {report['train_seconds']:.1f} s on {report['device']} "
        f"({report['images_per_second']:,.0f} images/s, {report['threads']} threads)"
    )
    writers = {
        "checkpoint": lambda path: save_checkpoint(
            path, result.model, config.to_dict(), result.history.final.accuracy, config.model_kwargs
        ),
        "results": lambda path: write_json(path, report),
    }
    written = [write_or_rescue(Path(outputs[w]), w, writers[w]) for w in writers if outputs[w]]
    return 0 if all(written) else 1


def cmd_train(args: argparse.Namespace) -> int:
    config = _config_from(args)
    outputs = _checked_outputs(args)
    if args.distributed:
        return _train_distributed(args, config, outputs)
    run = prepare(config, args.data_dir, train_subset=args.train_subset)
    _print_recipe(args, config)
    history = run.train(progress=not args.no_progress, on_batch=LossWatch(config.lr))
    return _report(run.result(history), outputs, world_size=1)


def _train_distributed(
    args: argparse.Namespace, config: TrainConfig, outputs: dict[str, str | None]
) -> int:
    """One of the processes torchrun started: a DDP replica; only rank 0 prints and writes.

    Every rank makes the same checks, so a bad setup stops them all with the same error
    (printed once, by rank 0).
    """
    rank = distributed.rank_from_env()
    device, backend = distributed.device_for(config.device, rank)
    per_rank = distributed.per_rank_batch(config.batch_size, rank.world_size)
    with distributed.process_group(backend, rank, device):
        run = prepare(config, args.data_dir, train_subset=args.train_subset, rank=rank)
        if rank.is_main:
            _print_recipe(args, config)
            print(
                f"Distributed: {rank.world_size} processes ({backend}), batch "
                f"{config.batch_size} in all = {rank.world_size} x {per_rank} per process"
            )
        watch = LossWatch(config.lr) if rank.is_main else None
        history = run.train(progress=not args.no_progress, on_batch=watch)
    if not rank.is_main:
        return 0
    extra = {"world_size": rank.world_size, "backend": backend, "per_process_batch": per_rank}
    return _report(run.result(history), outputs, **extra)


def _loaded(model: Any, checkpoint: dict[str, Any]) -> tuple[str, float, float]:
    """What was loaded, as one line, and the normalisation to use with it."""
    if checkpoint.get("inferred"):
        kwargs = ", ".join(f"{k}={v}" for k, v in checkpoint["model_kwargs"].items())
        line = (
            f"Model: {checkpoint['model']} ({type(model).__name__}({kwargs})), inferred from "
            "the tensor shapes of a plain state_dict; assuming the blog's normalisation"
        )
    else:
        line = f"Model: {checkpoint['model']} ({type(model).__name__})"
    hparams = checkpoint["hparams"]
    return line, hparams.get("mean", BLOG_MEAN), hparams.get("std", BLOG_STD)


def cmd_evaluate(args: argparse.Namespace) -> int:
    device = pick_device(args.device)
    model, checkpoint = load_checkpoint(args.checkpoint, device=device)
    line, mean, std = _loaded(model, checkpoint)
    images, labels = load_tensors(False, args.data_dir, mean, std, device)  # the test split only
    result = evaluate(model, TensorLoader(images, labels, 1000), device)
    print(line)
    print(BLOG_ACCURACY_LINE.format(result.percent))
    print(f"Test loss: {result.loss:.4f}")
    print("Per-class accuracy:")
    for digit, (accuracy, count) in enumerate(
        zip(result.per_class_accuracy().tolist(), result.confusion.sum(dim=1).tolist(), strict=True)
    ):
        print(f"  {digit}: {100 * accuracy:6.2f}%  ({count} images)")
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    model, checkpoint = load_checkpoint(args.checkpoint)
    line, mean, std = _loaded(model, checkpoint)
    if checkpoint.get("inferred"):
        print(line)
    failed = 0
    for image in args.images:
        try:
            inputs = prepare_image(image, mean, std)
        except ImageError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        best = top_k(model, inputs, 3)
        ranked = ", ".join(f"{digit}: {100 * p:.1f}%" for digit, p in best)
        print(f"{image}: {best[0][0]}  (top 3: {ranked})")
    return 1 if failed else 0


def cmd_verify_data(args: argparse.Namespace) -> int:
    root = data_dir(args.data_dir)
    print(f"MNIST files in {root / 'MNIST' / 'raw'}:")
    for name, status in file_status(root).items():
        print(f"  {name:<26} {status}")
    verify_mnist(root)  # raises with the restore instructions if anything is wrong
    print("All four files are present and intact.")
    return 0


COMMANDS = {
    "train": cmd_train,
    "evaluate": cmd_evaluate,
    "predict": cmd_predict,
    "verify-data": cmd_verify_data,
}


def _quiet_rank(args: argparse.Namespace) -> bool:
    """A distributed process other than rank 0: every rank hits the same setup error,
    and rank 0 reports it."""
    return getattr(args, "distributed", False) and os.environ.get("RANK", "0") != "0"


def _tolerant_output() -> None:
    """Print ``?`` for what the console's encoding cannot show (torchinfo's box lines on
    a cp1254 console, say) instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "├─│└═".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 error, 2 bad arguments)."""
    _tolerant_output()
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except MnistHelpersError as error:
        if not _quiet_rank(args):
            print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
