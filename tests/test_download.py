"""The download path of ``data_dir()``, against a local HTTP server standing in for a mirror.

Loopback only: the server listens on 127.0.0.1 on a free port and serves gzip files made
from the shipped data, a corrupted copy of one of them, and 404s.
"""

import http.server
from pathlib import Path

import pytest
import torchvision
from local_mirror import RAW, Handler, serve, write_mirror

from mnist_helpers import data
from mnist_helpers.data import MIRRORS, MNIST_FILES, MnistDataError, download_mnist, verify_mnist

REPO = Path(__file__).resolve().parent.parent
SMALL = "t10k-labels-idx1-ubyte"


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    """The base URL of a local server: ``good/`` holds the four ``.gz`` files, ``bad/``
    a ``.gz`` of the small labels file with one byte flipped, anything else is a 404."""
    site = tmp_path_factory.mktemp("mirror")
    write_mirror(site / "good")
    write_mirror(site / "bad", damaged=SMALL)
    with serve(site) as url:
        yield url


def _closed_port() -> int:
    """A loopback port nobody listens on (it was free a moment ago)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return port


def test_mirrors_are_torchvisions():
    assert list(MIRRORS) == torchvision.datasets.MNIST.mirrors
    served = [name for name, _ in torchvision.datasets.MNIST.resources]
    assert served == [f"{name}.gz" for name in MNIST_FILES]


def test_download_decompresses_and_verifies(mirror, tmp_path, capsys):
    root = download_mnist(tmp_path / "cache", [f"{mirror}/good/"])
    assert root == tmp_path / "cache"
    assert verify_mnist(root) == root
    for name in MNIST_FILES:
        assert (root / "MNIST" / "raw" / name).read_bytes() == (RAW / name).read_bytes()
    assert "Downloading MNIST into" in capsys.readouterr().err
    Handler.requests.clear()
    download_mnist(root, [f"{mirror}/good/"])  # intact files are not fetched again
    assert Handler.requests == []
    assert not list((root / "MNIST" / "raw").glob("*.part"))


def test_a_corrupted_file_is_a_clear_error_and_is_not_kept(mirror, tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in MNIST_FILES:
        if name != SMALL:
            (raw / name).symlink_to(RAW / name)
    with pytest.raises(MnistDataError) as error:
        download_mnist(tmp_path, [f"{mirror}/bad"])
    message = str(error.value)
    assert "\n" not in message
    assert f"could not download {SMALL} from any MNIST mirror" in message
    assert "SHA-256 differs" in message and "MNIST_DATA_DIR" in message
    assert sorted(p.name for p in raw.iterdir()) == sorted(set(MNIST_FILES) - {SMALL})


def test_the_next_mirror_is_tried_when_one_fails(mirror, tmp_path):
    mirrors = [f"{mirror}/nowhere", f"http://127.0.0.1:{_closed_port()}/", f"{mirror}/good"]
    Handler.requests.clear()
    download_mnist(tmp_path, mirrors)
    assert set(data.file_status(tmp_path).values()) == {"ok"}
    assert f"/nowhere/{SMALL}.gz" in Handler.requests
    assert f"/good/{SMALL}.gz" in Handler.requests


def test_every_mirror_failing_is_one_error_line(mirror, tmp_path):
    with pytest.raises(MnistDataError) as error:
        download_mnist(tmp_path, [f"{mirror}/nowhere", f"http://127.0.0.1:{_closed_port()}"])
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("could not download train-images-idx3-ubyte from any MNIST mirror")
    assert "HTTP Error 404" in message and "MNIST_MIRRORS" in message
    assert not (tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").exists()


def test_data_dir_downloads_only_outside_a_checkout(mirror, tmp_path, monkeypatch):
    """Checkout first, then $MNIST_DATA_DIR, then the cache filled from $MNIST_MIRRORS."""
    monkeypatch.setenv("MNIST_DATA_DIR", str(tmp_path / "elsewhere"))
    assert data.data_dir() == REPO / "data"  # running from this checkout
    monkeypatch.setattr(data, "_REPO_DATA_DIR", tmp_path / "site-packages" / "data")
    assert data.data_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("MNIST_DATA_DIR")
    monkeypatch.setenv("MNIST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MNIST_MIRRORS", f"{mirror}/nowhere {mirror}/good")
    assert data.data_dir() == tmp_path / "cache"
    assert verify_mnist() == tmp_path / "cache"
    assert data.data_dir("given") == Path("given")  # an explicit root always wins


def test_cache_dir_is_the_users_cache_unless_overridden(monkeypatch, tmp_path):
    monkeypatch.delenv("MNIST_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if data.os.name == "posix" and data.sys.platform != "darwin":
        assert data.cache_dir() == tmp_path / "mnist_helpers"
    monkeypatch.setenv("MNIST_CACHE_DIR", str(tmp_path / "mine"))
    assert data.cache_dir() == tmp_path / "mine"
