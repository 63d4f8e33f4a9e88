"""Saving and loading trained models safely (notebooks 06 and 10).

A checkpoint is a small dict: the model's name and constructor arguments, its
``state_dict``, the training hyper-parameters and the test accuracy. It is written
atomically and read back with ``torch.load(..., weights_only=True)``, which refuses
to run code hidden in an untrusted pickle.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn

from .models import MODELS, build_model

FORMAT = "mnist-helpers/1"


class CheckpointError(RuntimeError):
    """The checkpoint is missing, unreadable or made for another model."""


def model_name_of(model: nn.Module) -> str:
    """The CLI name (``"mlp"``, ``"cnn"``) of a model's class."""
    for name, cls in MODELS.items():
        if type(model) is cls:
            return name
    raise CheckpointError(
        f"{type(model).__name__} is not one of the series' models {sorted(MODELS)}"
    )


def save_checkpoint(
    path: str | os.PathLike[str],
    model: nn.Module,
    hparams: dict[str, Any] | None = None,
    accuracy: float | None = None,
    model_kwargs: dict[str, int | float] | None = None,
) -> Path:
    """Write ``model`` to ``path`` (via a temporary file and a rename, so a crash never
    leaves half a file behind). ``accuracy`` is the test accuracy as a fraction."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "model": model_name_of(model),
        "model_kwargs": dict(model_kwargs or {}),
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "hparams": dict(hparams or {}),
        "accuracy": accuracy,
    }
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_checkpoint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The checkpoint's dict, read with ``weights_only=True``; clear errors for bad files."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(
            f"checkpoint {path} does not exist; train one with "
            f"`python -m mnist_helpers train --save {path}`"
        )
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises several types for damaged or foreign files
        raise CheckpointError(f"{path} is not a readable PyTorch checkpoint ({error})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path} was not written by mnist_helpers.save_checkpoint")
    return payload


def load_checkpoint(
    path: str | os.PathLike[str],
    model: nn.Module | None = None,
    device: torch.device | str = "cpu",
) -> tuple[nn.Module, dict[str, Any]]:
    """Load a checkpoint into ``model`` (or into a fresh model of the stored kind).

    Returns ``(model, checkpoint_dict)``. Loading weights made for another architecture
    raises :class:`CheckpointError` naming both.
    """
    payload = read_checkpoint(path)
    stored = payload["model"]
    if model is None:
        if stored not in MODELS:
            raise CheckpointError(f"{path} holds an unknown model {stored!r}")
        model = build_model(stored, **payload["model_kwargs"])
    else:
        wanted = model_name_of(model)
        if wanted != stored:
            raise CheckpointError(
                f"{path} holds a {stored!r} model ({MODELS[stored].__name__}), "
                f"not a {wanted!r} model ({type(model).__name__}); use --model {stored}"
            )
    try:
        model.load_state_dict(payload["state_dict"])
    except RuntimeError as error:
        raise CheckpointError(f"{path} does not fit this {type(model).__name__}: {error}") from None
    return model.to(device), payload
