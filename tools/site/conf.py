"""Sphinx configuration of the site, shared by both languages.

``tools/build_site.py`` runs Sphinx once per language with ``SITE_LANG`` set to ``tr``
or ``en``; the notebooks are rendered from their committed outputs (no execution). It
copies MathJax once into the site's shared ``_static/``, and the message catalogs in
``locale/`` into the sources as ``_locale/``, where Sphinx compiles them.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

LANG = os.environ.get("SITE_LANG", "en")
TITLES = {"tr": "PyTorch ile MNIST", "en": "MNIST with PyTorch"}
OTHER = {"tr": "en", "en": "tr"}
OTHER_NAME = {"tr": "English", "en": "Türkçe"}
SOURCE_CREDIT = {
    "tr": "Kaynak: Temellere Dönüş, PyTorch ile MNIST blog yazısı. Anlatım bizim.",
    "en": "Source: the Turkish blog post Temellere Dönüş, PyTorch ile MNIST. The prose is our own.",
}

project = TITLES[LANG]
author = "pytorch-mnist"
language = LANG  # Sphinx's own Turkish; locale/tr adds the theme's words it lacks
locale_dirs = ["_locale"]
html_title = TITLES[LANG]
root_doc = "index"
exclude_patterns = ["_build", "_locale", "**.ipynb_checkpoints"]

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "twin_anchors",  # sec-n ids shared by twin pages
]

# committed outputs, verified by nbval: never re-executed here
nb_execution_mode = "off"
nb_merge_streams = True
# the digit pad's cells (notebooks 07, 10): show their text reading, not an empty widget view
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure"]
# folded cells' toggles; build_site.py gives solution cells their own "show the solution"
nb_code_prompt_show = {"tr": "Kod hücresini göster", "en": "Show code cell {type}"}[LANG]
nb_code_prompt_hide = {"tr": "Kod hücresini gizle", "en": "Hide code cell {type}"}[LANG]

# MathJax 3 from the sphinx-mathjax-offline wheel, copied once by build_site.py into the
# site's shared _static/ (a path relative to this language's _static/): no CDN, one copy
mathjax_path = "../../_static/mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_js_files = ["lang-switch.js", "sphinx-fixes.js", *(["tr-strings.js"] if LANG == "tr" else [])]
html_favicon = "_static/favicon.png"
html_last_updated_fmt = None
html_show_sphinx = False
html_copy_source = True
html_context = {
    "other_lang": OTHER[LANG],
    "other_name": OTHER_NAME[LANG],
    "default_mode": "auto",  # light or dark as the reader's system says; none is a console error
    "source_credit": SOURCE_CREDIT[LANG],
}
html_theme_options = {
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "footer_content_items": ["source-credit.html"],
    "search_bar_text": {"tr": "Ara...", "en": "Search..."}[LANG],  # a theme option, not a message
}
copybutton_exclude = ".linenos, .gp, .go"
