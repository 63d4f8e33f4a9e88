"""Finding, verifying and loading the MNIST files shipped in ``data/``.

Introduced in notebooks 01 (datasets) and 02 (DataLoader); ``TensorLoader``
is explained in notebook 12 (speed).
"""

from __future__ import annotations

import functools
import hashlib
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from torch.utils.data import DataLoader

if TYPE_CHECKING:  # torchvision is imported where it is used: importing it takes seconds
    import torchvision
    from torchvision import transforms

#: The blog's normalisation: maps pixel values from [0, 1] to [-1, 1].
BLOG_MEAN, BLOG_STD = 0.5, 0.5
#: The real mean and standard deviation of the MNIST training pixels.
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081

#: Size in bytes and SHA-256 of each uncompressed original file.
MNIST_FILES: dict[str, tuple[int, str]] = {
    "train-images-idx3-ubyte": (
        47_040_016,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    "train-labels-idx1-ubyte": (
        60_008,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    "t10k-images-idx3-ubyte": (
        7_840_016,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    "t10k-labels-idx1-ubyte": (
        10_008,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
}

_REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class MnistDataError(RuntimeError):
    """The MNIST files are missing or damaged; the message says how to restore them."""


def data_dir(root: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``root`` if given, else ``$MNIST_DATA_DIR``, else the repo's ``data/``."""
    if root is not None:
        return Path(root)
    env = os.environ.get("MNIST_DATA_DIR")
    return Path(env) if env else _REPO_DATA_DIR


def _sha256(path: Path) -> str:
    """The file's SHA-256, hashed once per process for each path, size and mtime."""
    stat = path.stat()
    return _sha256_of(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_status(root: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Check each MNIST file; map its name to ``"ok"`` or to what is wrong with it."""
    raw = data_dir(root) / "MNIST" / "raw"
    status = {}
    for name, (size, sha256) in MNIST_FILES.items():
        path = raw / name
        if not path.is_file():
            status[name] = "missing"
        elif path.stat().st_size != size:
            status[name] = f"wrong size ({path.stat().st_size:,} bytes, expected {size:,})"
        elif _sha256(path) != sha256:
            status[name] = "checksum mismatch (the file is corrupted)"
        else:
            status[name] = "ok"
    return status


def verify_mnist(root: str | os.PathLike[str] | None = None) -> Path:
    """Raise :class:`MnistDataError` unless all four MNIST files are present and intact.

    Returns the data folder, so that ``verify_mnist()`` can feed ``torchvision.datasets.MNIST``.
    """
    root = data_dir(root)
    problems = {name: s for name, s in file_status(root).items() if s != "ok"}
    if problems:
        raw = root / "MNIST" / "raw"
        lines = [f"  {raw / name}: {what}" for name, what in problems.items()]
        raise MnistDataError(
            "MNIST data is not usable:\n"
            + "\n".join(lines)
            + "\nTo restore the shipped files, run `git checkout -- data/` in the repository."
            "\nOnline, you can instead let torchvision download them into an empty folder:"
            " torchvision.datasets.MNIST(root, download=True)."
        )
    return root


def blog_transform(mean: float = BLOG_MEAN, std: float = BLOG_STD) -> transforms.Compose:
    """The blog's transform: ``ToTensor()`` then ``Normalize((mean,), (std,))``."""
    from torchvision import transforms

    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((mean,), (std,))])


def mnist_dataset(
    train: bool,
    root: str | os.PathLike[str] | None = None,
    transform: transforms.Compose | None = None,
) -> torchvision.datasets.MNIST:
    """A verified ``torchvision.datasets.MNIST`` split with the blog's transform by default."""
    import torchvision

    root = verify_mnist(root)
    return torchvision.datasets.MNIST(
        root=str(root),
        train=train,
        download=True,  # finds the shipped files, so it never downloads
        transform=transform if transform is not None else blog_transform(),
    )


def make_loaders(
    batch_size: int = 64,
    root: str | os.PathLike[str] | None = None,
    generator: torch.Generator | None = None,
    transform: transforms.Compose | None = None,
    num_workers: int = 0,
    *,
    test_batch_size: int | None = None,
) -> tuple[DataLoader, DataLoader]:
    """The blog's ``trainloader`` (shuffled) and ``testloader`` (in order); the test
    batches hold ``test_batch_size`` images (default: ``batch_size``)."""
    trainset = mnist_dataset(True, root, transform)
    testset = mnist_dataset(False, root, transform)
    trainloader = DataLoader(
        trainset, batch_size=batch_size, shuffle=True, generator=generator, num_workers=num_workers
    )
    testloader = DataLoader(
        testset, batch_size=test_batch_size or batch_size, shuffle=False, num_workers=num_workers
    )
    return trainloader, testloader


def read_idx(path: str | os.PathLike[str]) -> torch.Tensor:
    """One idx file, MNIST's format, as a uint8 tensor.

    The file starts with a big-endian header: two zero bytes, ``0x08`` (unsigned bytes),
    the number of axes, then one 4-byte length per axis; the values follow, one byte each.
    """
    raw = bytearray(Path(path).read_bytes())
    if len(raw) < 4 or raw[:3] != b"\x00\x00\x08":
        raise MnistDataError(f"{path} is not an idx file of unsigned bytes")
    ndim = raw[3]
    shape = struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim])
    values = torch.frombuffer(raw, dtype=torch.uint8, offset=4 + 4 * ndim)
    if values.numel() != torch.Size(shape).numel():
        raise MnistDataError(f"{path} holds {values.numel():,} values, its header says {shape}")
    return values.reshape(shape)


def load_tensors(
    train: bool,
    root: str | os.PathLike[str] | None = None,
    mean: float = BLOG_MEAN,
    std: float = BLOG_STD,
    device: torch.device | str = "cpu",
) -> tuple[torch.Tensor, torch.Tensor]:
    """A whole split as ``(images, labels)``: images N×1×28×28 float32, normalised exactly
    as ``ToTensor()`` + ``Normalize`` would do it, labels int64 (the tensors
    ``torchvision.datasets.MNIST`` holds, read straight from the verified idx files)."""
    raw = verify_mnist(root) / "MNIST" / "raw"
    prefix = "train" if train else "t10k"
    pixels = read_idx(raw / f"{prefix}-images-idx3-ubyte")
    images = pixels.unsqueeze(1).to(torch.float32).div(255)
    images = images.sub_(mean).div_(std)
    labels = read_idx(raw / f"{prefix}-labels-idx1-ubyte").to(torch.int64)
    return images.to(device), labels.to(device)


class TensorLoader:
    """A drop-in for ``DataLoader`` over tensors already in memory (or on the GPU).

    With the same ``generator`` state it yields exactly the batches, in the same order,
    that ``DataLoader(dataset, batch_size, shuffle=True, generator=generator)`` yields,
    but without turning one PIL image at a time into a tensor.
    """

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        batch_size: int = 64,
        shuffle: bool = False,
        generator: torch.Generator | None = None,
    ) -> None:
        if len(images) != len(labels):
            raise ValueError(f"{len(images)} images but {len(labels)} labels")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.images, self.labels = images, labels
        self.batch_size, self.shuffle, self.generator = batch_size, shuffle, generator
        self.dataset = images  # so that len(loader.dataset) works as with a DataLoader

    def __len__(self) -> int:
        return -(-len(self.images) // self.batch_size)

    def _sampler_generator(self) -> torch.Generator:
        # A DataLoader iterator first draws a base seed for its workers, then its
        # RandomSampler draws the permutation (seeding its own generator from the
        # global one when none was given): consume random numbers in the same order.
        torch.empty((), dtype=torch.int64).random_(generator=self.generator)
        if self.generator is not None:
            return self.generator
        seed = int(torch.empty((), dtype=torch.int64).random_().item())
        return torch.Generator().manual_seed(seed)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        n, size = len(self.images), self.batch_size
        if not self.shuffle:
            for start in range(0, n, size):
                yield self.images[start : start + size], self.labels[start : start + size]
            return
        generator = self._sampler_generator()
        order = torch.randperm(n, generator=generator).to(self.images.device)
        full = n - n % size
        for start in range(0, full, size):
            index = order[start : start + size]
            yield self.images[index], self.labels[index]
        # RandomSampler draws one more (unused) permutation when it runs out of
        # indices, before the last partial batch: keep the generator in step.
        torch.randperm(n, generator=generator)
        if full < n:
            index = order[full:]
            yield self.images[index], self.labels[index]

    @classmethod
    def for_mnist(
        cls,
        train: bool,
        batch_size: int = 64,
        root: str | os.PathLike[str] | None = None,
        mean: float = BLOG_MEAN,
        std: float = BLOG_STD,
        generator: torch.Generator | None = None,
        device: torch.device | str = "cpu",
    ) -> TensorLoader:
        """The training split shuffled (or the test split in order), pre-loaded on ``device``."""
        images, labels = load_tensors(train, root, mean, std, device)
        return cls(images, labels, batch_size, shuffle=train, generator=generator)


def tensor_loaders(
    batch_size: int = 64,
    root: str | os.PathLike[str] | None = None,
    generator: torch.Generator | None = None,
    mean: float = BLOG_MEAN,
    std: float = BLOG_STD,
    device: torch.device | str = "cpu",
    *,
    test_batch_size: int | None = None,
) -> tuple[TensorLoader, TensorLoader]:
    """The fast twins of :func:`make_loaders`: same batches, same order, pre-loaded tensors."""
    train = TensorLoader.for_mnist(True, batch_size, root, mean, std, generator, device)
    test = TensorLoader.for_mnist(
        False, test_batch_size or batch_size, root, mean, std, None, device
    )
    return train, test
