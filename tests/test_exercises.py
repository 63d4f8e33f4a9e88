"""Every exercise checker, driven with right, wrong and wrongly typed answers.

Each row of ``CASES`` is ``(checker, args, kind)``: ``kind`` is ``"right"`` (the checker
returns True), ``"wrong"`` (it returns False with a hint) or ``"kind"`` (the answer has the
wrong type or form, and the checker says what it expected). Together the rows must reach
every hint in ``mnist_helpers/exercises/``.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from mnist_helpers import exercises as ex
from mnist_helpers.training import History

EXERCISE_MODULES = sorted(Path(ex.__file__).parent.glob("*.py"))

# Notebook 01: a few test labels in which 7 is the most frequent digit
NB01_LABELS = torch.tensor([7, 2, 1, 0, 4, 1, 4, 9, 7, 7])
# Notebook 01, exercise 3: two 2x2 images; pixel mean 0.5, std over all pixels 0.5345
NB01_IMAGES = torch.tensor([[[0, 255], [255, 0]], [[0, 0], [255, 255]]], dtype=torch.uint8)
NB01_STD = (NB01_IMAGES.double() / 255).std().item()
NB01_STD_PER_IMAGE = (NB01_IMAGES.double() / 255).flatten(1).std(dim=1).mean().item()
# Notebook 07: three units before ReLU; units 0 and 2 never fire
NB07_RAW = torch.tensor([[-1.0, 2.0, -0.5], [-2.0, 0.0, -1.0], [-0.5, 1.0, -3.0]])
NB07_NORMS = {
    "blog (0.5, 0.5)": (0.40, 0.96),
    "MNIST mean/std": (0.05, 0.97),
    "raw [0, 1]": (0.02, 0.97),
}
# Notebook 08: validation loss lowest at epoch 3, training loss lowest at epoch 5
NB08_TRAIN = [1.0, 0.6, 0.4, 0.2, 0.1]
NB08_VAL = [1.1, 0.8, 0.7, 0.75, 0.8]


def square_n_times(x, n):
    """Notebook 00, exercise 3, right."""
    for _ in range(n):
        x = x * x
    return x


def square_n_minus_one_times(x, n):
    return square_n_times(x, n - 1)


def square_n_plus_one_times(x, n):
    return square_n_times(x, n + 1)


def square_by_power(x, n):
    for _ in range(n):
        x = x**2
    return x


def square_as_number(x, n):
    return square_n_times(x.item(), n)


def square_detached(x, n):
    return square_n_times(x.detach(), n)


def _sequential(*middle: nn.Module, flatten: bool = True, sizes=(784, 512, 256, 10)):
    """Notebook 03, exercise 3: the blog's Net as nn.Sequential; the keywords spoil it."""
    a, b, c, d = sizes
    layers = [nn.Linear(a, b), nn.ReLU(), nn.Linear(b, c), nn.ReLU(), nn.Linear(c, d), *middle]
    return nn.Sequential(*([nn.Flatten()] if flatten else []), *layers)


class Stacked(nn.Module):
    """Notebook 11, exercise 1: the layers in a plain list, or (fixed) in nn.ModuleList."""

    def __init__(self, wrap=list, widths=(784, 64, 10), apply=None):
        super().__init__()
        pairs = zip(widths[:-1], widths[1:], strict=True)
        self.blocks = wrap([nn.Linear(a, b) for a, b in pairs])
        self.apply_count = apply

    def forward(self, x):
        x = x.flatten(1)
        for block in list(self.blocks)[: self.apply_count]:
            x = block(x)
        return x


# Notebook 08: validation loss lowest at epoch 3, training loss lowest at epoch 4, not the last
NB08_TRAIN_UP = [1.0, 0.6, 0.4, 0.2, 0.25]


def _stepped(kind: str, lr: float = 0.1) -> tuple[dict, nn.Module]:
    """Notebook 04, exercise 3: a copy from before the step and a model after it."""
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    start = {name: p.detach().clone() for name, p in model.named_parameters()}
    if kind == "shared":
        start = model.state_dict()  # no clone: it moves with the model
    F.cross_entropy(model(torch.randn(8, 3)), torch.arange(8) % 2).backward()
    if kind == "adam":
        torch.optim.Adam(model.parameters(), lr=lr).step()
    elif kind == "uphill":
        with torch.no_grad():
            for p in model.parameters():
                p += lr * p.grad
    elif kind != "no step":
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        optimizer.step()
        if kind == "cleared":
            optimizer.zero_grad()
    return start, model


def train_steps(model, optimizer, images, labels, steps, clear_gradients, always=None):
    """Notebook 04, exercise 4, right; ``always`` clears (True) or keeps (False) regardless."""
    losses = []
    for _ in range(steps):
        if clear_gradients if always is None else always:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def steps_always_clearing(*args):
    return train_steps(*args, always=True)


