"""``python -m mnist_helpers``: train, evaluate, predict and verify-data.

With no flags, ``train`` reproduces the blog post end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from torchinfo import summary

from . import distributed
from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .data import (
    BLOG_MEAN,
    BLOG_STD,
    MnistDataError,
    data_dir,
    file_status,
    load_tensors,
    tensor_loaders,
    verify_mnist,
)
from .device import DEVICE_CHOICES, DeviceUnavailableError, pick_device
from .distributed import DistributedError
from .images import ImageError, prepare_image, top_k
from .models import MODELS, build_model
from .recipes import (
    CHOICES,
    PRESETS,
    TRAIN_IMAGES,
    RunResult,
    TrainConfig,
    prepare,
    run,
    with_overrides,
)
from .training import evaluate

BLOG_ACCURACY_LINE = "Accuracy of the network on the 10000 test images: {:.2f}%"


class OutputError(RuntimeError):
    """A ``--save`` or ``--json`` destination cannot be written."""


def _positive(kind: type):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {kind.__name__}, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
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
        "--model", choices=sorted(MODELS), help="mlp = the blog's Net, cnn = ConvNet"
    )
    train.add_argument("--epochs", type=_positive(int))
    train.add_argument("--batch-size", type=_positive(int))
    train.add_argument("--lr", type=_positive(float), help="learning rate")
    train.add_argument("--optimizer", choices=CHOICES["optimizer"])
    train.add_argument("--momentum", type=float, help="SGD momentum")
    train.add_argument("--device", choices=DEVICE_CHOICES, help="default: auto (cuda, mps, cpu)")
    train.add_argument("--seed", type=int, help="default: 0")
    train.add_argument("--threads", type=_positive(int), help="CPU threads for torch")
    train.add_argument(
        "--loader",
        choices=CHOICES["loader"],
        help="torchvision DataLoader (the blog's) or pre-loaded tensors (faster)",
    )
    train.add_argument("--data-dir", help="folder holding MNIST/raw (default: the repo's data/)")
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
        PRESETS[args.preset],
        model=args.model,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        optimizer=args.optimizer,
        momentum=args.momentum,
        device=args.device,
        seed=args.seed,
        threads=args.threads,
        loader=args.loader,
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


def write_or_rescue(path: Path, what: str, write: Callable[[Path], Any]) -> bool:
    """``write(path)``; if that fails, one ``error:`` line and ``write`` to a fresh
    temporary folder instead, so that a finished training is never lost."""
    try:
        write(path)
    except OSError as error:
        fallback = Path(tempfile.mkdtemp(prefix="mnist_helpers-")) / path.name
        write(fallback)
        print(
            f"error: cannot write the {what} to {path} ({error}); wrote it to {fallback} instead",
            file=sys.stderr,
        )
        return False
    print(f"Wrote the {what} to {path}")
    return True


def write_json(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _checked_outputs(args: argparse.Namespace) -> dict[str, str | None]:
    outputs = {"checkpoint": args.save, "results": args.json}
    for what, path in outputs.items():
        if path:
            check_writable(Path(path), what)
    return outputs


def _print_recipe(args: argparse.Namespace, config: TrainConfig) -> None:
    print(f"Preset: {args.preset}")
    for key, value in config.to_dict().items():
        print(f"  {key}: {value}")
    if not args.no_summary:
        model = build_model(config.model, **config.model_kwargs)
        print(summary(model, input_size=(config.batch_size, 1, 28, 28), device="cpu", verbose=0))


def _train_here(args: argparse.Namespace, config: TrainConfig) -> RunResult:
    """One process: the recipe on the whole training set, or on its first N images."""
    progress = not args.no_progress
    if args.train_subset is None:
        return run(config, args.data_dir, progress=progress, log_every=100)
    n = args.train_subset
    images, labels = load_tensors(True, args.data_dir, 0.0, 1.0)
    data = (images[:n], labels[:n], *load_tensors(False, args.data_dir, 0.0, 1.0))
    prepared = prepare(config, args.data_dir, data=data)
    history = prepared.train(progress=progress, log_every=100)
    return RunResult(prepared.model, history, config, prepared.device)


def _report(
    result: RunResult, outputs: dict[str, str | None], train_images: int, **extra: Any
) -> int:
    """Rank 0 or the only process: print the results, save the model, write the JSON."""
    config = result.config
    report = result.summary()
    report["images_per_second"] = config.epochs * train_images / report["train_seconds"]
    report.update(train_images=train_images, **extra)
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
    if args.distributed:
        return _train_distributed(args, config)
    verify_mnist(args.data_dir)
    pick_device(config.device)  # fail early and clearly
    outputs = _checked_outputs(args)
    _print_recipe(args, config)
    result = _train_here(args, config)
    train_images = min(args.train_subset or TRAIN_IMAGES, TRAIN_IMAGES)
    return _report(result, outputs, train_images, world_size=1)


def _train_distributed(args: argparse.Namespace, config: TrainConfig) -> int:
    """One of the processes torchrun started: a DDP replica; only rank 0 prints and writes.

    Every rank makes the same checks before joining the process group, so a bad setup
    stops them all with the same error (printed once, by rank 0).
    """
    rank = distributed.rank_from_env()
    device, backend = distributed.device_for(config.device, rank)
    per_rank = distributed.per_rank_batch(config.batch_size, rank.world_size)
    verify_mnist(args.data_dir)
    outputs = _checked_outputs(args)
    if rank.is_main:
        _print_recipe(args, config)
        print(
            f"Distributed: {rank.world_size} processes ({backend}), batch {config.batch_size} "
            f"in all = {rank.world_size} x {per_rank} per process"
        )
    with distributed.process_group(backend, rank, device):
        result = distributed.train(
            config,
            rank,
            device,
            args.data_dir,
            train_subset=args.train_subset,
            progress=not args.no_progress,
        )
    if result is None:
        return 0
    train_images = min(args.train_subset or TRAIN_IMAGES, TRAIN_IMAGES)
    extra = {"world_size": rank.world_size, "backend": backend, "per_process_batch": per_rank}
    return _report(result, outputs, train_images, **extra)


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
    _, test = tensor_loaders(1000, args.data_dir, None, mean, std, device)
    result = evaluate(model, test, device)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 error, 2 bad arguments)."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (
        MnistDataError,
        DeviceUnavailableError,
        CheckpointError,
        ImageError,
        OutputError,
        DistributedError,
    ) as error:
        if not _quiet_rank(args):
            print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
