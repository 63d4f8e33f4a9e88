"""The editions (tools/editions.py): one language each, no answers in student copies,
the code kept in clean copies, no links in any."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import editions
import nbformat
import pytest
from editions import EDITIONS, MARKERS, NOTES, edition, notebook_paths, relink
from markdown_it import MarkdownIt
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parent.parent

NOTEBOOKS = notebook_paths(REPO / "notebooks")
COMBOS = [(lang, name) for lang in ("tr", "en") for name in EDITIONS]
SOLUTION_HEADING = re.compile(r"^(#+)\s*\S*\s*(Çözümler|Solutions)\b")
ANY_HEADING = re.compile(r"^(#+)\s")
QUESTIONS = re.compile(r"^#+\s*\S*\s*(Sorular|Questions)\b")
EXERCISES = re.compile(r"^#+\s*\S*\s*(Alıştırmalar|Exercises)\b")
ITEM = re.compile(r"^\d+\.[ \t]", re.MULTILINE)  # a numbered item at the margin


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
    assert not root.resolve().is_relative_to(REPO)
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
    """The line without flags and HTML comments (the editions drop both)."""
    return re.sub("|".join([*MARKERS.values(), "<!--.*?-->"]), "", line).strip()


def section(nb: nbformat.NotebookNode, lang: str, title: re.Pattern) -> list:
    """The cells under the ``lang`` heading ``title`` up to the next heading of the same or a
    higher level: that language's prose and all the code cells."""
    cells, level = [], None
    for cell in nb.cells:
        mine = cell.cell_type == "code" or cell.metadata.get("lang") == lang
        heading = ANY_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if mine and heading and level is not None and len(heading.group(1)) <= level:
            level = None
        if mine and heading and title.match(cell.source):
            level = len(heading.group(1))
        if mine and level is not None:
            cells.append(cell)
    return cells


def prose(cells: list) -> str:
    return "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


