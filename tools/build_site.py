"""Build the bilingual static site from the committed notebooks, without running them.

    python tools/build_site.py              # -> _site/ (tr/, en/ and a language chooser)
    python tools/build_site.py --out DIR

Sphinx with myst-nb and sphinx-book-theme (configuration in tools/site/) renders each
language's full edition (tools/editions.py), a landing page built from the README and the
glossary; the two languages build side by side, one process each. Everything the pages
load (theme, search, copy buttons, MathJax) is served from the site itself; MathJax and
the live digit pad's files (tools/pad_site.py, when it exists) once, in the site's
shared ``_static/``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import HEADING, edition, notebook_paths  # noqa: E402
from notebook_format import MARKERS as FLAGS  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CONF = REPO / "tools" / "site"
PAD = REPO / "tools" / "pad_site.py"
SHARED = "_static"  # the site's shared static folder: MathJax, the favicon, the pad's files
MATHJAX_ENTRY = "tex-chtml.js"  # conf.py's mathjax_path points here
LANGS = ("tr", "en")
BLOG_REPO = "https://github.com/beratcmn/pytorch-mnist"
BLOG_PATH = ("01", "02", "03", "04", "05", "06")  # the notebooks that follow the blog post
RUN_COMMANDS = {  # system: (code block language, how to activate the environment)
    "Linux / macOS": ("bash", ". .venv/bin/activate"),
    "Windows (PowerShell)": ("powershell", r".venv\Scripts\activate"),
}
TEXT = {
    "tr": {
        "title": "PyTorch ile MNIST",
        "notebooks": "Defterler",
        "notebook": "Defter",
        "topic": "Ne öğretir",
        "glossary": "Sözlük",
        "term": "Türkçe",
        "other": "İngilizce",
        "explanation": "Açıklama",
        "glossary_intro": 0,
        "source": (
            "Seri, Türkçe *Temellere Dönüş, PyTorch ile MNIST* blog yazısının yolundan gider: "
            "adımlarını, kod yapısını ve hiperparametrelerini ondan alır "
            "([yazının deposu]({url})). Yazının cümlelerini kopyalamıyoruz; anlatım bizim."
        ),
        "who": "Kimler için",
        "who_text": (
            "Python okuyabilen herkes için: PyTorch bilgisi gerekmez, seri onu ilk defterden "
            "başlayarak kurar. Keras'tan gelenler 05'te iki kütüphaneyi yan yana koyan bir "
            "tablo bulur; öğretmenler için aşağıda sınıfa göre hazırlanmış baskılar var."
        ),
        "start": "Nereden başlamalı",
        "first": "ile başlayın: ortamı denetler, tensorları ve otomatik türevi tanıtır.",
        "blog": "blog yazısının yolunu izler (veri, model, eğitim, test):",
        "beyond": "yazının ötesine geçer:",
        "run": "Bilgisayarınızda çalıştırmak",
        "run_text": (
            "Depoyu bilgisayarınıza alın (klonlayın ya da indirin); MNIST verisi depoyla "
            "gelir. Kök klasöründe bir sanal ortam kurup Jupyter'i açın:"
        ),
        "run_after": (
            "Sonra `notebooks/` klasöründen bir defter açın ve *Kernel → Restart Kernel and "
            "Run All Cells* ile baştan sona çalıştırın. VSCode'da çekirdek olarak `.venv`'i seçin."
        ),
        "classroom": "Sınıfta",
        "edition": "Baskı",
        "when": "Ne zaman, içinde ne var",
        "editions_command": "Bir baskıyı üretmek için, depo kökünde:",
        "glossary_line": "Serinin Türkçe–İngilizce terimleri: [Sözlük](glossary.md).",
        "show": "Çözümü göster",
        "hide": "Çözümü gizle",
    },
    "en": {
        "title": "MNIST with PyTorch",
        "notebooks": "Notebooks",
        "notebook": "Notebook",
        "topic": "What it teaches",
        "glossary": "Glossary",
        "term": "English",
        "other": "Turkish",
        "explanation": "Explanation",
        "glossary_intro": 1,
        "source": (
            "The series follows the Turkish blog post *Temellere Dönüş, PyTorch ile MNIST* "
            "(Back to basics: MNIST with PyTorch): its steps, code shape and hyperparameters "
            "come from there ([the post's repository]({url})). None of its sentences are "
            "copied; the prose is our own."
        ),
        "who": "Who it is for",
        "who_text": (
            "Anyone who can read Python: no PyTorch is assumed, the series builds it up from "
            "the first notebook. Keras users find a side-by-side table in 05; teachers find "
            "classroom editions below."
        ),
        "start": "Where to start",
        "first": "comes first: it checks your setup and introduces tensors and autograd.",
        "blog": "follow the blog post's path (data, model, training, testing):",
        "beyond": "go beyond the post:",
        "run": "Running it on your computer",
        "run_text": (
            "Get the repository onto your computer (clone or download it); the MNIST data "
            "comes with it. In its root folder, make a virtual environment and start Jupyter:"
        ),
        "run_after": (
            "Then open a notebook in `notebooks/` and run it top to bottom with *Kernel → "
            "Restart Kernel and Run All Cells*. In VSCode, pick `.venv` as the kernel."
        ),
        "classroom": "In the classroom",
        "edition": "Edition",
        "when": "When, and what is in it",
        "editions_command": "To make an edition, in the repository's root:",
        "glossary_line": "The series' Turkish–English terms: [Glossary](glossary.md).",
        "show": "Show the solution",
        "hide": "Hide the solution",
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


def readme_section(readme: str, heading: str) -> str:
    """The README's ``## heading ...`` section, without the next one."""
    start = readme.find(f"\n## {heading}")
    end = readme.find("\n## ", start + 1)
    return readme[start:end] if start >= 0 else ""