def steps_never_clearing(*args):
    return train_steps(*args, always=False)


def steps_without_step(model, optimizer, images, labels, steps, clear_gradients):
    return [F.cross_entropy(model(images), labels).item() for _ in range(steps)]


def steps_at_another_rate(model, optimizer, images, labels, steps, clear_gradients):
    optimizer.param_groups[0]["lr"] /= 10
    return train_steps(model, optimizer, images, labels, steps, clear_gradients)


def steps_one_short(model, optimizer, images, labels, steps, clear_gradients):
    return train_steps(model, optimizer, images, labels, steps - 1, clear_gradients)


def raises(*args):
    raise ValueError("a bug in the learner's code")


def loop_without_zero_grad(model, optimizer, loader, n_batches, clear=False, stop=True):
    """Notebook 05, exercise 3, right; ``clear`` and ``stop`` make it wrong."""
    losses = []
    for i, (inputs, labels) in enumerate(loader):
        if stop and i == n_batches:
            break
        if clear:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def loop_clearing(*args):
    return loop_without_zero_grad(*args, clear=True)


def loop_not_stopping(*args):
    return loop_without_zero_grad(*args, stop=False)


def loop_one_short(model, optimizer, loader, n_batches):
    return loop_without_zero_grad(model, optimizer, loader, n_batches - 1)


def loop_at_another_rate(model, optimizer, loader, n_batches):
    optimizer.param_groups[0]["lr"] /= 10
    return loop_without_zero_grad(model, optimizer, loader, n_batches)


def loop_returning_nothing(model, optimizer, loader, n_batches):
    loop_without_zero_grad(model, optimizer, loader, n_batches)


# Notebook 05, exercise 4: Adam's epoch mean loss lower than SGD's
ADAM = History(step_losses=[2.0, 0.6, 0.4], epoch_losses=[0.8])
SGD = History(step_losses=[2.0, 1.2, 0.7], epoch_losses=[1.1])
SGD_2_EPOCHS = History(step_losses=[2.0, 1.2, 0.7, 0.5], epoch_losses=[1.1, 0.5])


def predict(model, images, train=False, grad=False, order=1, full=False, soft=True, dim=1):
    """Notebook 06, exercise 4, right; the keywords make the usual mistakes."""
    if not train:
        model.eval()
    with torch.set_grad_enabled(grad):
        logits = model(images)
    scores = torch.softmax(logits, dim=1) if soft else logits
    confidences, predictions = scores.max(dim=1)
    predictions = logits.argmax(dim=dim)
    return (predictions, scores if full else confidences)[::order]


def predict_in_training_mode(model, images):
    return predict(model, images, train=True)


def predict_with_gradients(model, images):
    return predict(model, images, grad=True)


def predict_reversed(model, images):
    return predict(model, images, order=-1)


def predict_all_probabilities(model, images):
    return predict(model, images, full=True)


def predict_logits(model, images):
    return predict(model, images, soft=False)


def predict_over_images(model, images):
    return predict(model, images, dim=0)


def predict_only_classes(model, images):
    return predict(model, images)[0]


def predict_probabilities_over_images(model, images):
    model.eval()
    with torch.no_grad():
        logits = model(images)
    probabilities = torch.softmax(logits, dim=0)
    return logits.argmax(dim=1), probabilities.max(dim=1).values


