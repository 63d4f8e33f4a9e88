"""Structure of the series: openings, endings, tags, outputs, and Net kept in step
(the format: tools/notebook_format.py; the rules: docs/authoring.md)."""

from __future__ import annotations

import ast
import inspect
import json

import notebook_format as fmt
import pytest
from notebook_cells import NOTEBOOKS, read

from mnist_helpers import models

KNOWN_TAGS = {"nbval-ignore-output", "raises-exception", "gpu", "check", "nbval-skip", "solution"}


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return read(request.param)


def test_numbering_is_contiguous():
    """00, 01, ... without gaps; appendices (A1, A2, ...) come after them."""
    numbers = [int(p.name[:2]) for p in NOTEBOOKS if p.name[:2].isdigit()]
    assert numbers == list(range(len(numbers)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_opens_the_same_way(path):
    nb, number = read(path), path.name[:2]
    tr, en = (c.source for c in nb.cells[:2])
    assert tr.startswith(f"# {fmt.MARKERS['tr']} {number} · ")
    assert en.startswith(f"# {fmt.MARKERS['en']} {number} · ")
    first_lines = (nb.cells[2].source.splitlines()[0], nb.cells[3].source.splitlines()[0])
    assert first_lines == fmt.heading(fmt.WHAT_YOU_WILL_LEARN)
    assert fmt.PREREQUISITES[0] in nb.cells[2].source
    assert fmt.PREREQUISITES[1] in nb.cells[3].source


def test_every_notebook_closes_the_same_way(nb):
    """The check cell, then summary, questions, exercises, solutions and the next notebook."""
    first_lines = [c.source.splitlines()[0].strip() if c.source else "" for c in nb.cells]
    positions = []
    for title in fmt.CLOSING:
        tr, en = fmt.heading(title)
        assert tr in first_lines and en in first_lines, f"missing {tr!r} / {en!r}"
        positions.append(first_lines.index(tr))
    assert positions == sorted(positions), "the closing sections are out of order"
    checks = [i for i, c in enumerate(nb.cells) if "check" in c.metadata.get("tags", [])]
    assert checks and max(checks) < positions[0], "the check cell comes before the summary"
    assert tuple(first_lines[-2:]) == fmt.heading(fmt.NEXT_NOTEBOOK), "the next notebook is last"


def test_has_a_compared_check_cell_that_passed(nb):
    checks = [c for c in nb.cells if "check" in c.metadata.get("tags", [])]
    assert checks, "no cell tagged 'check'"
    for cell in checks:
        assert "nbval-ignore-output" not in cell.metadata.get("tags", [])
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "True" in text and "False" not in text, text


def test_outputs_come_from_one_run_in_order(nb):
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "rerun the notebook top to bottom"


def test_tags_are_known_and_no_magic_comments(nb):
    for cell in nb.cells:
        assert set(cell.metadata.get("tags", [])) <= KNOWN_TAGS
        if cell.cell_type == "code":
            assert "# NBVAL_" not in cell.source, "use cell tags, not magic comments"
            assert not cell.source.rstrip().endswith(";"), "use plt.show(), not a trailing ';'"


def test_no_error_outputs_except_where_tagged(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", []):
            assert all(o.output_type != "error" for o in cell.outputs), cell.source[:80]


def test_gpu_cells_are_guarded(nb):
    for cell in nb.cells:
        if "gpu" in cell.metadata.get("tags", []):
            assert "cuda.is_available()" in cell.source


def _class_ast(source: str, name: str) -> str:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == name:
            if ast.get_docstring(node) is not None:
                node.body = node.body[1:]
            return ast.dump(node)
    raise AssertionError(f"class {name} not found")


def test_net_in_notebook_03_is_the_package_net():
    nb = read(next(p for p in NOTEBOOKS if p.name.startswith("03_")))
    cells = [c.source for c in nb.cells if c.cell_type == "code" and "class Net(" in c.source]
    assert cells, "notebook 03 writes out Net"
    assert _class_ast(cells[0], "Net") == _class_ast(inspect.getsource(models), "Net")


def test_notebooks_are_valid_json_with_a_kernel():
    for path in NOTEBOOKS:
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        assert meta["kernelspec"]["name"] == "python3", path.name
