import os
import stat

import pytest
import torch

from mnist_helpers.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from mnist_helpers.models import ConvNet, Net


def test_round_trip_keeps_weights_and_metadata(tmp_path):
    model = Net()
    path = save_checkpoint(tmp_path / "sub" / "net.pt", model, {"lr": 0.001}, 0.975)
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    loaded, info = load_checkpoint(path)
    assert isinstance(loaded, Net)
    assert info["hparams"] == {"lr": 0.001} and info["accuracy"] == 0.975
    for (name, a), (_, b) in zip(
        model.state_dict().items(), loaded.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name


def test_model_kwargs_rebuild_the_same_shape(tmp_path):
    path = save_checkpoint(
        tmp_path / "cnn.pt",
        ConvNet(channels=8, hidden=16),
        model_kwargs={"channels": 8, "hidden": 16},
    )
    loaded, _ = load_checkpoint(path)
    assert loaded.conv1.out_channels == 8


def test_loading_into_another_architecture_is_a_clear_error(tmp_path):
    path = save_checkpoint(tmp_path / "net.pt", Net())
    with pytest.raises(CheckpointError, match=r"holds a 'mlp' model \(Net\), not a 'cnn' model"):
        load_checkpoint(path, model=ConvNet())


def test_same_class_other_shape_is_a_clear_error(tmp_path):
    path = save_checkpoint(tmp_path / "cnn.pt", ConvNet(channels=8), model_kwargs={"channels": 8})
    with pytest.raises(CheckpointError, match="does not fit this ConvNet"):
        load_checkpoint(path, model=ConvNet())


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        load_checkpoint(tmp_path / "nope.pt")
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="is not a PyTorch checkpoint"):
        load_checkpoint(junk)
    foreign = tmp_path / "foreign.pt"
    torch.save({"epoch": 3}, foreign)
    with pytest.raises(CheckpointError, match="not written by mnist_helpers"):
        load_checkpoint(foreign)


@pytest.mark.parametrize("model", [Net(), ConvNet(channels=8, hidden=16)], ids=["Net", "ConvNet"])
def test_a_plain_state_dict_loads_into_the_model_its_shapes_fit(model, tmp_path):
    path = tmp_path / "plain.pt"
    torch.save(model.state_dict(), path)
    loaded, info = load_checkpoint(path)
    assert type(loaded) is type(model) and info["inferred"]
    assert all(
        torch.equal(a, b)
        for a, b in zip(model.state_dict().values(), loaded.state_dict().values(), strict=True)
    )


def test_a_plain_state_dict_of_another_network_is_refused(tmp_path):
    path = tmp_path / "plain.pt"
    torch.save(torch.nn.Linear(784, 10).state_dict(), path)
    with pytest.raises(CheckpointError, match="fits neither Net nor ConvNet"):
        load_checkpoint(path)


@pytest.mark.parametrize("into", [None, Net()], ids=["fresh", "given"])
def test_an_unknown_model_name_is_a_checkpoint_error(into, tmp_path):
    path = save_checkpoint(tmp_path / "net.pt", Net())
    payload = torch.load(path, weights_only=True)
    torch.save({**payload, "model": "resnet"}, path)
    with pytest.raises(CheckpointError, match="unknown model 'resnet'"):
        load_checkpoint(path, model=into)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_the_file_mode_follows_the_umask(umask, mode, tmp_path):
    old = os.umask(umask)
    try:
        path = save_checkpoint(tmp_path / "net.pt", Net())
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode
