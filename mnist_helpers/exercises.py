"""Checkers for the notebooks' exercises: call one with your answer and read its verdict.

Every checker prints its verdict in Turkish and English and returns nothing, so that a
notebook shows only the verdict. A wrong answer gets a hint that points at the idea to look
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


def report(hint: Hint | None) -> None:
    """Print the verdict for ``hint``: ``None`` means the answer was right."""
    if hint is None:
        print("✅ Doğru! / Correct!")
        return
    print("❌ Henüz değil / Not yet")
    print(f"   İpucu: {hint.tr}")
    print(f"   Hint:  {hint.en}")


def checker(func: Callable[..., Hint | None]) -> Callable[..., None]:
    """Turn ``func`` (``None`` when right, else a :class:`Hint`) into a printing checker."""

    @functools.wraps(func)
    def check(*args: Any, **kwargs: Any) -> None:
        if any(value is None for value in (*args, *kwargs.values())):
            print("✍️ Önce cevabınızı yazın / Fill in your answer first")
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
def check_pixel_to_zero(mean: Any, std: Any, answer: Any) -> Hint | None:
    """01, exercise 1: the raw pixel value (0–255, before ``ToTensor()``) that
    ``Normalize((mean,), (std,))`` turns into exactly 0 (within 0.01)."""
    m, s, got = as_number(mean), as_number(std), as_number(answer)
    if not 0 < m < 1 or s <= 0:
        raise WrongKind(
            Hint(
                f"mean 0 ile 1 arasında, std pozitif olmalı; {m} ve {s} geldi",
                f"mean must lie between 0 and 1 and std must be positive; got {m} and {s}",
            )
        )
    want = 255 * m
    if abs(got - want) <= 0.01:
        return None
    if abs(got - m) <= 1e-3:
        return Hint(
            f"{got}, ToTensor()'dan sonraki 0–1 ölçeğinde; ham pikseller 0–255 arasındadır, "
            "255 ile çarpın",
            f"{got} is on the 0–1 scale after ToTensor(); the raw pixels run from 0 to 255, "
            "so multiply by 255",
        )
    if got == round(want):
        return Hint(
            f"{got:.0f} en yakın tam sayılı piksel, ama tam olarak 0 olmaz: "
            f"({got:.0f} / 255 - {m}) / {s} sıfır değil. Kesin değeri iki ondalık basamakla yazın",
            f"{got:.0f} is the nearest whole pixel, but it does not become exactly 0: "
            f"({got:.0f} / 255 - {m}) / {s} is not zero. Give the exact value to two decimals",
        )
    if abs(got - 255 * (m + s)) <= 0.01 or abs(got - 255 * s) <= 0.01:
        return Hint(
            "std'ye bölmek 0'ı yerinden oynatmaz; sonuç yalnızca x / 255 ortalamaya eşitken 0 olur",
            "dividing by std does not move 0; the result is 0 only when x / 255 equals the mean",
        )
    return Hint(
        "(x / 255 - mean) / std = 0 denklemini x için çözün: ToTensor() 255'e böler, "
        "Normalize önce ortalamayı çıkarır",
        "solve (x / 255 - mean) / std = 0 for x: ToTensor() divides by 255, and Normalize "
        "subtracts the mean first",
    )


@checker
def check_most_common_test_digit(labels: Any, digit: Any, count: Any) -> Hint | None:
    """01, exercise 2: the most frequent digit among ``labels`` (e.g. the first 100 test
    labels) and how often it occurs there; any digit tied for the most is right."""
    import torch

    targets = torch.as_tensor(labels)
    if targets.ndim != 1 or targets.numel() == 0 or targets.is_floating_point():
        raise WrongKind(
            Hint(
                "labels tam sayılardan oluşan tek eksenli bir tensor olmalı, "
                "ör. testset.targets[:100]",
                "labels must be a one-axis tensor of whole numbers, e.g. testset.targets[:100]",
            )
        )
    counts = targets.long().bincount(minlength=10)
    got_digit, got_count = as_int(digit), as_int(count)
    n = targets.numel()
    if got_count > n:
        return Hint(
            f"yalnızca {n} etiket var, sayı {got_count} olamaz: bütün test kümesini mi saydınız? "
            f"Önce ilk {n} etiketi dilimleyin, sonra sayın",
            f"there are only {n} labels, so {got_count} cannot be a count: did you count the "
            f"whole test set? Slice the first {n} labels first, then count",
        )
    if not 0 <= got_digit < len(counts) or int(counts[got_digit]) != int(counts.max()):
        return Hint(
            f"{got_digit} bu etiketlerde en sık geçen rakam değil; her rakamı "
            "bincount(minlength=10) ile sayıp argmax() alın. Küçük bir örneklem bütün kümeden "
            "farklı olabilir",
            f"{got_digit} is not the most frequent digit among these labels; count every digit "
            "with bincount(minlength=10) and take argmax(). A small sample can differ from the "
            "whole set",
        )
    if got_count != int(counts[got_digit]):
        return Hint(
            f"rakam doğru, ama bu etiketlerde {got_count} kez geçmiyor; "
            "bincount() her rakamı sayar",
            f"the digit is right, but it does not occur {got_count} times among these labels; "
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
            f"{got_n} batch geldi; 60000'i batch boyutuna ({size}) bölün: tam batch'ler"
            + (
                "; başka bir şey yok (drop_last=True artanı atlar)"
                if drop_last
                else ", artı artan için bir tane"
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


@checker
def check_idx_offset(index: Any, offset: Any) -> Hint | None:
    """02: the byte offset where image ``index`` starts in an MNIST idx images file.

    The file opens with a 16-byte header (four 4-byte numbers: magic, count, rows, columns),
    then holds 28 * 28 = 784 bytes per image, image 0 first.
    """
    i, got = as_int(index), as_int(offset)
    if i < 0:
        raise WrongKind(
            Hint(
                f"görüntü numarası 0 ya da daha büyük olmalı, {i} geldi",
                f"the image index must be 0 or more, got {i}",
            )
        )
    if got == 16 + i * 784:
        return None
    if got == i * 784:
        return Hint(
            "başlığı unuttunuz: görüntülerden önce 16 baytlık bir başlık var "
            "(sihirli sayı, görüntü sayısı, satır, sütun; her biri 4 bayt)",
            "you forgot the header: 16 bytes come before the images "
            "(magic number, count, rows, columns; 4 bytes each)",
        )
    if got in (16 + (i - 1) * 784, 16 + (i + 1) * 784):
        return Hint(
            "bir görüntü kaydınız: numaralar 0'dan başlar, 0 numaralı görüntü başlığın hemen "
            "ardından, 16 numaralı bayttan (offset 16) başlar",
            "off by one image: indices start at 0, and image 0 starts right after the header, "
            "at byte 16",
        )
    if got == 16 + i * 28:
        return Hint(
            "bir görüntü 28 değil 28 * 28 = 784 bayttır: her piksel bir bayt",
            "an image is 28 * 28 = 784 bytes, not 28: one byte per pixel",
        )
    return Hint(
        "16 baytlık başlık, sonra görüntü başına 784 bayt: önceki görüntülerin baytlarını "
        "başlığa ekleyin",
        "a 16-byte header, then 784 bytes per image: add the bytes of the images before "
        "this one to the header",
    )


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
            "yalnızca ağırlıkları saydınız: her nn.Linear(a, b)'nin b tane de sapması (bias) var",
            "you counted only the weights: each nn.Linear(a, b) also has b biases",
        )
    if got == sum(a * b + a for a, b in pairs):
        return Hint(
            "sapmalar çıktılara aittir: nn.Linear(a, b)'nin a değil b sapması vardır",
            "the biases belong to the outputs: nn.Linear(a, b) has b biases, not a",
        )
    return Hint(
        "her komşu (a, b) çifti için a * b ağırlık ve b sapma ekleyin, sonra katmanlar "
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


@checker
def check_sgd_step(weight: Any, grad: Any, lr: Any, answer: Any) -> Hint | None:
    """04: a weight's value after one plain SGD step, ``weight - lr * grad``."""
    w, g, rate, got = as_number(weight), as_number(grad), as_number(lr), as_number(answer)
    if rate <= 0:
        raise WrongKind(
            Hint(
                f"öğrenme oranı pozitif olmalı, {rate} geldi",
                f"the learning rate must be positive, got {rate}",
            )
        )
    expected = w - rate * g

    def near(value: float) -> bool:
        return math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-9)

    if near(expected):
        return None
    if near(w + rate * g):
        return Hint(
            "adım gradyanın TERSİ yönündedir: lr * grad eklenmez, çıkarılır",
            "the step goes AGAINST the gradient: subtract lr * grad, do not add it",
        )
    if near(-rate * g):
        return Hint(
            "bu yalnızca değişim (-lr * grad); soru ağırlığın yeni değerini soruyor",
            "that is only the change (-lr * grad); the question asks for the new weight",
        )
    if near(w - g):
        return Hint(
            "gradyanı öğrenme oranıyla çarpmayı unuttunuz: adım lr * grad kadardır",
            "you forgot to multiply the gradient by the learning rate: the step is lr * grad",
        )
    return Hint(
        "SGD'nin kuralı: yeni ağırlık = ağırlık - lr * gradyan",
        "SGD's rule: new weight = weight - lr * gradient",
    )


