"""Training on several processes with PyTorch's ``DistributedDataParallel`` (notebook 13).

    torchrun --standalone --nproc-per-node 2 -m mnist_helpers train --distributed

``torchrun`` starts the processes and gives each one its ``RANK``, ``LOCAL_RANK`` and
``WORLD_SIZE``. Every process holds a full copy of the model (a replica) and trains on
its own share of every batch; during ``backward`` DDP averages the gradients over all
processes (an all-reduce), so every replica takes the very same step. With
``--loader tensor`` the processes split the very batches of the one-process run.

``--batch-size`` is the global batch, as in the single-process recipe: each of the
``WORLD_SIZE`` processes takes ``batch_size // WORLD_SIZE`` images per step, so the
effective batch size and the learning rate stay those of the recipe.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, Subset

from .data import TensorLoader, blog_transform, load_tensors, mnist_dataset
from .device import DeviceUnavailableError, pick_device
from .models import build_model
from .recipes import (
    TRAIN_IMAGES,
    RunResult,
    TrainConfig,
    make_augment,
    make_optimizer,
    make_scheduler,
)
from .repro import seed_everything
from .training import Batches, evaluate, fit

LAUNCH = "torchrun --standalone --nproc-per-node 2 -m mnist_helpers train --distributed"
BACKENDS = {"cpu": "gloo", "cuda": "nccl"}


class DistributedError(RuntimeError):
    """A distributed run cannot start as asked; the message says what to do instead."""


@dataclass(frozen=True)
class Rank:
    """Where this process stands among those ``torchrun`` started."""

    rank: int  #: 0 .. world_size - 1, over every machine
    local_rank: int  #: 0 .. processes on this machine - 1 (picks the GPU)
    world_size: int  #: how many processes train together

    @property
    def is_main(self) -> bool:
        """Rank 0 prints, evaluates, saves and writes the JSON."""
        return self.rank == 0


def rank_from_env(environ: Mapping[str, str] | None = None) -> Rank:
    """This process's :class:`Rank`, from the variables ``torchrun`` sets."""
    environ = os.environ if environ is None else environ
    missing = [name for name in ("RANK", "WORLD_SIZE") if name not in environ]
    if missing:
        raise DistributedError(
            f"--distributed needs the processes torchrun starts ({' and '.join(missing)} "
            f"not set); run: {LAUNCH} ..."
        )
    try:
        rank = int(environ["RANK"])
        world_size = int(environ["WORLD_SIZE"])
        local_rank = int(environ.get("LOCAL_RANK", rank))
    except ValueError:
        raise DistributedError("RANK, LOCAL_RANK and WORLD_SIZE must be integers") from None
    if not 0 <= rank < world_size:
        raise DistributedError(f"RANK={rank} is outside 0..WORLD_SIZE-1 ({world_size})")
    return Rank(rank, local_rank, world_size)


def backend_for(device_type: str) -> str:
    """The process-group backend for a device type: gloo on the CPU, NCCL on CUDA."""
    if device_type not in BACKENDS:
        raise DistributedError(
            f"no distributed backend for device {device_type!r}; use --device cpu or cuda"
        )
    backend = BACKENDS[device_type]
    available = dist.is_available() and (
        dist.is_nccl_available() if backend == "nccl" else dist.is_gloo_available()
    )
    if not available:
        raise DistributedError(
            f"the {backend} backend that --device {device_type} needs is not available in "
            f"this PyTorch build (torch {torch.__version__}); use --device cpu (gloo)"
            if backend == "nccl"
            else f"the {backend} backend is not available in this PyTorch build"
        )
    return backend


def device_for(name: str, rank: Rank) -> tuple[torch.device, str]:
    """This process's device and backend: with CUDA, the GPU numbered ``LOCAL_RANK``.

    ``"auto"`` is CUDA if there is a GPU, else the CPU (MPS has no backend).
    """
    kind = name.split(":")[0]
    if kind == "auto":
        kind = "cuda" if torch.cuda.is_available() else "cpu"
    backend = backend_for(kind)
    if kind == "cpu":
        return torch.device("cpu"), backend
    pick_device("cuda")  # one clear error when there is no GPU
    count = torch.cuda.device_count()
    if rank.local_rank >= count:
        raise DeviceUnavailableError(
            f"process {rank.local_rank} on this machine has no GPU of its own ({count} here); "
            f"start at most {count} per machine (--nproc-per-node {count})"
        )
    device = torch.device("cuda", rank.local_rank)
    torch.cuda.set_device(device)
    return device, backend


def per_rank_batch(batch_size: int, world_size: int) -> int:
    """Each process's share of the global ``batch_size``; it must split evenly."""
    if batch_size % world_size:
        raise DistributedError(
            f"--batch-size {batch_size} does not split evenly over {world_size} processes; "
            f"use a multiple of {world_size}"
        )
    return batch_size // world_size


@contextmanager
def process_group(backend: str, rank: Rank, device: torch.device) -> Iterator[None]:
    """Join the process group for the ``with`` block; leave it cleanly, on errors too."""
    try:
        dist.init_process_group(
            backend,
            rank=rank.rank,
            world_size=rank.world_size,
            device_id=device if device.type == "cuda" else None,
        )
    except (RuntimeError, ValueError) as error:
        raise DistributedError(f"cannot start the {backend} process group ({error})") from None
    try:
        yield
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


