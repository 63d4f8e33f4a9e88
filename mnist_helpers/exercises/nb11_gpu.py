"""Checkers for notebook 11 (GPU): the bytes a batch and an epoch copy."""

from __future__ import annotations

from typing import Any

from ..constants import TEST_IMAGES, TRAIN_IMAGES
from .common import Hint, as_int, checker


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
    want = TRAIN_IMAGES * per_image
    if got == want:
        return None
    if got == -(-TRAIN_IMAGES // 64) * 64 * per_image:
        return Hint(
            "son batch dolu değil: 60.000 = 937 × 64 + 32; her görüntü bir kez kopyalanır",
            "the last batch is not full: 60,000 = 937 × 64 + 32; each image is copied once",
        )
    if got == TRAIN_IMAGES * 28 * 28:
        return Hint(
            "bu sayıların adedi; her float32 sayı 4 bayt tutar",
            "that is the count of numbers; every float32 number takes 4 bytes",
        )
    if got == (TRAIN_IMAGES + TEST_IMAGES) * per_image:
        return Hint(
            "bir eğitim epoch'u yalnızca 60.000 eğitim görüntüsünü görür, test kümesini değil",
            "a training epoch sees only the 60,000 training images, not the test set",
        )
    return Hint(
        "bir epoch her eğitim görüntüsünü bir kez kopyalar: 60.000 × 28 × 28 × 4 bayt",
        "one epoch copies every training image once: 60,000 × 28 × 28 × 4 bytes",
    )
