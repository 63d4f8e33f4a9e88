"""Training on several processes with PyTorch's ``DistributedDataParallel`` (notebook 13).

    torchrun --standalone --nproc-per-node 2 -m mnist_helpers train --distributed

``torchrun`` starts the processes and gives each one its ``RANK``, ``LOCAL_RANK`` and
``WORLD_SIZE``. Every process holds a full copy of the model (a replica) and trains on
its own share of every batch; during ``backward`` DDP averages the gradients over all
processes (an all-reduce), so every replica takes the very same step. Seeded alike,
the processes draw the very batches of the one-process run and each trains on its slice.

The run itself is built by :func:`mnist_helpers.recipes.prepare`, as every run is; this
module adds only what DDP adds: the process group, the replica and the shard.

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

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader

from .data import TensorLoader
from .device import DeviceUnavailableError, pick_device
from .errors import MnistHelpersError

LAUNCH = "torchrun --standalone --nproc-per-node 2 -m mnist_helpers train --distributed"
BACKENDS = {"cpu": "gloo", "cuda": "nccl"}


class DistributedError(MnistHelpersError):
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

    def __init__(self, loader: DataLoader | TensorLoader, rank: Rank) -> None:
        self.loader, self.rank = loader, rank
        left = len(loader.dataset) % loader.batch_size
        self.skip_last = 0 < left < rank.world_size

    def __len__(self) -> int:
        return len(self.loader) - self.skip_last

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for images, labels in itertools.islice(self.loader, len(self)):
            yield (
                images.tensor_split(self.rank.world_size)[self.rank.rank],
                labels.tensor_split(self.rank.world_size)[self.rank.rank],
            )


def replicate(model: nn.Module, device: torch.device) -> DistributedDataParallel:
    """Wrap ``model`` in DDP: rank 0's weights are copied to every replica now, and every
    ``backward`` averages the gradients over all processes."""
    device_ids = [device.index] if device.type == "cuda" else None
    return DistributedDataParallel(model, device_ids=device_ids)
