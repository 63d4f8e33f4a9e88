"""The notebook runner: which notebooks it picks, what it strips, what it records."""

from __future__ import annotations

import nbformat
import pytest
import run_notebooks as runner


def test_select_all_or_by_number(tmp_path):
    for name in ("00_a.ipynb", "01_b.ipynb", "12_c.ipynb", "A1_appendix.ipynb", "notes.ipynb"):
        (tmp_path / name).touch()
    assert [p.name for p in runner.select([], tmp_path)] == [
        "00_a.ipynb",
        "01_b.ipynb",
        "12_c.ipynb",
        "A1_appendix.ipynb",
    ]
    assert [p.name for p in runner.select(["1", "12"], tmp_path)] == ["01_b.ipynb", "12_c.ipynb"]
    assert [p.name for p in runner.select(["A1"], tmp_path)] == ["A1_appendix.ipynb"]
    with pytest.raises(ValueError, match="07"):
        runner.select(["07"], tmp_path)


def test_strips_timestamps_and_widget_state():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"state": {}}
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-11-29T18:04:04Z"}
    cell.metadata["tags"] = ["check"]
    nb.cells = [cell]
    runner.strip_volatile_metadata(nb)
    assert "widgets" not in nb.metadata
    assert cell.metadata == {"tags": ["check"]}


def test_executes_in_the_notebooks_folder_and_records_the_time(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell("import os, torch\nprint(os.path.basename(os.getcwd()))")]
    path = tmp_path / "00_demo.ipynb"
    nbformat.write(nb, path)
    seconds = runner.execute(path, threads=1)
    runner.record_times({path.name: seconds}, threads=1, path=tmp_path / "times.md")
    out = nbformat.read(path, as_version=4).cells[0]
    assert out.outputs[0]["text"].strip() == tmp_path.name
    assert out.execution_count == 1 and "execution" not in out.metadata
    assert f"| {path.name} | {seconds:.0f} |" in (tmp_path / "times.md").read_text(encoding="utf-8")
