"""Sphinx extension: give the n-th section of every page the extra id ``sec-n``.

Twin pages have the same headings in the same order, so ``sec-n`` names the same
section in both languages; ``_static/lang-switch.js`` carries it across.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def add_section_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for number, section in enumerate(doctree.findall(nodes.section)):
        section["ids"].append(f"sec-{number}")


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("doctree-resolved", add_section_ids)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
