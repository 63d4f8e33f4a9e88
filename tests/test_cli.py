import json
import os
import re
import struct
import subprocess
import sys
import zlib
from dataclasses import fields
from pathlib import Path

import pytest
import torch

from mnist_helpers.checkpoint import load_checkpoint, save_checkpoint
from mnist_helpers.cli import CONFIG_FLAGS, build_parser, main
from mnist_helpers.data import MNIST_FILES
from mnist_helpers.models import ConvNet, Net
from mnist_helpers.recipes import TrainConfig

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--epochs", "0"],
        ["train", "--batch-size", "many"],
        ["train", "--model", "resnet"],
        ["train", "--device", "tpu"],
        ["train", "--lr", "-1"],
        ["predict", "--checkpoint", "x.pt"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments_are_usage_errors(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_corrupt_data_is_one_clear_message_and_exit_1(tmp_path, capsys):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in MNIST_FILES:
        (raw / name).write_bytes(b"\0" * 10)
    assert main(["train", "--data-dir", str(tmp_path), "--no-progress"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: MNIST data is not usable") and captured.out == ""
    assert captured.err.count("\n") == 1 and "git checkout" not in captured.err
    assert "download_mnist(" in captured.err
    assert main(["verify-data", "--data-dir", str(tmp_path)]) == 1
    assert "wrong size" in capsys.readouterr().out


def test_verify_data_on_the_shipped_files(capsys):
    assert main(["verify-data"]) == 0
    assert "All four files are present and intact." in capsys.readouterr().out


@pytest.mark.parametrize("fast", [[], ["--fast"]], ids=["blog", "fast"])
def test_a_training_run_verifies_the_data_once(fast, monkeypatch, capsys):
    from mnist_helpers import data

    calls = []
    real = data.verify_mnist
    monkeypatch.setattr(data, "verify_mnist", lambda root=None: calls.append(root) or real(root))
    assert main([*QUICK, *fast, "--train-subset", "64"]) == 0
    assert len(calls) == 1


def test_evaluate_reads_only_the_test_split(tmp_path, monkeypatch, capsys):
    from mnist_helpers import data

    checkpoint = save_checkpoint(tmp_path / "net.pt", Net())
    splits = []
    real = data._pixels
    monkeypatch.setattr(
        data, "_pixels", lambda raw, train: splits.append(train) or real(raw, train)
    )
    assert main(["evaluate", "--checkpoint", str(checkpoint), "--device", "cpu"]) == 0
    assert splits == [False]


def test_absent_device_exit_1(monkeypatch, capsys):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert main(["train", "--device", "cuda", "--no-progress"]) == 1
    assert "not available on this machine" in capsys.readouterr().err


def test_train_save_evaluate_predict(tmp_path, capsys):
    checkpoint, report = tmp_path / "net.pt", tmp_path / "run.json"
    args = ["--fast", "--train-subset", "6400", "--save", str(checkpoint), "--json", str(report)]
    code = main(["train", "--epochs", "1", "--no-progress", *args])
    out = capsys.readouterr().out
    assert code == 0
    assert "Total params: 535,818" in out and "Finished Training" in out
    assert "[Epoch 1, Batch 100] loss: " in out
    assert "Accuracy of the network on the 10000 test images: " in out
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert {"accuracy", "test_loss", "train_seconds", "images_per_second", "config"} <= set(summary)
    assert 80 < summary["accuracy"] <= 100 and summary["config"]["epochs"] == 1
    assert summary["images_per_second"] == 6400 / summary["train_seconds"]
    assert f"{summary['accuracy']:.2f}%" in out

    assert main(["evaluate", "--checkpoint", str(checkpoint), "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert f"images: {summary['accuracy']:.2f}%" in out and "  9: " in out

    assert main(["predict", "--checkpoint", str(checkpoint), str(tmp_path / "none.png")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_wrong_checkpoint_file_is_exit_1(tmp_path, capsys):
    junk = tmp_path / "junk.pt"
    junk.write_text("hello", encoding="utf-8")
    assert main(["evaluate", "--checkpoint", str(junk)]) == 1
    assert "is not a PyTorch checkpoint" in capsys.readouterr().err


class _RunsCode:
    def __reduce__(self):
        return (print, ("this ran while loading",))


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("png", "is not a PyTorch checkpoint but a PNG image"),
        ("whole model", "holds Python objects besides tensors"),
        ("code", "holds Python objects besides tensors"),
        ("truncated", "is not a readable PyTorch checkpoint"),
    ],
)
def test_a_foreign_or_unsafe_checkpoint_is_one_clean_line(kind, expected, tmp_path, capsys):
    path = tmp_path / "model.pt"
    if kind == "png":
        path.write_bytes((REPO / "data" / "samples" / "3_drawn.png").read_bytes())
    elif kind == "whole model":
        torch.save(Net(), path)
    elif kind == "code":
        torch.save(_RunsCode(), path)
    else:
        torch.save(Net().state_dict(), path)
        path.write_bytes(path.read_bytes()[:1000])
    assert main(["predict", "--checkpoint", str(path), "x.png"]) == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(f"error: {path} ") and expected in line
    for noise in ("\x1b[", "weights_only", "file an issue", "this ran"):
        assert noise not in captured.err + captured.out


def png_header(width: int, height: int) -> bytes:
    """A PNG that only claims its size: enough for Pillow's decompression-bomb check."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


TRAIN_FAST = ["train", "--preset", "fast-mlp", "--epochs", "1", "--no-progress", "--no-summary"]
#: The fast-mlp recipe on 512 images: two steps, enough to have a model to save.
QUICK = [*TRAIN_FAST, "--train-subset", "1024"]


@pytest.mark.parametrize("flag", ["--save", "--json"])
@pytest.mark.parametrize("where", ["under a file", "a folder"])
def test_an_unwritable_destination_fails_before_training(flag, where, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "out" if where == "under a file" else tmp_path
    assert main([*TRAIN_FAST, flag, str(target)]) == 1
    captured = capsys.readouterr()
    assert "[Epoch" not in captured.out and "Finished Training" not in captured.out
    assert captured.err.count("\n") == 1 and captured.err.startswith("error: ")
    assert str(target) in captured.err


def test_save_and_json_may_not_name_the_same_file(tmp_path, capsys):
    path = tmp_path / "out"
    assert main([*QUICK, "--save", str(path), "--json", str(tmp_path / "." / "out")]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: --save and --json both name {path}; give two different files\n"
    assert captured.out == "" and not path.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_during_save_keeps_the_model(tmp_path, monkeypatch, capsys):
    """torch.save on a full disk (writes to /dev/full fail with ENOSPC) raises RuntimeError."""
    from mnist_helpers import checkpoint as checkpoints

    target, real_save = tmp_path / "net.pt", torch.save

    def save_onto_a_full_disk(payload, f):
        if Path(f.name).parent != tmp_path:
            return real_save(payload, f)
        with open("/dev/full", "wb") as full:
            real_save(payload, full)

    monkeypatch.setattr(checkpoints.torch, "save", save_onto_a_full_disk)
    assert main([*QUICK, "--save", str(target)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: cannot write the checkpoint to {target} (")
    fallback = Path(line.rsplit(" wrote it to ", 1)[1].removesuffix(" instead"))
    try:
        assert isinstance(load_checkpoint(fallback)[0], Net)
    finally:
        fallback.unlink()
        fallback.parent.rmdir()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_a_failed_save_after_training_keeps_the_model(tmp_path, monkeypatch, capsys):
    from mnist_helpers import cli

    checkpoint, report = tmp_path / "net.pt", tmp_path / "run.json"

    def disk_full_at_first(path, *args):
        if path == checkpoint:
            raise OSError(28, "No space left on device")
        return save_checkpoint(path, *args)

    monkeypatch.setattr(cli, "save_checkpoint", disk_full_at_first)
    assert main([*QUICK, "--save", str(checkpoint), "--json", str(report)]) == 1
    captured = capsys.readouterr()
    assert "Finished Training" in captured.out and report.is_file()
    (line,) = captured.err.splitlines()
    assert line.startswith(f"error: cannot write the checkpoint to {checkpoint}")
    fallback = Path(line.rsplit(" wrote it to ", 1)[1].removesuffix(" instead"))
    try:
        model, _ = load_checkpoint(fallback)
        assert isinstance(model, Net)
    finally:
        fallback.unlink()
        fallback.parent.rmdir()


def test_every_image_problem_is_one_line_and_the_rest_are_predicted(tmp_path, capsys):
    checkpoint = save_checkpoint(tmp_path / "net.pt", Net())
    huge, junk = tmp_path / "huge.png", tmp_path / "junk.png"
    huge.write_bytes(png_header(30_000, 30_000))
    junk.write_bytes(b"not an image")
    good = str(REPO / "data" / "samples" / "3_drawn.png")
    assert main(["predict", "--checkpoint", str(checkpoint), str(huge), good, str(junk)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert "too large" in lines[0] and "cannot read" in lines[1]
    assert captured.out.startswith(f"{good}: ")


@pytest.mark.parametrize(
    "model, name",
    [(Net(), "mlp (Net()), inferred"), (ConvNet(8, 16), "cnn (ConvNet(channels=8, hidden=16))")],
)
def test_a_plain_state_dict_is_read_and_its_model_named(model, name, tmp_path, capsys):
    path = tmp_path / "plain.pt"
    torch.save(model.state_dict(), path)
    sample = str(REPO / "data" / "samples" / "3_drawn.png")
    assert main(["predict", "--checkpoint", str(path), sample]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Model: {name}") and f"{sample}: " in out


def test_evaluate_reads_a_plain_state_dict_of_net(tmp_path, capsys):
    path = tmp_path / "plain.pt"
    torch.save(Net().state_dict(), path)
    assert main(["evaluate", "--checkpoint", str(path), "--device", "cpu"]) == 0
    assert "inferred from the tensor shapes" in capsys.readouterr().out


def test_a_foreign_state_dict_is_refused_clearly(tmp_path, capsys):
    path = tmp_path / "linear.pt"
    torch.save(torch.nn.Linear(3, 2).state_dict(), path)
    assert main(["evaluate", "--checkpoint", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "fits neither Net nor ConvNet" in err


# --- --distributed and --train-subset (torchrun runs are in test_distributed.py)

TORCHRUN_VARIABLES = ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT")


@pytest.fixture
def as_rank(monkeypatch):
    """Pretend to be one of the processes torchrun starts."""

    def setup(rank: int, world_size: int) -> None:
        for name, value in zip(TORCHRUN_VARIABLES[:3], (rank, world_size, rank), strict=True):
            monkeypatch.setenv(name, str(value))

    return setup


def test_distributed_without_torchrun_is_one_error_line(monkeypatch, capsys):
    for name in TORCHRUN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert main(["train", "--distributed", "--no-progress"]) == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("error: --distributed needs the processes torchrun starts")
    assert "torchrun --standalone --nproc-per-node 2 -m mnist_helpers train --distributed" in line
    assert captured.out == ""


def test_distributed_without_a_gpu_is_one_error_line(as_rank, monkeypatch, capsys):
    as_rank(0, 2)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert main(["train", "--distributed", "--device", "cuda", "--no-progress"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: device 'cuda' was requested but is not available")


def test_distributed_without_nccl_is_one_error_line(as_rank, monkeypatch, capsys):
    import torch.distributed as dist

    as_rank(0, 2)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(dist, "is_nccl_available", lambda: False)
    assert main(["train", "--distributed", "--device", "cuda", "--no-progress"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: the nccl backend that --device cuda needs is not available")


def test_distributed_errors_are_printed_by_rank_0_only(as_rank, capsys):
    as_rank(0, 2)
    assert main(["train", "--distributed", "--batch-size", "65", "--no-progress"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        "error: --batch-size 65 does not split evenly over 2 processes; use a multiple of 2"
    )
    as_rank(1, 2)
    assert main(["train", "--distributed", "--batch-size", "65", "--no-progress"]) == 1
    assert capsys.readouterr() == ("", "")


def test_train_subset_trains_on_the_first_images(tmp_path, capsys):
    report = tmp_path / "run.json"
    args = ["--train-subset", "640", "--json", str(report)]
    assert main([*TRAIN_FAST, *args]) == 0
    out = capsys.readouterr().out
    assert "[Epoch 1, Batch" not in out and "Finished Training" in out  # 5 batches of 128
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["train_images"] == 640 and summary["world_size"] == 1
    assert 10 < summary["accuracy"] <= 100


def test_too_many_threads_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--threads", "100000"])
    assert exit_info.value.code == 2
    assert (
        f"must be at most {os.cpu_count()} (the CPU count), got 100000" in capsys.readouterr().err
    )


def test_an_exploding_loss_is_one_warning_line(capsys):
    assert main([*QUICK, "--lr", "1e6"]) == 0
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("warning: the training loss ")
    assert "the learning rate 1e+06 is probably too high" in line
    assert "Finished Training" in captured.out


def test_a_console_that_cannot_show_the_summary_does_not_crash(tmp_path):
    """Issue 17: torchinfo's box lines on a cp1254 console, output redirected to a file."""
    out = tmp_path / "out.txt"
    flags = ["--preset", "fast-mlp", "--epochs", "1", "--no-progress", "--train-subset", "256"]
    command = [sys.executable, "-m", "mnist_helpers", "train", *flags]
    env = {**os.environ, "PYTHONIOENCODING": "cp1254"}
    with out.open("wb") as f:
        done = subprocess.run(command, stdout=f, stderr=subprocess.PIPE, env=env, timeout=600)
    assert done.returncode == 0, done.stderr.decode("cp1254", "replace")
    text = out.read_bytes().decode("cp1254")
    assert "Total params:" in text and "Accuracy of the network" in text and "?" in text


def test_every_train_flag_is_a_config_field_and_in_the_readme():
    parser = build_parser()
    train = next(a for a in parser._actions if a.dest == "command").choices["train"]
    flags = {option for action in train._actions for option in action.option_strings}
    flags -= {"-h", "--help"}
    assert set(CONFIG_FLAGS) <= {f.name for f in fields(TrainConfig)}
    assert {f"--{name.replace('_', '-')}" for name in CONFIG_FLAGS} <= flags
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (listed,) = [line for line in readme.splitlines() if line.startswith("`train` flags:")]
    assert set(re.findall(r"`(--[a-z-]+)", listed)) == flags
