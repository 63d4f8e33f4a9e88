"""Build the bilingual static site from the committed notebooks, without running them.

    python tools/build_site.py              # -> _site/ (tr/, en/ and a language chooser)
    python tools/build_site.py --out DIR

Sphinx with myst-nb and sphinx-book-theme (configuration in tools/site/) renders each
language's full edition (tools/editions.py), a landing page built from the README's table
and the glossary; the two languages build side by side, one process each. Everything the
pages load (theme, search, copy buttons, MathJax) is served from the site itself.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import HEADING, edition, notebook_paths  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CONF = REPO / "tools" / "site"
LANGS = ("tr", "en")
FLAGS = {"tr": "🇹🇷", "en": "🇬🇧"}
TEXT = {
    "tr": {
        "title": "PyTorch ile MNIST",
        "notebooks": "Defterler",
        "topic": "Ne öğretir",
        "glossary": "Sözlük",
        "term": "Türkçe",
        "other": "İngilizce",
        "explanation": "Açıklama",
        "glossary_intro": 0,
    },
    "en": {
        "title": "MNIST with PyTorch",
        "notebooks": "Notebooks",
        "topic": "What it teaches",
        "glossary": "Glossary",
        "term": "English",
        "other": "Turkish",
        "explanation": "Explanation",
        "glossary_intro": 1,
    },
}


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of every Markdown table in ``markdown``, as stripped cells."""
    rows = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and not all(set(c) <= set("-: ") for c in cells):
            rows.append(cells)
    return rows


def half(text: str, lang: str) -> str:
    """The Turkish (first) or English (second) half of a ``tr / en`` text."""
    parts = text.split(" / ", 1)
    return parts[0 if lang == "tr" or len(parts) == 1 else 1].strip()


def readme_topics(readme: str) -> dict[str, dict[str, str]]:
    """From the README's notebook table: number -> {tr, en, topic_tr, topic_en}."""
    topics = {}
    for cells in table_rows(readme):
        if len(cells) == 4 and re.fullmatch(r"[0-9A-Z]\w*", cells[0]) and cells[0] != "#":
            topics[cells[0]] = {
                "tr": cells[1],
                "en": cells[2],
                "topic_tr": half(cells[3], "tr"),
                "topic_en": half(cells[3], "en"),
            }
    return topics


def readme_intro(readme: str, lang: str) -> str:
    """The README's opening paragraph in ``lang``, without its flag marker."""
    marker = f"**{FLAGS[lang]}**"
    para = next((p for p in readme.split("\n\n") if p.startswith(marker)), "")
    return para.removeprefix(marker).strip()


def title_of(nb: nbformat.NotebookNode) -> str:
    """The text of a notebook's first heading."""
    for cell in nb.cells:
        match = cell.cell_type == "markdown" and HEADING.search(cell.source)
        if match:
            return match.group(2).strip()
    return ""


def landing(lang: str, pages: list[tuple[str, str]], readme: str) -> str:
    """The language's index page: the README's intro, its table as links, the toctree."""
    text, topics = TEXT[lang], readme_topics(readme)
    lines = [f"# {text['title']}", "", readme_intro(readme, lang), "", f"## {text['notebooks']}"]
    lines += ["", f"| # | {text['notebooks']} | {text['topic']} |", "|---|---|---|"]
    for stem, title in pages:
        number = stem.split("_", 1)[0]
        topic = topics.get(number, {}).get(f"topic_{lang}", "")
        lines.append(f"| {number} | [{title}]({stem}.ipynb) | {topic} |")
    lines += ["", f"[{text['glossary']}](glossary.md)", "", "```{toctree}", ":hidden:"]
    lines += ["", *(stem for stem, _ in pages), "glossary", "```", ""]
    return "\n".join(lines)


