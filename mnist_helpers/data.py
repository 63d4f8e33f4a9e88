"""Finding, verifying and loading the MNIST files shipped in ``data/``.

Introduced in notebooks 01 (datasets) and 02 (DataLoader); ``TensorLoader``
is explained in notebook 12 (speed).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import struct
import sys
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

from .errors import MnistHelpersError

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

#: ``data/`` of the checkout the package runs from (if it runs from one).
_REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Where torchvision downloads MNIST from (``torchvision.datasets.MNIST.mirrors``; a test
#: keeps the two in step). ``$MNIST_MIRRORS`` (URLs separated by spaces) replaces them.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)


class MnistDataError(MnistHelpersError):
    """The MNIST files are missing or damaged; the message says how to restore them."""


def data_dir(root: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds ``MNIST/raw``, found wherever the code runs.

    ``root`` if given; else the checkout's ``data/``; else ``$MNIST_DATA_DIR``; else the
    download cache (:func:`cache_dir`), filled and checked by :func:`download_mnist`
    the first time.
    """
    if root is not None:
        return Path(root)
    if (repo := repo_data_dir()) is not None:
        return repo
    if env := os.environ.get("MNIST_DATA_DIR"):
        return Path(env)
    return download_mnist()


def repo_data_dir() -> Path | None:
    """The checkout's ``data/`` when the package runs from a checkout that has one."""
    checkout = _REPO_DATA_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (_REPO_DATA_DIR / "SHA256SUMS").is_file():
        return _REPO_DATA_DIR
    return None


def cache_dir() -> Path:
    """Where :func:`download_mnist` puts MNIST: ``$MNIST_CACHE_DIR``, else the user's cache
    folder (``~/.cache``, ``~/Library/Caches`` or ``%LOCALAPPDATA%``) + ``mnist_helpers``."""
    if env := os.environ.get("MNIST_CACHE_DIR"):
        return Path(env)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "mnist_helpers"


def download_mnist(
    root: str | os.PathLike[str] | None = None, mirrors: list[str] | None = None
) -> Path:
    """Fill ``root/MNIST/raw`` (default: :func:`cache_dir`) with the four MNIST files.

    Each file that is not already intact is fetched as ``.gz`` from the first of ``mirrors``
    (default: ``$MNIST_MIRRORS``, else :data:`MIRRORS`) that serves it, decompressed and
    kept only if its size and SHA-256 are those of :data:`MNIST_FILES`. Returns ``root``.
    """
    root = Path(root) if root is not None else cache_dir()
    if mirrors is None:
        mirrors = os.environ.get("MNIST_MIRRORS", "").split() or list(MIRRORS)
    raw = root / "MNIST" / "raw"
    missing = [name for name, status in file_status(root).items() if status != "ok"]
    if missing:
        print(f"Downloading MNIST into {raw} ...", file=sys.stderr)
    for name in missing:
        failures = []
        for mirror in mirrors:
            url = f"{mirror.rstrip('/')}/{name}.gz"
            try:
                _fetch(url, raw / name)
                break
            except (OSError, EOFError, ValueError, zlib.error) as error:
                failures.append(f"{url}: {error}")
        else:
            raise MnistDataError(
                f"could not download {name} from any MNIST mirror ({'; '.join(failures)}). "
                f"Copy the four files from a checkout's data/MNIST/raw into {raw}, or set "
                "MNIST_DATA_DIR to a folder that holds MNIST/raw, or set MNIST_MIRRORS to "
                "mirror URLs (separated by spaces) that serve the .gz files."
            )
    return root


def _fetch(url: str, path: Path) -> None:
    """Download and decompress one ``.gz`` file; keep it as ``path`` only if it checks out."""
    size, sha256 = MNIST_FILES[path.name]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")  # one per process (torchrun)
    digest, written = hashlib.sha256(), 0
    try:
        with (
            urllib.request.urlopen(url, timeout=60) as response,
            gzip.GzipFile(fileobj=response) as unzipped,
            open(partial, "wb") as out,
        ):
            while written <= size and (block := unzipped.read(1 << 20)):
                digest.update(block)
                out.write(block)
                written += len(block)
        if written != size or digest.hexdigest() != sha256:
            raise ValueError("size or SHA-256 differs from the original file")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


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
        if not root.is_dir():
            what = f"the folder {root} does not exist"
        elif set(problems.values()) == {"missing"} and len(problems) == len(MNIST_FILES):
            what = f"{raw} holds none of the four files"
        else:
            what = f"in {raw}, " + "; ".join(f"{name}: {s}" for name, s in problems.items())
        raise MnistDataError(f"MNIST data is not usable: {what}. {_how_to_fix(root)}")
    return root