CASES = [
    # Notebooks 00–02
    (ex.check_cubic_gradient, (torch.tensor(25.0),), "right"),
    (ex.check_cubic_gradient, (7.0,), "wrong"),
    (ex.check_cubic_gradient, (24,), "wrong"),
    (ex.check_cubic_gradient, ("25",), "kind"),
    (ex.check_cubic_gradient, ([25, 1],), "kind"),
    (ex.check_broadcast_shape, (torch.Size([4, 2, 3]),), "right"),
    (ex.check_broadcast_shape, ((4, 1, 3),), "wrong"),
    (ex.check_broadcast_shape, (423,), "kind"),
    (ex.check_broadcast_shape, ((4, 2.5, 3),), "kind"),
    (ex.check_square_n_times, (square_n_times,), "right"),
    (ex.check_square_n_times, (square_n_minus_one_times,), "wrong"),
    (ex.check_square_n_times, (square_n_plus_one_times,), "wrong"),
    (ex.check_square_n_times, (square_by_power,), "wrong"),
    (ex.check_square_n_times, (square_detached,), "wrong"),
    (ex.check_square_n_times, (square_as_number,), "kind"),
    (ex.check_square_n_times, (raises,), "kind"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, 33.33), "right"),
    (ex.check_pixel_to_zero, (0.5, 0.5, torch.tensor(127.5)), "right"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, 0.1307), "wrong"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, 33), "wrong"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, 111.894), "wrong"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, 78.5655), "wrong"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, 0), "wrong"),
    (ex.check_pixel_to_zero, (33.33, 0.3081, 33.33), "kind"),
    (ex.check_pixel_to_zero, (0.1307, 0.3081, "33.33"), "kind"),
    (ex.check_most_common_test_digit, (NB01_LABELS, 7, 3), "right"),
    (ex.check_most_common_test_digit, (torch.tensor([1, 1, 2, 2]), 2, 2), "right"),
    (ex.check_most_common_test_digit, (NB01_LABELS, 1, 1135), "wrong"),
    (ex.check_most_common_test_digit, (NB01_LABELS, 1, 2), "wrong"),
    (ex.check_most_common_test_digit, (NB01_LABELS, 12, 3), "wrong"),
    (ex.check_most_common_test_digit, (NB01_LABELS, 7, 2), "wrong"),
    (ex.check_most_common_test_digit, (NB01_LABELS, 1.5, 3), "kind"),
    (ex.check_most_common_test_digit, (torch.zeros(2, 3), 0, 6), "kind"),
    (ex.check_most_common_test_digit, (torch.tensor([0.5, 1.0]), 0, 1), "kind"),
    (ex.check_test_statistics, (NB01_IMAGES, 0.5, NB01_STD), "right"),
    (ex.check_test_statistics, (NB01_IMAGES, 0.1307, 0.3081), "wrong"),
    (ex.check_test_statistics, (NB01_IMAGES, 127.5, NB01_STD * 255), "wrong"),
    (ex.check_test_statistics, (NB01_IMAGES, 0.5, NB01_STD_PER_IMAGE), "wrong"),
    (ex.check_test_statistics, (NB01_IMAGES, 0.4, 0.3), "wrong"),
    (ex.check_test_statistics, (torch.zeros(3), 0.5, 0.5), "kind"),
    (ex.check_test_statistics, (NB01_IMAGES, "0.5", 0.5), "kind"),
    (ex.check_batch_count, (100, 600, 100), "right"),
    (ex.check_batch_count, (128, 469, 96), "right"),
    (ex.check_batch_count, (128, 468, 128), "wrong"),
    (ex.check_batch_count, (128, 468, 128, True), "right"),
    (ex.check_batch_count, (128, 469, 96, True), "wrong"),
    (ex.check_batch_count, (128, 469, 128), "wrong"),
    (ex.check_batch_count, (100, 600, 99), "wrong"),
    (ex.check_batch_count, (256, 234, 96), "wrong"),
    (ex.check_batch_count, (100, "600", 100), "kind"),
    (ex.check_idx_offset, (1000, 784_016), "right"),
    (ex.check_idx_offset, (torch.tensor(0), 16), "right"),
    (ex.check_idx_offset, (1000, 784_000), "wrong"),
    (ex.check_idx_offset, (1000, 783_232), "wrong"),
    (ex.check_idx_offset, (1000, 784_800), "wrong"),
    (ex.check_idx_offset, (1000, 28_016), "wrong"),
    (ex.check_idx_offset, (1000, 1008), "wrong"),
    (ex.check_idx_offset, (-1, 0), "kind"),
    (ex.check_idx_offset, (1000, "784016"), "kind"),
    # Notebooks 03–04
    (ex.check_parameter_count, ([784, 512, 256, 10], 535_818), "right"),
    (ex.check_parameter_count, ([784, 512, 256, 10], 535_040), "wrong"),
    (ex.check_parameter_count, ([784, 512, 256, 10], 535_818 - 778 + 1552), "wrong"),
    (ex.check_parameter_count, ([784, 512, 256, 10], 1), "wrong"),
    (ex.check_parameter_count, ([784], 0), "kind"),
    (ex.check_parameter_count, ("784-10", 7850), "kind"),
    (ex.check_sequential_net, (_sequential(),), "right"),
    (ex.check_sequential_net, (nn.ModuleList(_sequential()),), "wrong"),
    (ex.check_sequential_net, (_sequential(flatten=False),), "wrong"),
    (ex.check_sequential_net, (_sequential(sizes=(784, 256, 128, 10)),), "wrong"),
    (ex.check_sequential_net, (_sequential(nn.ReLU()),), "wrong"),
    (ex.check_sequential_net, ("Net",), "kind"),
    (ex.check_uniform_loss, (100, 4.605), "right"),
    (ex.check_uniform_loss, (100, 2.0), "wrong"),
    (ex.check_uniform_loss, (100, 0.01), "wrong"),
    (ex.check_uniform_loss, (100, -4.605), "wrong"),
    (ex.check_uniform_loss, (100, 3.0), "wrong"),
    (ex.check_uniform_loss, (1, 0.0), "kind"),
    (ex.check_sgd_step, (0.5, 2.0, 0.01, 0.48), "right"),
    (ex.check_sgd_step, (0.5, 2.0, 0.01, 0.52), "wrong"),
    (ex.check_sgd_step, (0.5, 2.0, 0.01, -0.02), "wrong"),
    (ex.check_sgd_step, (0.5, 2.0, 0.01, -1.5), "wrong"),
    (ex.check_sgd_step, (0.5, 2.0, 0.01, 0.3), "wrong"),
    (ex.check_sgd_step, (0.5, 2.0, 0.0, 0.5), "kind"),
    (ex.check_sgd_step, (0.5, 2.0, 0.01, "0.48"), "kind"),
    (ex.check_sgd_update, (*_stepped("sgd"), 0.1), "right"),
    (ex.check_sgd_update, (*_stepped("shared"), 0.1), "wrong"),
    (ex.check_sgd_update, (*_stepped("no step"), 0.1), "wrong"),
    (ex.check_sgd_update, (*_stepped("cleared"), 0.1), "wrong"),
    (ex.check_sgd_update, (*_stepped("uphill"), 0.1), "wrong"),
    (ex.check_sgd_update, (*_stepped("sgd", lr=0.05), 0.1), "wrong"),
    (ex.check_sgd_update, (*_stepped("adam"), 0.1), "wrong"),
    (ex.check_sgd_update, ({}, _stepped("sgd")[1], 0.1), "kind"),
    (ex.check_sgd_update, (_stepped("sgd")[0], "net", 0.1), "kind"),
    (ex.check_train_steps, (train_steps,), "right"),
    (ex.check_train_steps, (steps_always_clearing,), "wrong"),
    (ex.check_train_steps, (steps_never_clearing,), "wrong"),
    (ex.check_train_steps, (steps_without_step,), "wrong"),
    (ex.check_train_steps, (steps_at_another_rate,), "wrong"),
    (ex.check_train_steps, (steps_one_short,), "kind"),
    (ex.check_train_steps, (raises,), "kind"),
    (ex.check_train_steps, ("train_steps",), "kind"),
    (ex.check_train_steps, (lambda *args: "losses",), "kind"),
    # Notebook 05
    (ex.check_updates_per_epoch, (64, 938), "right"),
    (ex.check_updates_per_epoch, (100, 600), "right"),
    (ex.check_updates_per_epoch, (64, 937.5), "wrong"),
    (ex.check_updates_per_epoch, (64, 937), "wrong"),
    (ex.check_updates_per_epoch, (64, 60_000), "wrong"),
    (ex.check_updates_per_epoch, (64, 4690), "wrong"),
    (ex.check_updates_per_epoch, (64, 64), "wrong"),
    (ex.check_updates_per_epoch, (64, "938"), "kind"),
    (ex.check_updates_per_epoch, (0, 938), "kind"),
    (ex.check_updates_per_epoch, (64, 12.5), "kind"),
    (ex.check_total_updates, (64, 5, 4690), "right"),
    (ex.check_total_updates, (64, 5, 938), "wrong"),
    (ex.check_total_updates, (64, 5, 4688), "wrong"),
    (ex.check_total_updates, (64, 5, 4685), "wrong"),
    (ex.check_total_updates, (64, 5, 100), "wrong"),
    (ex.check_total_updates, (64, 0, 0), "kind"),
    (ex.check_total_updates, (64, 5, [4690]), "kind"),
    (ex.check_loop_without_zero_grad, (loop_without_zero_grad,), "right"),
    (ex.check_loop_without_zero_grad, (loop_clearing,), "wrong"),
    (ex.check_loop_without_zero_grad, (loop_not_stopping,), "wrong"),
    (ex.check_loop_without_zero_grad, (loop_one_short,), "wrong"),
    (ex.check_loop_without_zero_grad, (loop_at_another_rate,), "wrong"),
    (ex.check_loop_without_zero_grad, (loop_returning_nothing,), "kind"),
    (ex.check_loop_without_zero_grad, (raises,), "kind"),
    (ex.check_faster_optimizer, (ADAM, SGD, "Adam"), "right"),
    (ex.check_faster_optimizer, (SGD, ADAM, " sgd "), "right"),
    (ex.check_faster_optimizer, (ADAM, SGD, "SGD"), "wrong"),
    (ex.check_faster_optimizer, (ADAM, ADAM, "Adam"), "wrong"),
    (ex.check_faster_optimizer, (ADAM, SGD_2_EPOCHS, "Adam"), "wrong"),
    (ex.check_faster_optimizer, (ADAM, SGD, "RMSprop"), "kind"),
    (ex.check_faster_optimizer, (ADAM, SGD, 1), "kind"),
    (ex.check_faster_optimizer, (ADAM, [2.0, 1.2], "Adam"), "kind"),
    (ex.check_faster_optimizer, (ADAM, History(), "Adam"), "kind"),
    # Notebook 06
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], (0, 1)), "right"),
    (ex.check_most_confused_pair, (torch.tensor([[5, 3], [1, 6]]), [0, 1]), "right"),
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], (1, 0)), "wrong"),
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], (2, 2)), "wrong"),
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], (3, 0)), "wrong"),
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], (1, 2)), "wrong"),
    (ex.check_most_confused_pair, ([[5, 2, 0], [2, 6, 0], [3, 0, 7]], (0, 1)), "wrong"),
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], 1), "kind"),
    (ex.check_most_confused_pair, ([[5, 3, 0], [1, 6, 2], [0, 0, 7]], (0, 1, 2)), "kind"),
    (ex.check_most_confused_pair, (torch.zeros(3), (0, 1)), "kind"),
    (ex.check_precision, (torch.tensor([[8, 2], [2, 18]]), 1, 0.9), "right"),
    (ex.check_precision, (torch.tensor([[8, 2], [2, 18]]), 0, 0.8), "right"),
    (ex.check_precision, (torch.tensor([[8, 2], [6, 14]]), 0, 57.14), "wrong"),
    (ex.check_precision, (torch.tensor([[8, 2], [6, 14]]), 0, 0.8), "wrong"),
    (ex.check_precision, (torch.tensor([[8, 2], [6, 14]]), 0, 0.3), "wrong"),
    (ex.check_precision, (torch.tensor([[8, 2], [6, 14]]), 2, 0.5), "kind"),
    (ex.check_precision, (torch.tensor([[8, 2], [6, 14]]), 0, "0.57"), "kind"),
    (ex.check_predict, (predict,), "right"),
    (ex.check_predict, (predict_in_training_mode,), "wrong"),
    (ex.check_predict, (predict_with_gradients,), "wrong"),
    (ex.check_predict, (predict_reversed,), "wrong"),
    (ex.check_predict, (predict_over_images,), "wrong"),
    (ex.check_predict, (predict_all_probabilities,), "wrong"),
    (ex.check_predict, (predict_logits,), "wrong"),
    (ex.check_predict, (predict_probabilities_over_images,), "wrong"),
    (ex.check_predict, (predict_only_classes,), "kind"),
    (ex.check_predict, (raises,), "kind"),
    (ex.check_predict, ("predict",), "kind"),
    # Notebook 07
    (ex.check_dead_fraction, (NB07_RAW, 2 / 3), "right"),
    (ex.check_dead_fraction, (torch.relu(NB07_RAW), 2 / 3), "right"),
    (ex.check_dead_fraction, (NB07_RAW, 7 / 9), "wrong"),
    (ex.check_dead_fraction, (NB07_RAW, 0.0), "wrong"),
    (ex.check_dead_fraction, (NB07_RAW, 2), "wrong"),
    (ex.check_dead_fraction, (NB07_RAW, 66.67), "wrong"),
    (ex.check_dead_fraction, (NB07_RAW, 0.5), "wrong"),
    (ex.check_dead_fraction, (NB07_RAW[0], 0.5), "kind"),
    (ex.check_dead_fraction, (NB07_RAW, "2/3"), "kind"),
    (ex.check_dead_share_ratio, (NB07_NORMS, 0.4 / 0.02), "right"),
    (ex.check_dead_share_ratio, (NB07_NORMS, 0.02 / 0.4), "wrong"),
    (ex.check_dead_share_ratio, (NB07_NORMS, 0.38), "wrong"),
    (ex.check_dead_share_ratio, (NB07_NORMS, 38.0), "wrong"),
    (ex.check_dead_share_ratio, (NB07_NORMS, 0.96 / 0.965), "wrong"),
    (ex.check_dead_share_ratio, (NB07_NORMS, "20x"), "kind"),
    (ex.check_dead_share_ratio, ({"a": (0.4, 0.9)}, 20.0), "kind"),
    # Notebook 08
    (ex.check_early_stopping_epoch, (NB08_TRAIN, NB08_VAL, 3), "right"),
    (ex.check_early_stopping_epoch, (NB08_TRAIN, NB08_VAL, 2), "wrong"),
    (ex.check_early_stopping_epoch, (NB08_TRAIN, NB08_VAL, 5), "wrong"),
    (ex.check_early_stopping_epoch, (NB08_TRAIN, NB08_VAL, 4), "wrong"),
    (ex.check_early_stopping_epoch, (NB08_TRAIN_UP, NB08_VAL, 5), "wrong"),
    (ex.check_early_stopping_epoch, (NB08_TRAIN, NB08_VAL, 2.5), "kind"),
    (ex.check_early_stopping_epoch, (NB08_TRAIN, 0.4, 3), "kind"),
    (ex.check_gap_growth, (NB08_TRAIN, NB08_VAL, 0.6), "right"),
    (ex.check_gap_growth, (NB08_TRAIN, NB08_VAL, 0.7), "wrong"),
    (ex.check_gap_growth, (NB08_TRAIN, NB08_VAL, -0.6), "wrong"),
    (ex.check_gap_growth, (NB08_TRAIN, NB08_VAL, 1.0), "wrong"),
    (ex.check_gap_growth, (NB08_TRAIN, NB08_VAL[:3], 0.6), "kind"),
    (ex.check_gap_growth, (NB08_TRAIN, NB08_VAL, "0.6"), "kind"),
    # Notebook 09
    (ex.check_convnet_parameters, (8, 32, 26_698), "right"),
    (ex.check_convnet_parameters, (16, 64, 105_866), "right"),
    (ex.check_convnet_parameters, (8, 32, 26_698 - 8 - 16 - 32 - 10), "wrong"),
    (ex.check_convnet_parameters, (8, 32, 26_698 - 8 * 8 - 8 * 16 * 8), "wrong"),
    (ex.check_convnet_parameters, (8, 32, 26_698 + 16 * (784 - 49) * 32), "wrong"),
    (ex.check_convnet_parameters, (8, 32, 26_698 + 16 * (196 - 49) * 32), "wrong"),
    (ex.check_convnet_parameters, (8, 32, 26_698 - 8 * 49 * 32), "wrong"),
    (ex.check_convnet_parameters, (8, 32, 26_000), "wrong"),
    (ex.check_convnet_parameters, (0, 32, 0), "kind"),
    (ex.check_convnet_parameters, (8, 32, "26698"), "kind"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, (64, 8, 12, 12)), "right"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 16, 3, 1, torch.Size([64, 16, 14, 14])), "right"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, (8, 12, 12)), "wrong"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, (64, 8, 24, 24)), "wrong"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, (64, 8, 14, 14)), "wrong"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, (64, 1, 12, 12)), "wrong"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, (64, 8, 11, 11)), "wrong"),
    (ex.check_conv_pool_shape, ((64, 1, 28, 28), 8, 5, 0, "64x8x12x12"), "kind"),
    (ex.check_conv_pool_shape, ((1, 28, 28), 8, 5, 0, (1, 8, 12, 12)), "kind"),
    (ex.check_conv_pool_shape, ((64, 1, 4, 4), 8, 5, 0, (64, 8, 0, 0)), "kind"),
    (ex.check_unpooled_fc1, (16, 64, 25_088, 16), "right"),
    (ex.check_unpooled_fc1, (16, 64, 25_088, 1_605_696 / 100_416), "right"),
    (ex.check_unpooled_fc1, (16, 64, 1_568, 16), "wrong"),
    (ex.check_unpooled_fc1, (16, 64, 6_272, 4), "wrong"),
    (ex.check_unpooled_fc1, (16, 64, 12_544, 8), "wrong"),
    (ex.check_unpooled_fc1, (16, 64, 784, 16), "wrong"),
    (ex.check_unpooled_fc1, (16, 64, 25_088, 1 / 16), "wrong"),
    (ex.check_unpooled_fc1, (16, 64, 25_088, 4), "wrong"),
    (ex.check_unpooled_fc1, (0, 64, 0, 16), "kind"),
    (ex.check_unpooled_fc1, (16, 64, 25_088, "16x"), "kind"),
    # Notebook 10
    (ex.check_preprocessing_step, ("inverted colours", "inverted"), "right"),
    (ex.check_preprocessing_step, ("off-centre", " Centred "), "right"),
    (ex.check_preprocessing_step, ("wrong size", "fitted"), "right"),
    (ex.check_preprocessing_step, ("grey background", "cleaned"), "right"),
    (ex.check_preprocessing_step, ("off-centre", "cropped"), "wrong"),
    (ex.check_preprocessing_step, ("wrong size", "cropped"), "wrong"),
    (ex.check_preprocessing_step, ("inverted colours", "cleaned"), "wrong"),
    (ex.check_preprocessing_step, ("inverted colours", 1), "kind"),
    (ex.check_preprocessing_step, ("wrong size", "resize"), "kind"),
    (ex.check_preprocessing_step, ("upside down", "inverted"), "kind"),
    (ex.check_fitted_shape, ((45, 30), (20, 13)), "right"),
    (ex.check_fitted_shape, ((114, 69), torch.Size([20, 12])), "right"),
    (ex.check_fitted_shape, ((45, 30), (20, 20)), "wrong"),
    (ex.check_fitted_shape, ((45, 30), (28, 19)), "wrong"),
    (ex.check_fitted_shape, ((45, 30), (13, 20)), "wrong"),
    (ex.check_fitted_shape, ((45, 30), (20, 14)), "wrong"),
    (ex.check_fitted_shape, ((45, 30), (20, 13, 1)), "kind"),
    (ex.check_fitted_shape, ((45, 30), 20), "kind"),
    # Notebook 11
    (ex.check_registered_layers, (Stacked(nn.ModuleList),), "right"),
    (ex.check_registered_layers, (Stacked(lambda layers: nn.Sequential(*layers)),), "right"),
    (ex.check_registered_layers, (Stacked(),), "wrong"),
    (ex.check_registered_layers, (Stacked(nn.ModuleList, (784, 32, 10)),), "wrong"),
    (ex.check_registered_layers, (Stacked(nn.ModuleList, apply=1),), "wrong"),
    (ex.check_registered_layers, (Stacked,), "kind"),
    (ex.check_batch_bytes, (200_704,), "right"),
    (ex.check_batch_bytes, (50_176,), "wrong"),
    (ex.check_batch_bytes, (3_136,), "wrong"),
    (ex.check_batch_bytes, (401_408,), "wrong"),
    (ex.check_batch_bytes, (1_000,), "wrong"),
    (ex.check_batch_bytes, ("200704",), "kind"),
    (ex.check_epoch_bytes, (188_160_000,), "right"),
    (ex.check_epoch_bytes, (188_260_352,), "wrong"),
    (ex.check_epoch_bytes, (47_040_000,), "wrong"),
    (ex.check_epoch_bytes, (219_520_000,), "wrong"),
    (ex.check_epoch_bytes, (1,), "wrong"),
    (ex.check_epoch_bytes, (1.5,), "kind"),
    # Notebook 12
    (ex.check_amdahl_speedup, (0.64, 50, 2.66), "right"),
    (ex.check_amdahl_speedup, (0.64, 50, 50), "wrong"),
    (ex.check_amdahl_speedup, (0.64, 50, 2.78), "wrong"),
    (ex.check_amdahl_speedup, (0.64, 50, 0.3728), "wrong"),
    (ex.check_amdahl_speedup, (0.64, 50, 1.5), "wrong"),
    (ex.check_amdahl_speedup, (64, 50, 2.66), "kind"),
    (ex.check_amdahl_speedup, (0.64, 50, "fast"), "kind"),
    (ex.check_epoch_seconds, (15_000, 4.0), "right"),
    (ex.check_epoch_seconds, (15_000, 0.667), "wrong"),
    (ex.check_epoch_seconds, (15_000, 0.25), "wrong"),
    (ex.check_epoch_seconds, (15_000, 9.0), "wrong"),
    (ex.check_epoch_seconds, (0, 4.0), "kind"),
    (ex.check_per_sample_calls, (5, 300_000), "right"),
    (ex.check_per_sample_calls, (5, 4_690), "wrong"),
    (ex.check_per_sample_calls, (5, 60_000), "wrong"),
    (ex.check_per_sample_calls, (5, 12_800), "wrong"),
    (ex.check_per_sample_calls, (5, [300_000]), "kind"),
    (ex.check_break_even_batches, (20.0, 4.0, 3.0, 20_000), "right"),
    (ex.check_break_even_batches, (20.0, 4.0, 3.0, 20), "wrong"),
    (ex.check_break_even_batches, (20.0, 4.0, 3.0, 6_667), "wrong"),
    (ex.check_break_even_batches, (20.0, 4.0, 3.0, 5_000), "wrong"),
    (ex.check_break_even_batches, (20.0, 3.0, 4.0, 20_000), "kind"),
    # Notebook 13
    (ex.check_samples_per_rank, (60_000, 7, 8572), "right"),
    (ex.check_samples_per_rank, (60_000, 7, 8571, True), "right"),
    (ex.check_samples_per_rank, (60_000, 7, 60_000), "wrong"),
    (ex.check_samples_per_rank, (60_000, 7, 8571), "wrong"),
    (ex.check_samples_per_rank, (60_000, 7, 8572, True), "wrong"),
    (ex.check_samples_per_rank, (60_000, 7, 1000), "wrong"),
    (ex.check_samples_per_rank, (60_000, 0, 1), "kind"),
    (ex.check_samples_per_rank, ("60000", 7, 8572), "kind"),
    (ex.check_images_averaged, (64, 3, 63), "right"),
    (ex.check_images_averaged, (64, 4, 64), "right"),
    (ex.check_images_averaged, (64, 3, 64), "wrong"),
    (ex.check_images_averaged, (64, 3, 21), "wrong"),
    (ex.check_images_averaged, (64, 3, 66), "wrong"),
    (ex.check_images_averaged, (64, 0, 64), "kind"),
    (ex.check_images_averaged, (64, 3, "63"), "kind"),
    (ex.check_ddp_steps_per_epoch, (2, 64, 469), "right"),
    (ex.check_ddp_steps_per_epoch, (4, 64, 235), "right"),
    (ex.check_ddp_steps_per_epoch, (2, 96, 313), "right"),
    (ex.check_ddp_steps_per_epoch, (2, 96, 312), "wrong"),
    (ex.check_ddp_steps_per_epoch, (2, 64, 938), "wrong"),
    (ex.check_ddp_steps_per_epoch, (2, 64, 468), "wrong"),
    (ex.check_ddp_steps_per_epoch, (2, 64, 100), "wrong"),
    (ex.check_ddp_steps_per_epoch, (0, 64, 1), "kind"),
    (ex.check_ddp_steps_per_epoch, (2, 64, 469.5), "kind"),
]

