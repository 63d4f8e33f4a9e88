"""One Turkish word per concept: the rejected variants of docs/glossary.md's last table
must not appear in Turkish prose (notebook cells with `lang: tr`, README's 🇹🇷 paragraphs)."""

from __future__ import annotations

import re

import pytest
from notebook_cells import NOTEBOOKS, read, strip_code
from notebook_format import REPO

#: A run is "çalıştırma"; these "koşu..." words are runs, not "koşul" (condition) forms.
KOSU_RUN_PLURALS = {"koşular", "koşuları", "koşuların", "koşularla", "koşularda", "koşulardan"}

#: (what to write instead, pattern of the rejected variant) over prose without code.
REJECTED = [
    ("indeks, not indis", re.compile(r"\bindis\w*")),
    ("birim, not nöron", re.compile(r"\bnöron\w*")),
    ("NumPy'ın (read 'nampay'), not NumPy'nin", re.compile(r"NumPy'(?:nin|ye|yi|de|den|e)\b")),
    (
        "kernel for a compute kernel, not çekirdek",
        re.compile(
            r"(?:birleştiril\w*|kütüphanesinin|GPU|CUDA) çekirde\w*"
            r"|(?<!Jupyter )çekirde\w* \(kernel\)|çekirde\w* \(compute kernel\)"
        ),
    ),
    ("no comma splice copied from English: 'X ve, ..., yapar'", re.compile(r"\bve, ")),
]
#: A class's method next to its name in code: "`__iter__` metodu", not "yöntemi".
METHOD_AS_YONTEM = re.compile(r"`[^`]+` yöntem\w*")
KOSU = re.compile(r"\bkoşu\w*")


def rejected_in(text: str) -> list[str]:
    """Every rejected variant in one piece of Turkish prose (code spans included)."""
    prose = strip_code(text)
    found = [
        f"{m.group(0)!r}: write {rule}"
        for rule, pattern in REJECTED
        for m in pattern.finditer(prose)
    ]
    found += [f"{m.group(0)!r}: write metot" for m in METHOD_AS_YONTEM.finditer(text)]
    found += [
        f"{word!r}: write çalıştırma, not koşu"
        for word in KOSU.findall(prose)
        if not word.startswith("koşul") or word in KOSU_RUN_PLURALS
    ]
    return found


def readme_turkish() -> list[str]:
    """README's Turkish paragraphs: the text after 🇹🇷 up to any 🇬🇧 on the same line."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.split("🇹🇷", 1)[1].split("🇬🇧", 1)[0] for line in lines if "🇹🇷" in line]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_turkish_cells_use_one_word_per_concept(path):
    cells = [
        c for c in read(path).cells if c.cell_type == "markdown" and c.metadata.get("lang") == "tr"
    ]
    found = [f"cell {c.get('id')}: {hit}" for c in cells for hit in rejected_in(c.source)]
    assert not found, "\n".join(found)


def test_readme_turkish_uses_one_word_per_concept():
    found = [hit for paragraph in readme_turkish() for hit in rejected_in(paragraph)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "sıradaki indisleri seçer",
        "512 nöronluk bir katman",
        "NumPy'nin üreteci",
        "tek bir çekirdekte (kernel) birleştirmek",
        "birleştirilmiş çekirdeklerle kapanır",
        "bu koşuda seçilen epoch",
        "üç koşularla",
        "`__iter__` yöntemini yazdırıyor",
        "bunu `DataLoader` ve, gerekirse `num_workers`, yapar",
    ],
)
def test_each_rejected_variant_is_caught(text):
    assert rejected_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "sıradaki indeksleri seçer",
        "ölü birimler",
        "NumPy'ın üreteci",
        "bu Jupyter çekirdeğinin (kernel) Python'u",
        "iki çekirdekli bir makine",
        "**Ön koşullar:** 04 numaralı defter; aynı koşullarda",
        "işe yarar bir sağlama yöntemi",
        "tek bir kernel'de (compute kernel) birleştirmek",
    ],
)
def test_the_chosen_words_pass(text):
    assert not rejected_in(text)
