"""The prose tells the truth: figures agree with outputs, and the written style rules hold."""

from __future__ import annotations

import json
import re

import bench_training
import nbformat
import pytest
from notebook_cells import NOTEBOOKS, read, strip_code, twin_pairs
from number_ledger import check_sums
from prose_figures import (
    BENCHMARK,
    MARKED,
    README,
    SPAN,
    Checker,
    markers,
    parse_prose_number,
)

CHECKER = Checker()


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb_path(request):
    return request.param


def test_every_figure_in_the_prose_matches_its_output(nb_path):
    problems = CHECKER.check(nb_path.name[:2])
    assert not problems, "\n".join(map(str, problems))


def test_every_figure_in_the_readme_matches_its_source():
    problems = CHECKER.check_readme()
    assert not problems, "\n".join(problems)


def test_twins_mark_the_same_figures(nb_path):
    for tr, en in twin_pairs(read(nb_path)):
        assert markers(tr.source) == markers(en.source), tr.source[:80]


# --- the checker itself: it must fail when a figure and its output disagree


def _notebook(tmp_path, prose_tr: str, prose_en: str, printed: str, declared: str = ""):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("print(...)")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    nb.cells = [
        code,
        nbformat.v4.new_markdown_cell(prose_tr, metadata={"lang": "tr"}),
        nbformat.v4.new_markdown_cell(prose_en, metadata={"lang": "en"}),
    ]
    nbformat.write(nb, tmp_path / "00_demo.ipynb")
    numbers = tmp_path / "numbers.md"
    rows = "".join(f"| {value} | a constant |\n" for value in declared.split())
    numbers.write_text(f"## Everywhere\n\n| number | what |\n|---|---|\n{rows}", encoding="utf-8")
    return Checker(tmp_path, numbers=numbers).check("00")


PRINTED = (
    "fast-mlp: 98.51% in 5.5 s\nspeed-up: 3.2x\nparameters: 535,818\nmean: -0.7395\n"
    "most confused: 2 and 7\nmisread: 3_drawn, 8_tiny\n"
)


@pytest.mark.parametrize(
    ("tr", "en"),
    [
        ("%98,51<!--out: fast-mlp-->", "98.51%<!--out: fast-mlp-->"),
        ("%98,5<!--out: fast-mlp-->", "98.5%<!--out: fast-mlp-->"),
        ("5,5 saniye<!--out: fast-mlp-->", "5.5 s<!--out: fast-mlp-->"),
        ("yaklaşık 6 saniye<!--about: fast-mlp-->", "about 6 seconds<!--about: fast-mlp-->"),
        ("yaklaşık %99<!--about: fast-mlp-->", "about 99%<!--about: fast-mlp-->"),
        ("3,2×<!--out: speed-up-->", "3.2×<!--out: speed-up-->"),
        ("3,2 kat<!--out: speed-up-->", "3.2 times<!--out: speed-up-->"),
        ("çok daha hızlı: 3,2×<!--out: speed-up-->", "much faster: 3.2×<!--out: speed-up-->"),
        ("535.818<!--out: parameters-->", "535,818<!--out: parameters-->"),
        ("ortalama −0,74<!--out: mean-->", "a mean of −0.74<!--out: mean-->"),
        ("%99<!--fixed-->'un üstü", "past 99%<!--fixed-->"),
        ("<!--{-->2 ile 7<!--out: most confused-->", "<!--{-->2 and 7<!--out: most confused-->"),
        (
            "<!--{-->`3_drawn`, `8_tiny`<!--out: misread-->",
            "<!--{-->`3_drawn`, `8_tiny`<!--out: misread-->",
        ),
        ("60.000 = 937 × 64 + 32", "60,000 = 937 × 64 + 32"),
        ("ln 10 ≈ 2,30", "ln 10 ≈ 2.30"),
        ("defter 06 ve 07; 2. alıştırma", "notebooks 06 and 07; exercise 2"),
        ("Python 3.10, torch 2.4", "Python 3.10, torch 2.4"),
    ],
)
def test_checker_accepts_figures_that_agree(tmp_path, tr, en):
    assert _notebook(tmp_path, "🇹🇷 " + tr, "🇬🇧 " + en, PRINTED) == []


@pytest.mark.parametrize(
    "en",
    [
        "98.52%<!--out: fast-mlp-->",  # wrong last digit
        "15 seconds<!--out: fast-mlp-->",  # a stale timing
        "about 15 seconds<!--about: fast-mlp-->",  # not even close
        "about 97%<!--about: fast-mlp-->",  # "about" is one unit of the last digit for %
        "about 82%<!--about: fast-mlp-->",
        "2.9×<!--out: speed-up-->",
        "a mean of 0.74<!--out: mean-->",  # the sign matters
        "98.51%<!--out: slow-mlp-->",  # names no output
        "98.51%<!--out: in 5.5-->",  # the figure must come after the marker's text
        "slightly faster: 3.2×<!--out: speed-up-->",  # a size word that does not fit
        "it nearly halves the time: 3.2×<!--out: speed-up-->",
        "<!--{-->2 and 9<!--out: most confused-->",  # a changed digit of a pair
        "<!--{-->`3_drawn`, `6_dark`<!--out: misread-->",  # a name the output never prints
        "60,000 = 937 × 64 + 31",  # a worked sum that does not hold
        "ln 10 ≈ 2.31",
        "it takes 5.5 s",  # unmarked duration
        "a 3.2× speed-up",  # unmarked ratio
        "98.51% accurate",  # unmarked percentage
        "the pair 2 and 7",  # unmarked numbers
        "535,819 parameters",  # not a declared constant
    ],
)
def test_checker_rejects_figures_that_disagree_or_are_unaccounted(tmp_path, en):
    assert _notebook(tmp_path, "🇹🇷 ok", "🇬🇧 " + en, PRINTED, declared="535,818")


