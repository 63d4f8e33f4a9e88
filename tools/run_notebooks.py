"""Re-execute the series' notebooks in place, the one way their outputs are refreshed.

    python tools/run_notebooks.py            # every numbered notebook
    python tools/run_notebooks.py 05 07      # only these

Each notebook runs top to bottom in a fresh kernel, with ``notebooks/`` as the working
directory and a fixed thread count, so that trained numbers are the same run to run.
Per-cell timestamps and widget state are stripped, so a re-run's diff shows only what
changed. Run it on an idle machine: the notebooks print their own timings. Each
notebook's wall time is recorded in ``docs/run-times.md``, which teachers plan with and
the prose checks read.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from notebook_format import NOTEBOOK_DIR, REPO, notebook_paths

RUN_TIMES = REPO / "docs" / "run-times.md"
THREADS = 2
CELL_TIMEOUT_S = 900
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def select(numbers: Sequence[str], folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks in ``folder``, or only those whose number is given."""
    paths = notebook_paths(folder)
    if not numbers:
        return paths
    wanted = {n.zfill(2) for n in numbers}
    unknown = wanted - {p.name[:2] for p in paths}
    if unknown:
        raise ValueError(f"no notebook numbered {', '.join(sorted(unknown))} in {folder}")
    return [p for p in paths if p.name[:2] in wanted]


def strip_volatile_metadata(nb: nbformat.NotebookNode) -> None:
    """Drop per-cell execution timestamps and widget state, in place."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)


def execute(path: Path, *, threads: int = THREADS) -> float:
    """Run ``path`` top to bottom in a fresh kernel, write it back; return the wall time."""
    nb = nbformat.read(path, as_version=4)
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    strip_volatile_metadata(nb)
    nbformat.write(nb, path)
    return seconds


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or platform.machine()
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else platform.machine()


def record_times(times: dict[str, float], *, threads: int, path: Path = RUN_TIMES) -> None:
    """Merge ``times`` (file name -> seconds) into the run-time table at ``path``."""
    rows = {}
    if path.exists():
        text = path.read_text(encoding="utf-8")
        rows = {n: float(s) for n, s in re.findall(r"^\| (\S+\.ipynb) \| ([\d.]+) \|", text, re.M)}
    rows.update(times)
    lines = [
        "# Notebook run times / Defterlerin çalışma süreleri",
        "",
        "Written by `python tools/run_notebooks.py` on an idle machine: each notebook top to",
        "bottom in a fresh kernel (wall time, kernel start included). Boşta bir makinede,",
        "her defter baştan sona yeni bir çekirdekte çalıştırıldı.",
        "",
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, {threads} torch threads, "
        f"Python {platform.python_version()}.",
        "",
        "| notebook | seconds |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {seconds:.0f} |" for name, seconds in sorted(rows.items())]
    lines.append(f"| total | {sum(rows.values()):.0f} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("numbers", nargs="*", help="numbers such as 05 or A1 (default: all)")
    parser.add_argument("--threads", type=int, default=THREADS, help="torch threads (default 2)")
    parser.add_argument(
        "--draft",
        action="store_true",
        help="a drafting run: write the outputs but leave docs/run-times.md alone "
        "(for a machine that is not idle; such outputs are not committed)",
    )
    args = parser.parse_args(argv)
    try:
        paths = select(args.numbers)
    except ValueError as err:
        parser.error(str(err))
    times = {}
    for path in paths:
        try:
            times[path.name] = execute(path, threads=args.threads)
        except CellExecutionError as err:
            print(f"error: {path.name} failed; the file was left as it was\n{err}", file=sys.stderr)
            return 1
        finally:
            if not args.draft:
                record_times(times, threads=args.threads)
        print(f"{path.name:32s} {times[path.name]:6.1f} s", flush=True)
    print(f"{'total':32s} {sum(times.values()):6.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
