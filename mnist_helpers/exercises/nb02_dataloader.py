"""Checkers for notebook 02 (DataLoader): batches per epoch and the idx file layout."""

from __future__ import annotations

from typing import Any

from ..constants import TRAIN_IMAGES
from .common import Hint, WrongKind, as_int, checker


@checker
def check_batch_count(
    batch_size: Any, n_batches: Any, last_batch_size: Any, drop_last: bool = False
) -> Hint | None:
    """02, exercises 1 and 3: batches per epoch over the 60,000 training images, and the last
    batch's size, for a given ``batch_size`` (and ``drop_last``)."""
    size, got_n, got_last = as_int(batch_size), as_int(n_batches), as_int(last_batch_size)
    full, rest = divmod(TRAIN_IMAGES, size)
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
