import pytest
import torch

from mnist_helpers import device as dev
from mnist_helpers.device import DeviceUnavailableError, pick_device


def test_cpu_always_works():
    assert pick_device("cpu") == torch.device("cpu")


def test_auto_prefers_cuda_then_mps_then_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(dev, "_mps_available", lambda: False)
    assert pick_device("auto") == torch.device("cpu")
    monkeypatch.setattr(dev, "_mps_available", lambda: True)
    assert pick_device("auto") == torch.device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device("auto") == torch.device("cuda")


def test_absent_device_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(DeviceUnavailableError, match="'cuda' was requested but is not available"):
        pick_device("cuda")


def test_unknown_device_name():
    with pytest.raises(DeviceUnavailableError, match="unknown device 'tpu'"):
        pick_device("tpu")
