"""Checkers for notebook 00 (setup): autograd and broadcasting."""

from __future__ import annotations

from typing import Any

from .common import Hint, as_int_tuple, as_number, checker


@checker
def check_cubic_gradient(grad: Any) -> Hint | None:
    """00, exercise 1: the derivative of ``x**3 - 2*x`` at ``x = 3`` (a number or a tensor)."""
    value = as_number(grad)
    if abs(value - 25.0) <= 1e-4:
        return None
    if value == 7.0:
        return Hint(
            "7, defterdeki x**2 + 3x fonksiyonunun türevi; x = 3'te x**3 - 2*x'i kullanın",
            "7 belongs to the notebook's x**2 + 3x; use x**3 - 2*x at x = 3",
        )
    return Hint(
        f"{value} geldi; elle türev 3*x**2 - 2. x'i requires_grad=True ile kurup "
        ".backward()'ı bir kez çağırdınız ve x.grad'ı okudunuz mu?",
        f"got {value}; by hand the derivative is 3*x**2 - 2. Did you create x with "
        "requires_grad=True, call .backward() once, and read x.grad?",
    )


@checker
def check_broadcast_shape(shape: Any) -> Hint | None:
    """00, exercise 2: the shape of ``torch.zeros(4, 1, 3) + torch.zeros(2, 1)``."""
    got = as_int_tuple(shape)
    if got == (4, 2, 3):
        return None
    return Hint(
        f"{got} geldi; biçimleri sağdan hizalayın: (4, 1, 3) ve (2, 1). Uzunluğu 1 olan "
        "eksen ötekine uyacak şekilde genişler, eksik eksen 1 sayılır",
        f"got {got}; line the shapes up from the right: (4, 1, 3) and (2, 1). An axis of "
        "length 1 stretches to match the other, a missing axis counts as 1",
    )
