"""Checkers for the notebooks' exercises: call one with your answer and read its verdict.

Every checker prints a verdict in Turkish and English and returns ``True`` for a right
answer and ``False`` otherwise. A wrong answer gets a hint that points at the idea to look
at again; an answer left as ``None`` gets a reminder to fill it in; an answer of the wrong
kind (a string for a number, say) is told what kind is expected. Nothing raises, so an
answer cell can be run before it is filled in.

A checker is written as a function that returns ``None`` for a right answer and a
:class:`Hint` otherwise; the :func:`checker` decorator does the printing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


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


def report(hint: Hint | None) -> bool:
    """Print the verdict for ``hint`` (``None`` means right) and return whether it was right."""
    if hint is None:
        print("✅ Doğru! / Correct!")
        return True
    print("❌ Henüz değil / Not yet")
    print(f"   İpucu: {hint.tr}")
    print(f"   Hint:  {hint.en}")
    return False


def checker(func: Callable[..., Hint | None]) -> Callable[..., bool]:
    """Turn ``func`` (``None`` when right, else a :class:`Hint`) into a printing checker."""

    @functools.wraps(func)
    def check(*args: Any, **kwargs: Any) -> bool:
        if any(value is None for value in (*args, *kwargs.values())):
            print("✍️ Önce cevabınızı yazın / Fill in your answer first")
            return False
        try:
            return report(func(*args, **kwargs))
        except WrongKind as wrong:
            return report(wrong.hint)

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


# Notebooks 00–02


@checker
def check_cubic_gradient(grad: Any) -> Hint | None:
    """00, exercise 1: the derivative of ``x**3 - 2*x`` at ``x = 3`` (a number or a tensor)."""
    value = as_number(grad)
    if abs(value - 25.0) <= 1e-4:
        return None
    if value == 7.0:
        return Hint(
            "7, defterdeki x**2 + 3x fonksiyonunun türevi; x = 3'te x**3 - 2*x'i kullanın",
            "7 belongs to the notebook's x**2 + 3x; use x**3 - 2*x at x = 3",
        )
    return Hint(
        f"{value} geldi; elle türev 3*x**2 - 2. x'i requires_grad=True ile kurup "
        ".backward()'ı bir kez çağırdınız ve x.grad'ı okudunuz mu?",
        f"got {value}; by hand the derivative is 3*x**2 - 2. Did you create x with "
        "requires_grad=True, call .backward() once, and read x.grad?",
    )


@checker
def check_broadcast_shape(shape: Any) -> Hint | None:
    """00, exercise 2: the shape of ``torch.zeros(4, 1, 3) + torch.zeros(2, 1)``."""
    got = as_int_tuple(shape)
    if got == (4, 2, 3):
        return None
    return Hint(
        f"{got} geldi; biçimleri sağdan hizalayın: (4, 1, 3) ve (2, 1). Uzunluğu 1 olan "
        "eksen ötekine uyacak şekilde genişler, eksik eksen 1 sayılır",
        f"got {got}; line the shapes up from the right: (4, 1, 3) and (2, 1). An axis of "
        "length 1 stretches to match the other, a missing axis counts as 1",
    )


@checker
def check_normalized_range(low: Any, high: Any) -> Hint | None:
    """01, exercise 1: the smallest and largest pixel after ``Normalize((0.1307,), (0.3081,))``."""
    got_low, got_high = as_number(low), as_number(high)
    want_low, want_high = (0 - 0.1307) / 0.3081, (1 - 0.1307) / 0.3081
    if abs(got_low - want_low) <= 1e-3 and abs(got_high - want_high) <= 1e-3:
        return None
    return Hint(
        f"({got_low:.4f}, {got_high:.4f}) geldi; Normalize (x - ortalama) / std hesaplar ve "
        "ToTensor()'dan sonra x pikselleri 0 ile 1 arasındadır",
        f"got ({got_low:.4f}, {got_high:.4f}); Normalize computes (x - mean) / std, and "
        "after ToTensor() the pixels x run from 0 to 1",
    )


@checker
def check_most_common_test_digit(digit: Any, count: Any) -> Hint | None:
    """01, exercise 2: the most frequent digit in the test set and how often it occurs."""
    got_digit, got_count = as_int(digit), as_int(count)
    if got_digit != 1:
        return Hint(
            f"{got_digit} test kümesinde en sık geçen rakam değil; "
            "testset.targets.bincount().argmax() deneyin",
            f"{got_digit} is not the most frequent test digit; "
            "try testset.targets.bincount().argmax()",
        )
    if got_count != 1135:
        return Hint(
            f"rakam doğru, ama {got_count} kez geçmiyor; bincount() her rakamı sayar",
            f"the digit is right, but it does not occur {got_count} times; "
            "bincount() counts every digit",
        )
    return None


@checker
def check_batch_count(
    batch_size: Any, n_batches: Any, last_batch_size: Any, drop_last: bool = False
) -> Hint | None:
    """02, exercises 1 and 3: batches per epoch over the 60,000 training images, and the last
    batch's size, for a given ``batch_size`` (and ``drop_last``)."""
    size, got_n, got_last = as_int(batch_size), as_int(n_batches), as_int(last_batch_size)
    full, rest = divmod(60_000, size)
    want_n = full if drop_last or rest == 0 else full + 1
    want_last = size if drop_last or rest == 0 else rest
    if got_n != want_n:
        return Hint(
            f"{got_n} batch geldi; 60000'i {size}'e bölün: tam batch'ler, "
            + (
                "ve başka bir şey yok (drop_last=True artanı atlar)"
                if drop_last
                else "artı artan için bir tane"
            ),
            f"got {got_n} batches; divide 60000 by {size}: full batches, plus "
            + ("nothing (drop_last=True skips the rest)" if drop_last else "one for any rest"),
        )
    if got_last != want_last:
        return Hint(
            f"son batch için {got_last} geldi; son batch tam batch'lerden artanı taşır"
            + (", drop_last=True bu artanı atmadıkça" if rest else ""),
            f"got {got_last} for the last batch; it holds what is left after the full batches"
            + (", unless drop_last=True drops that remainder" if rest else ""),
        )
    return None


