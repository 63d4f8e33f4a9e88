import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torchvision
from torch.utils.data import DataLoader, TensorDataset

from mnist_helpers import data
from mnist_helpers.data import (
    MNIST_FILES,
    MnistDataError,
    TensorLoader,
    file_status,
    load_tensors,
    make_loaders,
    verify_mnist,
)

REPO = Path(__file__).resolve().parent.parent
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def copy_data(tmp_path: Path) -> Path:
    """A private copy of data/ (hard links where possible) that a test may damage."""
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in MNIST_FILES:
        shutil.copyfile(REPO / "data" / "MNIST" / "raw" / name, raw / name)
    return tmp_path


def test_shipped_files_are_intact():
    assert verify_mnist() == REPO / "data"
    assert set(file_status().values()) == {"ok"}


def test_sha256sums_file_agrees_with_the_package():
    listed = {}
    for line in (REPO / "data" / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split()
        listed[Path(name).name] = digest
    assert listed == {name: sha for name, (_, sha) in MNIST_FILES.items()}


def test_files_are_hashed_once_per_process_and_file_state(tmp_path):
    root = copy_data(tmp_path)
    data._sha256_of.cache_clear()
    for _ in range(3):
        verify_mnist(root)
    assert data._sha256_of.cache_info().misses == 4
    labels = root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    os.utime(labels, ns=(0, labels.stat().st_mtime_ns + 1))  # the file changed: hash it again
    verify_mnist(root)
    assert data._sha256_of.cache_info().misses == 5


def test_data_dir_follows_argument_then_checkout_then_environment(monkeypatch, tmp_path):
    """The download that comes last is tested in test_download.py."""
    monkeypatch.setenv("MNIST_DATA_DIR", str(tmp_path))
    assert data.data_dir() == REPO / "data"
    assert data.data_dir("elsewhere") == Path("elsewhere")
    monkeypatch.setattr(data, "_REPO_DATA_DIR", tmp_path / "no-checkout" / "data")
    assert data.data_dir() == tmp_path


def _fake_checkout(tmp_path: Path, monkeypatch) -> Path:
    """A checkout with its data/ (copied), which the package believes it runs from."""
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    root = copy_data(tmp_path / "data")
    shutil.copyfile(REPO / "data" / "SHA256SUMS", root / "SHA256SUMS")
    monkeypatch.setattr(data, "_REPO_DATA_DIR", root)
    return root


def test_a_damaged_checkout_is_told_to_restore_it(tmp_path, monkeypatch):
    root = _fake_checkout(tmp_path, monkeypatch)
    (root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(MnistDataError) as error:
        verify_mnist()
    message = str(error.value)
    assert "t10k-labels-idx1-ubyte: missing" in message and "\n" not in message
    assert message.endswith("run `git checkout -- data/` in the repository.")


def test_a_folder_outside_the_checkout_is_not_told_to_use_git(tmp_path):
    root = copy_data(tmp_path)
    (root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(MnistDataError) as error:
        verify_mnist(root)
    message = str(error.value)
    assert "t10k-labels-idx1-ubyte: missing" in message and "\n" not in message
    assert "git" not in message and "download_mnist(" in message
    with pytest.raises(MnistDataError, match="the folder /nonexistent does not exist") as error:
        verify_mnist("/nonexistent")
    assert "git" not in str(error.value)


@pytest.mark.parametrize("given", ["MNIST/raw", "MNIST"])
def test_the_raw_folder_instead_of_the_root_gets_did_you_mean(given, tmp_path, monkeypatch):
    root = copy_data(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MnistDataError) as error:
        verify_mnist(Path("data") / given)
    assert f"Did you mean data{os.sep}?" in str(error.value)
    assert "git" not in str(error.value)
    assert verify_mnist("data") == Path("data") and root.is_dir()


def test_files_put_straight_in_the_folder_are_pointed_to_mnist_raw(tmp_path):
    shutil.copyfile(
        REPO / "data" / "MNIST" / "raw" / "t10k-labels-idx1-ubyte",
        tmp_path / "t10k-labels-idx1-ubyte",
    )
    with pytest.raises(MnistDataError, match=r"The files belong in .*MNIST.raw, not directly"):
        verify_mnist(tmp_path)


def test_truncated_file_fails_with_wrong_size(tmp_path):
    root = copy_data(tmp_path)
    path = root / "MNIST" / "raw" / "train-labels-idx1-ubyte"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(MnistDataError, match=r"train-labels-idx1-ubyte: wrong size \(59,908 bytes"):
        verify_mnist(root)


def test_one_flipped_byte_fails_the_checksum(tmp_path):
    root = copy_data(tmp_path)
    path = root / "MNIST" / "raw" / "train-images-idx3-ubyte"
    content = bytearray(path.read_bytes())
    content[123_456] ^= 0xFF
    path.write_bytes(bytes(content))
    with pytest.raises(MnistDataError, match="train-images-idx3-ubyte: checksum mismatch"):
        verify_mnist(root)
    # the other files are reported fine, and nothing was deleted
    status = file_status(root)
    assert sum(s == "ok" for s in status.values()) == 3
    assert path.stat().st_size == MNIST_FILES[path.name][0]


def test_the_blogs_own_line_works_offline_from_the_repo_root(monkeypatch):
    monkeypatch.chdir(REPO)
    transform = data.blog_transform()
    trainset = torchvision.datasets.MNIST(
        root="./data", train=True, download=True, transform=transform
    )
    assert len(trainset) == 60_000


@pytest.mark.parametrize("train", [True, False])
def test_load_tensors_holds_torchvisions_tensors(train):
    """Read straight from the idx files, the same numbers torchvision's MNIST holds."""
    images, labels = load_tensors(train, mean=0.0, std=1.0)
    split = torchvision.datasets.MNIST(root=str(verify_mnist()), train=train)
    assert torch.equal(images, split.data.unsqueeze(1).to(torch.float32).div(255))
    assert torch.equal(labels, split.targets)


def test_read_idx_rejects_foreign_and_cut_files(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(MnistDataError, match="not an idx file"):
        data.read_idx(foreign)
    source = REPO / "data" / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    cut = tmp_path / "cut"
    cut.write_bytes(source.read_bytes()[:-5])
    with pytest.raises(MnistDataError, match="header says"):
        data.read_idx(cut)
    assert data.read_idx(source).shape == (10_000,)


def test_the_tensor_path_does_not_import_torchvision():
    """torchvision costs seconds to import; training from tensors never needs it."""
    code = "import sys, mnist_helpers.cli; print('torchvision' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_class_counts():
    _, train_labels = load_tensors(True)
    _, test_labels = load_tensors(False)
    assert torch.bincount(train_labels).tolist() == TRAIN_COUNTS
    assert torch.bincount(test_labels).tolist() == TEST_COUNTS


def test_loader_shapes_dtypes_and_range():
    trainloader, testloader = make_loaders(64)
    assert len(trainloader) == 938 and len(testloader) == 157
    assert len(make_loaders(64, test_batch_size=1000)[1]) == 10
    assert len(data.tensor_loaders(64, test_batch_size=1000)[1]) == 10
    images, labels = next(iter(testloader))
    assert images.shape == (64, 1, 28, 28) and images.dtype == torch.float32
    assert labels.shape == (64,) and labels.dtype == torch.int64
    assert images.min().item() == -1.0 and images.max().item() == 1.0


def test_tensor_loader_matches_the_dataloader_batch_for_batch():
    trainloader, testloader = make_loaders(64, generator=torch.Generator().manual_seed(7))
    fast_train, fast_test = data.tensor_loaders(64, generator=torch.Generator().manual_seed(7))
    # a whole epoch, then the start of the next, whose order depends on every draw before
    for (a, b), (c, d) in zip(trainloader, fast_train, strict=True):
        assert torch.equal(a, c) and torch.equal(b, d)
    for _, (a, b), (c, d) in zip(range(3), trainloader, fast_train, strict=False):
        assert torch.equal(a, c) and torch.equal(b, d)
    for (a, b), (c, d) in zip(testloader, fast_test, strict=True):
        assert torch.equal(a, c) and torch.equal(b, d)


@pytest.mark.parametrize("n", [96, 100])
@pytest.mark.parametrize("seeded", [True, False])
def test_tensor_loader_order_over_epochs(n, seeded):
    images, labels = torch.randn(n, 1, 28, 28), torch.arange(n)
    make = (lambda: torch.Generator().manual_seed(3)) if seeded else (lambda: None)
    torch.manual_seed(1)
    slow = DataLoader(TensorDataset(images, labels), batch_size=32, shuffle=True, generator=make())
    slow_batches = [b for _ in range(3) for _, b in slow]
    torch.manual_seed(1)
    fast = TensorLoader(images, labels, batch_size=32, shuffle=True, generator=make())
    fast_batches = [b for _ in range(3) for _, b in fast]
    assert len(fast) == len(slow)
    assert all(torch.equal(a, b) for a, b in zip(slow_batches, fast_batches, strict=True))


def test_tensor_loader_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="3 images but 2 labels"):
        TensorLoader(torch.zeros(3, 1, 28, 28), torch.zeros(2))
    with pytest.raises(ValueError, match="batch_size"):
        TensorLoader(torch.zeros(3, 1, 28, 28), torch.zeros(3), batch_size=0)
