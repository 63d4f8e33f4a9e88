"""Where does the training time go? Measure the data pipeline, the blog's recipe with and
without ``--fast``, thread counts, the fast presets and ``fast-cnn`` beside the fastest
public recipe we know (``peer_recipe.py``), side by side; print a Markdown table.

    python benchmarks/bench_training.py                       # every section, 3 repetitions
    python benchmarks/bench_training.py --sections data blog --repeats 1
    python benchmarks/bench_training.py --vs-blog      # only the blog's script vs train --fast
    python benchmarks/bench_training.py --vs-peers     # only fast-cnn vs the peer, seeds 0-2
    python benchmarks/bench_training.py --vs-blog --vs-peers --sections data blog threads \
        presets --json benchmarks/results/cpu.json --plot benchmarks/results/cpu.png  # all

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
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch
from peer_recipe import PUBLISHED  # beside this file, so on the path of a script run
from torch.utils.data import DataLoader

from mnist_helpers.constants import TRAIN_IMAGES
from mnist_helpers.data import mnist_dataset, tensor_loaders
from mnist_helpers.recipes import PRESETS, TrainConfig, run, with_overrides

SECTIONS = ("data", "blog", "threads", "presets", "peers")
BLOG_SCRIPT = Path(__file__).resolve().parent / "blog_mnist.py"
PEER_SCRIPT = Path(__file__).resolve().parent / "peer_recipe.py"
#: What both whole-process runs must print identically: loss lines and the accuracy line.
RESULT_LINES = ("[Epoch ", "Finished Training", "Accuracy of the network")


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
        train = DataLoader(mnist_dataset(True), 64, shuffle=True, num_workers=workers)
        figures = median_of(repeats, lambda train=train: pipeline_speed(train))
        rows.append({"name": f"torchvision DataLoader, num_workers={workers}", **figures})
    fast, _ = tensor_loaders(64, generator=torch.Generator().manual_seed(0))
    rows.append({"name": "TensorLoader", **median_of(repeats, lambda: pipeline_speed(fast))})
    return rows


def bench_blog(repeats: int, epochs: int, threads: int | None) -> list[dict[str, Any]]:
    rows = []
    for fast in (False, True):
        config = with_overrides(PRESETS["blog"], fast=fast, epochs=epochs, threads=threads)
        figures = median_of(repeats, lambda config=config: training_run(config))
        rows.append({"name": "blog recipe, --fast" if fast else "blog recipe", **figures})
    rows[1]["speedup"] = rows[0]["seconds"] / rows[1]["seconds"]
    return rows


def bench_threads(repeats: int, epochs: int) -> list[dict[str, Any]]:
    rows, default = [], torch.get_num_threads()
    for threads in (1, 2):
        config = with_overrides(PRESETS["blog"], fast=True, epochs=epochs, threads=threads)
        figures = median_of(repeats, lambda config=config: training_run(config))
        rows.append({"name": f"blog recipe, --fast, {threads} thread(s)", **figures})
    torch.set_num_threads(default)  # the runs above changed it
    return rows


def preset_run(name: str, seed: int, threads: int | None) -> dict[str, float]:
    """One ``mnist_helpers train --preset NAME`` process; the figures its ``--json`` reports."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.json"
        command = [
            *(sys.executable, "-m", "mnist_helpers", "train", "--preset", name),
            *("--seed", str(seed), "--no-progress", "--no-summary", "--json", str(path)),
            *(() if threads is None else ("--threads", str(threads))),
        ]
        subprocess.run(command, capture_output=True, text=True, check=True)
        summary = json.loads(path.read_text(encoding="utf-8"))
    return {
        "seconds": summary["train_seconds"],
        "images_per_second": summary["images_per_second"],
        "accuracy": summary["accuracy"],
    }


def bench_presets(repeats: int, names: Sequence[str], threads: int | None) -> list[dict[str, Any]]:
    """Each preset as a CLI process with seeds 0 .. repeats-1: the median training time
    (as ``--json`` reports it) and the median accuracy over the seeds."""
    rows = []
    for name in names:
        runs = [preset_run(name, seed, threads) for seed in range(repeats)]
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        seeds = "seed 0" if repeats == 1 else f"seeds 0–{repeats - 1}"
        rows.append(
            {
                "name": f"preset {name}, {seeds}",
                **figures,
                "accuracies": [run["accuracy"] for run in runs],
                "train_seconds": [run["seconds"] for run in runs],
            }
        )
    return rows