def readme_editions(readme: str, lang: str) -> list[tuple[str, str]]:
    """From the README's classroom table: (edition, when and what) for each edition."""
    half_index = 1 if lang == "tr" else 2
    rows = table_rows(readme_section(readme, "Sınıfta"))
    return [(cells[0], cells[half_index]) for cells in rows if cells[0].startswith("`")]


def pad_slot(pad_html: str) -> list[str]:
    """The digit pad's slot near the top of a landing page (raw HTML in the page source)."""
    return [
        "```{raw} html",
        "<!-- The live digit pad (issue 20): build_site.py puts pad_html(lang) of",
        "     tools/pad_site.py here when that file exists; otherwise the slot stays empty. -->",
        f'<div class="digit-pad-slot">{pad_html}</div>',
        "```",
    ]


def link(stem: str, title: str) -> str:
    return f"[{title}]({stem}.ipynb)"


def where_to_start(lang: str, pages: list[tuple[str, str]]) -> list[str]:
    """A three-step path: 00, the blog's 01-06, and the notebooks beyond the post."""
    text, number = TEXT[lang], {stem: stem.split("_", 1)[0] for stem, _ in pages}
    first = [p for p in pages if number[p[0]] == "00"]
    blog = [p for p in pages if number[p[0]] in BLOG_PATH]
    beyond = [p for p in pages if p not in first and p not in blog]
    lines = [f"## {text['start']}", ""]
    lines += [f"1. {link(*page)} {text['first']}" for page in first]
    for step, group, words in ((2, blog, text["blog"]), (3, beyond, text["beyond"])):
        if group:
            span = f"{number[group[0][0]]}–{number[group[-1][0]]}"
            lines.append(f"{step}. **{span}** {words} {', '.join(link(*p) for p in group)}")
    return lines


