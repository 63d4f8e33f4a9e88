"""Reading the series' notebooks for the structure tests."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from notebook_format import REPO, notebook_paths

NOTEBOOKS = notebook_paths()
CODE_SPAN = re.compile(r"`([^`\n]+)`")
HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def prose_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "markdown"]


def twin_pairs(
    nb: nbformat.NotebookNode,
) -> list[tuple[nbformat.NotebookNode, nbformat.NotebookNode]]:
    """(Turkish, English) pairs of consecutive prose cells."""
    cells = nb.cells
    return [
        (cell, cells[i + 1])
        for i, cell in enumerate(cells[:-1])
        if cell.cell_type == "markdown" and cell.metadata.get("lang") == "tr"
    ]


def strip_code(text: str) -> str:
    """Prose without code blocks and inline code."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    return CODE_SPAN.sub(" ", text)


def glossary() -> list[tuple[str, str]]:
    """(Turkish, English) term pairs from docs/glossary.md."""
    pairs = []
    for line in (REPO / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cols) == 3 and cols[0] not in ("Türkçe", "---"):
            pairs.append((cols[0], cols[1]))
    return pairs
