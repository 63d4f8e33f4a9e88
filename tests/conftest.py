"""Shared fixtures (real MNIST tensors, a model trained for one epoch), and the slow
marker on every notebook cell that nbval re-executes, so that ``-m "not slow"`` runs
no notebook."""

from __future__ import annotations

import pytest
import torch

from mnist_helpers import Net, fit, seed_everything, tensor_loaders


@pytest.fixture(scope="session")
def loaders():
    """The blog's batches (64) as fast TensorLoaders, seeded."""
    return tensor_loaders(64, generator=seed_everything(0))


@pytest.fixture(scope="session")
def trained_mlp(loaders):
    """The blog's Net after one epoch (about 4 s on 2 cores) and its history."""
    train, test = loaders
    seed_everything(0)
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    history = fit(model, train, test, optimizer, epochs=1, log_every=100)
    return model, history


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