def run_locally(lang: str) -> list[str]:
    """How to run the notebooks on one's own computer, for Linux/macOS and Windows."""
    text = TEXT[lang]
    lines = [f"## {text['run']}", "", text["run_text"], ""]
    for system, (shell, activate) in RUN_COMMANDS.items():
        commands = ["python -m venv .venv", activate, "pip install -r requirements.txt"]
        lines += [f"**{system}**", "", f"```{shell}", *commands, "jupyter lab", "```", ""]
    return lines + [text["run_after"]]


def classroom(lang: str, readme: str) -> list[str]:
    """The README's classroom paragraph and editions table, and the command that makes one."""
    text, section = TEXT[lang], readme_section(readme, "Sınıfta")
    lines = [f"## {text['classroom']}", "", readme_intro(section, lang), ""]
    lines += [f"| {text['edition']} | {text['when']} |", "|---|---|"]
    lines += [f"| {name} | {when} |" for name, when in readme_editions(readme, lang)]
    command = f"python tools/editions.py --lang {lang} --edition student"
    return lines + ["", text["editions_command"], "", "```bash", command, "```"]


def landing(lang: str, pages: list[tuple[str, str]], readme: str, pad_html: str = "") -> str:
    """The language's home page: what the series is, where to start, the notebooks,
    running them, the classroom editions; the digit pad's slot near the top."""
    text, topics = TEXT[lang], readme_topics(readme)
    lines = [f"# {text['title']}", "", readme_intro(readme, lang), ""]
    lines += [*pad_slot(pad_html), "", text["source"].format(url=BLOG_REPO), ""]
    lines += [f"## {text['who']}", "", text["who_text"], "", *where_to_start(lang, pages), ""]
    lines += [f"## {text['notebooks']}", ""]
    lines += [f"| {text['notebook']} | {text['topic']} |", "|---|---|"]
    for stem, title in pages:
        topic = topics.get(stem.split("_", 1)[0], {}).get(f"topic_{lang}", "")
        lines.append(f"| {link(stem, title)} | {topic} |")
    lines += ["", *run_locally(lang), "", *classroom(lang, readme), ""]
    lines += [f"## {text['glossary']}", "", text["glossary_line"], ""]
    lines += ["```{toctree}", ":hidden:", "", *(stem for stem, _ in pages), "glossary", "```", ""]
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


def fold_solutions(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Solution cells start folded on the site too (myst-nb's ``hide-cell`` tag), behind a
    "show the solution" toggle in the page's language."""
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            cell.metadata["tags"] = [*tags, *(["hide-cell"] if "hide-cell" not in tags else [])]
            prompts = {
                "code_prompt_show": TEXT[lang]["show"],
                "code_prompt_hide": TEXT[lang]["hide"],
            }
            cell.metadata["mystnb"] = {**cell.metadata.get("mystnb", {}), **prompts}
    return nb


def write_sources(lang: str, src: Path, pad_html: str = "") -> int:
    """Write one language's pages (notebooks, landing page, glossary) and the site's
    message catalogs (tools/site/locale, compiled by Sphinx) into ``src``."""
    src.mkdir(parents=True)
    pages = []
    for path in notebook_paths(REPO / "notebooks"):
        nb = edition(nbformat.read(path, as_version=4), lang, "full")
        nb = fold_solutions(unlink_outside(nb), lang)
        nbformat.write(nb, src / path.name)
        pages.append((path.stem, title_of(nb)))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(landing(lang, pages, readme, pad_html), encoding="utf-8")
    source = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")
    (src / "glossary.md").write_text(glossary(lang, source), encoding="utf-8")
    shutil.copytree(CONF / "locale", src / "_locale")
    return len(pages) + 2


def digit_pad(path: Path = PAD) -> ModuleType | None:
    """The live digit pad's module (tools/pad_site.py, issue 20) if it exists and defines
    ``write_pad_assets(static_dir)`` and ``pad_html(lang)``; otherwise None."""
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hooks = ("write_pad_assets", "pad_html")
    if all(callable(getattr(module, hook, None)) for hook in hooks):
        return module
    warning = f"warning: {path.name} lacks {' or '.join(hooks)}; the pad slot stays empty"
    print(warning, file=sys.stderr)
    return None


def mathjax_dir() -> Path:
    """MathJax 3 as the sphinx-mathjax-offline wheel ships it."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "sphinx-mathjax-offline is not installed: pip install -r requirements.txt"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def write_shared(out: Path, pad: ModuleType | None) -> None:
    """The site's shared ``_static/``: one MathJax for both languages, the favicon (for the
    language chooser) and the digit pad's files."""
    shared = out / SHARED
    source = mathjax_dir()

    def other_bundles(folder: str, names: list[str]) -> list[str]:
        """MathJax's other combined entry points (tex-svg.js, mml-chtml.js, ...): never
        loaded by tex-chtml.js, which loads only from the component folders."""
        keep = {MATHJAX_ENTRY, "core.js", "loader.js", "startup.js"}
        top = Path(folder) == source
        return [n for n in names if top and n.endswith(".js") and n not in keep]

    shutil.copytree(source, shared / "mathjax", ignore=other_bundles, dirs_exist_ok=True)
    shutil.copy2(CONF / "_static" / "favicon.png", shared / "favicon.png")
    if pad is not None:
        pad.write_pad_assets(shared)


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
<meta name="color-scheme" content="light dark">
<title>PyTorch ile MNIST / MNIST with PyTorch</title>
<link rel="icon" type="image/png" href="_static/favicon.png">
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 42rem;
       margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: 2rem; }
