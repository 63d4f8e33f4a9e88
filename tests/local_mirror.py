"""A local HTTP server standing in for an MNIST mirror (loopback only, a free port)."""

from __future__ import annotations

import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from mnist_helpers.data import MNIST_FILES

RAW = Path(__file__).resolve().parent.parent / "data" / "MNIST" / "raw"


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly and remembers every path asked for."""

    requests: list[str] = []

    def log_message(self, *args) -> None:
        type(self).requests.append(self.path)


def write_mirror(folder: Path, damaged: str | None = None) -> Path:
    """``folder`` filled with the ``.gz`` of the shipped files (``damaged`` with one byte
    flipped, alone, when given)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in [damaged] if damaged else MNIST_FILES:
        content = bytearray((RAW / name).read_bytes())
        if damaged:
            content[100] ^= 0xFF
        (folder / f"{name}.gz").write_bytes(gzip.compress(bytes(content), compresslevel=1))
    return folder


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
