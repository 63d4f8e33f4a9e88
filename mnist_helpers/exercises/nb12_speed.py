"""Checkers for notebook 12 (speed): Amdahl's law and an epoch's time."""

from __future__ import annotations

from typing import Any

from ..constants import TEST_IMAGES, TRAIN_IMAGES
from .common import Hint, WrongKind, as_number, checker


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
    want = TRAIN_IMAGES / speed
    if abs(got - want) <= 0.05 * want:
        return None
    if abs(got - TEST_IMAGES / speed) <= 0.05 * TEST_IMAGES / speed:
        return Hint(
            "eğitim epoch'u 60.000 eğitim görüntüsüdür; 10.000 test kümesinin boyu",
            "a training epoch is the 60,000 training images; 10,000 is the test set",
        )
    if abs(got - speed / TRAIN_IMAGES) <= 0.05 * speed / TRAIN_IMAGES:
        return Hint(
            "bölmeyi ters yaptınız: süre = görüntü sayısı / (saniyede görüntü)",
            "the division is upside down: time = images / (images per second)",
        )
    return Hint(
        "bir epoch 60.000 görüntüdür; saniye = 60.000 / (saniyede görüntü)",
        "an epoch is 60,000 images; seconds = 60,000 / (images per second)",
    )
