"""The training loop and the evaluation of the blog, as reusable functions.

``train_one_epoch`` is the loop of notebook 05 (same printed line every 100 batches);
``evaluate`` is the test loop of notebook 06, extended with the loss, the predictions
and a confusion matrix; ``fit`` puts them together and records a ``History``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import torch
import torch.nn as nn
from tqdm import tqdm

Augment = Callable[[torch.Tensor], torch.Tensor]
#: Called after every optimizer step with (global step, images seen so far, the batch's loss).
OnBatch = Callable[[int, int, float], None]


class Batches(Protocol):
    """A ``DataLoader``, a ``TensorLoader`` or anything else sized that yields (inputs, labels)."""

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]: ...

    def __len__(self) -> int: ...


@dataclass
class EvalResult:
    """What ``evaluate`` measured on a split."""

    accuracy: float  #: fraction correct, 0..1
    loss: float  #: mean cross-entropy per image
    predictions: torch.Tensor  #: predicted class per image (CPU, int64)
    labels: torch.Tensor  #: true class per image (CPU, int64)
    confidences: torch.Tensor  #: softmax probability of the predicted class (CPU)
    confusion: torch.Tensor  #: 10×10 counts, rows = true class, columns = predicted

    @property
    def percent(self) -> float:
        return 100 * self.accuracy

    def per_class_accuracy(self) -> torch.Tensor:
        """Accuracy of each true class (the confusion matrix's diagonal over its row sums)."""
        return self.confusion.diag() / self.confusion.sum(dim=1).clamp(min=1)


@dataclass
class History:
    """What ``fit`` recorded."""

    images_seen: int = 0  #: training images seen so far
    steps: list[int] = field(default_factory=list)  #: global batch index of each logged loss
    step_losses: list[float] = field(default_factory=list)  #: mean loss of each logged window
    epoch_losses: list[float] = field(default_factory=list)  #: mean training loss per epoch
    epoch_seconds: list[float] = field(default_factory=list)  #: training time per epoch
    final: EvalResult | None = None  #: evaluation after the last epoch

    @property
    def train_seconds(self) -> float:
        return sum(self.epoch_seconds)


@dataclass
class Hooks:
    """The optional extras of a training step; none of them is in the blog's loop."""

    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None  #: stepped after every batch
    augment: Augment | None = None  #: applied to every batch of inputs
    on_batch: OnBatch | None = None  #: called after every optimizer step
    progress: bool = False  #: show a progress bar


def train_one_epoch(
    model: nn.Module,
    loader: Batches,
    criterion: nn.Module,
    optimizer: torch.optim.Optimizer,
    *,
    epoch: int = 1,
    log_every: int = 100,
    hooks: Hooks | None = None,
    history: History | None = None,
) -> float:
    """One pass over ``loader``; prints ``[Epoch e, Batch b] loss: x.xxx`` every
    ``log_every`` batches (0 turns it off) and returns the epoch's mean loss.

    Batches go to the device the model is on. ``history`` (a fresh one if not given)
    counts the images and keeps the logged losses.
    """
    hooks = hooks if hooks is not None else Hooks()
    history = history if history is not None else History()
    device = next(model.parameters()).device
    model.train()
    running_loss, total_loss, batches = 0.0, 0.0, 0
    # Wrap only when asked: some progress-bar wrappers call iter() on the loader an
    # extra time, and each DataLoader iterator draws from the shuffling generator.
    bar = tqdm(loader, desc=f"epoch {epoch}", leave=False) if hooks.progress else loader
    offset = (epoch - 1) * len(loader)  # global index of this epoch's first batch
    for i, (inputs, labels) in enumerate(bar):
        inputs = inputs.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)
        if hooks.augment is not None:
            inputs = hooks.augment(inputs)

        optimizer.zero_grad()
        outputs = model(inputs)  # forward pass: computes predictions, does not learn yet
        loss = criterion(outputs, labels)
        loss.backward()  # gradients of the loss with respect to every parameter
        optimizer.step()  # the update: this is where the model learns
        if hooks.scheduler is not None:
            hooks.scheduler.step()

        value = loss.item()
        running_loss += value
        total_loss += value
        batches += 1
        history.images_seen += len(labels)
        if hooks.on_batch is not None:
            hooks.on_batch(offset + i + 1, history.images_seen, value)
        if log_every and i % log_every == log_every - 1:
            line = f"[Epoch {epoch}, Batch {i + 1}] loss: {running_loss / log_every:.3f}"
            (tqdm.write if hooks.progress else print)(line)
            history.steps.append(offset + i + 1)
            history.step_losses.append(running_loss / log_every)
            running_loss = 0.0
    return total_loss / max(batches, 1)


