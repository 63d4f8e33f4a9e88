"""Choosing where tensors live: CUDA, then Apple's MPS, then the CPU (notebook 11)."""

from __future__ import annotations

import torch

from .errors import MnistHelpersError

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


class DeviceUnavailableError(MnistHelpersError):
    """The requested device does not exist on this machine."""


def _mps_available() -> bool:
    return hasattr(torch.backends, "mps") and torch.backends.mps.is_available()


def available_devices() -> list[str]:
    """The device types usable here, best first; ``"cpu"`` is always last."""
    found = []
    if torch.cuda.is_available():
        found.append("cuda")
    if _mps_available():
        found.append("mps")
    return found + ["cpu"]


def pick_device(name: str = "auto") -> torch.device:
    """``"auto"`` picks cuda, then mps, then cpu; a named device must exist or this raises."""
    if name == "auto":
        return torch.device(available_devices()[0])
    kind = name.split(":")[0]
    if kind not in DEVICE_CHOICES:
        raise DeviceUnavailableError(f"unknown device {name!r}; choose one of {DEVICE_CHOICES}")
    if kind not in available_devices():
        raise DeviceUnavailableError(
            f"device {name!r} was requested but is not available on this machine "
            f"(available: {', '.join(available_devices())}); use --device auto or --device cpu"
        )
    return torch.device(name)
