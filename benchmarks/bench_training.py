"""Where does the training time go? Measure the data pipeline, the blog's recipe over both
loaders, thread counts and the fast presets, side by side, and print a Markdown table.

    python benchmarks/bench_training.py                       # everything, 3 repetitions
    python benchmarks/bench_training.py --sections data blog --repeats 1
    python benchmarks/bench_training.py --json results/cpu.json --plot results/cpu.png

Each figure is the median over the repetitions. Accuracies come from the real test set.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch

from mnist_helpers.data import make_loaders, tensor_loaders
from mnist_helpers.recipes import PRESETS, TrainConfig, run, with_overrides

SECTIONS = ("data", "blog", "threads", "presets")


def median_of(repeats: int, measure: Callable[[], dict[str, float]]) -> dict[str, float]:
    """Run ``measure`` ``repeats`` times; the median of each figure it returns."""
    runs = [measure() for _ in range(repeats)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def pipeline_speed(loader: Any) -> dict[str, float]:
    """Images per second of iterating one epoch of ``loader`` with no model at all."""
    start = time.perf_counter()
    count = sum(len(labels) for _, labels in loader)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "images_per_second": count / seconds}


def training_run(config: TrainConfig) -> dict[str, float]:
    """Train ``config`` quietly; its seconds, images per second and test accuracy."""
    with contextlib.redirect_stdout(io.StringIO()):
        summary = run(config, progress=False, log_every=0).summary()
    return {
        "seconds": summary["train_seconds"],
        "images_per_second": summary["images_per_second"],
        "accuracy": summary["accuracy"],
    }


def bench_data(repeats: int) -> list[dict[str, Any]]:
    rows = []
    for workers in (0, 1):
        train, _ = make_loaders(64, num_workers=workers)
        figures = median_of(repeats, lambda train=train: pipeline_speed(train))
        rows.append({"name": f"torchvision DataLoader, num_workers={workers}", **figures})
    fast, _ = tensor_loaders(64, generator=torch.Generator().manual_seed(0))
    rows.append({"name": "TensorLoader", **median_of(repeats, lambda: pipeline_speed(fast))})
    return rows


def bench_blog(repeats: int, epochs: int, threads: int | None) -> list[dict[str, Any]]:
    rows = []
    for loader in ("torchvision", "tensor"):
        config = with_overrides(PRESETS["blog"], loader=loader, epochs=epochs, threads=threads)
        figures = median_of(repeats, lambda config=config: training_run(config))
        rows.append({"name": f"blog recipe, {loader} loader", **figures})
    rows[1]["speedup"] = rows[0]["seconds"] / rows[1]["seconds"]
    return rows


def bench_threads(repeats: int, epochs: int) -> list[dict[str, Any]]:
    rows, default = [], torch.get_num_threads()
    for threads in (1, 2):
        config = with_overrides(PRESETS["blog"], loader="tensor", epochs=epochs, threads=threads)
        figures = median_of(repeats, lambda config=config: training_run(config))
        rows.append({"name": f"blog recipe, tensor loader, {threads} thread(s)", **figures})
    torch.set_num_threads(default)  # the runs above changed it
    return rows


def bench_presets(repeats: int, names: Sequence[str], threads: int | None) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        config = with_overrides(PRESETS[name], threads=threads)
        # the long preset once: its spread is small next to its length
        figures = median_of(1 if name == "best-cnn" else repeats, lambda c=config: training_run(c))
        rows.append({"name": f"preset {name}", **figures})
    return rows


def markdown_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| run | seconds | images/s | test accuracy | speed-up |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        accuracy = f"{row['accuracy']:.2f}%" if "accuracy" in row else "—"
        speedup = f"{row['speedup']:.1f}×" if "speedup" in row else ""
        lines.append(
            f"| {row['name']} | {row['seconds']:.1f} | {row['images_per_second']:,.0f} "
            f"| {accuracy} | {speedup} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "processor": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "torch": torch.__version__,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.2))
    names = [row["name"] for row in rows][::-1]
    speeds = [row["images_per_second"] for row in rows][::-1]
    ax.barh(names, speeds, color="steelblue")
    ax.set_xlabel("images per second (higher is better)")
    ax.set_title("MNIST training and data pipeline throughput")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--repeats", type=int, default=3, help="repetitions; medians are shown")
    parser.add_argument("--epochs", type=int, default=5, help="epochs of the blog recipe runs")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    parser.add_argument(
        "--presets",
        nargs="+",
        choices=sorted(PRESETS),
        default=["fast-mlp", "fast-cnn", "best-cnn"],
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results here")
    parser.add_argument("--plot", type=Path, metavar="PATH", help="also draw a bar chart (PNG)")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.epochs < 1:
        parser.error("--repeats and --epochs must be at least 1")
    if args.threads is not None:
        torch.set_num_threads(args.threads)

    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for section in args.sections:
        print(f"measuring {section} ...", file=sys.stderr, flush=True)
        if section == "data":
            rows += bench_data(args.repeats)
        elif section == "blog":
            rows += bench_blog(args.repeats, args.epochs, args.threads)
        elif section == "threads":
            rows += bench_threads(args.repeats, args.epochs)
        else:
            rows += bench_presets(args.repeats, args.presets, args.threads)
    info = machine()
    command = "python benchmarks/bench_training.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    print(markdown_table(rows))
    print(
        f"\n{info['processor']}, {info['cpu_count']} cores, torch {info['torch']}, "
        f"{info['torch_threads']} threads; medians of {args.repeats}; "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"command": command.strip(), "machine": info, "repeats": args.repeats}
        payload["rows"] = rows
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if args.plot:
        plot(rows, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
