"""Figures in the prose, checked against the outputs they restate.

A run-dependent figure in a prose cell carries a marker right after it (after its unit,
if any), invisible once the Markdown is rendered:

    `fast-mlp` trains in 5.5 s<!--out: fast-mlp-->          same precision as written
    about 6 s<!--about: fast-mlp-->                          within 20 per cent
    97.44%<!--out 06: Accuracy of the network-->             another notebook's output
    2.9×<!--bench: blog recipe, tensor loader-->             benchmarks/results/cpu.json
    about 2 minutes<!--runtime-->                            docs/run-times.md
    past 99%<!--fixed-->                                     a target, not a result

``out`` and ``about`` name a piece of text that appears in an output line; one of the
numbers on such a line must be the figure. ``bench`` names a row of the committed
benchmark run (``cpu.json``, then the other ``benchmarks/results/*.json`` files in name order;
the first row of that name counts). ``runtime`` compares a duration with the notebook's wall time in
``docs/run-times.md`` (written by ``tools/run_notebooks.py``), within 25 per cent or 30 s.
``fixed`` says the figure is set by hand (a target, a threshold, a
definition). Every percentage, duration and speed-up in the prose needs one of them.

    python tools/prose_figures.py [NN ...]      # list the problems, for authors

The README is checked the same way, paragraph by paragraph (``bench`` and ``out NN``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from notebook_format import NOTEBOOK_DIR, REPO, notebook_paths

BENCHMARK = REPO / "benchmarks" / "results" / "cpu.json"
RUN_TIMES = REPO / "docs" / "run-times.md"
README = REPO / "README.md"
ABOUT_TOLERANCE = 0.20
RUNTIME_TOLERANCE = (0.25, 30.0)

UNIT = (
    r"(?:%|×|x\b|ms\b|s\b|sn\b|saniye\w*|seconds?\b|dakika\w*|minutes?\b|saat\w*|hours?\b"
    r"|kat\b|times\b|images/s\b|görüntü/s\b)"
)
NUMBER = r"\d[\d.,]*\d|\d"
MARKED = re.compile(
    rf"(?P<pct>%\s?)?(?P<sign>[−-])?(?P<num>{NUMBER})(?:\s?(?P<unit>{UNIT}))?[ \t]*"
    r"<!--\s*(?P<kind>out|about|bench|runtime|fixed)(?:\s+(?P<nb>[0-9A-Z]\d))?\s*(?::\s*(?P<text>.*?))?\s*-->"
)
# a figure that looks run-dependent: a percentage, a duration or a speed-up
FIGURE = re.compile(
    rf"%\s?(?:{NUMBER})|(?<![\w.,])(?:{NUMBER})(?:\s?(?:%|×(?!\s?[\d(])|x\b(?!\s?[\d(])|ms\b)"
    r"|\s(?:s|sn|kat)\b|\s?(?:saniye\w*|seconds?\b|dakika\w*|minutes?\b))"
)
OUTPUT_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:e-?\d+)?")


def parse_prose_number(text: str, lang: str) -> tuple[float, int]:
    """The value and the number of decimals of a figure as written in ``lang``."""
    thousands, decimal = (".", ",") if lang == "tr" else (",", ".")
    text = text.replace(thousands, "") if _has_groups(text, thousands) else text
    if decimal in text:
        whole, frac = text.rsplit(decimal, 1)
        return float(f"{whole.replace(decimal, '')}.{frac}"), len(frac)
    return float(text), 0


def _has_groups(text: str, separator: str) -> bool:
    return bool(re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+(?:[.,]\d+)?", text))


def output_lines(nb: nbformat.NotebookNode) -> list[str]:
    """Every line of text a notebook's code cells printed or returned."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            text = out.get("text", "") or out.get("data", {}).get("text/plain", "")
            lines.extend("".join(text).splitlines())
    return lines


def benchmark_rows(path: Path = BENCHMARK) -> list[dict]:
    """The rows of ``path``, then those of the other JSON files beside it (name order)."""
    others = sorted(p for p in path.parent.glob("*.json") if p != path)
    return [
        row for p in (path, *others) for row in json.loads(p.read_text(encoding="utf-8"))["rows"]
    ]