a.lang { display: block; margin: 1rem 0; padding: 1rem 1.2rem; border: 1px solid #8888;
         border-radius: 8px; text-decoration: none; color: inherit; }
a.lang:hover, a.lang:focus { border-color: #ee4c2c; }
a.lang strong { display: block; font-size: 1.3rem; color: #c0391b; }
@media (prefers-color-scheme: dark) { a.lang strong { color: #ff7a59; } }
</style>
</head>
<body>
<h1>PyTorch ile MNIST / <span lang="en">MNIST with PyTorch</span></h1>
<a class="lang" href="tr/index.html" lang="tr" hreflang="tr"><strong>Türkçe</strong>
El yazısı rakamları tanıyan bir PyTorch modelini adım adım kuran, eğiten ve içine bakan
defter serisi.</a>
<a class="lang" href="en/index.html" lang="en" hreflang="en"><strong>English</strong>
A notebook series that builds, trains and looks inside a PyTorch model that reads
handwritten digits, step by step.</a>
</body>
</html>
"""


def prepare_out(out: Path) -> None:
    """Make ``out`` writable and clear earlier Sphinx builds in it (only those)."""
    out.mkdir(parents=True, exist_ok=True)
    probe = out / ".write-test"
    probe.write_text("", encoding="utf-8")
    probe.unlink()
    ours = [out / lang for lang in LANGS if (out / lang / ".buildinfo").exists()]
    for folder in ours:
        shutil.rmtree(folder)
    if ours and (out / SHARED).is_dir():
        shutil.rmtree(out / SHARED)


def build(out: Path, pad: ModuleType | None = None) -> int:
    """Build both languages into ``out``; return the number of pages per language."""
    with tempfile.TemporaryDirectory(prefix="site-") as tmp:
        pages = {
            lang: write_sources(lang, Path(tmp) / lang, pad.pad_html(lang) if pad else "")
            for lang in LANGS
        }
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
    write_shared(out, pad)
    (out / "index.html").write_text(ROOT_PAGE, encoding="utf-8")
    return pages["tr"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "_site", help="default: _site/")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        prepare_out(args.out)
    except OSError as exc:
        print(f"error: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        pages = build(args.out, digit_pad())
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(f"Built {pages} pages per language into {args.out} in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
