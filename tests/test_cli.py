import json
import subprocess
import sys

import pytest

from mnist_helpers.cli import main
from mnist_helpers.data import MNIST_FILES


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mnist_helpers", *args], capture_output=True, text=True, timeout=300
    )


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


def test_corrupt_data_is_one_clear_message_and_exit_1(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in MNIST_FILES:
        (raw / name).write_bytes(b"\0" * 10)
    result = run_cli("train", "--data-dir", str(tmp_path), "--no-progress")
    assert result.returncode == 1
    assert result.stderr.startswith("error: MNIST data is not usable")
    assert "Traceback" not in result.stderr and "git checkout -- data/" in result.stderr
    verify = run_cli("verify-data", "--data-dir", str(tmp_path))
    assert verify.returncode == 1 and "wrong size" in verify.stdout


def test_verify_data_on_the_shipped_files():
    result = run_cli("verify-data")
    assert result.returncode == 0, result.stderr
    assert "All four files are present and intact." in result.stdout


def test_absent_device_exit_1(monkeypatch, capsys):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert main(["train", "--device", "cuda", "--no-progress"]) == 1
    assert "not available on this machine" in capsys.readouterr().err


def test_train_save_evaluate_predict(tmp_path, capsys):
    checkpoint, report = tmp_path / "net.pt", tmp_path / "run.json"
    code = main(
        [
            "train",
            "--epochs",
            "1",
            "--loader",
            "tensor",
            "--no-progress",
            "--save",
            str(checkpoint),
            "--json",
            str(report),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Total params: 535,818" in out and "Finished Training" in out
    assert "[Epoch 1, Batch 900] loss: " in out
    assert "Accuracy of the network on the 10000 test images: " in out
    summary = json.loads(report.read_text())
    assert {"accuracy", "test_loss", "train_seconds", "images_per_second", "config"} <= set(summary)
    assert 90 < summary["accuracy"] <= 100 and summary["config"]["epochs"] == 1
    assert f"{summary['accuracy']:.2f}%" in out

    assert main(["evaluate", "--checkpoint", str(checkpoint), "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert f"images: {summary['accuracy']:.2f}%" in out and "  9: " in out

    assert main(["predict", "--checkpoint", str(checkpoint), str(tmp_path / "none.png")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_wrong_checkpoint_file_is_exit_1(tmp_path, capsys):
    junk = tmp_path / "junk.pt"
    junk.write_text("hello")
    assert main(["evaluate", "--checkpoint", str(junk)]) == 1
    assert "not a readable PyTorch checkpoint" in capsys.readouterr().err
