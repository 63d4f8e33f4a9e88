"""The number ledger: every number in the prose is accounted for.

``prose_figures.py`` checks the numbers that carry a marker against their source. This
module accounts for the rest. A number in a prose cell (code, maths, links and comments
aside) must be one of:

- **structural**: a notebook (``notebook 06``, ``[06 · Evaluation]``), a list item, an
  exercise, question, step or cell number, a software version, a year;
- **arithmetic**: part of a worked sum that holds (``60,000 = 937 × 64 + 32``,
  ``ln 10 ≈ 2.30``); one that does not hold is reported;
- **declared**: a value listed in ``docs/numbers.md``, under "Everywhere" or under the
  notebook's own heading (``## 05``), with what it is;
- or marked (``<!--out: ...-->``, ``<!--fixed-->``, ...), alone or as a ``<!--{-->`` span.

    python tools/prose_figures.py --todo 05     # every number notebook 05 leaves unaccounted
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from notebook_format import REPO

NUMBERS_DOC = REPO / "docs" / "numbers.md"

LETTER = r"[^\W\d]"  # a letter or an underscore, in any script
#: a number as written: 60,000 / 60.000 / 0.5 / 0,5 / 7; ordinals "100th" count as 100
TOKEN = re.compile(rf"(?<![\w.,])(?P<num>\d[\d.,]*\d|\d)(?:st|nd|rd|th)?(?!{LETTER})")

REF = r"(?:0\d|1[0-3]|A1)(?:['’]\w+)?"
JOIN = r"\s*(?:,|–|—|-|/|\band\b|\bor\b|\bve\b|\bveya\b|\bile\b|\bthen\b)\s*"
NOTEBOOK_WORD = r"(?:[Nn]otebook|[Dd]efter|[Nn]otebook['’])\w*"
COUNTED = (
    r"(?:[Ee]xercises?|[Aa]lıştırma\w*|[Qq]uestions?|[Ss]oru\w*|[Ss]teps?|[Aa]dım\w*"
    r"|[Cc]ells?|[Hh]ücre\w*|[Ss]olutions?|[Çç]özüm\w*|[Ii]tems?|[Mm]adde\w*|[Ss]ections?"
    r"|[Bb]ölüm\w*|[Pp]arts?|[Ll]ines?|[Ss]atır\w*|[Ff]igures?|[Şş]ekil\w*|[Pp]oints?"
    r"|[Ii]ssues?|[Gg]oals?|[Hh]edef\w*|[Cc]hapters?|PEP|[Rr]ules?|[Kk]ural\w*)"
)
COUNTED_TR_AFTER = r"(?:alıştırma|soru|adım|hücre|madde|bölüm|satır|şekil|kural|hedef)\w*"
VERSIONED = (
    r"(?:[Pp]ython|[Pp]y[Tt]orch|torch|torchvision|CUDA|cuDNN|Pillow|NumPy|numpy|[Jj]upyter\w*"
    r"|Notebook|Sphinx|Node(?:\.js)?|Windows|macOS|Ubuntu|Debian|Chromium|Playwright|anywidget"
    r"|nbval|matplotlib|ipykernel|ipywidgets|VS ?Code|[Ss]ürüm\w*|[Vv]ersions?|v|ruff|pip|MNIST"
    r"|SM|sm|compute capability|CC|Colab|Apple|M)"
)
VERSION = r"\d+(?:\.\d+|\.x)*\+?"
STRUCTURAL = [
    re.compile(rf"{NOTEBOOK_WORD}\s+(?P<list>{REF}(?:{JOIN}{REF})*)"),
    re.compile(rf"(?P<list>{REF}(?:{JOIN}{REF})*)\s*·"),  # headings and link text: 06 · Evaluation
    re.compile(rf"(?P<list>{REF}(?:{JOIN}{REF})*)\s+(?:and|ve)\s+{NOTEBOOK_WORD}"),
    re.compile(rf"(?P<list>{REF}(?:{JOIN}{REF})*)\s+(?:numaralı|arasındaki)\s+{NOTEBOOK_WORD}"),
    re.compile(r"(?m)^#{1,6}\s+(?:\S+\s+)?(?P<list>\d+)\.\s"),  # numbered headings: ## 🇬🇧 3. Title
    re.compile(r"(?m)^\s*(?:[-*]\s+)?(?P<list>\d+)[.)]\s"),  # list items
    re.compile(r"\*\*(?P<list>\d+)\.?\*\*"),  # **3.**
    re.compile(rf"{COUNTED}\s+#?(?P<list>\d+(?:{JOIN}\d+)*)"),
    re.compile(rf"(?P<list>\d+)\.\s+{COUNTED_TR_AFTER}"),
    re.compile(rf"\b{VERSIONED}\s*(?:[<>=≥≤~]=?\s*)?(?P<list>{VERSION}(?:{JOIN}{VERSION})*)"),
    re.compile(r"(?<![\d.,])(?P<list>(?:19[5-9]\d|20[0-4]\d))(?![\d.,])"),  # years
    re.compile(r"CVE-(?P<list>\d+-\d+)"),
]

OPERATOR = r"\s*(?:[×x*·/+−-])\s*"
OPERAND = r"(?:ln\s*)?\(?\d(?:[\d.,]*\d)?\)?"
SIDE = rf"[−-]?{OPERAND}(?:{OPERATOR}{OPERAND})*"
EQUATION = re.compile(rf"(?<![\w.,]){SIDE}(?:\s*[=≈]\s*{SIDE})+(?![\w])")


def parse_number(text: str, lang: str) -> tuple[float, int]:
    """The value and the number of decimals of a number as written in ``lang``."""
    thousands, decimal = (".", ",") if lang == "tr" else (",", ".")
    if _has_groups(text, thousands):
        text = text.replace(thousands, "")
    if decimal in text:
        whole, frac = text.rsplit(decimal, 1)
        return float(f"{whole.replace(decimal, '')}.{frac}"), len(frac)
    return float(text.replace(thousands, "")), 0


def _has_groups(text: str, separator: str) -> bool:
    return bool(re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+(?:[.,]\d+)?", text))


def declared_numbers(path: Path = NUMBERS_DOC) -> dict[str, set[float]]:
    """Declared values by scope: ``"*"`` (everywhere) or a notebook number such as ``"05"``.

    ``docs/numbers.md`` lists them in tables under ``## Everywhere`` and ``## NN``; the
    first column holds the number as English writes it (``60,000``, ``0.001``).
    """
    scopes: dict[str, set[float]] = {}
    scope = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"##\s+(\S+)", line)
        if heading:
            scope = "*" if heading[1].lower().startswith("everywhere") else heading[1]
            continue
        cell = re.match(r"\|\s*([−-]?[\d.,]+)\s*\|", line)
        if scope and cell:
            value, _ = parse_number(cell[1].replace("−", "-").lstrip("-"), "en")
            scopes.setdefault(scope, set()).add(-value if cell[1][0] in "−-" else value)
    return scopes


def _evaluate(side: str, lang: str) -> tuple[float, int]:
    """The value of one side of a worked sum, and the decimals of its last number."""
    decimals = 0

    def number(m: re.Match) -> str:
        nonlocal decimals
        value, decimals = parse_number(m.group(), lang)
        return repr(value)

    while side.count("(") > side.count(")") and side.startswith("("):
        side = side[1:]  # "(64 × 196 = ...": the bracket opens before the sum
    while side.count(")") > side.count("(") and side.endswith(")"):
        side = side[:-1]
    expression = re.sub(r"\d[\d.,]*\d|\d", number, side)
    expression = expression.replace("×", "*").replace("·", "*").replace("−", "-")
    expression = re.sub(r"(?<=[\d)])\s*x\s*(?=[\d(])", "*", expression)
    expression = re.sub(r"ln\s*([\d.e]+)", r"log(\1)", expression).replace("ln(", "log(")
    if not re.fullmatch(r"[\d.e+\-*/() logx]+", expression):
        raise ValueError(side)
    return eval(expression, {"__builtins__": {}, "log": math.log}), decimals  # noqa: S307


def check_sums(text: str, lang: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of the worked sums in ``text`` that hold, and a problem for each that does not."""
    spans, problems = [], []
    for m in EQUATION.finditer(text):
        sides = re.split(r"\s*([=≈])\s*", m.group().strip())
        try:
            values = [_evaluate(side, lang) for side in sides[::2]]
        except (ValueError, SyntaxError, ZeroDivisionError):
            continue
        holds = True
        for (left, _), relation, (right, decimals) in zip(
            values[:-1], sides[1::2], values[1:], strict=True
        ):
            slack = 0.5 * 10**-decimals if relation == "≈" or decimals else 1e-9
            holds &= abs(left - right) <= slack + 1e-9 * abs(right)
        if holds:
            spans.append(m.span())
        else:
            problems.append(f"{m.group().strip()!r} does not hold")
    return spans, problems


def structural_spans(text: str) -> list[tuple[int, int]]:
    """Where the notebook, list, exercise, version and year numbers of ``text`` are."""
    return [m.span("list") for pattern in STRUCTURAL for m in pattern.finditer(text)]


def unaccounted(
    text: str, lang: str, scope: str | None, declared: dict[str, set[float]]
) -> list[re.Match]:
    """The numbers of ``text`` (already without code, maths and markers) that nothing
    accounts for."""
    sums, _ = check_sums(text, lang)
    covered = sums + structural_spans(text)
    values = declared.get("*", set()) | declared.get(scope or "", set())
    left = []
    for m in TOKEN.finditer(text):
        if any(start <= m.start() and m.end() <= end for start, end in covered):
            continue
        if parse_number(m["num"], lang)[0] in values:
            continue
        left.append(m)
    return left
