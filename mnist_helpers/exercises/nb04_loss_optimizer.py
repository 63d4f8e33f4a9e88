"""Checkers for notebook 04 (loss and optimizer): cross-entropy and one SGD step."""

from __future__ import annotations

import math
from typing import Any

from .common import Hint, WrongKind, as_int, as_number, checker


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
