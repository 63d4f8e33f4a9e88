"""Checkers for notebook 05 (training): optimizer updates per epoch and in all."""

from __future__ import annotations

import math
from typing import Any

from ..constants import TRAIN_IMAGES
from .common import Hint, WrongKind, as_int, as_number, checker


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
