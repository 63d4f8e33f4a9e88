"""Write one-language editions of the notebooks: full, student or clean.

    python tools/editions.py --lang tr --edition full        # -> editions/tr-full/
    python tools/editions.py --lang en --edition student     # -> editions/en-student/
    python tools/editions.py --lang tr --edition clean --out DIR

- full: one language, everything else as committed, outputs included.
- student: one language, no outputs and no solutions (the cells tagged ``solution``, the
  Solutions section, the questions' ``<details>`` answers). Every exercise is a prose cell
  of its own with an empty answer cell right under it, marked ``TODO`` and holding that
  exercise's checker call where it has one. The check cell and the predict-first cells stay.
- clean, like fastbook's ``clean/`` notebooks: one language, every code cell but the
  solutions kept verbatim, no outputs; of the prose only the headings, the questions
  (without answers) and the exercise statements. A heading left with nothing under it goes.

The default folder is ``editions/LANG-EDITION/`` (git-ignored). An edition holds notebooks
only, no links: the notebooks find the data through ``mnist_helpers.data.data_dir()``, so
``--out`` may be any folder. Prose links to repository files (``../README.md``) are rewritten
to reach them when ``--out`` is inside the repository, and become plain text outside it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt
from notebook_format import EXERCISES, MARKERS, QUESTIONS, SOLUTIONS

REPO = Path(__file__).resolve().parent.parent
EDITIONS = ("full", "student", "clean")
SECTIONS = {"solutions": SOLUTIONS, "exercises": EXERCISES, "questions": QUESTIONS}
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# an answer with the indentation before it, so that the list item it sat in closes cleanly
DETAILS = re.compile(r"(?:^[ \t]*)?<details\b.*?</details>[ \t]*\n?", re.DOTALL | re.I | re.M)
OUTSIDE_LINK = re.compile(r"\[([^\]]*)\]\(\.\./([^)\s]*)\)")  # [text](../README.md)
FLAG = re.compile("[ \t]*(?:" + "|".join(MARKERS.values()) + ")[ \t]*")
CHECKER_IMPORT = re.compile(
    r"^from mnist_helpers\.exercises import (\([^)]*\)|.*)\n?", re.MULTILINE
)
EXERCISE_COMMENT = re.compile(r"#.*\bexercise (\d+)\b", re.IGNORECASE)

NOTES = {
    ("tr", "student"): "*Öğrenci kopyası: çıktılar, çözümler ve soruların cevapları "
    "çıkarıldı. Her alıştırmanın hemen altında `TODO` ile işaretli bir cevap hücresi var; "
    "alıştırmanın denetleyicisi (`check_...`) varsa çağrısı o hücrede. Kontrol hücresi yerinde.*",
    ("en", "student"): "*Student copy: outputs, solutions and the answers to the questions "
    "removed. Right under every exercise is an answer cell marked `TODO`; where the exercise "
    "has a checker (`check_...`), its call is in that cell. The check cell is in place.*",
    ("tr", "clean"): "*Temiz kopya: kod hücreleri olduğu gibi duruyor, çıktılar çıkarıldı. "
    "Metinden yalnızca başlıklar, sorular (cevapsız) ve alıştırmalar kaldı; çözümler çıkarıldı.*",
    ("en", "clean"): "*Clean copy: the code cells as they are, outputs removed. Of the prose "
    "only the headings, the questions (without answers) and the exercises remain; solutions "
    "removed.*",
}
TODO = {
    "tr": "# TODO alıştırma {}: cevabınızı buraya yazın",
    "en": "# TODO exercise {}: write your answer here",
}


def notebook_paths(src: Path) -> list[Path]:
    """The series' notebooks in ``src``: numbered ones first, then the others (appendices)."""
    paths = sorted(src.glob("*.ipynb"))
    return [p for p in paths if p.name[0].isdigit()] + [p for p in paths if not p.name[0].isdigit()]


