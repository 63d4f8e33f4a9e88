"""The monolingual export keeps one language and still runs."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import MARKERS, NOTEBOOKS, REPO


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_export_holds_one_language(lang, tmp_path):
    out = tmp_path / f"notebooks-{lang}"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "split_languages.py"),
            "--lang",
            lang,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"Wrote {len(NOTEBOOKS)} {lang} notebooks" in result.stdout
    other = MARKERS["en" if lang == "tr" else "tr"]
    for path in NOTEBOOKS:
        nb = nbformat.read(out / path.name, as_version=4)
        prose = [c for c in nb.cells if c.cell_type == "markdown"]
        assert prose and all(c.metadata["lang"] == lang for c in prose)
        assert not any(other in c.source or MARKERS[lang] in c.source for c in prose)
        original = nbformat.read(path, as_version=4)
        assert [c.source for c in nb.cells if c.cell_type == "code"] == [
            c.source for c in original.cells if c.cell_type == "code"
        ]


def test_a_monolingual_copy_executes(tmp_path):
    (tmp_path / "data").symlink_to(REPO / "data", target_is_directory=True)
    out = tmp_path / "notebooks-tr"  # beside data/, so relative paths still work
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "split_languages.py"), "--lang", "tr"]
        + ["--out", str(out)],
        check=True,
        capture_output=True,
    )
    nb = nbformat.read(out / NOTEBOOKS[0].name, as_version=4)
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(out)}}).execute()
    for cell in nb.cells:
        if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", []):
            assert all(o.output_type != "error" for o in cell.outputs), cell.source[:80]
