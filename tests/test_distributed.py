"""DistributedDataParallel: ranks, backends, shards, averaged gradients and a 2-process run."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset

from mnist_helpers import distributed
from mnist_helpers.cli import main
from mnist_helpers.data import TensorLoader
from mnist_helpers.distributed import (
    BatchShard,
    DistributedError,
    Rank,
    backend_for,
    per_rank_batch,
    rank_from_env,
)
from mnist_helpers.models import Net

REPO = Path(__file__).resolve().parent.parent


def test_rank_comes_from_torchruns_variables():
    assert rank_from_env({"RANK": "1", "WORLD_SIZE": "2", "LOCAL_RANK": "1"}) == Rank(1, 1, 2)
    assert rank_from_env({"RANK": "0", "WORLD_SIZE": "1"}).is_main
    with pytest.raises(DistributedError, match="torchrun --standalone --nproc-per-node 2"):
        rank_from_env({})
    with pytest.raises(DistributedError, match="outside"):
        rank_from_env({"RANK": "2", "WORLD_SIZE": "2"})


def test_backends_gloo_on_the_cpu_nccl_on_cuda(monkeypatch):
    assert backend_for("cpu") == "gloo"
    with pytest.raises(DistributedError, match="mps"):
        backend_for("mps")
    monkeypatch.setattr(dist, "is_nccl_available", lambda: False)
    with pytest.raises(DistributedError, match="nccl backend .* not available"):
        backend_for("cuda")


def test_the_global_batch_splits_evenly():
    assert per_rank_batch(64, 2) == 32
    with pytest.raises(DistributedError, match="does not split evenly"):
        per_rank_batch(65, 2)


def test_the_processes_split_the_one_process_batches():
    """Every epoch, the ranks' slices of each batch are disjoint and make up the very batch
    the one-process TensorLoader yields with the same seed."""
    images, labels = torch.zeros(100, 1, 28, 28), torch.arange(100)

    def epochs(loader, count=2):
        return [[y.tolist() for _, y in loader] for _ in range(count)]

    whole = epochs(TensorLoader(images, labels, 8, True, torch.Generator().manual_seed(0)))
    parts = [
        epochs(
            BatchShard(
                TensorLoader(images, labels, 8, True, torch.Generator().manual_seed(0)),
                Rank(rank, rank, 2),
            )
        )
        for rank in range(2)
    ]
    assert whole[0] != whole[1], "a new shuffle every epoch"
    for epoch in range(2):
        pairs = zip(parts[0][epoch], parts[1][epoch], strict=True)
        for batch, (first, second) in zip(whole[epoch], pairs, strict=True):
            assert first + second == batch and not set(first) & set(second)
        assert len(parts[0][epoch][-1]) == len(parts[1][epoch][-1]) == 2  # 100 = 12 x 8 + 4


def test_a_last_batch_too_small_to_split_is_skipped():
    loader = TensorLoader(torch.zeros(9, 1, 28, 28), torch.arange(9), 4)
    shard = BatchShard(loader, Rank(1, 1, 2))
    assert len(shard) == 2 and [len(y) for _, y in shard] == [2, 2]


def test_a_dataloader_is_sharded_like_a_tensor_loader():
    """Without --fast the processes slice the blog's DataLoader batches the same way."""
    images, labels = torch.zeros(100, 1, 28, 28), torch.arange(100)

    def shards(make):
        return [
            [
                y.tolist()
                for _, y in BatchShard(make(torch.Generator().manual_seed(0)), Rank(r, r, 2))
            ]
            for r in range(2)
        ]

    dataset = TensorDataset(images, labels)
    blog = shards(lambda g: DataLoader(dataset, 8, shuffle=True, generator=g))
    fast = shards(lambda g: TensorLoader(images, labels, 8, True, g))
    assert blog == fast and len(blog[0]) == 13


def _ddp_gradients(rank: int, world_size: int, store: str, out: str) -> None:
    """One replica's half of a fixed batch of 64: its gradients after DDP's backward."""
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=world_size)
    try:
        torch.manual_seed(0)
        model = DistributedDataParallel(Net())
        images, labels = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
        share = 64 // world_size
        mine = slice(rank * share, (rank + 1) * share)
        nn.CrossEntropyLoss()(model(images[mine]), labels[mine]).backward()
        grads = {name: p.grad for name, p in model.module.named_parameters()}
        torch.save(grads, Path(out) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


def test_ddp_averages_the_gradients_into_the_single_process_gradient(tmp_path):
    mp.spawn(_ddp_gradients, args=(2, str(tmp_path / "store"), str(tmp_path)), nprocs=2)
    torch.manual_seed(0)
    model = Net()
    images, labels = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    nn.CrossEntropyLoss()(model(images), labels).backward()
    for rank in range(2):
        grads = torch.load(tmp_path / f"rank{rank}.pt", weights_only=True)
        for name, p in model.named_parameters():
            torch.testing.assert_close(grads[name], p.grad, msg=f"rank {rank}, {name}")


SHORT_RUN = ["--fast", "--train-subset", "6400", "--epochs", "1", "--threads", "1"]


def test_a_two_process_run_prints_once_and_learns_as_one_process_does(tmp_path, capsys):
    """100 optimizer steps: 6,400 images in global batches of 64 = 2 processes x 32."""
    report, alone = tmp_path / "run.json", tmp_path / "alone.json"
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc-per-node",
        "2",
        "-m",
        "mnist_helpers",
        "train",
        "--distributed",
        *SHORT_RUN,
        "--no-summary",
        "--no-progress",
        "--json",
        str(report),
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("Accuracy of the network on the 10000 test images: ") == 1
    assert out.count("Finished Training") == 1 and out.count("Preset: blog") == 1
    assert "[Epoch 1, Batch 100] loss: " in out and "Batch 200]" not in out
    assert "2 processes (gloo), batch 64 in all = 2 x 32 per process" in out
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert 80 < summary["accuracy"] <= 100
    assert summary["world_size"] == 2 and summary["per_process_batch"] == 32
    assert summary["train_images"] == 6_400 and summary["backend"] == "gloo"
    assert "error" not in done.stderr.lower()

    threads = torch.get_num_threads()
    try:
        args = ["train", *SHORT_RUN, "--no-summary", "--no-progress", "--json", str(alone)]
        assert main(args) == 0
    finally:
        torch.set_num_threads(threads)
    capsys.readouterr()
    one = json.loads(alone.read_text(encoding="utf-8"))
    assert abs(summary["accuracy"] - one["accuracy"]) < 1.0, (summary["accuracy"], one["accuracy"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_process_group_is_left_on_errors_too(monkeypatch):
    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(free_port()))
    with pytest.raises(KeyError):
        with distributed.process_group("gloo", Rank(0, 0, 1), torch.device("cpu")):
            assert dist.is_initialized() and dist.get_world_size() == 1
            raise KeyError("boom")
    assert not dist.is_initialized()
