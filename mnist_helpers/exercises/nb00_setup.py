"""Checkers for notebook 00 (setup): autograd, broadcasting and a loop in the graph."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_int_tuple, as_number, checker, run_answer


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


def _multiplications(output: Any) -> tuple[int, set[str]]:
    """How many ``MulBackward0`` nodes the graph behind ``output`` holds, and every node's name."""
    seen, stack, names = set(), [output.grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        names.add(type(node).__name__)
        stack.extend(parent for parent, _ in node.next_functions)
    multiplications = sum(type(node).__name__ == "MulBackward0" for node in seen)
    return multiplications, names


@checker
def check_square_n_times(square_n_times: Any) -> Hint | None:
    """00, exercise 3: the learner's ``square_n_times(x, n)`` squares ``x`` ``n`` times with
    ``x = x * x``, so that autograd records ``n`` multiplications. Run at ``x = 1.5``."""
    import torch

    x = torch.tensor(1.5, requires_grad=True)
    y = run_answer(square_n_times, "square_n_times", x, 3)
    if not isinstance(y, torch.Tensor) or y.numel() != 1:
        raise WrongKind(
            Hint(
                f"square_n_times tek sayılık bir tensor döndürmeli, {type(y).__name__} geldi",
                f"square_n_times must return a one-number tensor, got {type(y).__name__}",
            )
        )
    if y.grad_fn is None:
        return Hint(
            "sonucun hesap grafiği yok: .item(), detach() ya da torch.no_grad() kullanmadan, "
            "gelen tensorla hesaplayın ve onu döndürün",
            "the result has no computational graph: compute with the tensor you get and "
            "return it, with no .item(), detach() or torch.no_grad()",
        )
    value = float(y.detach())
    if abs(value - 1.5**4) < 1e-4:
        return Hint(
            "x bir kez eksik karelenmiş (x**4): döngü n kez dönmeli, range(n)",
            "x was squared one time too few (x**4): the loop must run n times, range(n)",
        )
    if abs(value - 1.5**8) > 1e-3:
        want, got = f"{1.5**8:.4f}", f"{value:.4f}"
        return Hint(
            f"1,5'te n = 3 için x**8 = {want.replace('.', ',')} bekleniyor, "
            f"{got.replace('.', ',')} geldi: her turda x = x * x",
            f"at 1.5 with n = 3, x**8 = {want} is expected, got {got}: x = x * x on each turn",
        )
    multiplications, names = _multiplications(y)
    if multiplications != 3:
        return Hint(
            f"grafikte {multiplications} çarpma var ({', '.join(sorted(names))}); her turda "
            "x = x * x yazın ki autograd n = 3 çarpma kaydetsin",
            f"the graph holds {multiplications} multiplications ({', '.join(sorted(names))}); "
            "write x = x * x on each turn, so that autograd records n = 3 of them",
        )
    return None
