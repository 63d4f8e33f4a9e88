"""Checkers for notebook 08 (experiments): early stopping and the generalisation gap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import Hint, WrongKind, as_int, as_number, checker


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
    if got == len(val):
        return Hint(
            "bu son epoch; erken durdurma son epoch'u değil, doğrulama kaybının en düşük "
            "olduğu epoch'u seçer",
            "that is the last epoch; early stopping picks not the last epoch but the one with "
            "the lowest validation loss",
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
