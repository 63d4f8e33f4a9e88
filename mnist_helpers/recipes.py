"""Training recipes: the blog's, and faster or stronger presets (notebook 12).

A :class:`TrainConfig` says everything about one training run; :func:`prepare` builds
every run (one process, a subset, or one DDP replica) and :func:`run` carries it out.
The CLI, the experiments of notebook 08 and ``benchmarks/bench_training.py`` all go
through here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, NamedTuple, get_args, get_origin, get_type_hints

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import training
from .constants import MAX_THREADS
from .data import BLOG_MEAN, BLOG_STD, MNIST_MEAN, MNIST_STD, make_loaders
from .device import DEVICE_CHOICES, pick_device
from .distributed import BatchShard, Rank, device_for, replicate
from .models import MODELS, build_model
from .repro import seed_everything
from .speed import FlatAdam, reuse_freed_memory
from .training import Augment, Batches, History, Hooks, OnBatch, fit

OptimizerName = Literal["adam", "adamw", "sgd"]
ScheduleName = Literal["constant", "onecycle"]  # onecycle: warm up, then anneal the lr
#: (train images, train labels, test images, test labels); images are pixels in [0, 1]
Tensors = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


@dataclass(frozen=True)
class TrainConfig:
    """One training recipe. The defaults are the blog's; bad values fail at construction."""

    model: str = "mlp"  # a name in models.MODELS
    model_kwargs: dict[str, int | float] = field(default_factory=dict)
    epochs: int = 5
    train_subset: int | None = None  # train on the first N training images only
    batch_size: int = 64
    test_batch_size: int = 64
    lr: float = 1e-3
    optimizer: OptimizerName = "adam"
    betas: tuple[float, float] = (0.9, 0.999)  # Adam and AdamW only
    momentum: float = 0.0  # SGD only
    weight_decay: float = 0.0
    fused: bool = False  # fused Adam kernel (one call updates every parameter)
    schedule: ScheduleName = "constant"
    cycle_momentum: bool = True  # onecycle also moves Adam's first beta (0.95 → 0.85 → 0.95)
    label_smoothing: float = 0.0
    augment: bool = False  # small random rotations, scalings and shifts
    channels_last: bool = False  # memory layout that CPU convolutions prefer
    fast: bool = False  # bit-identical speed-ups: TensorLoader, FlatAdam, allocator setting
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
        if self.train_subset is not None and self.train_subset < 1:
            raise ValueError(
                f"TrainConfig train_subset must be at least 1, got {self.train_subset}"
            )
        if len(self.betas) != 2 or not all(0 <= beta < 1 for beta in self.betas):
            raise ValueError(f"TrainConfig betas must be two numbers in [0, 1), got {self.betas}")
        if self.lr <= 0 or self.std <= 0:
            raise ValueError(f"TrainConfig lr and std must be positive, got {self.lr}, {self.std}")
        if self.device.split(":")[0] not in DEVICE_CHOICES:
            raise ValueError(f"TrainConfig device={self.device!r}: choose one of {DEVICE_CHOICES}")
        if self.threads is not None and not 1 <= self.threads <= MAX_THREADS:
            raise ValueError(
                f"TrainConfig threads must be between 1 and {MAX_THREADS} (the CPU count), "
                f"got {self.threads}"
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The allowed values of the model and of each ``Literal`` field of :class:`TrainConfig`.
CHOICES: dict[str, tuple[str, ...]] = {"model": tuple(MODELS)} | {
    name: get_args(hint)
    for name, hint in get_type_hints(TrainConfig).items()
    if get_origin(hint) is Literal
}

_FAST: dict[str, Any] = {
    "fast": True,
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
    "fast-mlp": TrainConfig(
        **{**_FAST, "batch_size": 512}, epochs=3, lr=4e-3, betas=(0.7, 0.9), cycle_momentum=False
    ),
    # the layout of the peer's net (benchmarks/peer_recipe.py) with 16 and 32 filters, on
    # 51,000 images: 0.85 of an epoch, so label smoothing and the peer's betas carry it to 99%
    "fast-cnn": TrainConfig(
        **{**_FAST, "batch_size": 256},
        model="cnn",
        model_kwargs={
            "channels": 16,
            "hidden": 256,
            "dropout": 0.0,
            "first_kernel": 5,
            "padding": 0,
        },
        epochs=1,
        train_subset=51_000,
        lr=1.5e-2,
        betas=(0.7, 0.9),
        cycle_momentum=False,
        channels_last=True,
    ),
    "best-cnn": TrainConfig(
        **_FAST,
        model="cnn",
        epochs=18,  # 12 stopped short of 99.6%
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


def make_optimizer(config: TrainConfig, model: nn.Module) -> torch.optim.Optimizer:
    """The optimizer a config names, over ``model``'s parameters.

    ``fused=True`` falls back to the default kernel where this torch has no fused Adam
    for the model's device (e.g. MPS before torch 2.5). With ``fast=True``, plain Adam
    without weight decay is a :class:`~mnist_helpers.speed.FlatAdam`: the same numbers,
    faster, but it moves the parameters into one buffer, so wrap the model (DDP) after.
    """
    params = list(model.parameters())
    plain_adam = config.optimizer == "adam" and not config.fused and config.weight_decay == 0
    betas = tuple(config.betas)
    if config.fast and plain_adam:
        return FlatAdam(params, lr=config.lr, betas=betas)
    if config.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
        )
    adam = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    wd = config.weight_decay
    if config.fused:
        try:
            return adam(params, lr=config.lr, betas=betas, weight_decay=wd, fused=True)
        except RuntimeError:  # "fused=True requires ... Tensors of supported devices"
            pass
    return adam(params, lr=config.lr, betas=betas, weight_decay=wd)


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
        optimizer,
        max_lr=config.lr,
        epochs=config.epochs,
        steps_per_epoch=steps_per_epoch,
        cycle_momentum=config.cycle_momentum,
    )


@dataclass
class RunResult:
    """A finished run: the trained model, its history and a JSON-ready summary."""

    model: nn.Module
    history: History
    config: TrainConfig
    device: torch.device
    train_images: int  #: images in the training set (all processes together)

    def summary(self) -> dict[str, Any]:
        final = self.history.final
        assert final is not None
        seconds = self.history.train_seconds
        return {
            "accuracy": round(final.percent, 2),
            "test_loss": final.loss,
            "train_seconds": seconds,
            "train_images": self.train_images,
            "images_per_second": self.config.epochs * self.train_images / seconds,
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
    model: nn.Module  #: the model itself: what is evaluated and saved
    trainee: nn.Module  #: what trains: ``model``, or its DDP replica
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler | None
    criterion: nn.Module
    augment: Augment | None
    train_loader: Batches
    test_loader: Batches
    rank: Rank | None = None  #: this process among the DDP processes, if any

    @property
    def is_main(self) -> bool:
        """The only process, or rank 0: the one that prints and evaluates."""
        return self.rank is None or self.rank.is_main

    def train(
        self,
        *,
        evaluate: bool = True,
        log_every: int = 100,
        progress: bool = False,
        on_batch: OnBatch | None = None,
    ) -> History:
        """:func:`~mnist_helpers.training.fit` with all of it, then (``evaluate=True``, only
        on the main process) the evaluation of ``model`` on ``test_loader``."""
        main = self.is_main
        hooks = Hooks(self.scheduler, self.augment, on_batch, progress=progress and main)
        history = fit(
            self.trainee,
            self.train_loader,
            None,
            self.optimizer,
            self.criterion,
            epochs=self.config.epochs,
            log_every=log_every if main else 0,
            hooks=hooks,
        )
        if evaluate and main:
            history.final = training.evaluate(self.model, self.test_loader, self.device)
        return history

    def result(self, history: History) -> RunResult:
        shard = self.train_loader
        images = len(shard.loader.dataset if isinstance(shard, BatchShard) else shard.dataset)
        return RunResult(self.model, history, self.config, self.device, images)


def prepare(
    config: TrainConfig,
    root: str | None = None,
    *,
    data: Tensors | None = None,
    train_subset: int | None = None,
    rank: Rank | None = None,
) -> Prepared:
    """Build one run of ``config``: seed, pick the device, build the model, optimizer,
    schedule, loss, augmentation and loaders; over the MNIST files in ``root`` (their
    first ``train_subset`` training images, default ``config.train_subset``) or over ``data``.

    With ``rank`` (inside a process group) the run is one DDP replica that trains on its
    slice of every batch. ``fast=True`` also keeps freed memory for reuse (a process-wide
    allocator setting); like the rest of ``fast`` it changes no number.
    """
    if config.fast:
        reuse_freed_memory()
    device = pick_device(config.device) if rank is None else device_for(config.device, rank)[0]
    generator = seed_everything(config.seed, config.threads)
    model = build_model(config.model, **config.model_kwargs).to(device)
    if config.channels_last:
        model = model.to(memory_format=torch.channels_last)
    optimizer = make_optimizer(config, model)
    train_subset = train_subset if train_subset is not None else config.train_subset
    train_loader, test_loader = make_loaders(
        config.batch_size, root, generator, test_batch_size=config.test_batch_size,
        mean=config.mean, std=config.std, fast=config.fast, device=device, data=data,
        train_subset=train_subset,
    )  # fmt: skip
    trainee = model
    if rank is not None:
        trainee, train_loader = replicate(model, device), BatchShard(train_loader, rank)
        torch.manual_seed(config.seed + rank.rank)  # own augmentations and dropout per process
    return Prepared(
        config=config,
        device=device,
        model=model,
        trainee=trainee,
        optimizer=optimizer,
        scheduler=make_scheduler(config, optimizer, len(train_loader)),
        criterion=nn.CrossEntropyLoss(label_smoothing=config.label_smoothing),
        augment=make_augment(config),
        train_loader=train_loader,
        test_loader=test_loader,
        rank=rank,
    )


def run(
    config: TrainConfig, root: str | None = None, *, progress: bool = False, log_every: int = 100
) -> RunResult:
    """Train and evaluate as ``config`` says; prints the blog's loss lines."""
    prepared = prepare(config, root)
    return prepared.result(prepared.train(log_every=log_every, progress=progress))
