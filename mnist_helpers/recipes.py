"""Training recipes: the blog's, and faster or stronger presets (notebook 12).

A :class:`TrainConfig` says everything about one training run; :func:`run` carries
it out. The CLI and ``benchmarks/bench_training.py`` both go through here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from .data import (
    BLOG_MEAN,
    BLOG_STD,
    MNIST_MEAN,
    MNIST_STD,
    blog_transform,
    make_loaders,
    tensor_loaders,
)
from .device import pick_device
from .models import build_model
from .repro import seed_everything
from .training import Augment, History, fit

TRAIN_IMAGES = 60_000


@dataclass(frozen=True)
class TrainConfig:
    """One training recipe. The defaults are the blog's."""

    model: str = "mlp"
    model_kwargs: dict[str, int | float] = field(default_factory=dict)
    epochs: int = 5
    batch_size: int = 64
    test_batch_size: int = 64
    lr: float = 1e-3
    optimizer: str = "adam"  # "adam", "adamw" or "sgd"
    momentum: float = 0.0  # SGD only
    weight_decay: float = 0.0
    fused: bool = False  # fused Adam kernel (one call updates every parameter)
    schedule: str = "constant"  # or "onecycle": warm up, then anneal the learning rate
    label_smoothing: float = 0.0
    augment: bool = False  # small random rotations, scalings and shifts
    channels_last: bool = False  # memory layout that CPU convolutions prefer
    loader: str = "torchvision"  # or "tensor" (pre-loaded, same batches, much faster)
    mean: float = BLOG_MEAN
    std: float = BLOG_STD
    seed: int = 0
    threads: int | None = None
    device: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


PRESETS: dict[str, TrainConfig] = {
    "blog": TrainConfig(),
    "fast-mlp": TrainConfig(
        loader="tensor",
        batch_size=128,
        test_batch_size=1000,
        epochs=4,
        lr=2e-3,
        schedule="onecycle",
        fused=True,
        label_smoothing=0.1,
        mean=MNIST_MEAN,
        std=MNIST_STD,
    ),
    "fast-cnn": TrainConfig(
        model="cnn",
        model_kwargs={"channels": 16, "hidden": 64},
        loader="tensor",
        batch_size=128,
        test_batch_size=1000,
        epochs=4,
        lr=4e-3,
        schedule="onecycle",
        fused=True,
        channels_last=True,
        label_smoothing=0.1,
        mean=MNIST_MEAN,
        std=MNIST_STD,
    ),
    "best-cnn": TrainConfig(
        model="cnn",
        loader="tensor",
        batch_size=128,
        test_batch_size=1000,
        epochs=12,
        lr=3e-3,
        optimizer="adamw",
        weight_decay=1e-2,
        schedule="onecycle",
        fused=True,
        channels_last=True,
        label_smoothing=0.1,
        augment=True,
        mean=MNIST_MEAN,
        std=MNIST_STD,
    ),
}


def with_overrides(config: TrainConfig, **changes: Any) -> TrainConfig:
    """A copy of ``config`` with the given fields changed; ``None`` values are ignored."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})


def make_optimizer(config: TrainConfig, model: nn.Module) -> torch.optim.Optimizer:
    """The optimizer a config names, over ``model``'s parameters."""
    params = model.parameters()
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
        )
    kwargs = {"fused": True} if config.fused else {}
    if config.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay, **kwargs)
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay, **kwargs)
    raise ValueError(f"unknown optimizer {config.optimizer!r}; choose adam, adamw or sgd")


def random_affine(
    mean: float, std: float, degrees: float = 10.0, scale: float = 0.1, shift: float = 2.0
) -> Augment:
    """A batch augmentation: each image gets its own small rotation, scaling and shift."""
    background = (0.0 - mean) / std

    def augment(images: torch.Tensor) -> torch.Tensor:
        n = images.shape[0]
        device = images.device
        angle = (torch.rand(n, device=device) * 2 - 1) * math.radians(degrees)
        factor = 1 + (torch.rand(n, device=device) * 2 - 1) * scale
        offset = (torch.rand(n, 2, device=device) * 2 - 1) * (2 * shift / 28)
        cos, sin = torch.cos(angle) / factor, torch.sin(angle) / factor
        theta = torch.stack(
            [torch.stack([cos, -sin, offset[:, 0]], 1), torch.stack([sin, cos, offset[:, 1]], 1)], 1
        )
        grid = F.affine_grid(theta, list(images.shape), align_corners=False)
        moved = F.grid_sample(images - background, grid, align_corners=False, padding_mode="zeros")
        return moved + background

    return augment


def make_loaders_for(
    config: TrainConfig, generator: torch.Generator, device: torch.device, root: str | None = None
):
    """Training and test loaders as the config says (``DataLoader`` or ``TensorLoader``)."""
    if config.loader == "tensor":
        train, test = tensor_loaders(
            config.batch_size, root, generator, config.mean, config.std, device
        )
        test.batch_size = config.test_batch_size
        return train, test
    if config.loader == "torchvision":
        transform = blog_transform(config.mean, config.std)
        train, _ = make_loaders(config.batch_size, root, generator, transform)
        _, test = make_loaders(config.test_batch_size, root, None, transform)
        return train, test
    raise ValueError(f"unknown loader {config.loader!r}; choose torchvision or tensor")


@dataclass
class RunResult:
    """A finished run: the trained model, its history and a JSON-ready summary."""

    model: nn.Module
    history: History
    config: TrainConfig
    device: torch.device

    def summary(self) -> dict[str, Any]:
        final = self.history.final
        assert final is not None
        seconds = self.history.train_seconds
        return {
            "accuracy": round(final.percent, 2),
            "test_loss": final.loss,
            "train_seconds": seconds,
            "images_per_second": self.config.epochs * TRAIN_IMAGES / seconds,
            "epoch_losses": self.history.epoch_losses,
            "per_class_accuracy": final.per_class_accuracy().tolist(),
            "device": str(self.device),
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "config": self.config.to_dict(),
        }


def prepare(config: TrainConfig, root: str | None = None):
    """Seed, pick the device, build the model, optimizer and loaders of ``config``."""
    device = pick_device(config.device)
    generator = seed_everything(config.seed, config.threads)
    model = build_model(config.model, **config.model_kwargs).to(device)
    if config.channels_last:
        model = model.to(memory_format=torch.channels_last)
    optimizer = make_optimizer(config, model)
    train_loader, test_loader = make_loaders_for(config, generator, device, root)
    return device, model, optimizer, train_loader, test_loader


def run(
    config: TrainConfig, root: str | None = None, progress: bool = False, log_every: int = 100
) -> RunResult:
    """Train and evaluate as ``config`` says; prints the blog's loss lines."""
    device, model, optimizer, train_loader, test_loader = prepare(config, root)
    scheduler = None
    if config.schedule == "onecycle":
        scheduler = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=config.lr, epochs=config.epochs, steps_per_epoch=len(train_loader)
        )
    elif config.schedule != "constant":
        raise ValueError(f"unknown schedule {config.schedule!r}; choose constant or onecycle")
    augment = random_affine(config.mean, config.std) if config.augment else None
    if config.channels_last:
        base = augment or (lambda x: x)

        def augment(images: torch.Tensor) -> torch.Tensor:
            return base(images).contiguous(memory_format=torch.channels_last)

    criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    history = fit(
        model,
        train_loader,
        test_loader,
        optimizer,
        criterion,
        config.epochs,
        device,
        log_every,
        progress,
        scheduler,
        augment,
    )
    return RunResult(model, history, config, device)
