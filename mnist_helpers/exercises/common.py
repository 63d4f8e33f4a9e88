"""What every checker shares: the verdict, the printing and the answer conversions.

A checker is a function that returns ``None`` for a right answer and a :class:`Hint`
otherwise; the :func:`checker` decorator prints the verdict. The answer conversions
(:func:`as_number`, :func:`as_int`, :func:`as_int_tuple`) raise :class:`WrongKind` with a
hint when an answer has the wrong type or form.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: plain stand-ins for the marks, where the output stream cannot encode them
PLAIN_MARKS = {"✅": "[ok]", "❌": "[x]", "✍️": "[?]", "—": "-", "·": "|"}


@dataclass(frozen=True)
class Hint:
    """What to look at again, in both languages."""

    tr: str
    en: str


class WrongKind(Exception):
    """An answer of the wrong kind; carries the hint to print."""

    def __init__(self, hint: Hint) -> None:
        super().__init__(hint.en)
        self.hint = hint


def say(text: str) -> None:
    """Print ``text``, even on a stream that cannot encode it (a cp1254 console, a file).

    Marks the stream cannot encode become :data:`PLAIN_MARKS`; any other such character
    becomes the stream's replacement character, so a checker never raises.
    """
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        for mark, plain in PLAIN_MARKS.items():
            text = text.replace(mark, plain)
        text = text.encode(encoding, errors="replace").decode(encoding)
    print(text)


def report(hint: Hint | None) -> None:
    """Print the verdict for ``hint``: ``None`` means the answer was right."""
    if hint is None:
        say("✅ Doğru! / Correct!")
        return
    say("❌ Henüz değil / Not yet")
    say(f"   İpucu: {hint.tr}")
    say(f"   Hint:  {hint.en}")


def checker(func: Callable[..., Hint | None]) -> Callable[..., None]:
    """Turn ``func`` (``None`` when right, else a :class:`Hint`) into a printing checker."""

    @functools.wraps(func)
    def check(*args: Any, **kwargs: Any) -> None:
        if any(value is None for value in (*args, *kwargs.values())):
            say("✍️ Önce cevabınızı yazın / Fill in your answer first")
            return
        try:
            hint = func(*args, **kwargs)
        except WrongKind as wrong:
            hint = wrong.hint
        report(hint)

    return check


def as_number(answer: Any) -> float:
    """``answer`` as a float: a number, a one-element tensor or array; else :class:`WrongKind`."""
    if isinstance(answer, bool | str | bytes):
        raise WrongKind(
            Hint(
                f"bir sayı bekleniyor, {type(answer).__name__} geldi",
                f"expected a number, got {type(answer).__name__}",
            )
        )
    try:
        return float(answer)
    except (TypeError, ValueError):
        raise WrongKind(
            Hint(
                f"bir sayı bekleniyor (tek elemanlı bir tensor da olur), "
                f"{type(answer).__name__} geldi",
                f"expected a number (a one-element tensor works too), got {type(answer).__name__}",
            )
        ) from None


def as_int(answer: Any) -> int:
    """``answer`` as an int; a float or tensor is accepted if it holds a whole number."""
    value = as_number(answer)
    if not value.is_integer():
        raise WrongKind(
            Hint(
                f"bir tam sayı bekleniyor, {value} geldi",
                f"expected a whole number, got {value}",
            )
        )
    return int(value)


def as_int_tuple(answer: Any) -> tuple[int, ...]:
    """``answer`` (a tuple, list or ``torch.Size``) as a tuple of ints."""
    if isinstance(answer, str | bytes) or not isinstance(answer, Sequence):
        raise WrongKind(
            Hint(
                f"bir demet (tuple) ya da liste bekleniyor, {type(answer).__name__} geldi",
                f"expected a tuple or a list, got {type(answer).__name__}",
            )
        )
    return tuple(as_int(item) for item in answer)


def reveal(guess: Any, actual: Any, *, label: str = "") -> None:
    """Print a learner's guess next to the result it predicted (``guess`` may be ``None``)."""
    shown = "—" if guess is None else guess
    prefix = f"{label}: " if label else ""
    say(f"{prefix}tahmininiz / your guess: {shown} · sonuç / result: {actual}")
