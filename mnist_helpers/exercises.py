"""Small checkers for the notebooks' exercises: call one with your answer, read its verdict.

Each checker returns ``True`` when the answer is right and otherwise raises
``AssertionError`` with a hint, so a learner sees what to look at again.
"""

from __future__ import annotations

import math

# Notebooks 00–02


def check_cubic_gradient(grad) -> bool:
    """00, exercise 1: the derivative of ``x**3 - 2*x`` at ``x = 3`` (a number or a tensor)."""
    value = float(grad)
    if value == 7.0:
        raise AssertionError("7 belongs to the notebook's x**2 + 3x; use x**3 - 2*x at x = 3")
    if abs(value - 25.0) > 1e-4:
        raise AssertionError(
            f"got {value}; by hand the derivative is 3*x**2 - 2. Did you create x with "
            "requires_grad=True, call .backward() once, and read x.grad?"
        )
    return True


def check_broadcast_shape(shape) -> bool:
    """00, exercise 2: the shape of ``torch.zeros(4, 1, 3) + torch.zeros(2, 1)``."""
    got = tuple(shape)
    if got != (4, 2, 3):
        raise AssertionError(
            f"got {got}; line the shapes up from the right: (4, 1, 3) and (2, 1). "
            "An axis of length 1 stretches to match the other, a missing axis counts as 1"
        )
    return True


def check_normalized_range(low: float, high: float) -> bool:
    """01, exercise 1: the smallest and largest pixel after ``Normalize((0.1307,), (0.3081,))``."""
    want_low, want_high = (0 - 0.1307) / 0.3081, (1 - 0.1307) / 0.3081
    if abs(float(low) - want_low) > 1e-3 or abs(float(high) - want_high) > 1e-3:
        raise AssertionError(
            f"got ({float(low):.4f}, {float(high):.4f}); Normalize computes (x - mean) / std, "
            "and after ToTensor() the pixels x run from 0 to 1"
        )
    return True


def check_most_common_test_digit(digit: int, count: int) -> bool:
    """01, exercise 2: the most frequent digit in the test set and how often it occurs."""
    if int(digit) != 1:
        raise AssertionError(
            f"{int(digit)} is not the most frequent test digit; "
            "try testset.targets.bincount().argmax()"
        )
    if int(count) != 1135:
        raise AssertionError(f"the digit is right, but it does not occur {int(count)} times")
    return True


def check_batch_count(
    batch_size: int, n_batches: int, last_batch_size: int, drop_last: bool = False
) -> bool:
    """02, exercises 1 and 3: batches per epoch over the 60,000 training images, and the last
    batch's size, for a given ``batch_size`` (and ``drop_last``)."""
    full, rest = divmod(60_000, batch_size)
    want_n = full if drop_last or rest == 0 else full + 1
    want_last = batch_size if drop_last or rest == 0 else rest
    if n_batches != want_n:
        raise AssertionError(
            f"got {n_batches} batches; divide 60000 by {batch_size}: full batches, plus "
            + ("nothing (drop_last=True skips the rest)" if drop_last else "one for any rest")
        )
    if last_batch_size != want_last:
        raise AssertionError(
            f"got {last_batch_size} for the last batch; it holds what is left after the "
            "full batches" + (", unless drop_last=True drops that remainder" if rest else "")
        )
    return True


# Notebooks 03–04


def check_parameter_count(sizes: list[int], answer: int) -> bool:
    """Notebook 03: the parameter count of an MLP with these layer sizes.

    ``sizes`` lists the widths from input to output, e.g. ``[784, 512, 256, 10]`` for the
    blog's ``Net``; each neighbouring pair ``(a, b)`` is one ``nn.Linear(a, b)`` with
    ``a * b`` weights and ``b`` biases.
    """
    if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes):
        raise ValueError(f"sizes must list at least two positive integers, got {sizes}")
    pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
    expected = sum(a * b + b for a, b in pairs)
    if answer == expected:
        return True
    if answer == sum(a * b for a, b in pairs):
        hint = "you counted only the weights: each nn.Linear(a, b) also has b biases"
    elif answer == sum(a * b + a for a, b in pairs):
        hint = "the biases belong to the outputs: nn.Linear(a, b) has b biases, not a"
    else:
        hint = (
            "for every neighbouring pair (a, b) add a * b weights and b biases, "
            "then sum over the layers (there are len(sizes) - 1 of them)"
        )
    raise AssertionError(f"{answer:,} is not right for {sizes}: {hint}")


def check_uniform_loss(num_classes: int, answer: float) -> bool:
    """Notebook 04: the cross-entropy of a model that gives every class the same probability.

    Such a model gives the correct class ``1 / num_classes``, so its loss is
    ``-ln(1 / num_classes) = ln(num_classes)``; ``answer`` may be off by 0.01.
    """
    if num_classes < 2:
        raise ValueError(f"num_classes must be at least 2, got {num_classes}")
    expected = math.log(num_classes)
    if abs(answer - expected) <= 0.01:
        return True
    if abs(answer - math.log10(num_classes)) <= 0.01:
        hint = "cross-entropy uses the natural logarithm (ln, math.log), not log10"
    elif abs(answer - 1 / num_classes) <= 0.01:
        hint = "that is the probability of the correct class; the loss is minus its logarithm"
    elif abs(answer + expected) <= 0.01:
        hint = "mind the sign: the loss is MINUS the log-probability, so it is positive"
    else:
        hint = "each class gets probability 1 / num_classes; the loss is -ln of that"
    raise AssertionError(f"{answer} is not right for {num_classes} classes: {hint}")