CHECKERS = [
    obj
    for name, obj in vars(ex).items()
    if name.startswith("check_") and callable(obj) and hasattr(obj, "__wrapped__")
]


def _id(case):
    check, args, kind = case
    return f"{check.__name__}-{kind}-{args!r}"[:80]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_checker_verdict(case, capsys):
    check, args, kind = case
    assert check(*args) is None, "a checker prints its verdict and returns nothing"
    out = capsys.readouterr().out
    if kind == "right":
        assert "Doğru! / Correct!" in out and "Henüz değil" not in out
    else:
        assert "Henüz değil / Not yet" in out and "Doğru" not in out
        assert "İpucu:" in out and "Hint:" in out, "a wrong answer gets a hint in both languages"
    raised = False
    try:
        check.__wrapped__(*args)
    except ex.WrongKind:
        raised = True
    assert raised is (kind == "kind"), "'kind' rows are exactly those of the wrong type or form"


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__name__)
def test_every_checker_is_driven_right_wrong_and_with_a_wrong_kind(check):
    kinds = {kind for c, _, kind in CASES if c is check}
    assert kinds >= {"right", "wrong", "kind"}, (
        f"{check.__name__}: add right, wrong and wrongly typed answers"
    )


def test_an_empty_answer_asks_for_one(capsys):
    ex.check_uniform_loss(100, None)
    assert "Fill in your answer first" in capsys.readouterr().out