def run_times(path: Path = RUN_TIMES) -> dict[str, float]:
    """Seconds per notebook number, from the table the notebook runner writes."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([0-9A-Z]\d)_\S+ \| ([\d.]+) \|", text, re.M)
    return {number: float(seconds) for number, seconds in rows}


def seconds_of(value: float, unit: str) -> float:
    if unit.startswith(("dakika", "minute")):
        return value * 60
    if unit.startswith(("saat", "hour")):
        return value * 3600
    return value


def matches(value: float, decimals: int, candidates: list[float], kind: str) -> bool:
    for number in candidates:
        for scaled in (number, number * 100):
            if kind == "about":
                if abs(scaled - value) <= ABOUT_TOLERANCE * abs(scaled) + 0.5 * 10**-decimals:
                    return True
            elif abs(scaled - value) <= 0.5 * 10**-decimals + 1e-9:
                return True
    return False


class Checker:
    """Checks the marked and unmarked figures of every prose cell."""

    def __init__(
        self, folder: Path = NOTEBOOK_DIR, benchmark: Path = BENCHMARK, times: Path = RUN_TIMES
    ) -> None:
        self.paths = {p.name[:2]: p for p in notebook_paths(folder)}
        self.benchmark = benchmark
        self.run_times = times
        self._lines: dict[str, list[str]] = {}

    def lines_of(self, number: str) -> list[str]:
        if number not in self._lines:
            self._lines[number] = output_lines(nbformat.read(self.paths[number], as_version=4))
        return self._lines[number]

    def candidates(self, kind: str, number: str | None, text: str) -> list[float] | str:
        """The numbers the marker points at, or why it points at nothing."""
        if kind == "bench":
            rows = [r for r in benchmark_rows(self.benchmark) if r["name"] == text]
            if not rows:
                return f"no benchmark row named {text!r} in {self.benchmark.parent}"
            return [v for v in rows[0].values() if isinstance(v, int | float)]
        if number not in self.paths:
            return f"no notebook numbered {number}: name one, as in <!--out 06: ...-->"
        lines = [line for line in self.lines_of(number) if text in line]
        if not lines:
            return f"no output line of notebook {number} contains {text!r}"
        return [
            float(m.group().replace(",", ""))
            for line in lines
            for m in OUTPUT_NUMBER.finditer(line.replace(text, " "))
        ]

    def check_text(self, source: str, lang: str, where: str, number: str | None) -> list[str]:
        """Problems with the figures of one piece of prose; ``number`` is its notebook's."""
        prose = _without_code(source)
        problems = []
        for m in MARKED.finditer(prose):
            kind, text = m["kind"], (m["text"] or "").strip()
            if kind == "fixed":
                continue
            if kind == "runtime":
                problems += self._check_runtime(m, number, lang)
                continue
            if not text:
                problems.append(f"marker {m.group()!r} names no output text")
                continue
            found = self.candidates(kind, m["nb"] or number, text)
            if isinstance(found, str):
                problems.append(found)
                continue
            value, decimals = parse_prose_number(m["num"], lang)
            value = -value if m["sign"] else value
            if (m["unit"] or "").startswith(("dakika", "minute")):
                found = found + [n / 60 for n in found]
            if not matches(value, decimals, found, kind):
                problems.append(f"{m.group()!r}: the output says {_show(found)}")
        for m in FIGURE.finditer(MARKED.sub(" ", prose)):
            problems.append(f"{m.group()!r} needs a marker (<!--out: ...-->, <!--fixed-->, ...)")
        return [f"{where} ({lang}): {p}" for p in problems]

    def _check_runtime(self, m: re.Match, number: str | None, lang: str) -> list[str]:
        measured = run_times(self.run_times).get(number or "")
        if measured is None:
            return [f"no run time for notebook {number} in {RUN_TIMES.name}"]
        value, _ = parse_prose_number(m["num"], lang)
        stated = seconds_of(value, m["unit"] or "s")
        relative, absolute = RUNTIME_TOLERANCE
        if abs(stated - measured) > max(relative * measured, absolute):
            return [f"{m.group()!r}: the notebook ran {measured:.0f} s ({RUN_TIMES.name})"]
        return []

    def check(self, number: str) -> list[str]:
        """Problems with the figures of every prose cell of notebook ``number``."""
        nb = nbformat.read(self.paths[number], as_version=4)
        problems = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                where = f"{self.paths[number].name} cell {index}"
                lang = cell.metadata.get("lang", "?")
                problems += self.check_text(cell.source, lang, where, number)
        return problems

    def check_readme(self, path: Path = README) -> list[str]:
        """The README's paragraphs: Turkish ones start with **🇹🇷**; tables are skipped."""
        problems = []
        for index, paragraph in enumerate(path.read_text(encoding="utf-8").split("\n\n")):
            if paragraph.lstrip().startswith("|"):
                continue
            lang = "tr" if paragraph.lstrip().startswith("**🇹🇷**") else "en"
            problems += self.check_text(paragraph, lang, f"README paragraph {index}", None)
        return problems


def markers(source: str) -> list[tuple[str, str]]:
    """The (kind, target) of every marker in a prose cell, in order."""
    return [
        (m["kind"], f"{m['nb'] or ''}:{(m['text'] or '').strip()}")
        for m in MARKED.finditer(_without_code(source))
    ]


def _without_code(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.DOTALL)
    return re.sub(r"`[^`\n]+`", " ", text)


def _show(numbers: list[float]) -> str:
    return ", ".join(f"{n:g}" for n in numbers[:8]) or "no number"


def main(argv: list[str]) -> int:
    checker = Checker()
    numbers = [n.zfill(2) for n in argv] or list(checker.paths)
    problems = [p for n in numbers for p in checker.check(n)]
    if not argv:
        problems += checker.check_readme()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
