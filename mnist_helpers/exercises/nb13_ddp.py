"""Checkers for notebook 13 (DDP): images a split batch uses, samples per rank, steps per epoch."""

from __future__ import annotations

from typing import Any

from ..constants import TRAIN_IMAGES
from .common import Hint, WrongKind, as_int, checker


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
    processes: Any, per_process_batch: Any, answer: Any, n_samples: Any = TRAIN_IMAGES
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


@checker
def check_images_averaged(batch: Any, processes: Any, answer: Any) -> Hint | None:
    """13, exercise 1: a batch of ``batch`` images split over ``processes`` processes that
    each take ``batch // processes``: the averaged gradient is that of the first how many?"""
    n, world, got = as_int(batch), as_int(processes), as_int(answer)
    if n < 1 or world < 1:
        raise WrongKind(
            Hint(
                f"batch ve süreç sayısı pozitif olmalı, {n} ve {world} geldi",
                f"the batch and the process count must be positive, got {n} and {world}",
            )
        )
    share = n // world
    if got == share * world:
        return None
    if got == n:
        return Hint(
            f"{n}, {world}'e tam bölünmüyor: her süreç {n} // {world} = {share} görüntü alır "
            f"ve kalan {n - share * world} görüntü hiçbir sürece düşmez",
            f"{n} does not split evenly into {world}: each process takes {n} // {world} = "
            f"{share} images, and the {n - share * world} left over go to no process",
        )
    if got == share:
        return Hint(
            f"{share}, bir sürecin payı; ortalama bütün süreçlerin görüntülerini kapsar",
            f"{share} is one process's share; the mean covers every process's images",
        )
    return Hint(
        f"her süreç {n} // {world} görüntü alır; {world} süreç birlikte kaç görüntü kullanır?",
        f"each process takes {n} // {world} images; how many do {world} processes use together?",
    )
