"""Saving and loading trained models safely (notebooks 06 and 10).

A checkpoint is a small dict: the model's name and constructor arguments, its
``state_dict``, the training hyper-parameters and the test accuracy. It is written
atomically and read back with ``torch.load(..., weights_only=True)``, which refuses
to run code hidden in an untrusted pickle. A plain ``torch.save(net.state_dict(), path)``
file is read too, when its tensor shapes say which of the series' models it fits.
"""

from __future__ import annotations

import os
import pickle
import secrets
import warnings
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn

from .errors import MnistHelpersError
from .models import MODELS, build_model

FORMAT = "mnist-helpers/1"
#: How other common files start, to name them when one is given as a checkpoint.
_OTHER_FILES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}


class CheckpointError(MnistHelpersError):
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
    leaves half a file behind). ``accuracy`` is the test accuracy as a fraction. The
    file's mode follows the umask, as any new file's does."""
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
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as f:  # a new file, with the umask's mode
            torch.save(payload, f)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _shapes(name: str, **kwargs: int) -> dict[str, tuple[int, ...]]:
    """The ``state_dict`` shapes of a model, built on the meta device (no memory, no RNG)."""
    with torch.device("meta"):
        model = build_model(name, **kwargs)
    return {key: tuple(tensor.shape) for key, tensor in model.state_dict().items()}


def infer_model(state_dict: dict[str, torch.Tensor]) -> tuple[str, dict[str, int]]:
    """The model name and constructor arguments a plain ``state_dict`` fits, read from its
    tensor shapes; :class:`CheckpointError` when it fits none of the series' models."""
    shapes = {key: tuple(tensor.shape) for key, tensor in state_dict.items()}
    if shapes == _shapes("mlp"):
        return "mlp", {}
    conv1, fc1 = shapes.get("conv1.weight", ()), shapes.get("fc1.weight", ())
    if len(conv1) == 4 and len(fc1) == 2:
        kwargs = {"channels": conv1[0], "hidden": fc1[0]}
        if shapes == _shapes("cnn", **kwargs):
            return "cnn", kwargs
    raise CheckpointError(
        "it holds a plain state_dict that fits neither Net nor ConvNet "
        f"(tensors: {', '.join(sorted(shapes)) or 'none'})"
    )


def _plain_state_dict(payload: Any) -> bool:
    return (
        isinstance(payload, dict)
        and bool(payload)
        and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in payload.items())
    )


def _load_tensors_only(path: Path) -> Any:
    """``torch.load(path, weights_only=True)``, with one short line for every failure."""
    with path.open("rb") as f:
        head = f.read(8)
    if not head.startswith((b"PK\x03\x04", b"\x80")):  # torch.save's zip, or an old pickle
        kind = next((name for magic, name in _OTHER_FILES.items() if head.startswith(magic)), "")
        raise CheckpointError(
            f"{path} is not a PyTorch checkpoint{f' but {kind}' if kind else ''}; "
            "torch.save and `python -m mnist_helpers train --save` write one"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. about the pickle protocol
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise CheckpointError(
            f"{path} holds Python objects besides tensors (a whole model saved with "
            "torch.save(model), or code); loading them could run code, so it was not "
            "loaded. Save model.state_dict() instead"
        ) from None
    except Exception as error:  # torch raises several types for damaged files
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CheckpointError(
            f"{path} is not a readable PyTorch checkpoint ({first_line})"
        ) from None


def read_checkpoint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The checkpoint's dict, read with ``weights_only=True``; clear errors for bad files.

    A plain ``state_dict`` of ``Net`` or ``ConvNet`` comes back as a checkpoint dict with
    ``"inferred": True``, no hyper-parameters and no accuracy.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(
            f"checkpoint {path} does not exist; train one with "
            f"`python -m mnist_helpers train --save {path}`"
        )
    payload = _load_tensors_only(path)
    if _plain_state_dict(payload):
        try:
            name, kwargs = infer_model(payload)
        except CheckpointError as error:
            raise CheckpointError(f"{path}: {error}") from None
        return {
            "format": FORMAT,
            "model": name,
            "model_kwargs": kwargs,
            "state_dict": payload,
            "hparams": {},
            "accuracy": None,
            "inferred": True,
        }
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(
            f"{path} was not written by mnist_helpers.save_checkpoint, "
            "nor is it a plain state_dict of Net or ConvNet"
        )
    if payload.get("model") not in MODELS:
        raise CheckpointError(
            f"{path} holds an unknown model {payload.get('model')!r}; "
            f"this version knows {sorted(MODELS)}"
        )
    return payload


def load_checkpoint(
    path: str | os.PathLike[str],
    model: nn.Module | None = None,
    device: torch.device | str = "cpu",
) -> tuple[nn.Module, dict[str, Any]]:
    """Load a checkpoint (or a plain ``state_dict``) into ``model`` (or into a fresh model
    of the stored or inferred kind).

    Returns ``(model, checkpoint_dict)``. Loading weights made for another architecture
    raises :class:`CheckpointError` naming both.
    """
    payload = read_checkpoint(path)
    stored = payload["model"]
    if model is None:
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