def peer_run(seed: int, threads: int | None) -> dict[str, float]:
    """One ``benchmarks/peer_recipe.py`` process; the figures its ``--json`` reports."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.json"
        command = [sys.executable, str(PEER_SCRIPT), "--seed", str(seed), "--json", str(path)]
        command += [] if threads is None else ["--threads", str(threads)]
        subprocess.run(command, capture_output=True, text=True, check=True)
        return json.loads(path.read_text(encoding="utf-8"))


def bench_peers(repeats: int, threads: int | None) -> list[dict[str, Any]]:
    """The peer's recipe and ``fast-cnn`` in turn, each as its own process, for seeds
    0 .. repeats-1; the medians, and the ratio of the median training times."""
    runs: dict[str, list[dict[str, float]]] = {"peer": [], "fast-cnn": []}
    for seed in range(repeats):
        runs["peer"].append(peer_run(seed, threads))
        runs["fast-cnn"].append(preset_run("fast-cnn", seed, threads))
        for name, done in runs.items():
            figures = done[-1]
            print(
                f"  {name}, seed {seed}: {figures['accuracy']:.2f}% in {figures['seconds']:.2f} s",
                file=sys.stderr,
                flush=True,
            )
    seeds = "seed 0" if repeats == 1 else f"seeds 0–{repeats - 1}"
    names = {
        "peer": f"peer recipe (tuomaso/train_mnist_fast), {seeds}",
        "fast-cnn": f"preset fast-cnn, beside the peer, {seeds}",
    }
    rows = []
    for key, done in runs.items():
        figures = {name: statistics.median(run[name] for run in done) for name in done[0]}
        rows.append(
            {
                "name": names[key],
                **figures,
                "accuracies": [run["accuracy"] for run in done],
                "train_seconds": [run["seconds"] for run in done],
            }
        )
    rows[0]["published"] = PUBLISHED
    rows[1]["speedup"] = rows[0]["seconds"] / rows[1]["seconds"]
    print(
        f"peer {rows[0]['accuracy']:.2f}% in {rows[0]['seconds']:.2f} s, fast-cnn "
        f"{rows[1]['accuracy']:.2f}% in {rows[1]['seconds']:.2f} s (medians): "
        f"{rows[1]['speedup']:.2f}x faster",
        file=sys.stderr,
    )
    return rows


def whole_process(command: list[str], seed: int) -> tuple[float, list[str]]:
    """Wall time of one whole process (start-up included) and its result lines."""
    env = {**os.environ, "MNIST_SEED": str(seed)}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, [line for line in done.stdout.splitlines() if line.startswith(RESULT_LINES)]


def accuracy_of(lines: Sequence[str]) -> float:
    """The percentage on the last line, the blog's accuracy line."""
    return float(lines[-1].rsplit(" ", 1)[1].rstrip("%"))


def bench_vs_blog(repeats: int, seed: int = 0) -> list[dict[str, Any]]:
    """The blog's script and ``mnist_helpers train --fast`` in turn, ``repeats`` times
    each; the median of the per-pair ratios and whether every output is the same."""
    commands = {
        "blog script (whole process)": [sys.executable, str(BLOG_SCRIPT)],
        "mnist_helpers train --fast (whole process)": [
            *(sys.executable, "-m", "mnist_helpers", "train", "--fast"),
            *("--seed", str(seed), "--no-progress"),
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    outputs: dict[str, list[tuple[str, ...]]] = {name: [] for name in commands}
    for turn in range(repeats):
        for name, command in commands.items():
            seconds, lines = whole_process(command, seed)
            times[name].append(seconds)
            outputs[name].append(tuple(lines))
            print(f"  {name}, run {turn + 1}: {seconds:.1f} s", file=sys.stderr, flush=True)
    blog_times, our_times = times.values()
    ratios = [b / o for b, o in zip(blog_times, our_times, strict=True)]
    identical = len({lines for runs in outputs.values() for lines in runs}) == 1
    rows = []
    for name, runs in times.items():
        seconds = statistics.median(runs)
        images = 5 * TRAIN_IMAGES  # the blog's 5 epochs
        row = {"name": name, "seconds": seconds, "images_per_second": images / seconds}
        rows.append({**row, "accuracy": accuracy_of(outputs[name][0]), "runs": runs})
    rows[1].update(speedup=statistics.median(ratios), ratios=ratios, identical_output=identical)
    print(
        f"blog {statistics.median(blog_times):.1f} s, ours {statistics.median(our_times):.1f} s, "
        f"median ratio {statistics.median(ratios):.2f}x; same losses and accuracy: {identical}",
        file=sys.stderr,
    )
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=SECTIONS,
        help="default: all of them, or none with --vs-blog or --vs-peers",
    )
    parser.add_argument("--repeats", type=int, default=3, help="repetitions; medians are shown")
    parser.add_argument("--epochs", type=int, default=5, help="epochs of the blog recipe runs")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    parser.add_argument(
        "--presets",
        nargs="+",
        choices=sorted(PRESETS),
        default=["fast-mlp", "fast-cnn", "best-cnn"],
    )
    parser.add_argument(
        "--vs-blog",
        action="store_true",
        help="also run the blog's script and `train --fast` as whole processes, in turn",
    )
    parser.add_argument(
        "--vs-peers",
        action="store_true",
        help="also run fast-cnn beside the peer's recipe (peer_recipe.py): the peers section",
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
    sections = args.sections or ([] if args.vs_blog or args.vs_peers else list(SECTIONS))
    if args.vs_peers and "peers" not in sections:
        sections = [*sections, "peers"]
    for section in sections:
        print(f"measuring {section} ...", file=sys.stderr, flush=True)
        if section == "data":
            rows += bench_data(args.repeats)
        elif section == "blog":
            rows += bench_blog(args.repeats, args.epochs, args.threads)
        elif section == "threads":
            rows += bench_threads(args.repeats, args.epochs)
        elif section == "presets":
            rows += bench_presets(args.repeats, args.presets, args.threads)
        else:
            rows += bench_peers(args.repeats, args.threads)
    if args.vs_blog:
        print("measuring the blog's script against the CLI ...", file=sys.stderr, flush=True)
        rows += bench_vs_blog(args.repeats)
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
