"""Figures in the prose, checked against the outputs they restate; and the number ledger.

A run-dependent figure in a prose cell carries a marker right after it (after its unit,
if any), invisible once the Markdown is rendered:

    `fast-mlp` trains in 5.5 s<!--out: fast-mlp-->          same precision as written
    about 6 s<!--about: fast-mlp-->                          10 %; for a percentage, one unit
    97.44%<!--out 06: Accuracy of the network-->             another notebook's output
    2.9×<!--bench: blog recipe, --fast-->                    benchmarks/results/*.json
    about 2 minutes<!--runtime-->                            docs/run-times.md
    past 99%<!--fixed-->                                     a target, not a result
    the pair <!--{-->2 and 7<!--out: most confused-->         a span: its numbers, in order

``out`` and ``about`` name a piece of text that appears in an output line; a number after
that text on such a line must be the figure (a percentage may be printed as a fraction).
``about`` allows one unit of the last written digit of a percentage, or 10 per cent of
any other figure (or its rounding, if that is more). ``bench`` names a row of the
committed benchmark runs (``cpu.json``, then the other ``benchmarks/results/*.json``
files in name order; the first row of that name counts).
``runtime`` compares a duration with the notebook's wall time in ``docs/run-times.md``
(written by ``tools/run_notebooks.py``), within 25 per cent or 5 s. ``fixed`` says the
figure is set by hand (a target, a threshold, a definition). A span, opened by
``<!--{-->``, ties every number in it to the marker that closes it, in the order the
output prints them (the marker's own text counts as printed: ``9→4<!--out: true 9 ->
predicted-->``; a span that is just a range, ``5421–6742``, is the lowest and highest of
them), and with ``out`` also every name in backticks (each must be printed on a line the
marker's text selects).

Every percentage, duration and speed-up in the prose needs a marker; every other number
is marked or accounted for by ``number_ledger.py`` (structural, a worked sum that holds,
or declared in ``docs/numbers.md``). A size word next to a figure ("much faster",
"slightly", "nearly halves") must fit the figure: see ``SIZE_WORDS``.

    python tools/prose_figures.py [NN ...]          # list the problems, for authors
    python tools/prose_figures.py --todo [NN ...]   # the unaccounted numbers, in context

The README is checked the same way, paragraph by paragraph (``bench`` and ``out NN``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from notebook_format import NOTEBOOK_DIR, REPO, notebook_paths
from number_ledger import NUMBERS_DOC, check_sums, declared_numbers, parse_number, unaccounted

BENCHMARK = REPO / "benchmarks" / "results" / "cpu.json"
RUN_TIMES = REPO / "docs" / "run-times.md"
README = REPO / "README.md"
#: ``about``: one unit of the last written digit, or this share of the source (not for %)
ABOUT_TOLERANCE = 0.10
#: ``runtime``: within this share of the measured wall time, or these seconds
RUNTIME_TOLERANCE = (0.25, 5.0)

UNIT = (
    r"(?:%|×|x\b|ms\b|s\b|sn\b|saniye\w*|seconds?\b|dakika\w*|minutes?\b|saat\w*|hours?\b"
    r"|kat\b|times\b|images/s\b|görüntü/s\b)"
)
NUMBER = r"\d[\d.,]*\d|\d"
KINDS = r"out|about|bench|runtime|fixed"
MARKER = rf"<!--\s*(?P<kind>{KINDS})(?:\s+(?P<nb>[0-9A-Z]\d))?\s*(?::\s*(?P<text>.*?))?\s*-->"
MARKED = re.compile(
    rf"(?P<pct>%\s?)?(?P<sign>[−-])?(?P<num>{NUMBER})(?:\s?(?P<unit>{UNIT}))?[ \t]*{MARKER}"
)
SPAN = re.compile(rf"<!--\{{-->(?P<body>.*?){MARKER}", re.DOTALL)
# a figure that looks run-dependent: a percentage, a duration or a speed-up
FIGURE = re.compile(
    rf"%\s?(?:{NUMBER})|(?<![\w.,])(?:{NUMBER})(?:\s?(?:%|×(?!\s?[\d(])|x\b(?!\s?[\d(])|ms\b)"
    r"|\s(?:s|sn|kat)\b|\s?(?:saniye\w*|seconds?\b|dakika\w*|minutes?\b))"
)
OUTPUT_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:e-?\d+)?")
CODE_NAME = re.compile(r"`([^`\n]+)`")

#: Size words and the ratio (larger / smaller, at least 1) each allows, checked against the
#: nearest marked ratio figure (×, kat, times) within ``NEAR`` characters of the word.
SIZE_WORDS: dict[str, tuple[float, float]] = {
    r"nearly twice|almost twice|nearly doubles?|nearly halves|almost halves": (1.6, 2.05),
    r"neredeyse iki kat(?:ı|ına)?\b|neredeyse yarıya|iki katına yakın|yarıya yakın": (1.6, 2.05),
    r"\btwice\b|\bdoubles?\b|\bhalves\b|\biki kat(?:ı|ına)?\b|\byarıya\b": (1.8, 2.2),
    r"\bslightly\b|\ba little\b|\bbiraz\b|\bhafif\w*|\bazıcık\b": (1.0, 1.25),
    r"\blevel with\b|\bon par\b|\babout the same\b|\bbaşa baş\b|\baynı düzeyde\b": (1.0, 1.1),
    r"\bclearly\b|\bbelirgin\w*|\baçıkça\b|\bbariz\w*": (1.1, float("inf")),
    r"\bmuch\b|\bfar\b|\bmany times\b|\bçok daha\b|\bkat kat\b|\bfazlasıyla\b": (1.5, float("inf")),
}
#: Share words and the percentage each allows, against the nearest marked percentage.
SHARE_WORDS: dict[str, tuple[float, float]] = {
    r"\bnearly all\b|\balmost all\b|\bneredeyse (?:tüm|hep)\w*": (90.0, 100.0),
    r"\bmost\b|\bmajority\b|\bçoğu\w*|\bbüyük (?:kısm|çoğunluğ)\w*": (50.0, 100.0),
    r"\ba few\b|\bbirkaç\b|\btiny\b|\bküçücük\b|\bhandful\b": (0.0, 10.0),
}
NEAR = 60
#: Which field of a benchmark row a ``bench`` figure restates, by its unit.
BENCH_FIELDS = (
    (("%",), "accuracy"),
    (("×", "x", "kat", "times"), "speedup"),
    (("images/s", "görüntü/s"), "images_per_second"),
    (("s", "sn", "saniye", "second", "dakika", "minute", "saat", "hour", "ms"), "seconds"),
)
RATIO_UNITS = ("×", "x", "kat", "times")


def parse_prose_number(text: str, lang: str) -> tuple[float, int]:
    """The value and the number of decimals of a figure as written in ``lang``."""
    return parse_number(text, lang)


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


def matches(value: float, decimals: int, candidates: list[float], kind: str, unit: str) -> bool:
    """Whether a figure written with ``decimals`` decimals restates one of ``candidates``."""
    return any(_restates(value, decimals, number, kind, unit) for number in candidates)


def _restates(value: float, decimals: int, number: float, kind: str, unit: str) -> bool:
    rounding = 0.5 * 10**-decimals
    for source in [number, number * 100] if unit == "%" and abs(number) <= 1 else [number]:
        slack = rounding
        if kind == "about":
            slack = 10**-decimals if unit == "%" else max(rounding, ABOUT_TOLERANCE * abs(source))
        if abs(source - value) <= slack * (1 + 1e-9):
            return True
    return False


def in_order(values: list[tuple[float, int]], candidates: list[float], kind: str) -> bool:
    """Whether the (value, decimals) figures restate candidates in the order they come."""
    rest = iter(candidates)
    return all(any(_restates(v, d, n, kind, "") for n in rest) for v, d in values)


class Checker:
    """Checks the marked figures and accounts for every other number in the prose."""

    def __init__(
        self,
        folder: Path = NOTEBOOK_DIR,
        benchmark: Path = BENCHMARK,
        times: Path = RUN_TIMES,
        numbers: Path = NUMBERS_DOC,
    ) -> None:
        self.paths = {p.name[:2]: p for p in notebook_paths(folder)}
        self.benchmark = benchmark
        self.run_times = times
        self.declared = declared_numbers(numbers) if numbers.exists() else {}
        self._lines: dict[str, list[str]] = {}

    def lines_of(self, number: str) -> list[str]:
        if number not in self._lines:
            self._lines[number] = output_lines(nbformat.read(self.paths[number], as_version=4))
        return self._lines[number]

    def sources(
        self, kind: str, number: str | None, text: str
    ) -> tuple[list[float], list[str]] | str:
        """The numbers a marker points at and the lines it selects, or why it points at nothing."""
        if kind == "bench":
            rows = [r for r in benchmark_rows(self.benchmark) if r["name"] == text]
            if not rows:
                return f"no benchmark row named {text!r} in {self.benchmark.parent}"
            return [v for v in rows[0].values() if isinstance(v, int | float)], []
        if number not in self.paths:
            return f"no notebook numbered {number}: name one, as in <!--out 06: ...-->"
        lines = [line for line in self.lines_of(number) if text in line]
        if not lines:
            return f"no output line of notebook {number} contains {text!r}"
        numbers = [
            float(m.group().replace(",", ""))
            for line in lines
            for m in OUTPUT_NUMBER.finditer(line.split(text, 1)[1])
        ]
        return numbers, lines

    def check_text(self, source: str, lang: str, where: str, number: str | None) -> list[str]:
        """Problems with the numbers of one piece of prose; ``number`` is its notebook's."""
        prose = _without_code(source, keep_names=True)
        problems = []
        for m in SPAN.finditer(prose):
            problems += self._check_span(m, lang, number)
        prose = _without_names(SPAN.sub(" ", prose))
        rest = MARKED.sub(" ", prose)
        for start, end in _sentences(prose):
            figures = []
            for m in MARKED.finditer(prose, start, end):
                problem, (value, unit) = self._check_marked(m, lang, number)
                problems += problem
                figures.append((m.start() - start, value, unit))
            problems += _check_size_words(prose[start:end], figures)
        for m in FIGURE.finditer(rest):
            problems.append(f"{m.group()!r} needs a marker (<!--out: ...-->, <!--fixed-->, ...)")
        left = unaccounted(_plain(rest), lang, number, self.declared)
        problems += check_sums(_plain(prose), lang)[1]  # marked numbers too
        problems += [f"{m['num']!r} is unaccounted for: {_context(m)}" for m in left]
        return [f"{where} ({lang}): {p}" for p in problems]

    def _check_marked(
        self, m: re.Match, lang: str, number: str | None
    ) -> tuple[list[str], tuple[float, str]]:
        kind, text = m["kind"], (m["text"] or "").strip()
        value, decimals = parse_number(m["num"], lang)
        value = -value if m["sign"] else value
        unit = "%" if m["pct"] else (m["unit"] or "").strip()
        figure = (value, unit)
        if kind == "fixed":
            return [], figure
        if kind == "runtime":
            return self._check_runtime(m, number, lang), figure
        if not text:
            return [f"marker {m.group()!r} names no output text"], figure
        found = self.sources(kind, m["nb"] or number, text)
        if isinstance(found, str):
            return [found], figure
        candidates = found[0]
        if kind == "bench":  # the row's field that the unit names
            candidates = self._bench_field(text, unit) or candidates
        if unit.startswith(("dakika", "minute")):
            candidates = candidates + [n / 60 for n in candidates]
        if not matches(value, decimals, candidates, kind, unit):
            return [f"{m.group()!r}: the output says {_show(candidates)}"], figure
        return [], figure

    def _bench_field(self, row_name: str, unit: str) -> list[float]:
        """A benchmark row's accuracy for %, seconds for a duration, speed-up for a ratio."""
        row = next(r for r in benchmark_rows(self.benchmark) if r["name"] == row_name)
        field = next((f for units, f in BENCH_FIELDS if unit.startswith(units)), None)
        return [row[field]] if field in row else []

    def _check_span(self, m: re.Match, lang: str, number: str | None) -> list[str]:
        kind, text = m["kind"], (m["text"] or "").strip()
        if kind == "fixed":
            return []
        if kind == "runtime" or not text:
            return [f"span {m.group()[:60]!r}: a span closes with out, about or bench and a text"]
        found = self.sources(kind, m["nb"] or number, text)
        if isinstance(found, str):
            return [found]
        candidates, lines = found
        problems = []
        body = m["body"]
        for name in CODE_NAME.findall(body):
            if kind != "bench" and not any(name in line for line in lines):
                problems.append(f"span names {name!r}, which no line with {text!r} prints")
        plain = _without_names(body).strip()
        figures = [parse_number(t, lang) for t in re.findall(NUMBER, plain)]
        if re.fullmatch(rf"({NUMBER})\s*[–—]\s*({NUMBER})", plain):  # a range: lowest–highest
            low, high = figures
            if not (
                matches(*low, [min(candidates)], kind, "")
                and matches(*high, [max(candidates)], kind, "")
            ):
                problems.append(
                    f"span {plain!r}: the output ranges from {min(candidates):g} "
                    f"to {max(candidates):g}"
                )
            return problems
        if kind != "bench":  # the marker's own text is printed too: "true 9 -> predicted 4"
            candidates = [
                float(n.replace(",", "")) for n in OUTPUT_NUMBER.findall(text)
            ] + candidates
        if not in_order(figures, candidates, kind):
            problems.append(
                f"span {plain!r}: its numbers are not, in this order, among {_show(candidates)}"
            )
        return problems

    def _check_runtime(self, m: re.Match, number: str | None, lang: str) -> list[str]:
        measured = run_times(self.run_times).get(number or "")
        if measured is None:
            return [f"no run time for notebook {number} in {RUN_TIMES.name}"]
        value, _ = parse_number(m["num"], lang)
        stated = seconds_of(value, m["unit"] or "s")
        relative, absolute = RUNTIME_TOLERANCE
        if abs(stated - measured) > max(relative * measured, absolute):
            return [f"{m.group()!r}: the notebook ran {measured:.0f} s ({RUN_TIMES.name})"]
        return []

    def check(self, number: str) -> list[str]:
        """Problems with the numbers of every prose cell of notebook ``number``."""
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
            problems += self.check_text(paragraph, lang, f"README paragraph {index}", "README")
        return problems


