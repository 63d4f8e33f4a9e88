import copy
import json

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from mnist_helpers import Net, seed_everything
from mnist_helpers.data import load_tensors
from mnist_helpers.recipes import TrainConfig, prepare
from mnist_helpers.speed import FlatAdam, reuse_freed_memory
from mnist_helpers.training import Hooks, train_one_epoch

STEPS = 300


@pytest.fixture(scope="module")
def subset():
    """300 blog batches of training images and the first 1,000 test images, in [0, 1]."""
    images, labels = load_tensors(True, mean=0.0, std=1.0)
    test_images, test_labels = load_tensors(False, mean=0.0, std=1.0)
    n = 64 * STEPS
    return images[:n], labels[:n], test_images[:1000], test_labels[:1000]


def blog_loop(subset) -> tuple[Net, list[float]]:
    """The blog's loop, word for word, over a DataLoader with the blog's normalisation."""
    generator = seed_everything(0)
    net = Net()
    images = (subset[0] - 0.5) / 0.5
    trainloader = DataLoader(
        TensorDataset(images, subset[1]), batch_size=64, shuffle=True, generator=generator
    )
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    losses = []
    for inputs, labels in trainloader:
        optimizer.zero_grad()
        loss = criterion(net(inputs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return net, losses


def test_the_fast_path_gives_the_blog_loops_weights_bit_for_bit(subset):
    """``fast=True`` (TensorLoader + FlatAdam) trains exactly like the blog's code."""
    blog_net, blog_losses = blog_loop(subset)
    fast = prepare(TrainConfig(fast=True, epochs=1), data=subset)
    assert isinstance(fast.optimizer, FlatAdam)
    losses = []
    hooks = Hooks(on_batch=lambda step, seen, loss: losses.append(loss))
    train_one_epoch(fast.model, fast.train_loader, fast.criterion, fast.optimizer, hooks=hooks)
    assert len(losses) == STEPS and losses == blog_losses
    for (name, p), q in zip(fast.model.named_parameters(), blog_net.parameters(), strict=True):
        assert torch.equal(p, q), name


def _steps(optimizer_class, *, schedule: bool, model_zero_grad: bool = False) -> Net:
    seed_everything(1)
    model = Net()
    optimizer = optimizer_class(model.parameters(), lr=3e-3)
    scheduler = (
        torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=20)
        if schedule
        else None
    )
    for _ in range(20):
        images, labels = torch.randn(32, 1, 28, 28), torch.randint(0, 10, (32,))
        (model if model_zero_grad else optimizer).zero_grad()
        torch.nn.functional.cross_entropy(model(images), labels).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
    return model


@pytest.mark.parametrize("schedule", [False, True], ids=["constant", "onecycle"])
def test_flat_adam_is_adam_bit_for_bit(schedule):
    """Also with a schedule that changes lr and beta1 at every step."""
    expected = _steps(torch.optim.Adam, schedule=schedule)
    got = _steps(FlatAdam, schedule=schedule)
    assert all(
        torch.equal(p, q) for p, q in zip(got.parameters(), expected.parameters(), strict=True)
    )


def test_flat_adam_survives_model_zero_grad():
    """model.zero_grad() drops the gradient views; the next step puts them back."""
    expected = _steps(torch.optim.Adam, schedule=False)
    got = _steps(FlatAdam, schedule=False, model_zero_grad=True)
    assert all(
        torch.equal(p, q) for p, q in zip(got.parameters(), expected.parameters(), strict=True)
    )


def _one_step(model: Net, optimizer: torch.optim.Optimizer) -> None:
    generator = torch.Generator().manual_seed(0)
    images, labels = torch.randn(8, 784, generator=generator), torch.arange(8)
    optimizer.zero_grad()
    torch.nn.functional.cross_entropy(model(images), labels).backward()
    optimizer.step()


def _copy(model: Net) -> Net:
    twin = Net()
    twin.load_state_dict(model.state_dict())
    return twin


def test_flat_adam_state_dict_is_adams_both_ways():
    """A FlatAdam state resumes in torch.optim.Adam, and the other way round, exactly."""
    flat_model = Net()
    flat = FlatAdam(flat_model.parameters())
    _one_step(flat_model, flat)
    adam_model = _copy(flat_model)
    adam = torch.optim.Adam(adam_model.parameters())
    adam.load_state_dict(copy.deepcopy(flat.state_dict()))  # as torch.save would
    resumed_model = _copy(flat_model)
    resumed = FlatAdam(resumed_model.parameters())
    resumed.load_state_dict(copy.deepcopy(adam.state_dict()))
    for model, optimizer in ((flat_model, flat), (adam_model, adam), (resumed_model, resumed)):
        _one_step(model, optimizer)
    models = (flat_model, adam_model, resumed_model)
    for p, q, r in zip(*(model.parameters() for model in models), strict=True):
        assert torch.equal(p, q) and torch.equal(p, r)


def test_flat_adam_keeps_channels_last_layouts():
    conv = torch.nn.Conv2d(3, 8, 3).to(memory_format=torch.channels_last)
    FlatAdam(conv.parameters())
    assert conv.weight.is_contiguous(memory_format=torch.channels_last)
    assert conv.weight.grad.stride() == conv.weight.stride()


def test_reuse_freed_memory_is_harmless():
    assert reuse_freed_memory() in (True, False)


def _fake_sections(monkeypatch):
    """Replace every measurement of bench_training with one that records its call."""
    import bench_training

    calls = []

    def fake(name):
        def measure(*args, **kwargs):
            calls.append(name)
            row = {"name": name, "seconds": 1.0, "images_per_second": 1.0}
            return [row]

        return measure

    for name in ("data", "blog", "threads", "presets", "peers", "vs_blog"):
        monkeypatch.setattr(bench_training, f"bench_{name}", fake(name))
    return bench_training, calls


@pytest.mark.parametrize(
    "argv, sections",
    [
        (["--vs-peers"], ["peers"]),
        (["--vs-blog"], ["vs_blog"]),
        (["--vs-blog", "--vs-peers"], ["peers", "vs_blog"]),
        (["--sections", "blog", "--vs-peers"], ["blog", "peers"]),
        (["--sections", "data", "peers"], ["data", "peers"]),
        ([], ["data", "blog", "threads", "presets", "peers"]),
    ],
)
def test_the_benchmark_runs_the_sections_its_flags_name(monkeypatch, tmp_path, argv, sections):
    bench_training, calls = _fake_sections(monkeypatch)
    path = tmp_path / "run.json"
    assert bench_training.main([*argv, "--json", str(path)]) == 0
    assert calls == sections
    assert [row["name"] for row in json.loads(path.read_text(encoding="utf-8"))["rows"]] == sections
