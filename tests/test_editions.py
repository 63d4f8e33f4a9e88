"""The editions (tools/editions.py): one language each, no answers in student copies."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
from editions import MARKERS, edition, notebook_paths, relink  # noqa: E402

NOTEBOOKS = notebook_paths(REPO / "notebooks")
COMBOS = [(lang, name) for lang in ("tr", "en") for name in ("full", "student", "clean")]
SOLUTION_HEADING = re.compile(r"^(#+)\s*\S*\s*(Çözümler|Solutions)\b")
ANY_HEADING = re.compile(r"^(#+)\s")


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "tools" / "editions.py"), *args],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every edition of every notebook, written once by the command line tool."""
    root = tmp_path_factory.mktemp("editions")
    folders = {}
    for lang, name in COMBOS:
        out = root / f"{lang}-{name}"
        result = run_tool("--lang", lang, "--edition", name, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert f"Wrote {len(NOTEBOOKS)} {lang} {name} notebooks" in result.stdout
        folders[lang, name] = out
    return folders


def read(folder: Path, path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(folder / path.name, as_version=4)
    nbformat.validate(nb)
    return nb


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def solution_texts(nb: nbformat.NotebookNode, lang: str) -> tuple[list[tuple[str, str]], set]:
    """The solutions of a bilingual notebook, found independently of the tool, and the
    rest: the other code cells' sources and the other prose lines."""
    texts, body, level = [], set(), None
    for cell in nb.cells:
        heading = ANY_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if heading and level is not None and len(heading.group(1)) <= level:
            level = None
        match = SOLUTION_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if match:
            level = len(match.group(1))
        tagged = "solution" in cell.metadata.get("tags", [])
        if (level is not None or tagged) and cell.metadata.get("lang", lang) == lang:
            texts.append((cell.cell_type, cell.source))
        elif cell.cell_type == "code":
            body.add(cell.source)
        elif cell.metadata.get("lang") == lang:
            body |= {unflagged(line) for line in cell.source.splitlines()}
    return texts, body


def unflagged(line: str) -> str:
    return re.sub("|".join(MARKERS.values()), "", line).strip()


@pytest.mark.parametrize("lang, name", COMBOS)
def test_every_edition_holds_one_language(written, lang, name):
    for path in NOTEBOOKS:
        nb = read(written[lang, name], path)
        assert nb.metadata["lang"] == lang and nb.metadata["edition"] == name
        prose = [cell for cell in nb.cells if cell.cell_type == "markdown"]
        assert prose, path.name
        assert all(cell.metadata["lang"] == lang for cell in prose), path.name
        assert not any(flag in cell.source for cell in prose for flag in MARKERS.values())


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_full_keeps_the_code_and_its_outputs(written, lang):
    for path in NOTEBOOKS:
        source, full = nbformat.read(path, as_version=4), read(written[lang, "full"], path)
        assert [(c.source, c.outputs) for c in code_cells(full)] == [
            (c.source, c.outputs) for c in code_cells(source)
        ]


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_student_copies_hold_no_solution(written, lang):
    for path in NOTEBOOKS:
        source = nbformat.read(path, as_version=4)
        copy = read(written[lang, "student"], path)
        text = "\n".join(cell.source for cell in copy.cells)
        prose = "\n".join(cell.source for cell in copy.cells if cell.cell_type == "markdown")
        lines = {line.strip() for line in prose.splitlines()}
        solutions, body = solution_texts(source, lang)
        sources = {cell.source for cell in code_cells(copy)} - body  # the same code elsewhere
        for kind, solution in solutions:
            assert kind == "markdown" or solution not in sources, f"{path.name}: {solution[:60]}"
            for line in solution.splitlines() if kind == "markdown" else []:
                line = unflagged(line)
                if len(line) > 25 and not line.startswith("#") and line not in body:
                    assert line not in lines, f"{path.name}: {line[:60]}"
        assert not re.search(r"<details|Çözümler|Solutions", text), path.name
        assert all(not cell.outputs for cell in code_cells(copy)), path.name
        assert all("solution" not in c.metadata.get("tags", []) for c in copy.cells)
        assert "TODO" in text, path.name
        checks = [c for c in copy.cells if "check" in c.metadata.get("tags", [])]
        assert len(checks) == 1, path.name
        imports = set(re.findall(r"check_\w+", " ".join(c.source for c in code_cells(source))))
        assert imports <= set(re.findall(r"check_\w+", text)), f"{path.name}: checkers lost"


def test_student_copy_says_so(written):
    nb = read(written["en", "student"], NOTEBOOKS[0])
    assert "Student copy" in nb.cells[0].source
    nb = read(written["tr", "student"], NOTEBOOKS[0])
    assert "Öğrenci kopyası" in nb.cells[0].source


def test_student_removes_collapsed_answers_and_hidden_solutions():
    """The later layout: <details> answers in the prose, hidden solution cells."""
    hidden = new_code_cell("answer = 42", metadata={"tags": ["solution", "hide-input"]})
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 🇬🇧 99 · Title", metadata={"lang": "en"}),
            new_markdown_cell("## 🇬🇧 Exercises\n\n1. Find it.", metadata={"lang": "en"}),
            new_code_cell("from mnist_helpers.exercises import check_cubic_gradient"),
            new_markdown_cell(
                "🇬🇧 Hint below.\n\n<details><summary>Answer</summary>\n\n42, because.\n"
                "</details>\n\nKeep this line.",
                metadata={"lang": "en"},
            ),
            hidden,
            new_markdown_cell("## 🇬🇧 Solutions\n\nWorked answer.", metadata={"lang": "en"}),
            new_code_cell("print(answer)"),
            new_markdown_cell("### 🇬🇧 Part two\n\nMore answer.", metadata={"lang": "en"}),
            new_markdown_cell("## 🇬🇧 Next notebook\n\nOn to 100.", metadata={"lang": "en"}),
        ]
    )
    copy = edition(nb, "en", "student")
    nbformat.validate(copy)
    text = "\n".join(cell.source for cell in copy.cells)
    for gone in ("42", "Answer", "Worked answer", "print(answer)", "Part two", "Solutions"):
        assert gone not in text
    for kept in ("Keep this line.", "check_cubic_gradient", "TODO", "Next notebook", "On to 100."):
        assert kept in text


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_clean_copies_keep_every_code_cell_and_only_headings(written, lang):
    for path in NOTEBOOKS:
        source = nbformat.read(path, as_version=4)
        copy = read(written[lang, "clean"], path)
        codes, originals = code_cells(copy), code_cells(source)
        assert len(codes) == len(originals), path.name
        assert codes[0].source == originals[0].source  # the setup cell
        for cell, original in zip(codes[1:], originals[1:], strict=True):
            assert not cell.outputs
            lines = cell.source.splitlines()
            one_comment = len(lines) == 1 and lines[0].startswith("# ")
            assert one_comment or cell.source == original.source, cell.source[:80]
        for cell in copy.cells[1:]:
            if cell.cell_type == "markdown":
                assert all(line.startswith("#") for line in cell.source.splitlines())


