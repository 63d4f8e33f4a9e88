"""Reproducibility: one call seeds every random number generator the series uses."""

from __future__ import annotations

import random

import numpy as np
import torch


def seed_everything(seed: int = 0, threads: int | None = None) -> torch.Generator:
    """Seed ``random``, NumPy and torch; optionally fix torch's CPU thread count.

    Returns a ``torch.Generator`` seeded with ``seed``, to pass to loaders so that the
    shuffling order is repeatable. On the CPU, a fixed seed and a fixed thread count give
    bit-identical training on the same machine (not across thread counts or CPU types).
    """
    if threads is not None:
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
