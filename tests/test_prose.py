"""The prose tells the truth: figures agree with outputs, and the written style rules hold."""

from __future__ import annotations

import json
import re

import bench_training
import nbformat
import pytest
from notebook_cells import NOTEBOOKS, read, strip_code, twin_pairs
from prose_figures import BENCHMARK, README, Checker, markers, parse_prose_number

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


def _notebook(tmp_path, prose_tr: str, prose_en: str, printed: str):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("print(...)")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    nb.cells = [
        code,
        nbformat.v4.new_markdown_cell(prose_tr, metadata={"lang": "tr"}),
        nbformat.v4.new_markdown_cell(prose_en, metadata={"lang": "en"}),
    ]
    nbformat.write(nb, tmp_path / "00_demo.ipynb")
    return Checker(tmp_path).check("00")


PRINTED = "fast-mlp: 98.51% in 5.5 s\nspeed-up: 3.2x\nparameters: 535,818\nmean: -0.7395\n"


@pytest.mark.parametrize(
    ("tr", "en"),
    [
        ("%98,51<!--out: fast-mlp-->", "98.51%<!--out: fast-mlp-->"),
        ("%98,5<!--out: fast-mlp-->", "98.5%<!--out: fast-mlp-->"),
        ("5,5 saniye<!--out: fast-mlp-->", "5.5 s<!--out: fast-mlp-->"),
        ("yaklaşık 6 saniye<!--about: fast-mlp-->", "about 6 seconds<!--about: fast-mlp-->"),
        ("3,2×<!--out: speed-up-->", "3.2×<!--out: speed-up-->"),
        ("3,2 kat<!--out: speed-up-->", "3.2 times<!--out: speed-up-->"),
        ("535.818<!--out: parameters-->", "535,818<!--out: parameters-->"),
        ("ortalama −0,74<!--out: mean-->", "a mean of −0.74<!--out: mean-->"),
        ("%99<!--fixed-->'un üstü", "past 99%<!--fixed-->"),
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
        "2.9×<!--out: speed-up-->",
        "a mean of 0.74<!--out: mean-->",  # the sign matters
        "98.51%<!--out: slow-mlp-->",  # names no output
        "it takes 5.5 s",  # unmarked duration
        "a 3.2× speed-up",  # unmarked ratio
        "98.51% accurate",  # unmarked percentage
    ],
)
def test_checker_rejects_figures_that_disagree_or_are_unmarked(tmp_path, en):
    assert _notebook(tmp_path, "🇹🇷 ok", "🇬🇧 " + en, PRINTED)


def test_checker_leaves_shapes_maths_and_code_alone(tmp_path):
    prose = "28×28 images, 32 × (16·3·3 + 1), $y = 3x$, the 1s and 0s, `lr=0.5 s`"
    assert _notebook(tmp_path, "🇹🇷 " + prose, "🇬🇧 " + prose, PRINTED) == []


def test_prose_numbers_are_read_in_each_language():
    assert parse_prose_number("60.000", "tr") == (60000.0, 0)
    assert parse_prose_number("97,44", "tr") == (97.44, 2)
    assert parse_prose_number("60,000", "en") == (60000.0, 0)
    assert parse_prose_number("0.001", "en") == (0.001, 3)


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
