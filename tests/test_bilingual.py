"""Every prose cell exists in Turkish and English, and the twins stay in step."""

from __future__ import annotations

import re

import pytest
from notebook_cells import (
    CODE_SPAN,
    HEADING,
    NOTEBOOKS,
    glossary,
    prose_cells,
    read,
    strip_code,
    twin_pairs,
)
from notebook_format import MARKERS, NOTEBOOK_DIR, REPO

PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|lorem ipsum|XXX)\b|\.\.\.\s*$", re.IGNORECASE)


def turkish_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def test_found_all_the_notebooks():
    """Every notebook in notebooks/ is checked, and they are the README's table, row by row."""
    on_disk = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| ([0-9A-Z]\d) \|", readme, re.M)
    assert NOTEBOOKS == on_disk
    assert [path.name[:2] for path in NOTEBOOKS] == listed


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return read(request.param)


def test_every_prose_cell_has_a_language_and_its_marker(nb):
    for cell in prose_cells(nb):
        lang = cell.metadata.get("lang")
        assert lang in MARKERS, f"prose cell without lang: {cell.source[:60]!r}"
        first_line = cell.source.lstrip().splitlines()[0].lstrip("#").strip()
        assert first_line.startswith(MARKERS[lang]), f"missing {MARKERS[lang]}: {first_line[:60]!r}"


def test_turkish_and_english_alternate_in_pairs(nb):
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        lang = cell.metadata.get("lang")
        if lang == "tr":
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            assert (
                nxt is not None and nxt.cell_type == "markdown" and nxt.metadata.get("lang") == "en"
            ), f"Turkish cell not followed by its English twin: {cell.source[:60]!r}"
        else:
            prev = cells[i - 1] if i else None
            assert prev is not None and prev.metadata.get("lang") == "tr", (
                f"English cell without a Turkish twin before it: {cell.source[:60]!r}"
            )


def test_twins_have_the_same_heading_levels(nb):
    for tr, en in twin_pairs(nb):
        assert HEADING.findall(strip_code(tr.source)) == HEADING.findall(strip_code(en.source)), (
            f"heading levels differ: {tr.source[:60]!r}"
        )


def test_no_twin_is_empty_or_a_placeholder(nb):
    for tr, en in twin_pairs(nb):
        for cell in (tr, en):
            words = re.findall(r"\w+", strip_code(cell.source))
            assert words, f"empty prose cell: {cell.source!r}"
            assert not PLACEHOLDERS.search(cell.source), f"placeholder in: {cell.source[:80]!r}"
        assert tr.source.strip() != en.source.strip()


def test_inline_code_of_a_turkish_cell_appears_in_its_twin(nb):
    for tr, en in twin_pairs(nb):
        missing = set(CODE_SPAN.findall(tr.source)) - set(CODE_SPAN.findall(en.source))
        assert not missing, (
            f"code spans {missing} of {tr.source[:50]!r} missing in its English twin"
        )


def test_glossary_terms_in_parentheses_use_the_glossarys_turkish(nb):
    """'X (loss)' in a Turkish cell: X must be the glossary's Turkish for 'loss'."""
    terms = {en.lower(): tr for tr, en in glossary() if tr.lower() != en.lower()}
    for tr_cell, _ in twin_pairs(nb):
        text = strip_code(tr_cell.source)
        for english, turkish in terms.items():
            for match in re.finditer(
                r"([\wçğıöşüÇĞİÖŞÜ' -]+?)\s*\(" + re.escape(english) + r"\)", text, re.IGNORECASE
            ):
                before = turkish_lower(match.group(1))
                stem = turkish_lower(turkish)[: max(3, len(turkish) - 2)]
                assert stem in before, (
                    f"'{match.group(0).strip()}' uses another word than the glossary's "
                    f"'{turkish} ({english})'"
                )


def test_glossary_has_enough_terms():
    assert len(glossary()) >= 40
