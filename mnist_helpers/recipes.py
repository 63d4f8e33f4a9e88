"""Training recipes: the blog's, and faster or stronger presets (notebook 12).

A :class:`TrainConfig` says everything about one training run; :func:`run` carries
it out. The CLI and ``benchmarks/bench_training.py`` both go through here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, NamedTuple, get_args, get_origin, get_type_hints

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from .data import (
    BLOG_MEAN,
    BLOG_STD,
    MNIST_MEAN,
    MNIST_STD,
    TensorLoader,
    blog_transform,
    load_tensors,
    make_loaders,
)
from .device import DEVICE_CHOICES, pick_device
from .models import build_model
from .repro import seed_everything
from .speed import FlatAdam, reuse_freed_memory
from .training import Augment, Batches, History, OnBatch, fit

TRAIN_IMAGES = 60_000

ModelName = Literal["mlp", "cnn"]
OptimizerName = Literal["adam", "adamw", "sgd"]
ScheduleName = Literal["constant", "onecycle"]  # onecycle: warm up, then anneal the lr
LoaderName = Literal["torchvision", "tensor"]  # tensor: pre-loaded, same batches, faster
#: (train images, train labels, test images, test labels); images are pixels in [0, 1]
Tensors = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


@dataclass(frozen=True)
class TrainConfig:
    """One training recipe. The defaults are the blog's; bad values fail at construction."""

    model: ModelName = "mlp"
    model_kwargs: dict[str, int | float] = field(default_factory=dict)
    epochs: int = 5
    batch_size: int = 64
    test_batch_size: int = 64
    lr: float = 1e-3
    optimizer: OptimizerName = "adam"
    momentum: float = 0.0  # SGD only
    weight_decay: float = 0.0
    fused: bool = False  # fused Adam kernel (one call updates every parameter)
    schedule: ScheduleName = "constant"
    label_smoothing: float = 0.0
    augment: bool = False  # small random rotations, scalings and shifts
    channels_last: bool = False  # memory layout that CPU convolutions prefer
    loader: LoaderName = "torchvision"
    mean: float = BLOG_MEAN
    std: float = BLOG_STD
    seed: int = 0
    threads: int | None = None
    device: str = "auto"  # auto, cpu, cuda, cuda:N or mps

    def __post_init__(self) -> None:
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"TrainConfig {name}={getattr(self, name)!r}: choose one of "
                    + ", ".join(map(repr, allowed))
                )
        for name in ("epochs", "batch_size", "test_batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(
                    f"TrainConfig {name} must be at least 1, got {getattr(self, name)}"
                )
        if self.lr <= 0 or self.std <= 0:
            raise ValueError(f"TrainConfig lr and std must be positive, got {self.lr}, {self.std}")
        if self.device.split(":")[0] not in DEVICE_CHOICES:
            raise ValueError(f"TrainConfig device={self.device!r}: choose one of {DEVICE_CHOICES}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The allowed values of each ``Literal`` field of :class:`TrainConfig`.
CHOICES: dict[str, tuple[str, ...]] = {
    name: get_args(hint)
    for name, hint in get_type_hints(TrainConfig).items()
    if get_origin(hint) is Literal
}

_FAST: dict[str, Any] = {
    "loader": "tensor",
    "batch_size": 128,
    "test_batch_size": 1000,
    "schedule": "onecycle",
    "fused": True,
    "label_smoothing": 0.1,
    "mean": MNIST_MEAN,
    "std": MNIST_STD,
}

PRESETS: dict[str, TrainConfig] = {
    "blog": TrainConfig(),
    "fast-mlp": TrainConfig(**{**_FAST, "batch_size": 256}, epochs=4, lr=3e-3),
    # one epoch leaves little time to overfit, so no dropout
    "fast-cnn": TrainConfig(
        **_FAST,
        model="cnn",
        model_kwargs={"channels": 24, "hidden": 96, "dropout": 0.0},
        epochs=1,
        lr=8e-3,
        channels_last=True,
    ),
    "best-cnn": TrainConfig(
        **_FAST,
        model="cnn",
        epochs=12,
        lr=3e-3,
        optimizer="adamw",
        weight_decay=1e-2,
        channels_last=True,
        augment=True,
    ),
}


def with_overrides(config: TrainConfig, **changes: Any) -> TrainConfig:
    """A copy of ``config`` with the given fields changed; ``None`` values are ignored."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})


def make_optimizer(
    config: TrainConfig, model: nn.Module, *, flat: bool = False
) -> torch.optim.Optimizer:
    """The optimizer a config names, over ``model``'s parameters.

    ``fused=True`` falls back to the default kernel where this torch has no fused Adam
    for the model's device (e.g. MPS before torch 2.5). ``flat=True`` makes plain Adam
    without weight decay a :class:`~mnist_helpers.speed.FlatAdam`: the same numbers,
    faster, but it moves the parameters into one buffer, so wrap the model (DDP) after.
    """
    params = list(model.parameters())
    plain_adam = config.optimizer == "adam" and not config.fused and config.weight_decay == 0
    if flat and plain_adam:
        return FlatAdam(params, lr=config.lr)
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
        )
    adam = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    if config.fused:
        try:
            return adam(params, lr=config.lr, weight_decay=config.weight_decay, fused=True)
        except RuntimeError:  # "fused=True requires ... Tensors of supported devices"
            pass
    return adam(params, lr=config.lr, weight_decay=config.weight_decay)


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


def make_augment(config: TrainConfig) -> Augment | None:
    """The batch transform a config asks for: ``random_affine``, channels-last, or both."""
    augment = random_affine(config.mean, config.std) if config.augment else None
    if not config.channels_last:
        return augment

    def to_channels_last(images: torch.Tensor) -> torch.Tensor:
        images = augment(images) if augment is not None else images
        return images.contiguous(memory_format=torch.channels_last)

    return to_channels_last


def make_scheduler(
    config: TrainConfig, optimizer: torch.optim.Optimizer, steps_per_epoch: int
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """``OneCycleLR`` for ``schedule="onecycle"``, else ``None`` (a constant rate)."""
    if config.schedule == "constant":
        return None
    return torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=config.lr, epochs=config.epochs, steps_per_epoch=steps_per_epoch
    )


def _tensor_dataloader(
    images: torch.Tensor,
    labels: torch.Tensor,
    batch_size: int,
    shuffle: bool = False,
    generator: torch.Generator | None = None,
) -> DataLoader:
    return DataLoader(
        TensorDataset(images, labels), batch_size=batch_size, shuffle=shuffle, generator=generator
    )


def make_loaders_for(
    config: TrainConfig,
    generator: torch.Generator,
    device: torch.device,
    root: str | None = None,
    *,
    data: Tensors | None = None,
) -> tuple[Batches, Batches]:
    """Training and test loaders as the config says, over the MNIST files or over ``data``.

    ``loader="torchvision"`` is a ``DataLoader`` (over the files: the blog's transform),
    ``"tensor"`` a :class:`TensorLoader`; with the same seed both give the same batches.
    """
    if data is None and config.loader == "torchvision":
        transform = blog_transform(config.mean, config.std)
        return make_loaders(
            config.batch_size, root, generator, transform, test_batch_size=config.test_batch_size
        )
    if data is None:
        data = (*load_tensors(True, root, 0.0, 1.0), *load_tensors(False, root, 0.0, 1.0))
    train_x, train_y, test_x, test_y = data
    train_x, test_x = ((x - config.mean) / config.std for x in (train_x, test_x))
    loader = TensorLoader if config.loader == "tensor" else _tensor_dataloader
    train = loader(
        train_x.to(device), train_y.to(device), config.batch_size, True, generator=generator
    )
    return train, loader(test_x.to(device), test_y.to(device), config.test_batch_size)


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


class Prepared(NamedTuple):
    """Everything one run of a config needs, seeded and on its device."""

    config: TrainConfig
    device: torch.device
    model: nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler | None
    criterion: nn.Module
    augment: Augment | None
    train_loader: Batches
    test_loader: Batches

    def train(
        self,
        *,
        evaluate: bool = True,
        log_every: int = 100,
        progress: bool = False,
        on_batch: OnBatch | None = None,
    ) -> History:
        """:func:`~mnist_helpers.training.fit` with all of it; ``evaluate=False`` skips the
        final evaluation on ``test_loader``."""
        return fit(
            self.model,
            self.train_loader,
            self.test_loader if evaluate else None,
            self.optimizer,
            self.criterion,
            epochs=self.config.epochs,
            device=self.device,
            log_every=log_every,
            progress=progress,
            scheduler=self.scheduler,
            augment=self.augment,
            on_batch=on_batch,
        )


def prepare(
    config: TrainConfig, root: str | None = None, *, data: Tensors | None = None
) -> Prepared:
    """Seed, pick the device, build the model, optimizer, schedule, loss, augmentation and
    loaders of ``config``; over the MNIST files in ``root``, or over ``data``.

    Plain Adam becomes :class:`~mnist_helpers.speed.FlatAdam` and freed memory is kept
    for reuse: both only save time; every number stays the same."""
    reuse_freed_memory()
    device = pick_device(config.device)
    generator = seed_everything(config.seed, config.threads)
    model = build_model(config.model, **config.model_kwargs).to(device)
    if config.channels_last:
        model = model.to(memory_format=torch.channels_last)
    optimizer = make_optimizer(config, model, flat=True)
    train_loader, test_loader = make_loaders_for(config, generator, device, root, data=data)
    return Prepared(
        config=config,
        device=device,
        model=model,
        optimizer=optimizer,
        scheduler=make_scheduler(config, optimizer, len(train_loader)),
        criterion=nn.CrossEntropyLoss(label_smoothing=config.label_smoothing),
        augment=make_augment(config),
        train_loader=train_loader,
        test_loader=test_loader,
    )


def run(
    config: TrainConfig, root: str | None = None, *, progress: bool = False, log_every: int = 100
) -> RunResult:
    """Train and evaluate as ``config`` says; prints the blog's loss lines."""
    prepared = prepare(config, root)
    history = prepared.train(log_every=log_every, progress=progress)
    return RunResult(prepared.model, history, config, prepared.device)