def test_clean_comment_says_what_the_cell_did():
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 🇬🇧 99 · Title", metadata={"lang": "en"}),
            new_code_cell("import torch"),
            new_code_cell("# train the model\nnet = Net()\nhistory = fit(net, loader)"),
        ]
    )
    cell = edition(nb, "en", "clean").cells[-1]
    assert cell.source == "# train the model · sets: net, history; calls: Net(), fit()"


def test_links_to_repository_files_still_resolve_from_the_edition():
    nb = new_notebook(cells=[new_markdown_cell("See [the README](../README.md#data).")])
    relink(nb, REPO / "editions" / "tr-full")
    assert nb.cells[0].source == "See [the README](../../README.md#data)."


def test_bad_arguments_and_an_unwritable_folder(tmp_path):
    assert run_tool("--lang", "de").returncode == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run_tool("--lang", "tr", "--out", str(blocker / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_a_student_copy_executes_and_its_checkers_run(tmp_path):
    (tmp_path / "data").symlink_to(REPO / "data", target_is_directory=True)
    out = tmp_path / "tr-student"  # beside data/, so ../data still works
    assert run_tool("--lang", "tr", "--edition", "student", "--out", str(out)).returncode == 0
    nb = nbformat.read(out / NOTEBOOKS[0].name, as_version=4)
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(out)}}).execute()
    for cell in code_cells(nb):
        if "raises-exception" not in cell.metadata.get("tags", []):
            assert all(o.output_type != "error" for o in cell.outputs), cell.source[:80]
    check = next(c for c in nb.cells if "check" in c.metadata.get("tags", []))
    lines = "".join(o.get("text", "") for o in check.outputs).splitlines()
    assert lines and all(line.endswith(": True") for line in lines), lines
    exercise = next(c for c in code_cells(nb) if "TODO" in c.source)
    assert "check_" in exercise.source and exercise.execution_count is not None
