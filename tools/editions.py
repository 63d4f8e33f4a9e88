"""Write one-language editions of the notebooks: full, student or clean.

    python tools/editions.py --lang tr --edition full        # -> editions/tr-full/
    python tools/editions.py --lang en --edition student     # -> editions/en-student/
    python tools/editions.py --lang tr --edition clean --out DIR

- full: one language, everything else as committed, outputs included.
- student: one language, outputs cleared, solutions and <details> answers removed; the
  exercise cells stay as blanks with a TODO, the checkers and the check cell stay.
- clean: headings and code only, outputs cleared; every code cell after the setup cell
  (and any cell made only of imports) is emptied down to a one-line comment that says
  what it did, for live coding and recall practice.

The default folder ``editions/LANG-EDITION/`` is git-ignored; ``editions/data`` links to
``data/`` so that the notebooks' ``../data`` paths keep working there.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
MARKERS = {"tr": "🇹🇷", "en": "🇬🇧"}
EDITIONS = ("full", "student", "clean")
SOLUTIONS = ("Çözümler", "Solutions")
EXERCISES = ("Alıştırmalar", "Exercises")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
DETAILS = re.compile(r"<details\b.*?</details>[ \t]*\n?", re.DOTALL | re.IGNORECASE)
OUTSIDE_LINK = re.compile(r"\]\(\.\./([^)\s]*)\)")  # [text](../README.md): a repository file
FLAG = re.compile("[ \t]*(?:" + "|".join(MARKERS.values()) + ")[ \t]*")

NOTES = {
    ("tr", "student"): "*Öğrenci kopyası: çıktılar ve çözümler çıkarıldı. "
    "Cevaplarınızı `TODO` yazan hücrelere yazın; denetleyiciler (`check_...`) yerinde.*",
    ("en", "student"): "*Student copy: outputs and solutions removed. "
    "Write your answers in the cells marked `TODO`; the checkers (`check_...`) are in place.*",
    ("tr", "clean"): "*Temiz kopya: yalnızca başlıklar ve kod. Kurulum hücresinden sonraki "
    "kod hücreleri boş; her birinde ne yaptığını söyleyen tek satırlık bir yorum var.*",
    ("en", "clean"): "*Clean copy: headings and code only. The code cells after the setup "
    "cell are empty, each with a one-line comment saying what it did.*",
}
TODO = {"tr": "# TODO: cevabınızı buraya yazın", "en": "# TODO: write your answer here"}
WORDS = {
    "tr": {"defines": "tanımlar", "sets": "atar", "calls": "çağırır", "lines": "{} satır kod"},
    "en": {"defines": "defines", "sets": "sets", "calls": "calls", "lines": "{} lines of code"},
}


def notebook_paths(src: Path) -> list[Path]:
    """The series' notebooks in ``src``: numbered ones first, then the others (appendices)."""
    paths = sorted(src.glob("*.ipynb"))
    return [p for p in paths if p.name[0].isdigit()] + [p for p in paths if not p.name[0].isdigit()]


def heading_kind(title: str) -> str | None:
    """'solutions' or 'exercises' for those section titles (flag or not), else None."""
    title = FLAG.sub("", title).strip()
    if title.startswith(SOLUTIONS):
        return "solutions"
    if title.startswith(EXERCISES):
        return "exercises"
    return None


def markdown_lines(source: str) -> Iterator[tuple[str, int | None]]:
    """Each line of a markdown source with its heading level (None: not a heading)."""
    fenced = False
    for line in source.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line.rstrip("\n"))
        yield line, (len(match.group(1)) if match else None)