def test_checker_leaves_shapes_maths_and_code_alone(tmp_path):
    prose = "28×28 images, 32 × (16·3·3 + 1), $y = 3x$, the 1s and 0s, `lr=0.5 s`"
    declared = "1 3 16 28 32"
    assert _notebook(tmp_path, "🇹🇷 " + prose, "🇬🇧 " + prose, PRINTED, declared) == []


def test_prose_numbers_are_read_in_each_language():
    assert parse_prose_number("60.000", "tr") == (60000.0, 0)
    assert parse_prose_number("97,44", "tr") == (97.44, 2)
    assert parse_prose_number("60,000", "en") == (60000.0, 0)
    assert parse_prose_number("0.001", "en") == (0.001, 3)


# --- mutation tests on the real prose: change one figure of each kind, the check must fail


def _prose_cells():
    for path in NOTEBOOKS:
        for cell in read(path).cells:
            if cell.cell_type == "markdown":
                yield path.name[:2], cell.metadata.get("lang", "?"), cell.source
    for paragraph in README.read_text(encoding="utf-8").split("\n\n"):
        if not paragraph.lstrip().startswith("|"):
            lang = "tr" if paragraph.lstrip().startswith("**🇹🇷**") else "en"
            yield "README", lang, paragraph


PROSE = list(_prose_cells())


def _changed(number: str, lang: str, kind: str, unit: str) -> str:
    """``number`` changed by more than ``kind`` allows, written in ``lang``."""
    value, decimals = parse_prose_number(number, lang)
    if kind == "runtime":
        value = 2 * value + 10
    elif kind == "about" and unit != "%":
        value = 1.5 * value + 10**-decimals
    else:
        value += (3 if kind == "about" else 1) * 10**-decimals
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "tr" else text


def _survivors(mutate) -> tuple[int, list[str]]:
    """How many mutants ``mutate`` made and which of them the checker did not notice."""
    made, survived = 0, []
    for number, lang, source in PROSE:
        before = len(CHECKER.check_text(source, lang, "", number))
        for changed in mutate(source, lang):
            made += 1
            if len(CHECKER.check_text(changed, lang, "", number)) <= before:
                survived.append(changed[:160])
    return made, survived


def _visible(source: str) -> str:
    """``source`` with code and maths blanked out (same length): what the checker reads."""
    blank = lambda m: " " * len(m.group())  # noqa: E731
    source = re.sub(r"```.*?```|\$\$.*?\$\$", blank, source, flags=re.DOTALL)
    return re.sub(r"\$[^$\n]+\$|(?<!`)`[^`\n]+`(?!`)", blank, source)


def _marked_figures(source, lang):
    for m in MARKED.finditer(_visible(source)):
        if m["kind"] != "fixed":
            unit = "%" if m["pct"] else (m["unit"] or "").strip()
            new = _changed(m["num"], lang, m["kind"], unit)
            yield source[: m.start("num")] + new + source[m.end("num") :]


def _span_numbers(source, lang):
    for m in SPAN.finditer(_visible(source)):
        if m["kind"] == "fixed":
            continue
        body = m["body"]
        for n in re.finditer(r"\d[\d.,]*\d|\d", body):
            start = m.start("body") + n.start()
            new = _changed(n.group(), lang, m["kind"], "")
            yield source[:start] + new + source[start + len(n.group()) :]


def _span_names(source, lang):
    for m in SPAN.finditer(source):
        if m["kind"] in ("fixed", "bench"):
            continue
        for n in re.finditer(r"`([^`\n]+)`", m["body"]):
            start = m.start("body") + n.start(1)
            yield source[:start] + "no_such_name" + source[start + len(n[1]) :]


def _sums(source, lang):
    """The result of each worked sum that holds, changed."""
    visible = re.sub(r"<!--.*?-->", lambda m: " " * len(m.group()), _visible(source))
    visible = re.sub(r"</?[a-zA-Z][^>]*>", lambda m: " " * len(m.group()), visible)
    for start, end in check_sums(visible, lang)[0]:
        last = list(re.finditer(r"\d[\d.,]*\d|\d", visible[start:end]))[-1]
        at = start + last.start()
        new = _changed(last.group(), lang, "out", "")
        yield source[:at] + new + source[at + len(last.group()) :]