def glossary(lang: str, source: str) -> str:
    """docs/glossary.md in one language: its intro paragraph and table, explanations split."""
    text = TEXT[lang]
    paras = [p for p in source.split("\n\n")[1:] if p.strip() and not p.startswith("|")]
    lines = [f"# {text['glossary']}", "", paras[text["glossary_intro"]].strip(), ""]
    lines += [f"| {text['term']} | {text['other']} | {text['explanation']} |", "|---|---|---|"]
    for cells in table_rows(source)[1:]:
        if len(cells) == 3:
            term, other = (cells[0], cells[1]) if lang == "tr" else (cells[1], cells[0])
            lines.append(f"| {term} | {other} | {half(cells[2], lang)} |")
    return "\n".join(lines) + "\n"


def unlink_outside(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Links to repository files outside the site (``../README.md``) become their text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\[([^\]]+)\]\(\.\./[^)\s]*\)", r"\1", cell.source)
    return nb


def fold_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Solution cells start folded on the site too (myst-nb's ``hide-cell`` tag)."""
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "solution" in tags and "hide-cell" not in tags:
            cell.metadata["tags"] = [*tags, "hide-cell"]
    return nb


def write_sources(lang: str, src: Path) -> int:
    """Write one language's pages (notebooks, landing page, glossary) into ``src``."""
    src.mkdir(parents=True)
    pages = []
    for path in notebook_paths(REPO / "notebooks"):
        nb = fold_solutions(
            unlink_outside(edition(nbformat.read(path, as_version=4), lang, "full"))
        )
        nbformat.write(nb, src / path.name)
        pages.append((path.stem, title_of(nb)))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(landing(lang, pages, readme), encoding="utf-8")
    source = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")
    (src / "glossary.md").write_text(glossary(lang, source), encoding="utf-8")
    return len(pages) + 2


def sphinx(lang: str, src: Path, out: Path, doctrees: Path) -> subprocess.Popen:
    """Start ``sphinx-build`` for one language (quiet: warnings and errors only)."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(CONF)]
    command += ["-d", str(doctrees), str(src), str(out)]
    env = {**os.environ, "SITE_LANG": lang, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)


ROOT_PAGE = """<!DOCTYPE html>
<html lang="tr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PyTorch ile MNIST / MNIST with PyTorch</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; }
a { display: block; margin: 1rem 0; padding: 1rem; border: 1px solid #888; border-radius: 6px;
    font-size: 1.3rem; text-decoration: none; }
</style>
</head>
<body>
<h1>PyTorch ile MNIST / MNIST with PyTorch</h1>
<a href="tr/index.html" lang="tr" hreflang="tr">Türkçe</a>
<a href="en/index.html" lang="en" hreflang="en">English</a>
</body>
</html>
"""


def prepare_out(out: Path) -> None:
    """Make ``out`` writable and clear earlier Sphinx builds in it (only those)."""
    out.mkdir(parents=True, exist_ok=True)
    probe = out / ".write-test"
    probe.write_text("", encoding="utf-8")
    probe.unlink()
    for lang in LANGS:
        if (out / lang / ".buildinfo").exists():
            shutil.rmtree(out / lang)


def build(out: Path) -> int:
    """Build both languages into ``out``; return the number of pages per language."""
    with tempfile.TemporaryDirectory(prefix="site-") as tmp:
        pages = {lang: write_sources(lang, Path(tmp) / lang) for lang in LANGS}
        # myst-nb writes beside the output folder, so each language builds in its own place
        html = {lang: Path(tmp) / "html" / lang / "site" for lang in LANGS}
        runs = {
            lang: sphinx(lang, Path(tmp) / lang, html[lang], Path(tmp) / f"doctrees-{lang}")
            for lang in LANGS
        }
        failed = []
        for lang, run in runs.items():
            _, log = run.communicate()
            if log.strip():
                print(log.strip(), file=sys.stderr)
            if run.returncode:
                failed.append(lang)
        if failed:
            raise RuntimeError(f"sphinx-build failed for {', '.join(failed)}")
        for lang in LANGS:
            shutil.move(html[lang], out / lang)
    (out / "index.html").write_text(ROOT_PAGE, encoding="utf-8")
    return pages["tr"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "_site", help="default: _site/")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        prepare_out(args.out)
    except OSError as exc:
        print(f"error: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        pages = build(args.out)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(f"Built {pages} pages per language into {args.out} in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