def annotate(nb: nbformat.NotebookNode) -> list[list[tuple[str, str | None]]]:
    """Per cell, its lines with the special section each sits in ('solutions', 'exercises').

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


def student(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Outputs cleared, solutions gone, exercise cells as blanks with a TODO."""
    cells, exercise_end, has_blank = [], None, False
    for cell, lines in zip(nb.cells, annotate(nb), strict=True):
        kind = lines[-1][1]
        if cell.cell_type == "markdown":
            text = "".join(line for line, k in lines if k != "solutions")
            cell.source = COMMENT.sub("", DETAILS.sub("", text)).strip()
            if not cell.source:
                continue
        elif is_solution(cell) or kind == "solutions":
            continue
        elif kind == "exercises":
            has_blank = True
            if "TODO" not in cell.source:
                cell.source = cell.source.rstrip() + "\n\n" + TODO[lang]
        clear_outputs(cell)
        cells.append(cell)
        if kind == "exercises":
            exercise_end = len(cells)
    if exercise_end is not None and not has_blank:
        cells.insert(exercise_end, nbformat.v4.new_code_cell(TODO[lang]))
    nb.cells = cells
    add_note(nb, NOTES[lang, "student"])
    return nb


def dotted(node: ast.expr) -> str | None:
    """``plt.show`` for the callee ``plt.show``; None for anything not a plain name path."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return None


def target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for elt in target.elts for name in target_names(elt)]
    return [dotted(target)] if isinstance(target, ast.Attribute) and dotted(target) else []


def listing(names: list[str], limit: int = 4) -> str:
    unique = list(dict.fromkeys(names))
    return ", ".join(unique[:limit]) + (", …" if len(unique) > limit else "")


def describe(source: str, lang: str) -> str:
    """A one-line comment saying what a code cell does: its first comment, names, calls."""
    lines = source.splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    lead = first.lstrip("#").strip() if first.startswith("#") else ""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return "# " + (lead or WORDS[lang]["lines"].format(len(lines)))
    words = WORDS[lang]
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assigned = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            assigned += [name for t in node.targets for name in target_names(t)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            assigned += target_names(node.target)
    calls = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call) and dotted(n.func)),
        key=lambda n: (n.lineno, n.col_offset),
    )
    parts = [
        f"{words[key]}: {listing(names)}"
        for key, names in (
            ("defines", defined),
            ("sets", assigned),
            ("calls", [f"{dotted(n.func)}()" for n in calls]),
        )
        if names
    ]
    text = " · ".join(filter(None, [lead, "; ".join(parts)])) or words["lines"].format(len(lines))
    return "# " + (text if len(text) <= 110 else text[:109] + "…")


def is_import_only(source: str) -> bool:
    """True for a cell of nothing but imports (and comments)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(n, ast.Import | ast.ImportFrom) for n in body)


def clean(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Headings and code; code cells after the setup cell emptied to a describing comment."""
    cells, seen_setup = [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heads = [line for line, depth in markdown_lines(cell.source) if depth is not None]
            if not heads:
                continue
            cell.source = COMMENT.sub("", "".join(heads)).strip()
        elif cell.cell_type == "code":
            if seen_setup and not is_import_only(cell.source):
                cell.source = describe(cell.source, lang)
            seen_setup = True
        clear_outputs(cell)
        cells.append(cell)
    nb.cells = cells
    add_note(nb, NOTES[lang, "clean"])
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


def link_data(out: Path) -> None:
    """Let ``../data`` from ``out`` reach the repository's data/ (best effort)."""
    link = out.parent / "data"
    if not link.exists() and not link.is_symlink():
        try:
            link.symlink_to(Path("..") / "data", target_is_directory=True)
        except OSError:
            print(f"note: could not link {link} to data/; run the notebooks from notebooks/")


def relink(nb: nbformat.NotebookNode, out: Path) -> nbformat.NotebookNode:
    """Point the prose's links to repository files (``../README.md``) there from ``out``."""
    base = Path(os.path.relpath(REPO, out.resolve())).as_posix()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = OUTSIDE_LINK.sub(rf"]({base}/\1)", cell.source)
    return nb


def write_edition(src: Path, out: Path, lang: str, name: str) -> list[Path]:
    """Write every notebook of ``src`` as one edition into ``out``; return the written paths."""
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for path in notebook_paths(src):
        nb = relink(edition(nbformat.read(path, as_version=4), lang, name), out)
        nbformat.validate(nb)
        nbformat.write(nb, out / path.name)
        written.append(out / path.name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    except OSError as exc:
        print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.out is None:
        link_data(out)
    print(f"Wrote {len(written)} {args.lang} {args.edition} notebooks to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