class BatchShard:
    """This process's part of every batch that ``loader`` yields.

    Seeded alike, every process draws the same global batches (one new shuffle per
    epoch) and keeps its own slice of each (``tensor_split``): the slices are disjoint,
    and together the processes train on exactly the batches of the one-process run.
    A last batch with fewer images than processes is skipped, so no slice is empty.
    """

    def __init__(self, loader: TensorLoader, rank: Rank) -> None:
        self.loader, self.rank = loader, rank
        left = len(loader.images) % loader.batch_size
        self.skip_last = 0 < left < rank.world_size

    def __len__(self) -> int:
        return len(self.loader) - self.skip_last

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for images, labels in itertools.islice(self.loader, len(self)):
            yield (
                images.tensor_split(self.rank.world_size)[self.rank.rank],
                labels.tensor_split(self.rank.world_size)[self.rank.rank],
            )


class SetEpochLoader:
    """A ``DataLoader`` over a :class:`DistributedSampler`, with ``set_epoch`` on every pass,
    so that each epoch is shuffled anew (the same way in every process)."""

    def __init__(self, loader: DataLoader, sampler: DistributedSampler) -> None:
        self.loader, self.sampler, self.epoch = loader, sampler, 0

    def __len__(self) -> int:
        return len(self.loader)

    def __iter__(self) -> Iterator[Any]:
        self.sampler.set_epoch(self.epoch)
        self.epoch += 1
        return iter(self.loader)


def shard_loaders(
    config: TrainConfig,
    rank: Rank,
    device: torch.device,
    generator: torch.Generator,
    root: str | None = None,
    *,
    train_subset: int | None = None,
) -> tuple[Batches, Batches]:
    """This process's share of every training batch, and the whole test set.

    ``loader="tensor"``: a :class:`BatchShard` of the one-process ``TensorLoader`` (same
    ``generator`` state, same batches). ``"torchvision"``: the usual ``DataLoader`` over a
    :class:`DistributedSampler`. ``train_subset`` keeps the first images of the training set.
    """
    batch_size = per_rank_batch(config.batch_size, rank.world_size)
    n = min(train_subset or TRAIN_IMAGES, TRAIN_IMAGES)
    if config.loader == "tensor":
        images, labels = load_tensors(True, root, config.mean, config.std, device)
        batches = TensorLoader(images[:n], labels[:n], config.batch_size, True, generator)
        test_images, test_labels = load_tensors(False, root, config.mean, config.std, device)
        return BatchShard(batches, rank), TensorLoader(
            test_images, test_labels, config.test_batch_size
        )
    transform = blog_transform(config.mean, config.std)
    train_set = Subset(mnist_dataset(True, root, transform), range(n))
    sampler = DistributedSampler(
        train_set, num_replicas=rank.world_size, rank=rank.rank, shuffle=True, seed=config.seed
    )
    train = SetEpochLoader(DataLoader(train_set, batch_size, sampler=sampler), sampler)
    return train, DataLoader(mnist_dataset(False, root, transform), config.test_batch_size)


def replicate(model: nn.Module, device: torch.device) -> DistributedDataParallel:
    """Wrap ``model`` in DDP: rank 0's weights are copied to every replica now, and every
    ``backward`` averages the gradients over all processes."""
    device_ids = [device.index] if device.type == "cuda" else None
    return DistributedDataParallel(model, device_ids=device_ids)


def train(
    config: TrainConfig,
    rank: Rank,
    device: torch.device,
    root: str | None = None,
    *,
    train_subset: int | None = None,
    progress: bool = False,
    log_every: int = 100,
) -> RunResult | None:
    """Train one DDP replica of ``config`` on this process's shard (inside a process group).

    Rank 0 prints the loss lines of its own share of the batches, then evaluates on the
    whole test set and returns the result; the other ranks print nothing and return ``None``.
    """
    generator = seed_everything(config.seed, config.threads)
    model = build_model(config.model, **config.model_kwargs).to(device)
    if config.channels_last:
        model = model.to(memory_format=torch.channels_last)
    replica = replicate(model, device)
    torch.manual_seed(config.seed + rank.rank)  # own augmentations and dropout per process
    optimizer = make_optimizer(config, model)
    train_loader, test_loader = shard_loaders(
        config, rank, device, generator, root, train_subset=train_subset
    )
    history = fit(
        replica,
        train_loader,
        None,
        optimizer,
        nn.CrossEntropyLoss(label_smoothing=config.label_smoothing),
        epochs=config.epochs,
        device=device,
        log_every=log_every if rank.is_main else 0,
        progress=progress and rank.is_main,
        scheduler=make_scheduler(config, optimizer, len(train_loader)),
        augment=make_augment(config),
    )
    if not rank.is_main:
        return None
    history.final = evaluate(model, test_loader, device)
    history.test_accuracy.append(history.final.accuracy)
    return RunResult(model, history, config, device)