def heading_kind(title: str) -> str | None:
    """'solutions', 'exercises' or 'questions' for those section titles, else None."""
    title = FLAG.sub("", title).strip()
    return next((kind for kind, names in SECTIONS.items() if title.startswith(names)), None)


def markdown_lines(source: str) -> Iterator[tuple[str, int | None]]:
    """Each line of a markdown source with its heading level (None: not a heading)."""
    fenced = False
    for line in source.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line.rstrip("\n"))
        yield line, (len(match.group(1)) if match else None)


def annotate(nb: nbformat.NotebookNode) -> list[list[tuple[str, str | None]]]:
    """Per cell, its lines with the special section each sits in (see SECTIONS).

    A section runs from its heading to the next heading of the same or a higher level.
    A code cell is one line: its whole source.
    """
    kind, level = None, 0
    annotated = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            annotated.append([(cell.source, kind)])
            continue
        lines = []
        for line, depth in markdown_lines(cell.source):
            if depth is not None and kind and depth <= level:
                kind = None
            if depth is not None and not kind:
                kind = heading_kind(HEADING.match(line.rstrip("\n")).group(2))
                level = depth
            lines.append((line, kind))
        annotated.append(lines)
    return annotated


def monolingual(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` with only the prose cells of ``lang``, flag markers removed."""
    copy = nbformat.from_dict(nb)
    marker = re.compile(r"^([ \t]*#*[ \t]*)" + re.escape(MARKERS[lang]) + r"[ \t]*", re.MULTILINE)
    cells = []
    for cell in copy.cells:
        if cell.cell_type == "markdown":
            if cell.metadata.get("lang") != lang:
                continue
            cell.source = marker.sub(r"\1", cell.source)
        cells.append(cell)
    copy.cells = cells
    copy.metadata["lang"] = lang
    return copy


def clear_outputs(cell: nbformat.NotebookNode) -> None:
    """Empty a code cell's outputs and execution count (other cells are left alone)."""
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None


def add_note(nb: nbformat.NotebookNode, note: str) -> None:
    """Put ``note`` under the first prose cell's text (the title)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.rstrip() + "\n\n" + note
            return


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return "solution" in cell.metadata.get("tags", [])


def without_answers(text: str) -> str:
    """Prose with its ``<details>`` answers and HTML comments gone and no blank-line runs.

    The answer's indentation goes with it and whitespace-only lines are emptied, so that
    a question list stays one item per question in CommonMark.
    """
    text = COMMENT.sub("", DETAILS.sub("", text))
    text = re.sub(r"^[ \t]+$", "", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def without_solutions(
    nb: nbformat.NotebookNode, keep: Callable[[str, int | None, str | None], bool]
) -> list[tuple[nbformat.NotebookNode, str | None]]:
    """The cells of ``nb`` with their section: solutions and outputs gone, answers cut.

    ``keep(line, heading_level, section)`` picks the prose lines outside the solutions.
    """
    cells = []
    for cell, lines in zip(nb.cells, annotate(nb), strict=True):
        kind = lines[-1][1]
        if cell.cell_type == "markdown":
            levels = [depth for _, depth in markdown_lines(cell.source)]
            text = "".join(
                line
                for (line, k), depth in zip(lines, levels, strict=True)
                if k != "solutions" and keep(line, depth, k)
            )
            cell.source = without_answers(text)
            if not cell.source:
                continue
            kind = next((k for _, k in lines if k), None)
        elif is_solution(cell) or kind == "solutions":
            continue
        clear_outputs(cell)
        cells.append((cell, kind))
    return cells


def exercise_starts(text: str) -> list[tuple[int, str]]:
    """(line, number) of each item of the top-level numbered lists in ``text``."""
    tokens = MarkdownIt("commonmark").parse(text)
    return [
        (token.map[0], token.info)
        for token in tokens
        if token.type == "list_item_open" and token.level == 1 and token.markup in ".)"
    ]


def split_exercises(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first exercise, and each exercise's (number, statement)."""
    lines = text.splitlines(keepends=True)
    starts = exercise_starts(text)
    bounds = [line for line, _ in starts] + [len(lines)]
    exercises = [
        (number, "".join(lines[start:end]).strip())
        for (start, number), end in zip(starts, bounds[1:], strict=True)
    ]
    return "".join(lines[: bounds[0]]).strip(), exercises


def checker_blocks(source: str) -> tuple[list[str], list[str]]:
    """The checkers an answer cell imports, and its blank-line separated blocks.

    A block that calls no checker is joined to the next one (or the last one).
    """
    names = [
        name.strip(" ()\n")
        for group in CHECKER_IMPORT.findall(source)
        for name in group.strip("()").split(",")
        if name.strip(" ()\n")
    ]
    blocks, pending = [], ""
    for block in re.split(r"\n[ \t]*\n", CHECKER_IMPORT.sub("", source).strip()):
        pending = f"{pending}\n{block}".strip("\n")
        if any(re.search(rf"\b{name}\b", block) for name in names):
            blocks.append(pending)
            pending = ""
    if pending and blocks:
        blocks[-1] += "\n" + pending
    elif pending:
        blocks.append(pending)
    return names, blocks


def owner(block: str, names: list[str], exercises: list[tuple[str, str]]) -> str:
    """The number of the exercise a checker block belongs to.

    A ``# exercise N`` comment in the block decides; otherwise the first exercise whose
    statement names one of the block's checkers.
    """
    comment = EXERCISE_COMMENT.search(block)
    used = [name for name in names if re.search(rf"\b{name}\b", block)]
    wanted = comment.group(1) if comment else None
    for number, statement in exercises:
        if number == wanted or (wanted is None and any(name in statement for name in used)):
            return number
    first = block.strip().splitlines()[0] if block.strip() else "(empty)"
    raise ValueError(f"the answer-cell block {first!r} names no exercise")


def answer_cell(
    number: str, blocks: list[str], names: list[str], lang: str, cell_id: str
) -> nbformat.NotebookNode:
    """The learner's cell for one exercise: the TODO line, then its checker calls."""
    lines = [TODO[lang].format(number)]
    used = [n for n in dict.fromkeys(names) if any(re.search(rf"\b{n}\b", b) for b in blocks)]
    if used:
        lines.append(f"from mnist_helpers.exercises import {', '.join(used)}")
    source = "\n\n".join(["\n".join(lines), *blocks])
    cell = nbformat.v4.new_code_cell(source, metadata={"exercise": int(number)})
    cell.id = cell_id
    return cell


def exercise_cells(
    cells: list[tuple[nbformat.NotebookNode, str | None]], lang: str
) -> list[nbformat.NotebookNode]:
    """The cells with every exercise as its own prose cell followed by its answer cell.

    The answer cells under Exercises (those importing ``mnist_helpers.exercises``) are
    split: each checker block moves into the answer cell of the exercise it belongs to.
    """
    statements = [
        (cell, split_exercises(cell.source))
        for cell, kind in cells
        if cell.cell_type == "markdown" and kind == "exercises"
    ]
    exercises = [exercise for _, (_, found) in statements for exercise in found]
    owned: dict[str, list[str]] = {number: [] for number, _ in exercises}
    names: list[str] = []
    answers = set()
    for cell, kind in cells:
        if cell.cell_type == "code" and kind == "exercises" and CHECKER_IMPORT.search(cell.source):
            found, blocks = checker_blocks(cell.source)
            names += found
            for block in blocks:
                owned[owner(block, found, exercises)].append(block)
            answers.add(id(cell))
    split = {id(cell): parts for cell, parts in statements}
    result = []
    for cell, _ in cells:
        if id(cell) in answers:
            continue
        if id(cell) not in split or not split[id(cell)][1]:
            result.append(cell)
            continue
        preamble, found = split[id(cell)]
        if preamble:
            result.append(nbformat.v4.new_markdown_cell(preamble, metadata=cell.metadata))
            result[-1].id = cell.id
        for number, statement in found:
            prose = nbformat.v4.new_markdown_cell(statement, metadata=cell.metadata)
            prose.id = f"{cell.id}-{number}"
            result.append(prose)
            result.append(answer_cell(number, owned[number], names, lang, f"{cell.id}-{number}a"))
    return result


def student(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """No outputs, solutions or answers; each exercise followed by its own answer cell."""
    nb.cells = exercise_cells(without_solutions(nb, lambda *_: True), lang)
    add_note(nb, NOTES[lang, "student"])
    return nb


def drop_empty_headings(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The cells without the headings that have nothing under them but other headings."""
    units = []  # (cell index, line index, heading level or None for content)
    for c, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            units.append((c, None, None))
            continue
        for n, (line, depth) in enumerate(markdown_lines(cell.source)):
            if line.strip():
                units.append((c, n, depth))
    empty = set()
    for i, (c, n, depth) in enumerate(units):
        if depth is None:
            continue
        for _, _, below in units[i + 1 :]:
            if below is not None and below <= depth:
                empty.add((c, n))
                break
            if below is None:
                break
        else:
            empty.add((c, n))
    kept = []
    for c, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines(keepends=True)
            cell.source = without_answers(
                "".join(line for n, line in enumerate(lines) if (c, n) not in empty)
            )
            if not cell.source:
                continue
        kept.append(cell)
    return kept


def clean(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The code verbatim; of the prose the headings, the questions and the exercises."""
    cells = without_solutions(
        nb, lambda line, depth, kind: depth is not None or kind in ("questions", "exercises")
    )
    nb.cells = [cell for cell, _ in cells]
    add_note(nb, NOTES[lang, "clean"])
    nb.cells = drop_empty_headings(nb.cells)
    return nb


BUILDERS: dict[str, Callable[[nbformat.NotebookNode, str], nbformat.NotebookNode]] = {
    "full": lambda nb, lang: nb,
    "student": student,
    "clean": clean,
}


def edition(nb: nbformat.NotebookNode, lang: str, name: str) -> nbformat.NotebookNode:
    """One language of ``nb`` as the edition ``name`` (full, student or clean)."""
    copy = BUILDERS[name](monolingual(nb, lang), lang)
    copy.metadata["edition"] = name
    return copy


def relink(nb: nbformat.NotebookNode, out: Path) -> nbformat.NotebookNode:
    """Point the prose's links to repository files (``../README.md``) there from ``out``.

    Outside the repository such a link becomes its text: the folder may travel alone.
    """
    out = out.resolve()
    if out.is_relative_to(REPO):
        base = Path(os.path.relpath(REPO, out)).as_posix()
        replacement = rf"[\1]({base}/\2)"
    else:
        replacement = r"\1"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = OUTSIDE_LINK.sub(replacement, cell.source)
    return nb


def write_edition(src: Path, out: Path, lang: str, name: str) -> list[Path]:
    """Write every notebook of ``src`` as one edition into ``out``; return the written paths."""
    notebooks = []
    for path in notebook_paths(src):
        try:
            nb = relink(edition(nbformat.read(path, as_version=4), lang, name), out)
        except ValueError as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
        nbformat.validate(nb)
        notebooks.append((out / path.name, nb))
    out.mkdir(parents=True, exist_ok=True)
    for target, nb in notebooks:
        nbformat.write(nb, target)
    return [target for target, _ in notebooks]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=sorted(MARKERS), required=True)
    parser.add_argument("--edition", choices=EDITIONS, default="full")
    parser.add_argument("--src", type=Path, default=REPO / "notebooks")
    parser.add_argument("--out", type=Path, help="default: editions/LANG-EDITION/")
    args = parser.parse_args(argv)
    if not notebook_paths(args.src):
        print(f"error: no notebooks in {args.src}", file=sys.stderr)
        return 1
    out = args.out or REPO / "editions" / f"{args.lang}-{args.edition}"
    try:
        written = write_edition(args.src, out, args.lang, args.edition)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} {args.lang} {args.edition} notebooks to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