def _how_to_fix(root: Path) -> str:
    """The advice that fits the folder given: restore the checkout, fix the path, or fetch."""
    if root.resolve() == _REPO_DATA_DIR.resolve() and repo_data_dir() is not None:
        return "To restore the shipped files, run `git checkout -- data/` in the repository."
    if root.name == "raw" and root.parent.name == "MNIST":
        return f"Did you mean {root.parent.parent}{os.sep}? Give the folder that holds MNIST/raw."
    if root.name == "MNIST" and (root / "raw").is_dir():
        return f"Did you mean {root.parent}{os.sep}? Give the folder that holds MNIST/raw."
    if any((root / name).is_file() for name in MNIST_FILES):
        return f"The files belong in {root / 'MNIST' / 'raw'}, not directly in {root}."
    return (
        f"Put the four MNIST files in {root / 'MNIST' / 'raw'}, or call "
        f"mnist_helpers.data.download_mnist({str(root)!r}) to download and check them."
    )


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
    *,
    test_batch_size: int | None = None,
    mean: float = BLOG_MEAN,
    std: float = BLOG_STD,
    fast: bool = False,
    device: torch.device | str = "cpu",
    data: tuple[torch.Tensor, ...] | None = None,
    train_subset: int | None = None,
) -> tuple[DataLoader | TensorLoader, DataLoader | TensorLoader]:
    """The training loader (shuffled with ``generator``) and the test loader (in order).

    By default the blog's ``trainloader`` and ``testloader``: ``DataLoader``s over
    torchvision's MNIST with ``ToTensor()`` and ``Normalize((mean,), (std,))``.
    ``fast=True``: a :class:`TensorLoader` over each split, pre-loaded on ``device``:
    the very same batches. ``data`` (train images, train labels, test images, test labels;
    pixels in [0, 1]) replaces the files; ``train_subset`` keeps the first N training
    images. Test batches hold ``test_batch_size`` images (default: ``batch_size``).
    """
    test_batch_size = test_batch_size or batch_size
    first = slice(train_subset)
    if data is None and not fast:
        from torchvision.datasets import MNIST  # slow to import

        root, transform = str(verify_mnist(root)), blog_transform(mean, std)
        train_set, test_set = (MNIST(root, split, transform) for split in (True, False))
        if train_subset is not None:
            train_set = Subset(train_set, range(len(train_set))[first])
        train = DataLoader(train_set, batch_size, shuffle=True, generator=generator)
        return train, DataLoader(test_set, test_batch_size)
    if data is None:
        raw = verify_mnist(root) / "MNIST" / "raw"
        data = (*_pixels(raw, train=True), *_pixels(raw, train=False))
    train_x, train_y, test_x, test_y = data
    train_x, train_y = ((train_x - mean) / std).to(device)[first], train_y.to(device)[first]
    test_x, test_y = ((test_x - mean) / std).to(device), test_y.to(device)
    if fast:
        train = TensorLoader(train_x, train_y, batch_size, shuffle=True, generator=generator)
        return train, TensorLoader(test_x, test_y, test_batch_size)
    train = DataLoader(
        TensorDataset(train_x, train_y), batch_size, shuffle=True, generator=generator
    )
    return train, DataLoader(TensorDataset(test_x, test_y), test_batch_size)


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


def _pixels(raw: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """A split read from the idx files in ``raw``: images N×1×28×28 float32 in [0, 1]
    (``ToTensor()``'s values), labels int64."""
    prefix = "train" if train else "t10k"
    pixels = read_idx(raw / f"{prefix}-images-idx3-ubyte")
    images = pixels.unsqueeze(1).to(torch.float32).div(255)
    return images, read_idx(raw / f"{prefix}-labels-idx1-ubyte").to(torch.int64)


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
    images, labels = _pixels(verify_mnist(root) / "MNIST" / "raw", train)
    return images.sub_(mean).div_(std).to(device), labels.to(device)


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
    """``make_loaders(..., fast=True)``: the same batches, in the same order, pre-loaded."""
    return make_loaders(
        batch_size, root, generator, test_batch_size=test_batch_size, mean=mean, std=std,
        fast=True, device=device,
    )  # fmt: skip
