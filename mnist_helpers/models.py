"""The models of the series.

``Net`` is the blog's multilayer perceptron, written out in notebook 03;
``ConvNet`` is the small CNN of notebook 09.
"""

from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    """The blog's MLP, 784-512-256-10 with ReLU: 535,818 parameters.

    Kept exactly as the blog wrote it (notebook 03 shows the same code; a test compares them).
    """

    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(28 * 28, 512)
        self.fc2 = nn.Linear(512, 256)
        self.fc3 = nn.Linear(256, 10)

    def forward(self, x):
        x = x.view(-1, 28 * 28)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


class ConvNet(nn.Module):
    """A small CNN: two 3×3 conv blocks with max pooling, then a dropout-regularised head.

    Shapes: 1×28×28 → 32×14×14 → 64×7×7 → 128 → 10 logits. ``first_kernel=5, padding=0``
    gives the lighter layout of the ``fast-cnn`` preset: 28 → 24 → 12, then 12 → 10 → 5.
    """

    def __init__(
        self,
        channels: int = 32,
        hidden: int = 128,
        dropout: float = 0.25,
        first_kernel: int = 3,
        padding: int = 1,
    ) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, channels, kernel_size=first_kernel, padding=padding)
        self.conv2 = nn.Conv2d(channels, 2 * channels, kernel_size=3, padding=padding)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(dropout)
        side = (28 + 2 * padding - first_kernel + 1) // 2  # after conv1 and pooling
        side = (side + 2 * padding - 2) // 2  # after conv2 and pooling
        self.fc1 = nn.Linear(2 * channels * side * side, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Pooling before ReLU gives the same numbers as after it (both pick maxima),
        # but ReLU then touches a quarter of the values.
        x = F.relu(self.pool(self.conv1(x)))
        x = F.relu(self.pool(self.conv2(x)))
        x = self.dropout(torch.flatten(x, 1))
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)


#: Model names used by the CLI and stored in checkpoints.
MODELS: dict[str, type[nn.Module]] = {"mlp": Net, "cnn": ConvNet}


def build_model(name: str, **kwargs: int | float) -> nn.Module:
    """A fresh model by its CLI name (``"mlp"`` or ``"cnn"``); ``kwargs`` go to its constructor."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of {sorted(MODELS)}")
    return MODELS[name](**kwargs)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters (535,818 for ``Net``)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
