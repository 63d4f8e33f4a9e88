"""Looking inside a model (notebook 07): hooks, activations, dead units, gradient norms, PCA.

Every function works on any ``nn.Module``; the notebook's examples use the blog's ``Net``.
The pictures of these measurements are in :mod:`mnist_helpers.plots`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import torch
import torch.nn as nn
import torch.nn.functional as F


@contextmanager
def hooked(
    model: nn.Module, layers: Sequence[str], relu: bool = True
) -> Iterator[dict[str, list[torch.Tensor]]]:
    """Attach a forward hook to each named submodule while the ``with`` block runs.

    Yields a dict ``{layer name: [output of each forward call, ...]}`` (detached, on the
    CPU). A hook on an ``nn.Linear`` sees the layer's own output, which is the value
    *before* the activation function (the blog applies ``F.relu`` in ``forward``, and a
    function has no module to hook), so with ``relu=True`` the hook applies ReLU itself.
    The hooks are removed when the block ends, even after an error.
    """
    modules = dict(model.named_modules())
    missing = [name for name in layers if name not in modules]
    if missing:
        raise KeyError(f"no submodule named {missing}; choose from {sorted(modules)[1:]}")
    store: dict[str, list[torch.Tensor]] = {name: [] for name in layers}
    handles = []
    for name in layers:

        def hook(module: nn.Module, inputs: tuple, output: torch.Tensor, name: str = name) -> None:
            value = F.relu(output) if relu else output
            store[name].append(value.detach().cpu())

        handles.append(modules[name].register_forward_hook(hook))
    try:
        yield store
    finally:
        for handle in handles:
            handle.remove()


@torch.no_grad()
def capture_activations(
    model: nn.Module,
    layers: Sequence[str],
    inputs: torch.Tensor,
    relu: bool = True,
    batch_size: int = 2000,
) -> dict[str, torch.Tensor]:
    """Run ``inputs`` through ``model`` and return each named layer's activations.

    Returns ``{layer name: tensor of shape [N, units]}``. Runs in ``eval()`` mode, without
    recording a graph, ``batch_size`` images at a time; the hooks are gone afterwards.
    """
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    try:
        with hooked(model, layers, relu) as store:
            for start in range(0, len(inputs), batch_size):
                model(inputs[start : start + batch_size].to(device))
    finally:
        model.train(was_training)
    return {name: torch.cat(values) for name, values in store.items()}


def dead_units(activations: torch.Tensor) -> torch.Tensor:
    """A boolean mask over units (columns of an ``[N, units]`` tensor of ReLU outputs):
    ``True`` where the unit is zero for every one of the N inputs."""
    return (activations <= 0).all(dim=0)


def dead_unit_fraction(activations: torch.Tensor) -> float:
    """The share (0..1) of units that never fire on any of the given inputs."""
    return dead_units(activations).float().mean().item()


def gradient_norms(model: nn.Module) -> dict[str, float]:
    """The L2 norm of the gradient of each layer (weight and bias together).

    Call it after the backward pass and before ``optimizer.zero_grad()``. Parameters
    without a gradient are skipped.
    """
    squares: dict[str, float] = {}
    for name, param in model.named_parameters():
        if param.grad is None:
            continue
        layer = name.rsplit(".", 1)[0]
        squares[layer] = squares.get(layer, 0.0) + param.grad.detach().pow(2).sum().item()
    return {layer: value**0.5 for layer, value in squares.items()}


def pca_2d(features: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """Project ``[N, D]`` features onto their first two principal components: ``[N, 2]``.

    Uses ``torch.pca_lowrank`` (a randomised method) with its own seed, so the result
    does not depend on, nor change, the global random state. Each axis is flipped so
    that its largest loading is positive, which makes pictures repeatable.
    """
    features = features.detach().float().cpu()
    centred = features - features.mean(dim=0)
    q = min(16, *features.shape)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        _, _, v = torch.pca_lowrank(centred, q=q, center=False, niter=6)
    axes = v[:, :2]
    signs = torch.sign(axes.gather(0, axes.abs().argmax(dim=0, keepdim=True)))
    return centred @ (axes * signs)
