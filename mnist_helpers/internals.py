"""Looking inside a model: activations, dead units, gradient norms, PCA and weight images.

Introduced in notebook 07 (looking inside the model). Every function works on any
``nn.Module``; the examples in the notebook use the blog's ``Net``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from matplotlib.axes import Axes
from matplotlib.figure import Figure


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
    Introduced in notebook 07.
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
    Introduced in notebook 07.
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
    ``True`` where the unit is zero for every one of the N inputs. Introduced in notebook 07."""
    return (activations <= 0).all(dim=0)


def dead_unit_fraction(activations: torch.Tensor) -> float:
    """The share (0..1) of units that never fire on any of the given inputs.
    Introduced in notebook 07."""
    return dead_units(activations).float().mean().item()


def gradient_norms(model: nn.Module) -> dict[str, float]:
    """The L2 norm of the gradient of each layer (weight and bias together).

    Call it after ``loss.backward()`` and before ``optimizer.zero_grad()``. Parameters
    without a gradient are skipped. Introduced in notebook 07.
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
    Introduced in notebook 07.
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


def plot_weight_grid(
    weights: torch.Tensor,
    n: int = 32,
    cols: int = 8,
    title: str = "",
    marked: torch.Tensor | None = None,
    names: Sequence[int] | None = None,
) -> Figure:
    """The first ``n`` rows of a first-layer weight matrix (``[units, 784]``) as 28×28 images.

    Red is a positive weight (that pixel being bright pushes the unit up), blue a
    negative one; each image has its own symmetric colour scale. ``marked`` is an
    optional boolean mask over all units (e.g. :func:`dead_units`): marked units get a
    red title with ``"dead"``. ``names`` are the titles (default: row numbers).
    Introduced in notebook 07.
    """
    images = weights.detach().cpu().float()[:n].reshape(-1, 28, 28)
    names = list(range(len(images))) if names is None else [int(i) for i in names]
    rows = -(-len(images) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.2 * cols, 1.2 * rows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, (ax, image) in enumerate(zip(axes.flat, images, strict=False)):
        limit = float(image.abs().max()) or 1.0
        ax.imshow(image.numpy(), cmap="bwr", vmin=-limit, vmax=limit)
        if marked is not None and bool(marked[i]):
            ax.set_title(f"{names[i]} dead", fontsize=7, color="crimson")
        else:
            ax.set_title(str(names[i]), fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_activation_histograms(
    panels: Mapping[str, torch.Tensor], bins: int = 60, log: bool = True
) -> Figure:
    """One histogram per panel of all activation values in it (e.g. ``"fc1, untrained"``).
    A log count axis keeps the large spike at zero and the long tail both visible.
    Introduced in notebook 07."""
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels), 3), squeeze=False)
    for ax, (title, values) in zip(axes.flat, panels.items(), strict=False):
        flat = values.detach().float().flatten().numpy()
        zero = float(np.mean(flat <= 0))
        ax.hist(flat, bins=bins, color="steelblue", log=log)
        ax.set_title(f"{title}\n{zero:.0%} zeros", fontsize=9)
        ax.set_xlabel("activation")
    axes.flat[0].set_ylabel("count")
    fig.tight_layout()
    return fig


def scatter_2d(
    ax: Axes, points: torch.Tensor, labels: torch.Tensor, title: str = "", size: float = 4
) -> None:
    """Draw ``[N, 2]`` points on ``ax`` coloured by digit label, with a legend of digits.
    Introduced in notebook 07."""
    points, labels = points.detach().cpu().numpy(), labels.detach().cpu().numpy()
    cmap = plt.get_cmap("tab10")
    for digit in range(10):
        mask = labels == digit
        ax.scatter(*points[mask].T, s=size, color=cmap(digit), label=str(digit), alpha=0.7)
    ax.set_title(title)
    ax.set_xlabel("PC 1")
    ax.set_ylabel("PC 2")
    ax.legend(markerscale=3, fontsize=7, ncol=2, loc="best", frameon=False)