# Notebooks 03–04


@checker
def check_parameter_count(sizes: Any, answer: Any) -> Hint | None:
    """03: the parameter count of an MLP with these layer sizes.

    ``sizes`` lists the widths from input to output, e.g. ``[784, 512, 256, 10]`` for the
    blog's ``Net``; each neighbouring pair ``(a, b)`` is one ``nn.Linear(a, b)`` with
    ``a * b`` weights and ``b`` biases.
    """
    widths = as_int_tuple(sizes)
    got = as_int(answer)
    if len(widths) < 2 or min(widths) < 1:
        raise WrongKind(
            Hint(
                f"sizes en az iki pozitif tam sayı içermeli, {list(widths)} geldi",
                f"sizes must list at least two positive integers, got {list(widths)}",
            )
        )
    pairs = list(zip(widths[:-1], widths[1:], strict=True))
    if got == sum(a * b + b for a, b in pairs):
        return None
    if got == sum(a * b for a, b in pairs):
        return Hint(
            "yalnızca ağırlıkları saydınız: her nn.Linear(a, b)'nin b tane de yanlılığı var",
            "you counted only the weights: each nn.Linear(a, b) also has b biases",
        )
    if got == sum(a * b + a for a, b in pairs):
        return Hint(
            "yanlılıklar çıktılara aittir: nn.Linear(a, b)'nin a değil b yanlılığı vardır",
            "the biases belong to the outputs: nn.Linear(a, b) has b biases, not a",
        )
    return Hint(
        "her komşu (a, b) çifti için a * b ağırlık ve b yanlılık ekleyin, sonra katmanlar "
        "üzerinden toplayın (len(sizes) - 1 katman var)",
        "for every neighbouring pair (a, b) add a * b weights and b biases, then sum over "
        "the layers (there are len(sizes) - 1 of them)",
    )


@checker
def check_uniform_loss(num_classes: Any, answer: Any) -> Hint | None:
    """04: the cross-entropy of a model that gives every class the same probability.

    Such a model gives the correct class ``1 / num_classes``, so its loss is
    ``-ln(1 / num_classes) = ln(num_classes)``; ``answer`` may be off by 0.01.
    """
    classes, got = as_int(num_classes), as_number(answer)
    if classes < 2:
        raise WrongKind(
            Hint(
                f"sınıf sayısı en az 2 olmalı, {classes} geldi",
                f"num_classes must be at least 2, got {classes}",
            )
        )
    expected = math.log(classes)
    if abs(got - expected) <= 0.01:
        return None
    if abs(got - math.log10(classes)) <= 0.01:
        return Hint(
            "çapraz entropi doğal logaritmayı kullanır (ln, math.log), log10'u değil",
            "cross-entropy uses the natural logarithm (ln, math.log), not log10",
        )
    if abs(got - 1 / classes) <= 0.01:
        return Hint(
            "bu doğru sınıfın olasılığı; kayıp onun logaritmasının eksisidir",
            "that is the probability of the correct class; the loss is minus its logarithm",
        )
    if abs(got + expected) <= 0.01:
        return Hint(
            "işarete dikkat: kayıp log-olasılığın EKSİSİdir, yani pozitiftir",
            "mind the sign: the loss is MINUS the log-probability, so it is positive",
        )
    return Hint(
        "her sınıf 1 / num_classes olasılık alır; kayıp bunun -ln'idir",
        "each class gets probability 1 / num_classes; the loss is -ln of that",
    )


# Notebook 05


# Notebook 06


# Notebook 07


# Notebook 08


# Notebook 09


# Notebook 10


# Notebook 11


# Notebook 12


# Notebook 13


# Predict first


def reveal(guess: Any, actual: Any, *, label: str = "") -> None:
    """Print a learner's guess next to the result it predicted (``guess`` may be ``None``)."""
    shown = "—" if guess is None else guess
    prefix = f"{label}: " if label else ""
    print(f"{prefix}tahmininiz / your guess: {shown} · sonuç / result: {actual}")