@torch.no_grad()
def evaluate(
    model: nn.Module,
    loader: Batches,
    device: torch.device | str = "cpu",
    num_classes: int = 10,
) -> EvalResult:
    """Accuracy, mean loss, predictions and confusion matrix of ``model`` on ``loader``.

    Runs in ``model.eval()`` mode (dropout off) and under ``torch.no_grad()`` (no graph
    is recorded, which saves memory and time; it has nothing to do with updating weights).
    """
    was_training = model.training
    model.eval()
    criterion = nn.CrossEntropyLoss(reduction="sum")
    total_loss = 0.0
    predictions, labels_seen, confidences = [], [], []
    for inputs, labels in loader:
        inputs = inputs.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)
        outputs = model(inputs)
        total_loss += criterion(outputs.float(), labels).item()
        confidence, predicted = torch.softmax(outputs.float(), dim=1).max(dim=1)
        predictions.append(predicted.cpu())
        labels_seen.append(labels.cpu())
        confidences.append(confidence.cpu())
    model.train(was_training)
    predicted, truth = torch.cat(predictions), torch.cat(labels_seen)
    confusion = confusion_matrix(truth, predicted, num_classes)
    return EvalResult(
        accuracy=(predicted == truth).sum().item() / len(truth),
        loss=total_loss / len(truth),
        predictions=predicted,
        labels=truth,
        confidences=torch.cat(confidences),
        confusion=confusion,
    )


def confusion_matrix(
    labels: torch.Tensor, predictions: torch.Tensor, num_classes: int = 10
) -> torch.Tensor:
    """Counts ``[true, predicted]`` in a ``num_classes``×``num_classes`` int64 matrix."""
    index = labels.long() * num_classes + predictions.long()
    return torch.bincount(index, minlength=num_classes**2).reshape(num_classes, num_classes)


def fit(
    model: nn.Module,
    train_loader: Batches,
    test_loader: Batches | None,
    optimizer: torch.optim.Optimizer,
    criterion: nn.Module | None = None,
    *,
    epochs: int = 5,
    log_every: int = 100,
    hooks: Hooks | None = None,
) -> History:
    """Train for ``epochs`` epochs, then evaluate on ``test_loader`` (``None``: don't).

    Prints the blog's loss lines and ``Finished Training`` (``log_every=0``: nothing).
    Returns a :class:`History`; its ``final`` holds the evaluation, whose time is not
    counted in ``epoch_seconds``.
    """
    criterion = criterion if criterion is not None else nn.CrossEntropyLoss()
    device = next(model.parameters()).device
    history = History()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        epoch_loss = train_one_epoch(
            model,
            train_loader,
            criterion,
            optimizer,
            epoch=epoch,
            log_every=log_every,
            hooks=hooks,
            history=history,
        )
        if device.type == "cuda":
            torch.cuda.synchronize(device)  # the GPU works asynchronously: wait for it
        history.epoch_seconds.append(time.perf_counter() - start)
        history.epoch_losses.append(epoch_loss)
    if log_every:
        print("Finished Training")
    if test_loader is not None:
        history.final = evaluate(model, test_loader, device)
    return history
