"""Learning by doing: questions, checked exercises, predict-first prompts and hidden,
executed solutions in every notebook (rules in docs/authoring.md, "Exercises")."""

from __future__ import annotations

import re

import notebook_format as fmt
import pytest
from notebook_cells import NOTEBOOKS, read

QUESTIONS = fmt.heading(fmt.QUESTIONS)
EXERCISES = fmt.heading(fmt.EXERCISES)
SOLUTIONS = fmt.heading(fmt.SOLUTIONS)
PREDICT = fmt.PREDICT_FIRST
CHECK_CALL = re.compile(r"\b(check_\w+)\(")
DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL)
FENCE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)
#: notebooks whose exercises must include at least two checked ones
CHECKED_FROM = 5


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return read(request.param)


def first_line(cell) -> str:
    return cell.source.splitlines()[0].strip() if cell.source.strip() else ""


def section(nb, pair: tuple[str, str]) -> list:
    """The cells under the level-2 headings ``pair`` (Turkish, English), up to the next
    other level-2 heading."""
    cells, inside = [], False
    for cell in nb.cells:
        line = first_line(cell) if cell.cell_type == "markdown" else ""
        if line.startswith("## "):
            inside = line in pair
            if inside:
                continue
        if inside:
            cells.append(cell)
    return cells


def test_questions_have_five_to_eight_collapsed_answers(nb):
    for heading in QUESTIONS:
        cells = [c for c in nb.cells if first_line(c) == heading]
        assert len(cells) == 1, f"one '{heading}' cell"
        text = cells[0].source
        questions = re.findall(r"^\d+\.\s", text, re.MULTILINE)
        answers = re.findall(r"<details>", text)
        assert 5 <= len(questions) <= 8, f"{heading}: {len(questions)} questions, want 5–8"
        assert len(answers) == len(questions), f"{heading}: every question has a <details> answer"
        assert text.count("</details>") == len(answers)


def test_solutions_are_collapsed_and_hold_no_unexecuted_code(nb):
    cells = section(nb, SOLUTIONS)
    for cell in cells:
        if cell.cell_type == "markdown":
            body = (
                "\n".join(cell.source.splitlines()[1:])
                if first_line(cell).startswith("#")
                else cell.source
            )
            assert not FENCE.search(cell.source), (
                f"a code block in the solutions' prose: make it a code cell tagged 'solution'\n"
                f"{cell.source[:200]}"
            )
            outside = DETAILS.sub("", body).strip()
            assert not outside, f"solution prose outside <details>: {outside[:120]!r}"
        else:
            assert "solution" in cell.metadata.get("tags", []), "untagged code under Solutions"


def test_solution_cells_are_hidden_and_lie_under_solutions(nb):
    under = {id(c) for c in section(nb, SOLUTIONS)}
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            assert cell.cell_type == "code"
            assert id(cell) in under, "a 'solution' cell outside the Solutions section"
            hidden = cell.metadata.get("jupyter", {})
            assert hidden.get("source_hidden") is True and hidden.get("outputs_hidden") is True, (
                "solution cells start collapsed: metadata jupyter.source_hidden/outputs_hidden"
            )


def test_solutions_pass_their_own_checkers(nb):
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []) and CHECK_CALL.search(cell.source):
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert "✅ Doğru! / Correct!" in text and "Henüz değil" not in text, (
                f"a solution that its checker rejects:\n{cell.source[:300]}\n{text[:300]}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_checked(path):
    nb = read(path)
    answer_cells = [c for c in section(nb, EXERCISES) if c.cell_type == "code"]
    called = {name for c in answer_cells for name in CHECK_CALL.findall(c.source)}
    imported = " ".join(c.source for c in answer_cells)
    assert "from mnist_helpers.exercises import" in imported, "the answer cell imports its checkers"
    number = path.name[:2]
    want = 2 if number.isdigit() and int(number) >= CHECKED_FROM else 1
    assert len(called) >= want, f"{len(called)} checked exercises, want at least {want}"
    solved = {
        name
        for c in section(nb, SOLUTIONS)
        if c.cell_type == "code"
        for name in CHECK_CALL.findall(c.source)
    }
    assert called <= solved, f"checkers no solution cell calls: {sorted(called - solved)}"


def test_predict_first_prompts_are_followed_by_a_guess_and_a_reveal(nb):
    cells = nb.cells
    prompts = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and c.metadata.get("lang") == "tr" and PREDICT[0] in c.source
    ]
    assert prompts, f"no '{PREDICT[0]} / {PREDICT[1]}' prompt"
    for i in prompts:
        assert PREDICT[1] in cells[i + 1].source, "the English twin says 'Predict first'"
        guess = cells[i + 2]
        assert guess.cell_type == "code" and "guess" in guess.source, (
            "the cell after a prompt is where the learner writes `guess = ...`"
        )
        later = [c.source for c in cells[i + 2 :] if c.cell_type == "code"]
        assert any("reveal(" in source for source in later[:3]), (
            "a reveal(guess, ...) call follows within three code cells"
        )