def _check_size_words(text: str, figures: list[tuple[int, float, str]]) -> list[str]:
    """Each size or share word of ``text`` against the nearest marked figure it can describe:
    ``figures`` holds the (position, value, unit) of the figures marked in ``text``."""
    problems = []
    for table, units in ((SIZE_WORDS, RATIO_UNITS), (SHARE_WORDS, ("%",))):
        taken: list[tuple[int, int]] = []  # "nearly twice" also contains "twice"
        for words, (low, high) in table.items():
            for word in re.finditer(words, text.lower()):
                if any(s <= word.start() < e for s, e in taken):
                    continue
                taken.append(word.span())
                near = [
                    (abs(position - word.start()), value)
                    for position, value, unit in figures
                    if unit in units and abs(position - word.start()) <= NEAR
                ]
                if not near:
                    continue
                value = min(near)[1]
                if units == RATIO_UNITS and value > 0:
                    value = max(value, 1 / value)
                if not low <= value <= high:
                    problems.append(
                        f"{word.group()!r} does not fit {value:g} (it allows {low:g} to {high:g}):"
                        f" {text[max(0, word.start() - 40) : word.end() + 40].strip()!r}"
                    )
    return problems


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; comments never split one."""
    masked = re.sub(r"<!--.*?-->", lambda m: "_" * len(m.group()), text, flags=re.DOTALL)
    bounds = [m.end() for m in re.finditer(r"[.!?](?=\s)|\n\s*\n|\n\s*[-*\d]", masked)]
    starts = [0, *bounds]
    return list(zip(starts, [*bounds, len(text)], strict=True))


def markers(source: str) -> list[tuple[str, str]]:
    """The (kind, target) of every marker in a prose cell, in order."""
    return [
        (m["kind"], f"{m['nb'] or ''}:{(m['text'] or '').strip()}")
        for m in re.finditer(MARKER, _without_code(source))
    ]


def _without_code(text: str, keep_names: bool = False) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.DOTALL)
    return text if keep_names else _without_names(text)


def _without_names(text: str) -> str:
    return re.sub(r"`[^`\n]+`", " ", text)


def _plain(text: str) -> str:
    """Prose without comments, tags, link targets and addresses: what a reader sees."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"</?[a-zA-Z][^>]*>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"https?://\S+", " ", text)


def _context(m: re.Match) -> str:
    text = m.string
    return repr(text[max(0, m.start() - 40) : m.end() + 30].replace("\n", " "))


def _show(numbers: list[float]) -> str:
    return ", ".join(f"{n:g}" for n in numbers[:8]) or "no number"


def main(argv: list[str]) -> int:
    todo = "--todo" in argv
    argv = [a for a in argv if a != "--todo"]
    checker = Checker()
    numbers = [n.zfill(2) for n in argv] or list(checker.paths)
    problems = [p for n in numbers for p in checker.check(n)]
    if not argv:
        problems += checker.check_readme()
    if not todo:
        problems = [p for p in problems if "is unaccounted for" not in p] + [
            f"{sum('is unaccounted for' in p for p in problems)} number(s) unaccounted for "
            "(--todo lists them)"
        ] * any("is unaccounted for" in p for p in problems)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
