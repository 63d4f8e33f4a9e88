"""Checkers for notebook 11 (GPU): registered layers, the bytes a batch and an epoch copy."""

from __future__ import annotations

from typing import Any

from ..constants import TEST_IMAGES, TRAIN_IMAGES
from .common import Hint, as_int, as_module, checker, run_answer


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


@checker
def check_registered_layers(model: Any) -> Hint | None:
    """11, exercise 1: the fixed ``Stacked``: its two ``nn.Linear`` layers (784→64, 64→10) are
    registered, so ``parameters()`` counts them and ``.to("meta")`` moves them."""
    import copy

    import torch

    model = as_module(model)
    count = sum(p.numel() for p in model.parameters())
    want = 784 * 64 + 64 + 64 * 10 + 10
    if count == 0:
        return Hint(
            "parameters() hiçbir şey görmüyor: katmanlar düz bir Python listesinde. "
            "Listeyi nn.ModuleList(...) içine alın",
            "parameters() sees nothing: the layers sit in a plain Python list. Wrap the list "
            "in nn.ModuleList(...)",
        )
    if count != want:
        return Hint(
            f"{count} parametre sayıldı, iki katmanın toplamı {want}: iki nn.Linear da "
            "kayıtlı mı, başka katman eklenmedi mi?",
            f"{count} parameters counted, the two layers hold {want}: are both nn.Linear "
            "layers registered, and nothing else added?",
        )
    on_meta = copy.deepcopy(model).to("meta")
    output = run_answer(on_meta, "model", torch.empty(64, 1, 28, 28, device="meta"))
    if tuple(output.shape) != (64, 10):
        return Hint(
            f"meta üzerinde çıktı {list(output.shape)}, [64, 10] bekleniyor: forward "
            "katmanları sırayla uygulamalı",
            f"on meta the output is {list(output.shape)}, [64, 10] is expected: forward must "
            "apply the layers in turn",
        )
    return None