def test_every_hint_is_reached_by_some_case(capsys):
    hint_lines = {
        (str(path), node.lineno)
        for path in EXERCISE_MODULES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Hint"
    }
    paths = {str(path) for path in EXERCISE_MODULES}
    reached = set()

    def trace(frame, event, arg):
        if frame.f_code.co_filename in paths:
            reached.add((frame.f_code.co_filename, frame.f_lineno))
            return trace
        return None

    previous = sys.gettrace()  # coverage's tracer, when it runs: put it back afterwards
    sys.settrace(trace)
    try:
        for check, args, _ in CASES:
            check(*args)
    finally:
        sys.settrace(previous)
    capsys.readouterr()
    missing = sorted(f"{Path(path).name}:{line}" for path, line in hint_lines - reached)
    assert hint_lines and not missing, f"hints no case reaches: {missing}"


@pytest.mark.parametrize(
    "check, answer",
    [
        (ex.check_train_steps, train_steps),
        (ex.check_loop_without_zero_grad, loop_without_zero_grad),
        (ex.check_predict, predict_in_training_mode),
    ],
)
def test_a_checker_that_runs_a_function_leaves_the_random_state_alone(check, answer, capsys):
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    check(answer)
    assert torch.equal(torch.rand(3), expected), "a check must not change later results"
    capsys.readouterr()


