"""Checkers for notebook 05 (training): optimizer updates, a loop without zero_grad and
Adam against SGD."""

from __future__ import annotations

import math
from typing import Any

from ..constants import TRAIN_IMAGES
from .common import Hint, WrongKind, as_int, as_number, as_numbers, checker, run_answer
from .nb04_loss_optimizer import close_losses, toy_problem


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


def reference_loop(model: Any, optimizer: Any, loader: Any, n_batches: int) -> list[float]:
    """The blog's loop without ``zero_grad``, stopped after ``n_batches``: each batch's loss."""
    import torch.nn.functional as F

    losses = []
    for i, (inputs, labels) in enumerate(loader):
        if i == n_batches:
            break
        loss = F.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _cleared_loop(model: Any, optimizer: Any, loader: Any, n_batches: int) -> list[float]:
    """:func:`reference_loop` with ``zero_grad``: what a loop that still clears gives."""
    real_step = optimizer.step

    def step_and_clear() -> None:
        real_step()
        optimizer.zero_grad()

    optimizer.step = step_and_clear
    return reference_loop(model, optimizer, loader, n_batches)


def _loop_losses(func: Any, name: str) -> tuple[list[float], int]:
    """The losses ``func`` gives on a toy loader of 4 batches, told to stop after 3."""
    import torch

    model, images, labels = toy_problem()
    loader = list(zip(images.split(4), labels.split(4), strict=True))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    result = run_answer(func, name, model, optimizer, loader, 3)
    return as_numbers(result, ("kayıplar", "losses")), len(loader)


@checker
def check_loop_without_zero_grad(train_without_zero_grad: Any) -> Hint | None:
    """05: the learner's ``train_without_zero_grad(model, optimizer, loader, n_batches)``
    runs the blog's loop without ``optimizer.zero_grad()`` for ``n_batches`` batches and
    returns each batch's loss. It runs on a toy loader, next to :func:`reference_loop`."""
    got, batches = _loop_losses(train_without_zero_grad, "train_without_zero_grad")
    want, _ = _loop_losses(reference_loop, "reference_loop")
    if len(got) == batches:
        return Hint(
            f"{batches} batch'in hepsi işlendi: n_batches'e varınca döngüden çıkın (break)",
            f"all {batches} batches were used: leave the loop (break) at n_batches",
        )
    if len(got) != len(want):
        return Hint(
            f"batch başına bir kayıp bekleniyor: n_batches={len(want)} iken {len(got)} geldi",
            f"expected one loss per batch: {len(got)} for n_batches={len(want)}",
        )
    if close_losses(got, want):
        return None
    cleared, _ = _loop_losses(_cleared_loop, "reference_loop")
    if close_losses(got, cleared):
        return Hint(
            "gradyanlar hâlâ temizleniyor: döngüde optimizer.zero_grad() (ya da p.grad = None) "
            "olmamalı ki gradyanlar birikebilsin",
            "the gradients are still cleared: the loop must hold no optimizer.zero_grad() (or "
            "p.grad = None), so that the gradients pile up",
        )
    return Hint(
        "her batch'te: ileri geçiş, kayıp, loss.backward(), verilen optimizer ile "
        "optimizer.step(), ve listeye loss.item(); zero_grad yok",
        "for every batch: forward pass, loss, loss.backward(), optimizer.step() with the "
        "optimizer you are given, and loss.item() onto the list; no zero_grad",
    )


def _curve(history: Any, name: str) -> tuple[list[float], list[float]]:
    """The step and epoch losses of a ``History`` from ``fit``."""
    if not hasattr(history, "step_losses") or not hasattr(history, "epoch_losses"):
        raise WrongKind(
            Hint(
                f"{name} için fit'in döndürdüğü History bekleniyor, {type(history).__name__} geldi",
                f"expected the History that fit returns for {name}, got {type(history).__name__}",
            )
        )
    steps = as_numbers(history.step_losses, ("adım kayıpları", "step losses"))
    epochs = as_numbers(history.epoch_losses, ("epoch kayıpları", "epoch losses"))
    if not steps or not epochs:
        raise WrongKind(
            Hint(
                f"{name} boş: önce fit ile eğitin",
                f"{name} is empty: train with fit first",
            )
        )
    return steps, epochs


@checker
def check_faster_optimizer(adam_history: Any, sgd_history: Any, answer: Any) -> Hint | None:
    """05: which of two one-epoch runs, ``"Adam"`` or ``"SGD"``, dropped faster: the one
    with the lower mean training loss over the epoch."""
    adam_steps, adam_epochs = _curve(adam_history, "adam_history")
    sgd_steps, sgd_epochs = _curve(sgd_history, "sgd_history")
    choice = answer.strip().lower() if isinstance(answer, str) else None
    if choice not in ("adam", "sgd"):
        raise WrongKind(
            Hint(
                f'"Adam" ya da "SGD" bekleniyor, {answer!r} geldi',
                f'expected "Adam" or "SGD", got {answer!r}',
            )
        )
    if sgd_steps == adam_steps:
        return Hint(
            "iki eğri aynı: SGD için aynı tohumla yeni bir Net() ve torch.optim.SGD ile ayrıca "
            "eğitin, history'yi yeniden kullanmayın",
            "the two curves are the same: train a new Net() with torch.optim.SGD from the same "
            "seed, do not reuse history",
        )
    if len(sgd_epochs) != len(adam_epochs):
        return Hint(
            f"epoch sayıları farklı ({len(adam_epochs)} ve {len(sgd_epochs)}): iki eğitim de "
            "aynı sayıda epoch sürmeli, burada bir epoch",
            f"the epoch counts differ ({len(adam_epochs)} and {len(sgd_epochs)}): both runs "
            "must last as many epochs, one here",
        )
    faster = "adam" if adam_epochs[-1] < sgd_epochs[-1] else "sgd"
    if choice == faster:
        return None
    return Hint(
        "epoch'un ortalama kayıplarını (epoch_losses) karşılaştırın: eğrisi daha aşağıda "
        "kalan, kaybı daha hızlı düşürmüştür",
        "compare the epoch's mean losses (epoch_losses): the curve that stays lower is the "
        "one that dropped the loss faster",
    )
