"""What every checker shares: the verdict, the printing and the answer conversions.

A checker is a function that returns ``None`` for a right answer and a :class:`Hint`
otherwise; the :func:`checker` decorator prints the verdict. The answer conversions
(:func:`as_number`, :func:`as_int`, :func:`as_int_tuple`, :func:`as_numbers`,
:func:`as_module`) raise :class:`WrongKind` with a hint when an answer has the wrong type or
form; so does
:func:`run_answer` when the learner's own function cannot be called or raises.
"""

from __future__ import annotations

import contextlib
import functools
import io
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


def as_numbers(answer: Any, what: str) -> list[float]:
    """``answer`` (a list, tuple or 1-D tensor of numbers) as a list of floats.

    ``what`` names the answer in the hint, in Turkish and English: ``("kayıplar", "losses")``.
    """
    if hasattr(answer, "tolist"):
        answer = answer.tolist()
    if isinstance(answer, str | bytes) or not isinstance(answer, Sequence):
        raise WrongKind(
            Hint(
                f"{what[0]} için sayı listesi bekleniyor, {type(answer).__name__} geldi",
                f"expected a list of numbers for the {what[1]}, got {type(answer).__name__}",
            )
        )
    return [as_number(value) for value in answer]


def as_module(answer: Any) -> Any:
    """``answer`` if it is a model (a torch ``nn.Module``); else :class:`WrongKind`."""
    from torch import nn

    if not isinstance(answer, nn.Module):
        raise WrongKind(
            Hint(
                f"bir model (nn.Module) bekleniyor, {type(answer).__name__} geldi",
                f"expected a model (an nn.Module), got {type(answer).__name__}",
            )
        )
    return answer


def run_answer(func: Any, name: str, *args: Any) -> Any:
    """Call the learner's function ``func`` (shown as ``name``) quietly and return its result.

    Not a function, or a function that raises, becomes :class:`WrongKind` with the error.
    Torch's random state is put back afterwards, so a check never changes later results.
    """
    import torch

    if not callable(func):
        raise WrongKind(
            Hint(
                f"bir fonksiyon bekleniyor ({name}), {type(func).__name__} geldi",
                f"expected a function ({name}), got {type(func).__name__}",
            )
        )
    try:
        with contextlib.redirect_stdout(io.StringIO()), torch.random.fork_rng(devices=[]):
            return func(*args)
    except Exception as error:  # the learner's code may raise anything
        raise WrongKind(
            Hint(
                f"{name} çağrılınca hata verdi: {type(error).__name__}: {error}",
                f"calling {name} raised {type(error).__name__}: {error}",
            )
        ) from None


def reveal(guess: Any, actual: Any, *, label: str = "") -> None:
    """Print a learner's guess next to the result it predicted (``guess`` may be ``None``)."""
    shown = "—" if guess is None else guess
    prefix = f"{label}: " if label else ""
    say(f"{prefix}tahmininiz / your guess: {shown} · sonuç / result: {actual}")