def _declared(source, lang):
    """A declared constant, made into a value nobody declared."""
    plain = re.sub(r"<!--.*?-->", lambda n: " " * len(n.group()), _visible(source))
    for m in re.finditer(r"(?<![\w.,])(?:60[.,]000|535[.,]818)(?![\w.,]\d)", plain):
        yield source[: m.start()] + m.group()[:-1] + "7" + source[m.end() :]


MUTATIONS = {
    "marked figure": _marked_figures,
    "number in a span": _span_numbers,
    "name in a span": _span_names,
    "worked sum": _sums,
    "declared constant": _declared,
}


@pytest.mark.parametrize("kind", MUTATIONS)
def test_the_ledger_notices_each_changed_figure_of_the_real_prose(kind):
    made, survived = _survivors(MUTATIONS[kind])
    assert made, f"no {kind} in the prose to mutate"
    assert not survived, f"{len(survived)} of {made} changes went unnoticed:\n" + "\n".join(
        survived[:10]
    )


def test_the_ledger_notices_a_size_word_turned_around():
    def swapped(source, lang):
        for m in MARKED.finditer(source):
            if (m["unit"] or "").strip() in ("×", "kat", "times") and m["kind"] != "fixed":
                value, _ = parse_prose_number(m["num"], lang)
                word = ("biraz" if lang == "tr" else "slightly") if value > 1.5 else "çok daha"
                word = word if lang == "tr" or value > 1.5 else "much"
                yield source[: m.start()] + f" {word} " + source[m.start() :]

    made, survived = _survivors(swapped)
    assert made and not survived, survived[:10]


@pytest.mark.parametrize("run", sorted(p.name for p in BENCHMARK.parent.glob("*.json")))
def test_readme_performance_tables_are_the_committed_benchmark_runs(run):
    rows = json.loads((BENCHMARK.parent / run).read_text(encoding="utf-8"))["rows"]
    assert bench_training.markdown_table(rows) in README.read_text(encoding="utf-8")


# --- the written Turkish rules (docs/authoring.md)


def _turkish_prose(path):
    for tr, _ in twin_pairs(read(path)):
        yield strip_code(re.sub(r"\$[^$\n]+\$|<!--.*?-->|\]\([^)]*\)", " ", tr.source))


TENSOR_SUFFIX = re.compile(r"\btensor'?([a-zçğıöşü]+)", re.IGNORECASE)
FRONT_VOWELS = set("eiöü")
BACK_VOWELS = set("aıou")


def test_turkish_tensor_takes_back_vowel_suffixes(nb_path):
    """'tensor' is spelt with o, so its suffixes follow back-vowel harmony: tensoru, tensorlar."""
    for text in _turkish_prose(nb_path):
        for m in TENSOR_SUFFIX.finditer(text):
            vowels = [ch for ch in m.group(1).lower() if ch in FRONT_VOWELS | BACK_VOWELS]
            assert not vowels or vowels[0] in BACK_VOWELS, f"{m.group(0)!r}: write tensoru/tensora"


DECIMAL_POINT = re.compile(r"(?<![\w.,])(?:0\.\d+|\d+\.(?:\d{1,2}|\d{4,}))(?![\w.]|,\d)")
VERSION_WORDS = {
    "python",
    "pytorch",
    "torch",
    "torchvision",
    "cuda",
    "alike",
    "by-sa",
    "sürüm",
    "v",
}


def test_turkish_prose_uses_the_decimal_comma(nb_path):
    for text in _turkish_prose(nb_path):
        found = [
            m.group()
            for m in DECIMAL_POINT.finditer(text)
            if (text[: m.start()].split() or [""])[-1].lower() not in VERSION_WORDS
        ]
        assert not found, f"decimal point in Turkish prose: {found} (write 0,5; 60.000 is fine)"


def test_turkish_percent_sign_comes_first(nb_path):
    for text in _turkish_prose(nb_path):
        found = re.findall(r"\d+(?:,\d+)?\s?%", text)
        assert not found, f"{found}: Turkish writes %97,44"


AVOID = {
    "sessiz makine": "boşta (idle) makine",
    "sakin makine": "boşta (idle) makine",
    "iki işlemcili": "iki çekirdekli",
    "önkoşul": "ön koşul",
    "kayıp birim": "a word that does not read as 'loss unit' (ör. ölü birim)",
    "label smoothing": "etiket yumuşatma",
    "max pooling": "maksimum havuzlama",
}


def test_turkish_prose_avoids_the_listed_wordings(nb_path):
    for text in _turkish_prose(nb_path):
        outside_glosses = re.sub(r"\([^)]*\)", " ", text)  # "etiket yumuşatma (label smoothing)"
        lowered = outside_glosses.replace("İ", "i").replace("I", "ı").lower()
        for wrong, right in AVOID.items():
            assert wrong not in lowered, f"{wrong!r} in Turkish prose: write {right}"


def test_no_committed_notebook_carries_execution_timestamps():
    for path in NOTEBOOKS:
        nb = read(path)
        assert "widgets" not in nb.metadata, path.name
        for cell in nb.cells:
            assert "execution" not in cell.metadata, f"{path.name}: run tools/run_notebooks.py"
