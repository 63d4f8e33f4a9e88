"""Helpers for the notebook series "PyTorch ile MNIST / MNIST with PyTorch".

Each module has one job; notebooks import from here so that the code a learner
saw in an earlier notebook is the code that runs in a later one.
"""

from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .data import (
    BLOG_MEAN,
    BLOG_STD,
    MNIST_MEAN,
    MNIST_STD,
    MnistDataError,
    TensorLoader,
    blog_transform,
    data_dir,
    download_mnist,
    load_tensors,
    make_loaders,
    mnist_dataset,
    tensor_loaders,
    verify_mnist,
)
from .device import DeviceUnavailableError, pick_device
from .models import ConvNet, Net, build_model, count_parameters
from .repro import seed_everything
from .training import EvalResult, History, evaluate, fit, train_one_epoch

__version__ = "0.1.0"

__all__ = [
    "BLOG_MEAN",
    "BLOG_STD",
    "MNIST_MEAN",
    "MNIST_STD",
    "CheckpointError",
    "ConvNet",
    "DeviceUnavailableError",
    "EvalResult",
    "History",
    "MnistDataError",
    "Net",
    "TensorLoader",
    "blog_transform",
    "build_model",
    "count_parameters",
    "data_dir",
    "download_mnist",
    "evaluate",
    "fit",
    "load_checkpoint",
    "load_tensors",
    "make_loaders",
    "mnist_dataset",
    "pick_device",
    "save_checkpoint",
    "seed_everything",
    "tensor_loaders",
    "train_one_epoch",
    "verify_mnist",
]