# Notebook 05

#: images in the MNIST training set
TRAIN_IMAGES = 60_000


def _batches_per_epoch(batch_size: Any) -> int:
    size = as_int(batch_size)
    if size < 1:
        raise WrongKind(
            Hint(
                f"batch boyutu en az 1 olmalı, {size} geldi",
                f"the batch size must be at least 1, got {size}",
            )
        )
    return -(-TRAIN_IMAGES // size)


@checker
def check_updates_per_epoch(batch_size: Any, answer: Any) -> Hint | None:
    """05: how many times ``optimizer.step()`` runs in one epoch over the 60,000 training
    images at ``batch_size`` (the last, smaller batch counts too)."""
    want = _batches_per_epoch(batch_size)
    size = as_int(batch_size)
    value = as_number(answer)
    if not value.is_integer() and abs(value - TRAIN_IMAGES / size) <= 0.01:
        return Hint(
            f"{value} geldi: 60000 / {size} bir batch sayısı değil. Adım başına bir batch "
            "vardır ve artan görüntüler de bir batch daha oluşturur: yukarı yuvarlayın",
            f"got {value}: 60000 / {size} is not a number of batches. There is one step per "
            "batch, and the leftover images make one more batch: round up",
        )
    got = as_int(answer)
    if got == want:
        return None
    if got == TRAIN_IMAGES // size:
        return Hint(
            f"{got} yalnızca tam batch'leri sayıyor; son {TRAIN_IMAGES % size} görüntü de "
            "küçük bir batch olur ve onunla da bir optimizer.step() atılır",
            f"{got} counts only the full batches; the last {TRAIN_IMAGES % size} images form a "
            "smaller batch, and it gets an optimizer.step() too",
        )
    if got == TRAIN_IMAGES:
        return Hint(
            "optimizer görüntü başına değil, batch başına bir kez güncellenir",
            "the optimizer updates once per batch, not once per image",
        )
    if got > want and got % want == 0:
        return Hint(
            f"{got}, {want}'in {got // want} katı: tek bir epoch soruluyor, birkaç epoch değil",
            f"{got} is {got // want} times {want}: the question is about one epoch, not several",
        )
    return Hint(
        f"her batch'te bir optimizer.step() var; 60000 görüntüyü {size}'lik batch'lere bölün",
        f"there is one optimizer.step() per batch; split the 60000 images into batches of {size}",
    )


@checker
def check_total_updates(batch_size: Any, epochs: Any, answer: Any) -> Hint | None:
    """05: how many times ``optimizer.step()`` runs in ``epochs`` epochs at ``batch_size``."""
    per_epoch = _batches_per_epoch(batch_size)
    rounds, got = as_int(epochs), as_int(answer)
    if rounds < 1:
        raise WrongKind(
            Hint(
                f"epoch sayısı en az 1 olmalı, {rounds} geldi",
                f"epochs must be at least 1, got {rounds}",
            )
        )
    size = as_int(batch_size)
    if got == rounds * per_epoch:
        return None
    if got == per_epoch:
        return Hint(
            f"{got} tek bir epoch'un güncellemesi; {rounds} epoch'un hepsini sayın",
            f"{got} is the updates of one epoch; count all {rounds} epochs",
        )
    if got in (math.ceil(rounds * TRAIN_IMAGES / size), math.floor(rounds * TRAIN_IMAGES / size)):
        return Hint(
            "bütün görüntüleri bir arada bölmüşsünüz; her epoch yeniden başlar ve her "
            "epoch'un sonunda kendi küçük batch'i vardır: önce bir epoch'u sayın, sonra çarpın",
            "you divided all the images at once; every epoch starts afresh and ends with its "
            "own smaller batch: count one epoch first, then multiply",
        )
    if got == rounds * (TRAIN_IMAGES // size):
        return Hint(
            "her epoch'un son, küçük batch'ini unuttunuz; o batch de bir güncellemedir",
            "you left out the last, smaller batch of every epoch; it is an update too",
        )
    return Hint(
        "epoch başına güncelleme sayısı batch sayısıdır; bunu epoch sayısıyla çarpın",
        "the updates per epoch are the number of batches; multiply that by the epochs",
    )


# Notebook 06


def _confusion(confusion: Any) -> Any:
    import torch

    matrix = torch.as_tensor(confusion)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        raise WrongKind(
            Hint(
                f"kare bir karışıklık matrisi bekleniyor, biçimi {tuple(matrix.shape)}",
                f"expected a square confusion matrix, got shape {tuple(matrix.shape)}",
            )
        )
    return matrix.long()


@checker
def check_most_confused_pair(confusion: Any, answer: Any) -> Hint | None:
    """06: the (true, predicted) cell off the diagonal of ``confusion`` with the most images
    (rows are true classes, columns predictions; any cell tied for the most is right)."""
    matrix = _confusion(confusion)
    pair = as_int_tuple(answer)
    if len(pair) != 2:
        raise WrongKind(
            Hint(
                f"(gerçek, tahmin) biçiminde iki sayı bekleniyor, {len(pair)} geldi",
                f"expected two numbers, (true, predicted), got {len(pair)}",
            )
        )
    n = matrix.shape[0]
    true, predicted = pair
    if not (0 <= true < n and 0 <= predicted < n):
        return Hint(
            f"sınıflar 0 ile {n - 1} arasında; {pair} matriste bir hücre değil",
            f"the classes run from 0 to {n - 1}; {pair} is not a cell of the matrix",
        )
    mistakes = matrix.clone()
    mistakes.fill_diagonal_(0)
    most = int(mistakes.max())
    if true != predicted and int(mistakes[true, predicted]) == most:
        return None
    if true == predicted:
        return Hint(
            "köşegen doğru tahminlerdir; önce onu sıfırlayın (fill_diagonal_(0)), sonra en "
            "büyük hücreyi arayın",
            "the diagonal holds the correct predictions; zero it first (fill_diagonal_(0)), "
            "then look for the largest cell",
        )
    if int(mistakes[predicted, true]) == most:
        return Hint(
            "sıra ters: satır gerçek rakam, sütun tahmin; cevap (satır, sütun) olmalı",
            "the order is reversed: rows are the true digit, columns the prediction; answer "
            "(row, column)",
        )
    both = mistakes + mistakes.T
    if int(both[true, predicted]) == int(both.max()):
        return Hint(
            "iki yönü toplamışsınız; burada tek yön soruluyor: en büyük tek hücre (gerçek, tahmin)",
            "you added both directions; the question asks for one direction: the single "
            "largest cell (true, predicted)",
        )
    return Hint(
        f"confusion[{true}, {predicted}] = {int(mistakes[true, predicted])}, ama köşegen "
        f"dışında {most} görüntülük bir hücre var; argmax'ı köşegeni sıfırladıktan sonra alın",
        f"confusion[{true}, {predicted}] = {int(mistakes[true, predicted])}, but a cell off "
        f"the diagonal holds {most}; take the argmax after zeroing the diagonal",
    )


@checker
def check_precision(confusion: Any, digit: Any, answer: Any) -> Hint | None:
    """06: the precision of class ``digit`` read off ``confusion``, as a fraction 0..1:
    of the images predicted as ``digit`` (its column), the share that really are."""
    matrix = _confusion(confusion).double()
    d = as_int(digit)
    if not 0 <= d < matrix.shape[0]:
        raise WrongKind(
            Hint(
                f"sınıf 0 ile {matrix.shape[0] - 1} arasında olmalı, {d} geldi",
                f"the class must be between 0 and {matrix.shape[0] - 1}, got {d}",
            )
        )
    got = as_number(answer)
    precision = float(matrix[d, d] / matrix[:, d].sum().clamp(min=1))
    recall = float(matrix[d, d] / matrix[d, :].sum().clamp(min=1))
    if abs(got - precision) <= 5e-4:
        return None
    if abs(got - 100 * precision) <= 0.05:
        return Hint(
            "değer doğru ama yüzde olarak; 0 ile 1 arasında bir oran yazın",
            "the value is right but in per cent; write it as a fraction between 0 and 1",
        )
    if abs(got - recall) <= 5e-4:
        return Hint(
            "satır toplamına bölmüşsünüz: bu rakam başına doğruluk (recall). Kesinlik "
            "(precision) sütuna bakar: modelin bu rakam dediği görüntülerin kaçı gerçekten o?",
            "you divided by the row sum: that is the accuracy per digit (recall). Precision "
            "looks at the column: of the images the model called this digit, how many are?",
        )
    return Hint(
        f"köşegendeki confusion[{d}, {d}]'yi {d} numaralı sütunun toplamına bölün",
        f"divide the diagonal cell confusion[{d}, {d}] by the sum of column {d}",
    )


# Notebook 07


def _unit_matrix(activations: Any) -> Any:
    import torch

    if not isinstance(activations, torch.Tensor) or activations.dim() != 2:
        raise WrongKind(
            Hint(
                "aktivasyonlar [N, units] biçiminde 2 eksenli bir tensor olmalı "
                "(capture_activations'ın döndürdüğü gibi)",
                "the activations must be a 2-axis [N, units] tensor "
                "(as capture_activations returns it)",
            )
        )
    return activations.detach().float()


@checker
def check_dead_fraction(activations: Any, answer: Any) -> Hint | None:
    """07: the fraction of dead units in ``activations`` ([N, units], before or after ReLU).

    A unit is dead when its value is <= 0 on every image (after ReLU: exactly 0)."""
    acts = _unit_matrix(activations)
    got = as_number(answer)
    want = (acts <= 0).all(dim=0).float().mean().item()
    if abs(got - want) <= 1e-3:
        return None
    dead = int((acts <= 0).all(dim=0).sum())
    if abs(got - (acts <= 0).float().mean().item()) <= 1e-3:
        return Hint(
            "bu, sıfır olan aktivasyonların payı; soru birimleri soruyor: bir birim, sütunu "
            "baştan sona <= 0 ise ölüdür. dim=0 boyunca all() deneyin",
            "that is the share of activations at zero; the question is about units: a unit "
            "is dead when its whole column is <= 0. Try all() along dim=0",
        )
    if abs(got - (acts == 0).all(dim=0).float().mean().item()) <= 1e-3:
        return Hint(
            "ReLU'dan önceki değerlerde susan bir birim sıfır değil negatif değer verir: "
            "== 0 yerine <= 0 kullanın (ya da önce ReLU uygulayın)",
            "before ReLU a silent unit gives negative values, not zeros: use <= 0 "
            "instead of == 0 (or apply ReLU first)",
        )
    if got == dead and dead > 1:
        return Hint(
            f"{dead} ölü birim saydınız, doğru; ama soru oranı istiyor: birim sayısına bölün",
            f"you counted {dead} dead units, right; but the question asks for a fraction: "
            "divide by the number of units",
        )
    if abs(got - 100 * want) <= 0.1:
        return Hint(
            "yüzde değil, 0 ile 1 arasında bir oran bekleniyor",
            "expected a fraction between 0 and 1, not a percentage",
        )
    return Hint(
        "her birim bir sütundur: sütunun bütün değerleri <= 0 ise birim ölüdür; "
        "ölü sütunları sayıp sütun sayısına bölün",
        "each unit is a column: the unit is dead if every value in its column is <= 0; "
        "count the dead columns and divide by the number of columns",
    )


@checker
def check_dead_share_ratio(results: Any, answer: Any) -> Hint | None:
    """07: how many times larger the dead ``fc1`` share is with the blog's normalisation
    than with raw pixels, read off ``results`` (label -> (dead share, accuracy))."""
    blog, raw = "blog (0.5, 0.5)", "raw [0, 1]"
    if not isinstance(results, dict) or blog not in results or raw not in results:
        raise WrongKind(
            Hint(
                f"results, {blog!r} ve {raw!r} adlarını içeren norm_results sözlüğü olmalı",
                f"results must be the norm_results dict, with the labels {blog!r} and {raw!r}",
            )
        )
    got = as_number(answer)
    blog_dead, raw_dead = as_number(results[blog][0]), as_number(results[raw][0])
    want = blog_dead / raw_dead
    if abs(got - want) <= 0.05 * want:  # the table rounds the shares
        return None
    if abs(got - raw_dead / blog_dead) <= 0.02 * raw_dead / blog_dead:
        return Hint(
            "oranı ters çevirdiniz: blogun oranını ham piksellerinkine bölün, tersini değil",
            "you turned the ratio upside down: divide the blog's share by the raw pixels' share",
        )
    if min(abs(got - (blog_dead - raw_dead)), abs(got - 100 * (blog_dead - raw_dead))) <= 0.01:
        return Hint(
            "bu iki oranın farkı; soru kaç kat büyük olduğunu, yani bölümünü soruyor",
            "that is the difference of the two shares; the question asks how many times "
            "larger, that is their quotient",
        )
    return Hint(
        "dead fc1 sütunundaki iki değeri kullanın (accuracy sütununu değil) ve "
        "blogunkini ham piksellerinkine bölün",
        "use the two values of the dead fc1 column (not the accuracy column) and divide "
        "the blog's by the raw pixels'",
    )


# Notebook 08


def _losses(values: Any) -> list[float]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence) or not values:
        raise WrongKind(
            Hint(
                "kayıplar, epoch başına bir sayı içeren boş olmayan bir liste olmalı",
                "the losses must be a non-empty list with one number per epoch",
            )
        )
    return [as_number(v) for v in values]


@checker
def check_early_stopping_epoch(train_losses: Any, val_losses: Any, answer: Any) -> Hint | None:
    """08: the epoch (counted from 1) that early stopping picks: the lowest validation loss."""
    train, val = _losses(train_losses), _losses(val_losses)
    got = as_int(answer)
    want = val.index(min(val)) + 1
    if got == want:
        return None
    if got == want - 1:
        return Hint(
            "epoch'lar 1'den sayılır: listenin 0. elemanı 1. epoch'tur, index()'e 1 ekleyin",
            "epochs are counted from 1: element 0 of the list is epoch 1, add 1 to index()",
        )
    if got == train.index(min(train)) + 1:
        return Hint(
            "bu, eğitim kaybının en düşük olduğu epoch; eğitim kaybı neredeyse hep düşer. "
            "Erken durdurma doğrulama kaybının en düşüğüne bakar",
            "that is where the training loss is lowest; it keeps falling almost always. "
            "Early stopping looks for the lowest validation loss",
        )
    return Hint(
        "doğrulama kaybı listesinin en küçük değerini bulun (min) ve onun epoch'unu yazın",
        "find the smallest value of the validation-loss list (min) and give its epoch",
    )


@checker
def check_gap_growth(train_losses: Any, val_losses: Any, answer: Any) -> Hint | None:
    """08: how much the gap (validation loss minus training loss) grew from the first epoch
    to the last."""
    train, val = _losses(train_losses), _losses(val_losses)
    if len(train) != len(val):
        raise WrongKind(
            Hint(
                "iki liste aynı uzunlukta olmalı: epoch başına bir eğitim, bir doğrulama kaybı",
                "the two lists must be as long as each other: one training and one "
                "validation loss per epoch",
            )
        )
    got = as_number(answer)
    first, last = val[0] - train[0], val[-1] - train[-1]
    if abs(got - (last - first)) <= 1e-3:
        return None
    if abs(got - last) <= 1e-3:
        return Hint(
            "bu, son epoch'taki fark; büyümeyi bulmak için ilk epoch'taki farkı çıkarın",
            "that is the gap at the last epoch; subtract the first epoch's gap to get the growth",
        )
    if abs(got + (last - first)) <= 1e-3:
        return Hint(
            "işarete dikkat: fark doğrulama eksi eğitim kaybıdır ve büyüme son eksi ilktir",
            "mind the sign: the gap is validation minus training loss, and the growth is "
            "last minus first",
        )
    return Hint(
        "her epoch için fark = doğrulama kaybı - eğitim kaybı; büyüme = son fark - ilk fark",
        "for each epoch, gap = validation loss - training loss; growth = last gap - first gap",
    )


# Notebook 09


@checker
def check_convnet_parameters(channels: Any, hidden: Any, answer: Any) -> Hint | None:
    """09: the parameter count of ``ConvNet(channels, hidden)`` of ``mnist_helpers.models``.

    With ``C = channels`` and ``H = hidden``: ``conv1`` is ``Conv2d(1, C, 3)``, ``conv2``
    ``Conv2d(C, 2C, 3)``, ``fc1`` ``Linear(2C·7·7, H)`` (two poolings take 28 to 7) and
    ``fc2`` ``Linear(H, 10)``; pooling and dropout have no parameters.
    """
    c, h, got = as_int(channels), as_int(hidden), as_int(answer)
    if c < 1 or h < 1:
        raise WrongKind(
            Hint(
                f"channels ve hidden pozitif tam sayı olmalı, {c} ve {h} geldi",
                f"channels and hidden must be positive integers, got {c} and {h}",
            )
        )

    def total(kernel: int = 9, side: int = 7, flat_channels: int = 2 * c, bias: int = 1) -> int:
        conv = (1 * kernel + bias) * c + (c * kernel + bias) * 2 * c
        return conv + (flat_channels * side * side + bias) * h + (h + bias) * 10

    if got == total():
        return None
    if got == total(bias=0):
        return Hint(
            "yalnızca ağırlıkları saydınız: her filtrenin ve her tam bağlı birimin bir de "
            "sapması (bias) var",
            "you counted only the weights: every filter and every fully connected unit also "
            "has a bias",
        )
    if got == total(kernel=1):
        return Hint(
            "filtreler 3×3: bir filtre her girdi kanalı için 3·3 = 9 ağırlık taşır, tek bir "
            "ağırlık değil",
            "the filters are 3×3: a filter holds 3·3 = 9 weights for every input channel, not one",
        )
    if got in (total(side=28), total(side=14)):
        return Hint(
            "fc1'in girdisini havuzlamadan sonra sayın: iki MaxPool2d(2) 28'i 14'e, sonra 7'ye "
            "indirir, yani fc1 2C·7·7 sayı görür",
            "count fc1's input after the pooling: two MaxPool2d(2) take 28 to 14 and then to "
            "7, so fc1 sees 2C·7·7 numbers",
        )
    if got == total(flat_channels=c):
        return Hint(
            "conv2 kanal sayısını ikiye katlar (2C filtre); fc1'in girdisi C·7·7 değil 2C·7·7",
            "conv2 doubles the channels (2C filters); fc1's input is 2C·7·7, not C·7·7",
        )
    return Hint(
        "dört katmanı ayrı ayrı toplayın: conv1 (1·9 + 1)·C, conv2 (C·9 + 1)·2C, "
        "fc1 2C·7·7·H + H, fc2 H·10 + 10; count_parameters ile katman katman karşılaştırın",
        "add up the four layers one by one: conv1 (1·9 + 1)·C, conv2 (C·9 + 1)·2C, "
        "fc1 2C·7·7·H + H, fc2 H·10 + 10; compare layer by layer with count_parameters",
    )


@checker
def check_conv_pool_shape(
    input_shape: Any, out_channels: Any, kernel_size: Any, padding: Any, answer: Any
) -> Hint | None:
    """09: the shape after ``nn.Conv2d(in, out_channels, kernel_size, padding=padding)`` and
    then ``nn.MaxPool2d(2)``, for an input of ``input_shape`` (N, C, H, W)."""
    n, _, height, width = _nchw(as_int_tuple(input_shape))
    out, k, p = as_int(out_channels), as_int(kernel_size), as_int(padding)
    got = as_int_tuple(answer)
    conv = (height + 2 * p - k + 1, width + 2 * p - k + 1)
    if min(conv) < 1:
        raise WrongKind(
            Hint(
                f"{k}×{k} filtre {height}×{width} girdiye sığmıyor",
                f"a {k}×{k} kernel does not fit a {height}×{width} input",
            )
        )
    want = (n, out, conv[0] // 2, conv[1] // 2)
    if got == want:
        return None
    if got == want[1:]:
        return Hint(
            "batch eksenini unutmayın: biçim dört sayıdır (N, C, H, W)",
            "keep the batch axis: the shape has four numbers (N, C, H, W)",
        )
    if got == (n, out, *conv):
        return Hint(
            "bu evrişimin çıktısı; MaxPool2d(2) yüksekliği ve genişliği bir kez daha yarıya "
            "indirir",
            "that is the convolution's output; MaxPool2d(2) then halves the height and width",
        )
    if got[2:] == ((height + 2 * p) // 2, (width + 2 * p) // 2):
        return Hint(
            f"dolgu (padding) {p} iken {k}×{k} filtre kenarlarda taşamaz: çıktı yüksekliği "
            f"H + 2·{p} - {k} + 1 olur",
            f"with padding {p} a {k}×{k} kernel cannot hang over the edges: the output height "
            f"is H + 2·{p} - {k} + 1",
        )
    if len(got) == 4 and got[1] != out:
        return Hint(
            f"kanal sayısını evrişimin out_channels değeri belirler ({out}); havuzlama kanallara "
            "dokunmaz",
            f"the channels are set by the convolution's out_channels ({out}); pooling leaves "
            "them alone",
        )
    return Hint(
        f"önce evrişim: H + 2·{p} - {k} + 1, sonra havuzlama: yarıya indirip aşağı yuvarlayın; "
        "batch boyutu değişmez",
        f"first the convolution: H + 2·{p} - {k} + 1, then the pooling: halve and round "
        "down; the batch size does not change",
    )


def _nchw(shape: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` if it has four axes (N, C, H, W); else :class:`WrongKind`."""
    if len(shape) != 4:
        raise WrongKind(
            Hint(
                f"dört eksenli bir biçim (N, C, H, W) bekleniyor, {len(shape)} eksen geldi",
                f"expected a shape of four axes (N, C, H, W), got {len(shape)}",
            )
        )
    return shape


# Notebook 10

#: The stages of ``mnist_helpers.images.preprocess_steps`` that change the image.
PREPROCESSING_STEPS = ("inverted", "cleaned", "cropped", "fitted", "centred")

#: For each defect of an image: the step that fixes it, and what to look at again (tr, en).
PREPROCESSING_DEFECTS: dict[str, tuple[str, str, str]] = {
    "inverted colours": (
        "inverted",
        "MNIST siyah zeminde beyaz mürekkeptir; açık ile koyuyu hangi adım yer değiştirir?",
        "MNIST is white ink on black; which step swaps light and dark?",
    ),
    "grey background": (
        "cleaned",
        "gri zemini ve soluk gürültüyü kenarlardan ölçüp çıkaran, kontrastı geren adımı arayın",
        "look for the step that measures the background on the border, subtracts it and "
        "stretches the contrast",
    ),
    "wrong size": (
        "fitted",
        "MNIST rakamları 20×20'lik bir kutuya sığar; rakamı ölçekleyen adım hangisi? "
        "cropped yalnızca boş kenarı keser, ölçeği değiştirmez",
        "MNIST digits fit a 20×20 box; which step scales the digit? cropped only cuts the "
        "empty border away and does not change the scale",
    ),
    "off-centre": (
        "centred",
        "rakamı 28×28'lik çerçevede ağırlık merkezi ortaya gelecek biçimde yerleştiren adım "
        "hangisi? cropped rakamı keser ama çerçeveye koymaz",
        "which step places the digit in the 28×28 frame with its centre of mass in the "
        "middle? cropped cuts the digit out but does not place it",
    ),
}


@checker
def check_preprocessing_step(defect: Any, answer: Any) -> Hint | None:
    """10: the step of ``preprocess_steps`` that fixes ``defect`` (a key of
    ``PREPROCESSING_DEFECTS``); ``answer`` is one of ``PREPROCESSING_STEPS``."""
    if not isinstance(defect, str) or defect not in PREPROCESSING_DEFECTS:
        raise WrongKind(
            Hint(
                f"defect şunlardan biri olmalı: {', '.join(map(repr, PREPROCESSING_DEFECTS))}",
                f"defect must be one of {', '.join(map(repr, PREPROCESSING_DEFECTS))}",
            )
        )
    if not isinstance(answer, str):
        names = ", ".join(map(repr, PREPROCESSING_STEPS))
        raise WrongKind(
            Hint(
                f"bir adımın adı metin olarak bekleniyor ({names}), {type(answer).__name__} geldi",
                f"expected a step's name as a string ({names}), got {type(answer).__name__}",
            )
        )
    step = answer.strip().strip("'\"").lower()
    if step not in PREPROCESSING_STEPS:
        raise WrongKind(
            Hint(
                f"{answer!r} bir adım adı değil; şunlardan birini yazın: "
                + ", ".join(map(repr, PREPROCESSING_STEPS)),
                f"{answer!r} is not a step name; write one of "
                + ", ".join(map(repr, PREPROCESSING_STEPS)),
            )
        )
    right, tr, en = PREPROCESSING_DEFECTS[defect]
    return None if step == right else Hint(tr, en)


@checker
def check_fitted_shape(cropped_shape: Any, answer: Any) -> Hint | None:
    """10: the shape (height, width) of the ``fitted`` step for a ``cropped`` digit of
    ``cropped_shape``: the longer side becomes 20 pixels, the aspect ratio is kept."""
    height, width = _pair(as_int_tuple(cropped_shape))
    got = _pair(as_int_tuple(answer))
    scale = 20.0 / max(height, width)
    want = (max(1, round(height * scale)), max(1, round(width * scale)))
    if got == want:
        return None
    if got == (20, 20):
        return Hint(
            "oran korunur: yalnızca uzun kenar 20 olur, kısa kenar aynı oranla küçülür",
            "the aspect ratio is kept: only the longer side becomes 20, the shorter one "
            "shrinks by the same factor",
        )
    if 28 in got:
        return Hint(
            "rakam 20×20'lik bir kutuya sığdırılır; 28×28'lik çerçeve bir sonraki adımın "
            "(centred) işi ve çevrede boşluk bırakır",
            "the digit is fitted into a 20×20 box; the 28×28 frame is the next step's "
            "(centred) job and leaves a margin around it",
        )
    if got == want[::-1]:
        return Hint(
            "numpy biçimi (yükseklik, genişlik) sırasındadır; uzun olan kenar hangisiydi?",
            "a numpy shape is (height, width); which side was the longer one?",
        )
    return Hint(
        "iki kenarı da 20 / uzun kenar ile çarpıp en yakın tam sayıya yuvarlayın",
        "multiply both sides by 20 / the longer side and round to the nearest whole number",
    )


def _pair(shape: tuple[int, ...]) -> tuple[int, int]:
    """``shape`` if it is (height, width) with positive sides; else :class:`WrongKind`."""
    if len(shape) != 2 or min(shape) < 1:
        raise WrongKind(
            Hint(
                f"iki pozitif sayılık bir biçim (yükseklik, genişlik) bekleniyor, {shape} geldi",
                f"expected a shape of two positive numbers (height, width), got {shape}",
            )
        )
    return shape[0], shape[1]


# Notebook 11


@checker
def check_batch_bytes(answer: Any) -> Hint | None:
    """11: the bytes one batch of 64 float32 images of 1×28×28 takes on its way to the GPU."""
    got = as_int(answer)
    pixels = 28 * 28
    want = 64 * pixels * 4
    if got == want:
        return None
    if got == 64 * pixels:
        return Hint(
            "bu, batch'teki sayıların adedi; her float32 sayı 4 bayt tutar",
            "that is how many numbers the batch holds; every float32 number takes 4 bytes",
        )
    if got in (pixels * 4, pixels):
        return Hint(
            "bu tek bir görüntü; batch'te 64 görüntü var",
            "that is a single image; the batch holds 64 of them",
        )
    if got == 64 * pixels * 8:
        return Hint(
            "float32 32 bittir, yani 8 değil 4 bayt",
            "float32 is 32 bits, that is 4 bytes, not 8",
        )
    return Hint(
        "görüntü sayısı × kanal × yükseklik × genişlik × sayı başına bayt (float32: 4)",
        "images × channels × height × width × bytes per number (float32: 4)",
    )


@checker
def check_epoch_bytes(answer: Any) -> Hint | None:
    """11: the image bytes the DataLoader copies to the GPU in one epoch of 60,000 images."""
    got = as_int(answer)
    per_image = 28 * 28 * 4
    want = 60_000 * per_image
    if got == want:
        return None
    if got == -(-60_000 // 64) * 64 * per_image:
        return Hint(
            "son batch dolu değil: 60.000 = 937 × 64 + 32; her görüntü bir kez kopyalanır",
            "the last batch is not full: 60,000 = 937 × 64 + 32; each image is copied once",
        )
    if got == 60_000 * 28 * 28:
        return Hint(
            "bu sayıların adedi; her float32 sayı 4 bayt tutar",
            "that is the count of numbers; every float32 number takes 4 bytes",
        )
    if got == 70_000 * per_image:
        return Hint(
            "bir eğitim epoch'u yalnızca 60.000 eğitim görüntüsünü görür, test kümesini değil",
            "a training epoch sees only the 60,000 training images, not the test set",
        )
    return Hint(
        "bir epoch her eğitim görüntüsünü bir kez kopyalar: 60.000 × 28 × 28 × 4 bayt",
        "one epoch copies every training image once: 60,000 × 28 × 28 × 4 bytes",
    )


# Notebook 12


def _fraction(value: Any) -> float:
    share = as_number(value)
    if not 0 < share <= 1:
        raise WrongKind(
            Hint(
                f"fraction 0 ile 1 arasında bir pay olmalı (ör. 0.64), {share} geldi",
                f"fraction must be a share between 0 and 1 (e.g. 0.64), got {share}",
            )
        )
    return share


@checker
def check_amdahl_speedup(fraction: Any, k: Any, answer: Any) -> Hint | None:
    """12: the whole speed-up when the part taking ``fraction`` of the time gets ``k``× faster
    (Amdahl's law: ``1 / ((1 - fraction) + fraction / k)``; within 2 per cent)."""
    share, factor, got = _fraction(fraction), as_number(k), as_number(answer)
    want = 1 / ((1 - share) + share / factor)
    if abs(got - want) <= 0.02 * want:
        return None
    if abs(got - factor) <= 0.02 * factor:
        return Hint(
            "yalnızca o parça k kat hızlanır; geri kalan 1 - fraction aynı süreyi alır",
            "only that part gets k times faster; the other 1 - fraction takes as long as before",
        )
    if share < 1 and abs(got - 1 / (1 - share)) <= 0.02 / (1 - share):
        return Hint(
            "bu, o parça tamamen yok olsaydı elde edilecek sınır; k kat hızlı parça hâlâ "
            "fraction / k süre alır",
            "that is the limit if the part vanished altogether; a part k times faster still "
            "takes fraction / k of the time",
        )
    if abs(got - 1 / want) <= 0.02 / want:
        return Hint(
            "bu, yeni sürenin eskisine oranı; hızlanma bunun tersidir",
            "that is the new time over the old one; the speed-up is its inverse",
        )
    return Hint(
        "yeni süre = (1 - fraction) + fraction / k (eski süre 1 iken); hızlanma 1 / yeni süre",
        "new time = (1 - fraction) + fraction / k (taking the old time as 1); "
        "the speed-up is 1 / new time",
    )


@checker
def check_epoch_seconds(images_per_second: Any, answer: Any) -> Hint | None:
    """12: seconds for one training epoch at ``images_per_second`` (within 5 per cent)."""
    speed, got = as_number(images_per_second), as_number(answer)
    if speed <= 0:
        raise WrongKind(
            Hint(
                f"images_per_second pozitif olmalı, {speed} geldi",
                f"images_per_second must be positive, got {speed}",
            )
        )
    want = 60_000 / speed
    if abs(got - want) <= 0.05 * want:
        return None
    if abs(got - 10_000 / speed) <= 0.05 * 10_000 / speed:
        return Hint(
            "eğitim epoch'u 60.000 eğitim görüntüsüdür; 10.000 test kümesinin boyu",
            "a training epoch is the 60,000 training images; 10,000 is the test set",
        )
    if abs(got - speed / 60_000) <= 0.05 * speed / 60_000:
        return Hint(
            "bölmeyi ters yaptınız: süre = görüntü sayısı / (saniyede görüntü)",
            "the division is upside down: time = images / (images per second)",
        )
    return Hint(
        "bir epoch 60.000 görüntüdür; saniye = 60.000 / (saniyede görüntü)",
        "an epoch is 60,000 images; seconds = 60,000 / (images per second)",
    )


@checker
def check_per_sample_calls(epochs: Any, answer: Any) -> Hint | None:
    """A1: how often the blog's DataLoader calls ``MNIST.__getitem__`` (and so ``ToTensor``)
    in ``epochs`` epochs over the 60,000 training images."""
    n_epochs, got = as_int(epochs), as_int(answer)
    want = 60_000 * n_epochs
    if got == want:
        return None
    if got == -(-60_000 // 64) * n_epochs:
        return Hint(
            "bu batch sayısı; __getitem__ batch başına değil, görüntü başına bir kez çalışır",
            "that is the number of batches; __getitem__ runs once per image, not per batch",
        )
    if got == 60_000:
        return Hint(
            "bu tek bir epoch; dönüşümler her epoch'ta baştan çalışır",
            "that is one epoch; the transforms run again in every epoch",
        )
    return Hint(
        "her epoch her görüntüyü bir kez ister: 60.000 × epoch sayısı",
        "every epoch asks for every image once: 60,000 × the number of epochs",
    )


@checker
def check_break_even_batches(
    compile_seconds: Any, eager_ms: Any, compiled_ms: Any, answer: Any
) -> Hint | None:
    """A1: after how many batches ``torch.compile`` pays back its compile time (within 5 per
    cent): compile time over the time saved per batch."""
    compile_s, eager, compiled = (as_number(v) for v in (compile_seconds, eager_ms, compiled_ms))
    got = as_number(answer)
    if eager <= compiled:
        raise WrongKind(
            Hint(
                "eager_ms compiled_ms'den büyük olmalı; kazanç yoksa derleme hiç amorti olmaz",
                "eager_ms must exceed compiled_ms; with no gain the compilation never pays back",
            )
        )
    want = 1000 * compile_s / (eager - compiled)
    if abs(got - want) <= 0.05 * want:
        return None
    if abs(got - want / 1000) <= 0.05 * want / 1000:
        return Hint(
            "birimler: derleme saniye, adımlar milisaniye; saniyeyi 1000 ile çarpın",
            "units: the compile time is in seconds, the steps in milliseconds; multiply by 1000",
        )
    if abs(got - 1000 * compile_s / compiled) <= 0.05 * 1000 * compile_s / compiled:
        return Hint(
            "derleme, adımın kendi süresiyle değil, adım başına kazanılan süreyle "
            "(eager_ms - compiled_ms) ödenir",
            "the compilation is paid back by the time saved per step (eager_ms - compiled_ms), "
            "not by the step's own time",
        )
    return Hint(
        "batch sayısı = derleme süresi (ms) / adım başına kazanç (eager_ms - compiled_ms)",
        "batches = compile time (ms) / time saved per batch (eager_ms - compiled_ms)",
    )


# Notebook 13


@checker
def check_samples_per_rank(
    n_samples: Any, processes: Any, answer: Any, drop_last: bool = False
) -> Hint | None:
    """13: how many samples each rank gets per epoch from ``DistributedSampler``.

    Without ``drop_last`` the sampler repeats a few samples so that every rank gets
    ``ceil(n_samples / processes)``; with it, it drops the rest: ``n_samples // processes``.
    """
    n, world, got = as_int(n_samples), as_int(processes), as_int(answer)
    if n < 1 or world < 1:
        raise WrongKind(
            Hint(
                f"örnek ve süreç sayısı pozitif olmalı, {n} ve {world} geldi",
                f"the sample and process counts must be positive, got {n} and {world}",
            )
        )
    want = n // world if drop_last else -(-n // world)
    if got == want:
        return None
    if got == n:
        return Hint(
            "bu bütün veri kümesi; her rank onun yalnızca bir parçasını, kabaca 1 / süreç "
            "sayısı kadarını görür",
            "that is the whole dataset; each rank sees only its share, about 1 / processes of it",
        )
    if not drop_last and got == n // world:
        return Hint(
            "aşağı yuvarladınız; drop_last=False iken sampler birkaç örneği tekrarlayarak her "
            "rank'e yukarı yuvarlanmış sayıyı verir",
            "you rounded down; with drop_last=False the sampler repeats a few samples so that "
            "every rank gets the count rounded up",
        )
    if drop_last and got == -(-n // world):
        return Hint(
            "drop_last=True artanı tekrarlamaz, atar: aşağı yuvarlayın",
            "drop_last=True drops the remainder instead of repeating it: round down",
        )
    return Hint(
        "örnek sayısını süreç sayısına bölün; kalan varsa drop_last'e göre yukarı ya da "
        "aşağı yuvarlayın",
        "divide the samples by the processes; with a remainder, round up or down "
        "depending on drop_last",
    )


@checker
def check_ddp_steps_per_epoch(
    processes: Any, per_process_batch: Any, answer: Any, n_samples: Any = 60_000
) -> Hint | None:
    """13: optimizer steps per epoch when every one of ``processes`` takes its own batch of
    ``per_process_batch`` (the effective batch is their product)."""
    world, batch, n, got = (
        as_int(processes),
        as_int(per_process_batch),
        as_int(n_samples),
        as_int(answer),
    )
    if world < 1 or batch < 1 or n < 1:
        raise WrongKind(
            Hint(
                "süreç sayısı, batch boyutu ve örnek sayısı pozitif olmalı",
                "processes, batch size and sample count must be positive",
            )
        )
    per_rank = -(-n // world)  # DistributedSampler rounds up
    want = -(-per_rank // batch)  # the last, partial batch is a step too
    if got == want:
        return None
    if got == -(-n // batch):
        return Hint(
            "bu tek sürecin adım sayısı; her adımda bütün süreçler birlikte "
            "süreç sayısı × batch örnek işler, bu yüzden adım sayısı azalır",
            "that is the one-process step count; at each step all processes together handle "
            "processes × batch samples, so there are fewer steps",
        )
    if got == n // (world * batch) or got == per_rank // batch:
        return Hint(
            "son, eksik batch de bir adımdır: aşağı değil yukarı yuvarlayın",
            "the last, partial batch is a step too: round up, not down",
        )
    return Hint(
        "her rank epoch başına yukarı yuvarlanmış n / süreç sayısı örnek görür; bunu "
        "süreç başına batch boyutuna bölüp yukarı yuvarlayın",
        "each rank sees n / processes samples per epoch, rounded up; divide that by the "
        "per-process batch and round up",
    )


# Predict first


def reveal(guess: Any, actual: Any, *, label: str = "") -> None:
    """Print a learner's guess next to the result it predicted (``guess`` may be ``None``)."""
    shown = "—" if guess is None else guess
    prefix = f"{label}: " if label else ""
    print(f"{prefix}tahmininiz / your guess: {shown} · sonuç / result: {actual}")
