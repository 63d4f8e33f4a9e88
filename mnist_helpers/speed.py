"""Faster CPU training with bit-identical numbers (notebook 12).

``FlatAdam`` is ``torch.optim.Adam``'s own arithmetic over one flat buffer;
``reuse_freed_memory`` stops the C allocator from handing large blocks back to the
operating system after every step. Neither changes a single bit of the results.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
_MMAP_THRESHOLD_MAX = 32 << 20  # the largest value glibc accepts on 64-bit machines
#: The rest of ``torch.optim.Adam``'s settings, fixed, so that state dicts go both ways.
_ADAM_GROUP = {
    "weight_decay": 0.0,
    "amsgrad": False,
    "maximize": False,
    "foreach": None,
    "capturable": False,
    "differentiable": False,
    "fused": None,
    "decoupled_weight_decay": False,
}


def reuse_freed_memory() -> bool:
    """Ask glibc to keep freed blocks of up to 32 MiB for reuse (``False`` where there is
    no glibc).

    By default a freed block larger than 128 KiB goes back to the operating system, so
    the next step's gradients and temporaries arrive as fresh pages that the kernel
    must fault in and zero, thousands of times per epoch.
    """
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is None or not hasattr(libc, "mallopt"):
        return False
    return bool(
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX)
        and libc.mallopt(_M_TRIM_THRESHOLD, 4 * _MMAP_THRESHOLD_MAX)
    )


def _dense_view(flat: torch.Tensor, like: torch.Tensor, offset: int) -> torch.Tensor:
    """The part of ``flat`` from ``offset`` on, shaped and laid out in memory as ``like``."""
    dense = like.is_contiguous() or like.is_contiguous(memory_format=torch.channels_last)
    if not dense:
        raise ValueError("FlatAdam needs contiguous or channels-last parameters")
    return flat.as_strided(like.shape, like.stride(), flat.storage_offset() + offset)


class FlatAdam(torch.optim.Optimizer):
    """``torch.optim.Adam`` without weight decay, bit for bit, in fewer and larger steps.

    Each parameter becomes a view of one flat buffer and its gradient a view of another
    (``backward`` adds into it in place), so a step is seven tensor operations over the
    whole model into preallocated memory, instead of seven per parameter with fresh
    temporaries. Element by element the arithmetic is torch's single-tensor Adam, so
    weights and losses equal ``torch.optim.Adam``'s exactly. A parameter without a
    gradient counts as a zero gradient. One parameter group; ``lr`` and ``betas`` are
    read at every step, so schedulers work.
    """

    def __init__(
        self,
        params: Iterable[nn.Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        params = list(params)
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, **_ADAM_GROUP})
        first = params[0]
        total = sum(p.numel() for p in params)
        self.flat, self.flat_grad, moments = (
            torch.zeros(total, dtype=first.dtype, device=first.device) for _ in range(3)
        )
        self._moments = (moments, torch.zeros_like(moments))
        self._denom = torch.empty_like(moments)
        self._steps: list[torch.Tensor] = []  # one per parameter, as in Adam's state
        self._grads: list[torch.Tensor] = []
        offset = 0
        for p in params:
            view = _dense_view(self.flat, p, offset)
            view.copy_(p.detach())
            p.data = view
            p.grad = _dense_view(self.flat_grad, p, offset)
            self._grads.append(p.grad)
            self._steps.append(torch.tensor(0.0))
            self.state[p] = {
                "step": self._steps[-1],
                "exp_avg": _dense_view(self._moments[0], p, offset),
                "exp_avg_sq": _dense_view(self._moments[1], p, offset),
            }
            offset += p.numel()

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Zero the flat gradient buffer in place; the gradients stay views of it."""
        self.flat_grad.zero_()
        self._gather_grads()

    def _gather_grads(self) -> None:
        """Put back any gradient that was replaced (e.g. by ``model.zero_grad()``)."""
        for p, grad in zip(self.param_groups[0]["params"], self._grads, strict=True):
            if p.grad is grad:
                continue
            if p.grad is None:
                grad.zero_()
            else:
                grad.copy_(p.grad)
            p.grad = grad

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        """One Adam update of every parameter, as ``torch.optim.Adam`` computes it."""
        if closure is not None:
            raise ValueError("FlatAdam takes no closure")
        self._gather_grads()
        group = self.param_groups[0]
        (beta1, beta2), grad = group["betas"], self.flat_grad
        exp_avg, exp_avg_sq = self._moments
        torch._foreach_add_(self._steps, 1)
        step = self._steps[0].item()
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        step_size = group["lr"] / (1 - beta1**step)
        torch.sqrt(exp_avg_sq, out=self._denom)
        self._denom.div_((1 - beta2**step) ** 0.5).add_(group["eps"])
        self.flat.addcdiv_(exp_avg, self._denom, value=-step_size)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load an Adam ``state_dict`` (this optimizer's or ``torch.optim.Adam``'s)."""
        views = {p: dict(self.state[p]) for p in self.param_groups[0]["params"]}
        super().load_state_dict(state_dict)
        for p, own in views.items():
            for key, value in own.items():
                value.copy_(self.state[p][key])
            self.state[p] = own


@contextmanager
def stopwatch(label: str) -> Iterator[None]:
    """Print how long the ``with`` block took, as ``⏱ label: 3.2 s`` (a stable line the
    notebooks' prose can point at with ``<!--about: ⏱ label-->``)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        print(f"⏱ {label}: {time.perf_counter() - start:.1f} s")


def committed_benchmark(name: str = "cpu.json") -> Path | None:
    """``benchmarks/results/<name>`` of the checkout the package runs from; ``None`` when
    the package is installed elsewhere or the file is not there."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / name
    return path if path.is_file() else None
