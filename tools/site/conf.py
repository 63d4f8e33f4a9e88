"""Sphinx configuration of the site, shared by both languages.

``tools/build_site.py`` runs Sphinx once per language with ``SITE_LANG`` set to ``tr``
or ``en``; the notebooks are rendered from their committed outputs (no execution).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

LANG = os.environ.get("SITE_LANG", "en")
TITLES = {"tr": "PyTorch ile MNIST", "en": "MNIST with PyTorch"}
OTHER = {"tr": "en", "en": "tr"}
OTHER_NAME = {"tr": "English", "en": "Türkçe"}

project = TITLES[LANG]
author = "pytorch-mnist"
language = LANG
html_title = TITLES[LANG]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "sphinx-mathjax-offline",  # MathJax 3 from the installed package: no CDN
    "twin_anchors",  # sec-n ids shared by twin pages
]

# committed outputs, verified by nbval: never re-executed here
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure"]

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_js_files = ["lang-switch.js", "sphinx-fixes.js"]
html_last_updated_fmt = None
html_show_sphinx = False
html_copy_source = True
html_context = {
    "other_lang": OTHER[LANG],
    "other_name": OTHER_NAME[LANG],
    "default_mode": "auto",  # light or dark as the reader's system says; none is a console error
}
html_theme_options = {
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
}
copybutton_exclude = ".linenos, .gp, .go"
