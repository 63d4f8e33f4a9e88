"""Write monolingual copies of the notebooks: only the Turkish or only the English prose.

    python tools/split_languages.py --lang tr            # -> notebooks-tr/
    python tools/split_languages.py --lang en --out DIR

Code cells and their outputs are kept as they are; prose cells of the other language
are dropped and the 🇹🇷/🇬🇧 marker is removed. The default output folder
``notebooks-LANG/`` (git-ignored) sits beside ``notebooks/``, so the notebooks'
relative paths such as ``../data`` keep working there.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
MARKERS = {"tr": "🇹🇷", "en": "🇬🇧"}


def monolingual(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` with only the prose cells of ``lang``, markers removed."""
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(MARKERS), required=True)
    parser.add_argument("--src", type=Path, default=REPO / "notebooks")
    parser.add_argument("--out", type=Path, help="default: notebooks-LANG/ beside notebooks/")
    args = parser.parse_args(argv)
    out = args.out or REPO / f"notebooks-{args.lang}"
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(args.src.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        parser.error(f"no numbered notebooks in {args.src}")
    for path in paths:
        nbformat.write(monolingual(nbformat.read(path, as_version=4), args.lang), out / path.name)
    print(f"Wrote {len(paths)} {args.lang} notebooks to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
