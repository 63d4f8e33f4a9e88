"""Checkers for appendix A1 (under the hood): per-sample calls and torch.compile."""

from __future__ import annotations

from typing import Any

from ..constants import TRAIN_IMAGES
from .common import Hint, WrongKind, as_int, as_number, checker


@checker
def check_per_sample_calls(epochs: Any, answer: Any) -> Hint | None:
    """A1: how often the blog's DataLoader calls ``MNIST.__getitem__`` (and so ``ToTensor``)
    in ``epochs`` epochs over the 60,000 training images."""
    n_epochs, got = as_int(epochs), as_int(answer)
    want = TRAIN_IMAGES * n_epochs
    if got == want:
        return None
    if got == -(-TRAIN_IMAGES // 64) * n_epochs:
        return Hint(
            "bu batch sayısı; __getitem__ batch başına değil, görüntü başına bir kez çalışır",
            "that is the number of batches; __getitem__ runs once per image, not per batch",
        )
    if got == TRAIN_IMAGES:
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
