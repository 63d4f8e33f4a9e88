"""The series' notebook format in one place: where the notebooks are, the language flags and
the section titles every notebook has. The rules themselves are in ``docs/authoring.md``.

The tests, ``run_notebooks.py`` and ``prose_figures.py`` import it by name (``tools/`` is on
pytest's ``pythonpath``, and a script's own folder is on its path).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = REPO / "notebooks"
#: ``NN_name.ipynb``: 00, 01, ... for the series, then A1, A2, ... for the appendices
NOTEBOOK_GLOB = "[0-9A-Z][0-9]_*.ipynb"
#: the flag that opens every prose cell of each language
MARKERS = {"tr": "🇹🇷", "en": "🇬🇧"}

# Titles as (Turkish, English), without hashes and flags; heading() writes the full lines.
WHAT_YOU_WILL_LEARN = ("Bu defterde neler öğreneceksiniz?", "What you will learn")
SUMMARY = ("Özet", "Summary")
QUESTIONS = ("Sorular", "Questions")
EXERCISES = ("Alıştırmalar", "Exercises")
SOLUTIONS = ("Çözümler", "Solutions")
NEXT_NOTEBOOK = ("Sıradaki defter", "Next notebook")
#: the level-2 sections every notebook ends with, in this order
CLOSING = (SUMMARY, QUESTIONS, EXERCISES, SOLUTIONS, NEXT_NOTEBOOK)
#: the bold label in the opening's second pair of cells
PREREQUISITES = ("**Ön koşullar:**", "**Prerequisites:**")
#: the words of a predict-first prompt (🤔 **Önce tahmin et:** / 🤔 **Predict first:**)
PREDICT_FIRST = ("Önce tahmin et", "Predict first")


def notebook_paths(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The series' notebooks in ``folder``, in order: 00, 01, ..., then A1, ..."""
    return sorted(folder.glob(NOTEBOOK_GLOB))


def heading(title: tuple[str, str], level: int = 2) -> tuple[str, str]:
    """The Turkish and English heading lines of ``title``: ``('## 🇹🇷 Özet', '## 🇬🇧 Summary')``."""
    tr, en = title
    hashes = "#" * level
    return f"{hashes} {MARKERS['tr']} {tr}", f"{hashes} {MARKERS['en']} {en}"
