"""Every exercise checker, driven with right, wrong and wrongly typed answers.

Each row of ``CASES`` is ``(checker, args, kind)``: ``kind`` is ``"right"`` (the checker
returns True), ``"wrong"`` (it returns False with a hint) or ``"kind"`` (the answer has the
wrong type or form, and the checker says what it expected). Together the rows must reach
every hint in ``mnist_helpers/exercises.py``.
"""

from __future__ import annotations

import ast
import inspect
import sys

import pytest
import torch

from mnist_helpers import exercises as ex

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
    (ex.check_normalized_range, (-0.4242, 2.8215), "right"),
    (ex.check_normalized_range, (-1.0, 1.0), "wrong"),
    (ex.check_normalized_range, (torch.zeros(2), 1.0), "kind"),
    (ex.check_most_common_test_digit, (1, 1135), "right"),
    (ex.check_most_common_test_digit, (7, 1028), "wrong"),
    (ex.check_most_common_test_digit, (1, 1000), "wrong"),
    (ex.check_most_common_test_digit, (1.5, 1135), "kind"),
    (ex.check_batch_count, (100, 600, 100), "right"),
    (ex.check_batch_count, (128, 469, 96), "right"),
    (ex.check_batch_count, (128, 468, 128), "wrong"),
    (ex.check_batch_count, (128, 468, 128, True), "right"),
    (ex.check_batch_count, (128, 469, 96, True), "wrong"),
    (ex.check_batch_count, (128, 469, 128), "wrong"),
    (ex.check_batch_count, (100, 600, 99), "wrong"),
    (ex.check_batch_count, (100, "600", 100), "kind"),
    # Notebooks 03–04
    (ex.check_parameter_count, ([784, 512, 256, 10], 535_818), "right"),
    (ex.check_parameter_count, ([784, 512, 256, 10], 535_040), "wrong"),
    (ex.check_parameter_count, ([784, 512, 256, 10], 535_818 - 778 + 1552), "wrong"),
    (ex.check_parameter_count, ([784, 512, 256, 10], 1), "wrong"),
    (ex.check_parameter_count, ([784], 0), "kind"),
    (ex.check_parameter_count, ("784-10", 7850), "kind"),
    (ex.check_uniform_loss, (100, 4.605), "right"),
    (ex.check_uniform_loss, (100, 2.0), "wrong"),
    (ex.check_uniform_loss, (100, 0.01), "wrong"),
    (ex.check_uniform_loss, (100, -4.605), "wrong"),
    (ex.check_uniform_loss, (100, 3.0), "wrong"),
    (ex.check_uniform_loss, (1, 0.0), "kind"),
    # Notebook 05
    # Notebook 06
    # Notebook 07
    # Notebook 08
    # Notebook 09
    # Notebook 10
    # Notebook 11
    # Notebook 12
    # Notebook 13
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
    assert check(*args) is (kind == "right")
    out = capsys.readouterr().out
    if kind == "right":
        assert "Doğru! / Correct!" in out
    else:
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
    assert ex.check_uniform_loss(100, None) is False
    assert "Fill in your answer first" in capsys.readouterr().out


def test_every_hint_is_reached_by_some_case(capsys):
    path = inspect.getsourcefile(ex)
    tree = ast.parse(open(path, encoding="utf-8").read())
    hint_lines = {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Hint"
    }
    reached = set()

    def trace(frame, event, arg):
        if frame.f_code.co_filename == path:
            reached.add(frame.f_lineno)
            return trace
        return None

    sys.settrace(trace)
    try:
        for check, args, _ in CASES:
            check(*args)
    finally:
        sys.settrace(None)
    capsys.readouterr()
    missing = sorted(hint_lines - reached)
    assert not missing, f"hints no case reaches, at lines {missing} of exercises.py"


def test_reveal_prints_guess_and_result(capsys):
    ex.reveal(None, 0.97, label="accuracy")
    ex.reveal(0.9, 0.97)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "accuracy: tahmininiz / your guess: — · sonuç / result: 0.97",
        "tahmininiz / your guess: 0.9 · sonuç / result: 0.97",
    ]