def test_reveal_prints_guess_and_result(capsys):
    ex.reveal(None, 0.97, label="accuracy")
    ex.reveal(0.9, 0.97)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "accuracy: tahmininiz / your guess: — · sonuç / result: 0.97",
        "tahmininiz / your guess: 0.9 · sonuç / result: 0.97",
    ]


@pytest.mark.parametrize("encoding", ["cp1254", "ascii"])
def test_checkers_print_on_a_stream_that_cannot_encode_their_marks(tmp_path, encoding):
    """A Turkish Windows console redirected to a file is cp1254: no ✅, no ❌, no crash."""
    script = (
        "from mnist_helpers.exercises import check_uniform_loss, reveal\n"
        "check_uniform_loss(10, 2.303)\n"
        "check_uniform_loss(10, 1.0)\n"
        "check_uniform_loss(10, None)\n"
        "reveal(None, 2.303, label='loss')\n"
    )
    out = tmp_path / "out.txt"
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}
    with out.open("wb") as stdout:
        done = subprocess.run([sys.executable, "-c", script], stdout=stdout, env=env)
    text = out.read_bytes().decode(encoding)
    assert done.returncode == 0, text
    assert "Correct!" in text and "Not yet" in text and "Fill in your answer first" in text
    assert "[ok]" in text and "[x]" in text and "loss: " in text
    if encoding == "cp1254":
        assert "Doğru!" in text and "İpucu:" in text, "Turkish letters survive in cp1254"