def top_level_items(markdown: str) -> list[str]:
    """The first line of each item of the top-level lists, as CommonMark renders them."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    starts = [i for i, t in enumerate(tokens) if t.type == "list_item_open" and t.level == 1]
    return [next(t.content for t in tokens[i:] if t.type == "inline") for i in starts]


@pytest.mark.parametrize("lang, name", COMBOS)
def test_questions_render_as_one_list_item_per_question(written, lang, name):
    total = 0
    for path in NOTEBOOKS:
        source = section(nbformat.read(path, as_version=4), lang, QUESTIONS)
        copy = section(read(written[lang, name], path), lang, QUESTIONS)
        questions = ITEM.findall(prose(source))
        items = top_level_items(prose(copy))
        assert questions and len(items) == len(questions), f"{path.name}: {len(items)} items"
        for item, line in zip(
            items, re.findall(r"^\d+\.[ \t]+(.*)$", prose(source), re.M), strict=True
        ):
            assert unflagged(line).startswith(unflagged(item.splitlines()[0])), (
                f"{path.name}: {item[:60]}"
            )
        assert name == "full" or "<details" not in prose(copy), path.name
        total += len(questions)
    assert total >= 4 * len(NOTEBOOKS)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_every_exercise_has_its_own_answer_cell_with_its_checkers(written, lang):
    for path in NOTEBOOKS:
        source = section(nbformat.read(path, as_version=4), lang, EXERCISES)
        copy = read(written[lang, "student"], path)
        answers = [c for c in code_cells(copy) if "exercise" in c.metadata]
        count = len(ITEM.findall(prose(source)))
        assert count and [c.metadata["exercise"] for c in answers] == list(range(1, count + 1))
        calls = [
            line.strip()
            for cell in source
            if cell.cell_type == "code" and "solution" not in cell.metadata.get("tags", [])
            for line in cell.source.splitlines()
            if re.match(r"\s*check_\w+\(", line)
        ]
        assert sorted(calls) == sorted(
            line.strip()
            for c in answers
            for line in c.source.splitlines()
            if "check_" in line
            if not line.startswith("from ")
        ), path.name
        for answer in answers:
            number = answer.metadata["exercise"]
            statement = copy.cells[copy.cells.index(answer) - 1]
            assert statement.cell_type == "markdown", path.name
            assert statement.source.startswith(f"{number}."), f"{path.name}: {number}"
            assert (
                answer.source.startswith("# TODO") and str(number) in answer.source.split("\n")[0]
            )
            for called in {re.match(r"(check_\w+)", line).group(1) for line in calls}:
                if called in statement.source:  # the exercise names its checker
                    assert f"{called}(" in answer.source, f"{path.name} {number}: {called}"
            if "check_" in answer.source:
                compile(answer.source, path.name, "exec")  # its own import, valid Python


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_student_copies_hold_no_solution(written, lang):
    for path in NOTEBOOKS:
        source = nbformat.read(path, as_version=4)
        copy = read(written[lang, "student"], path)
        text = "\n".join(cell.source for cell in copy.cells)
        prose_text = "\n".join(c.source for c in copy.cells if c.cell_type == "markdown")
        lines = {line.strip() for line in prose_text.splitlines()}
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
        checks = [c for c in copy.cells if "check" in c.metadata.get("tags", [])]
        assert len(checks) == 1, path.name
        imports = set(re.findall(r"check_\w+", " ".join(c.source for c in code_cells(source))))
        assert imports <= set(re.findall(r"check_\w+", text)), f"{path.name}: checkers lost"
        guesses = [c.source for c in code_cells(source) if re.search(r"^guess = None", c.source)]
        assert all(guess in sources | body for guess in guesses), path.name


def test_student_copy_says_so(written):
    nb = read(written["en", "student"], NOTEBOOKS[0])
    assert "Student copy" in nb.cells[0].source
    nb = read(written["tr", "student"], NOTEBOOKS[0])
    assert "Öğrenci kopyası" in nb.cells[0].source


def test_student_removes_collapsed_answers_and_hidden_solutions():
    """<details> answers in the prose, hidden solution cells, a checker split per exercise."""
    hidden = new_code_cell("answer = 42", metadata={"tags": ["solution", "hide-input"]})
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 🇬🇧 99 · Title", metadata={"lang": "en"}),
            new_markdown_cell(
                "## 🇬🇧 Exercises\n\n1. Find it with `check_cubic_gradient`.\n2. Loop it.",
                metadata={"lang": "en"},
            ),
            new_code_cell(
                "from mnist_helpers.exercises import check_cubic_gradient\n\n"
                "answer = None\ncheck_cubic_gradient(answer)"
            ),
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
    for kept in ("Keep this line.", "Next notebook", "On to 100."):
        assert kept in text
    first, second = (c.source for c in copy.cells if "exercise" in c.metadata)
    assert first.startswith("# TODO exercise 1") and "check_cubic_gradient(answer)" in first
    assert second == "# TODO exercise 2: write your answer here"


@pytest.mark.parametrize("call", ["check_x(None)", "check_x(None)  # exercise 2: no such"])
def test_a_checker_that_names_no_exercise_is_one_error_line(tmp_path, call):
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 🇬🇧 99 · Title", metadata={"lang": "en"}),
            new_markdown_cell("## 🇬🇧 Exercises\n\n1. Think.", metadata={"lang": "en"}),
            new_code_cell(f"from mnist_helpers.exercises import check_x\n\n{call}"),
        ]
    )
    nbformat.write(nb, tmp_path / "99_x.ipynb")
    out = tmp_path / "out"
    result = run_tool(
        "--lang", "en", "--edition", "student", "--src", str(tmp_path), "--out", str(out)
    )
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.startswith("error: 99_x.ipynb: ") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_clean_copies_keep_the_code_and_only_headings_questions_exercises(written, lang):
    kept = total = 0
    for path in NOTEBOOKS:
        source = nbformat.read(path, as_version=4)
        copy = read(written[lang, "clean"], path)
        solutions, _ = solution_texts(source, lang)
        solution_code = {text for kind, text in solutions if kind == "code"}
        originals = [c.source for c in code_cells(source) if c.source not in solution_code]
        left = Counter(c.source for c in code_cells(copy))
        for original in originals:
            kept += left[original] > 0
            left[original] -= 1
        total += len(originals)
        assert not solution_code & set(left), path.name
        assert all(not cell.outputs for cell in code_cells(copy)), path.name
        allowed = {
            unflagged(line)
            for title in (QUESTIONS, EXERCISES)
            for line in prose(section(source, lang, title)).splitlines()
        }
        note = NOTES[lang, "clean"]
        for cell in copy.cells:
            if cell.cell_type != "markdown":
                continue
            assert "<details" not in cell.source, path.name
            for line in cell.source.replace(note, "").splitlines():
                line = line.strip()
                assert not line or line.startswith("#") or line in allowed, f"{path.name}: {line}"
        levels = [  # per line of prose or code cell: its heading level, 0 for content
            len(ANY_HEADING.match(line).group(1)) if ANY_HEADING.match(line) else 0
            for cell in copy.cells
            for line in (cell.source.splitlines() if cell.cell_type == "markdown" else ["x"])
            if line.strip()
        ]
        for level, below in zip(levels, levels[1:] + [-1], strict=True):
            assert not level or not below or below > level, f"{path.name}: an empty heading"
    assert kept / total >= 0.8, f"{kept} of {total} code cells kept verbatim"


def test_clean_drops_prose_and_empty_headings():
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 🇬🇧 99 · Title\n\nIntro prose.", metadata={"lang": "en"}),
            new_code_cell("import torch"),
            new_markdown_cell("## 🇬🇧 Just talk\n\nNothing to run.", metadata={"lang": "en"}),
            new_markdown_cell("## 🇬🇧 Part\n\nProse.\n\n### 🇬🇧 Sub", metadata={"lang": "en"}),
            new_code_cell("x = torch.ones(2)"),
            new_markdown_cell("## 🇬🇧 Next notebook\n\nOn to 100.", metadata={"lang": "en"}),
        ]
    )
    copy = edition(nb, "en", "clean")
    assert [c.source for c in copy.cells] == [
        "# 99 · Title\n\n" + NOTES["en", "clean"],
        "import torch",
        "## Part\n### Sub",
        "x = torch.ones(2)",
    ]


def test_links_to_repository_files_resolve_inside_and_become_text_outside(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("See [the README](../README.md#data).")])
    relink(nb, REPO / "editions" / "tr-full")
    assert nb.cells[0].source == "See [the README](../../README.md#data)."
    nb = new_notebook(cells=[new_markdown_cell("See [the README](../README.md#data).")])
    relink(nb, tmp_path / "tr-full")
    assert nb.cells[0].source == "See the README."


def test_an_edition_outside_the_repository_holds_no_symlink(written):
    for folder in written.values():
        for root, dirs, files in os.walk(folder.parent):
            for name in dirs + files:
                assert not (Path(root) / name).is_symlink(), Path(root) / name
    assert {path.name for path in written["tr", "clean"].iterdir()} == {p.name for p in NOTEBOOKS}


def test_the_default_folder_gets_notebooks_and_nothing_beside_them(tmp_path, monkeypatch):
    """The default editions/LANG-EDITION/ of a repository (here a stand-in in tmp_path)."""
    src = tmp_path / "notebooks"
    src.mkdir()
    (src / NOTEBOOKS[-1].name).write_bytes(NOTEBOOKS[-1].read_bytes())  # links ../README.md
    monkeypatch.setattr(editions, "REPO", tmp_path)
    assert editions.main(["--lang", "en", "--edition", "student", "--src", str(src)]) == 0
    made = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "editions").rglob("*"))
    assert made == ["editions/en-student", f"editions/en-student/{NOTEBOOKS[-1].name}"]
    assert not any(p.is_symlink() for p in tmp_path.rglob("*"))
    nb = nbformat.read(tmp_path / "editions" / "en-student" / NOTEBOOKS[-1].name, as_version=4)
    assert "](../../README.md)" in "".join(c.source for c in nb.cells)


def test_bad_arguments_and_an_unwritable_folder(tmp_path):
    assert run_tool("--lang", "de").returncode == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run_tool("--lang", "tr", "--out", str(blocker / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


@pytest.mark.slow
def test_a_student_copy_executes_and_its_checkers_run(tmp_path):
    out = tmp_path / "tr-student"  # outside the repository, nothing linked beside it
    assert run_tool("--lang", "tr", "--edition", "student", "--out", str(out)).returncode == 0
    nb = nbformat.read(out / NOTEBOOKS[0].name, as_version=4)
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(out)}}).execute()
    for cell in code_cells(nb):
        if "raises-exception" not in cell.metadata.get("tags", []):
            assert all(o.output_type != "error" for o in cell.outputs), cell.source[:80]
    check = next(c for c in nb.cells if "check" in c.metadata.get("tags", []))
    lines = "".join(o.get("text", "") for o in check.outputs).splitlines()
    assert lines and all(line.endswith(": True") for line in lines), lines
    answers = [c for c in code_cells(nb) if "exercise" in c.metadata]
    assert answers and all(c.execution_count is not None for c in answers)
    assert any("check_" in c.source and c.outputs for c in answers)
