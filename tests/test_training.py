import inspect
import math

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from mnist_helpers import Net, evaluate, fit, seed_everything, train_one_epoch
from mnist_helpers.data import TensorLoader
from mnist_helpers.training import Hooks, confusion_matrix


def test_one_epoch_on_a_subset_lowers_the_loss(loaders, capsys):
    train, _ = loaders
    subset = TensorLoader(
        train.images[:6400], train.labels[:6400], 64, shuffle=True, generator=seed_everything(0)
    )
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = torch.nn.CrossEntropyLoss()
    before = evaluate(model, subset).loss
    train_one_epoch(model, subset, criterion, optimizer, log_every=50)
    after = evaluate(model, subset).loss
    assert abs(before - math.log(10)) < 0.1  # an untrained net guesses uniformly
    assert after < before / 3
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[Epoch 1, Batch 50] loss: ")
    assert len(lines) == 2


def test_fit_history_and_evaluation(trained_mlp):
    model, history = trained_mlp
    result = history.final
    assert len(history.steps) == 9 and history.steps[0] == 100
    assert history.step_losses[-1] < history.step_losses[0]
    assert len(history.epoch_losses) == 1 and history.train_seconds > 0
    assert result.accuracy > 0.93
    assert int(result.confusion.sum()) == 10_000
    assert result.confusion.shape == (10, 10)
    assert torch.equal(result.confusion.sum(dim=1), torch.bincount(result.labels, minlength=10))
    assert result.accuracy == result.confusion.diag().sum().item() / 10_000
    assert ((result.confidences > 0) & (result.confidences <= 1)).all()


def test_confusion_matrix_counts_pairs():
    labels = torch.tensor([0, 0, 1, 2, 2, 2])
    predicted = torch.tensor([0, 1, 1, 2, 2, 0])
    expected = torch.tensor([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert torch.equal(confusion_matrix(labels, predicted, 3), expected)


def _two_epochs(fast: bool, progress: bool) -> list[float]:
    images, labels = torch.randn(256, 1, 28, 28), torch.randint(0, 10, (256,))
    generator = seed_everything(0)
    if fast:
        loader = TensorLoader(images, labels, 32, shuffle=True, generator=generator)
    else:
        dataset = TensorDataset(images, labels)
        loader = DataLoader(dataset, batch_size=32, shuffle=True, generator=generator)
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = torch.nn.CrossEntropyLoss()
    hooks = Hooks(progress=progress)
    return [
        train_one_epoch(model, loader, criterion, optimizer, epoch=e, hooks=hooks) for e in (1, 2)
    ]


@pytest.mark.parametrize("fast", [False, True], ids=["DataLoader", "TensorLoader"])
def test_progress_bar_does_not_change_the_training(fast, capsys):
    """A run with the progress bar trains exactly like the same run without it."""
    assert _two_epochs(fast, progress=True) == _two_epochs(fast, progress=False)


def test_dataloader_and_tensor_loader_train_identically(capsys):
    assert _two_epochs(fast=False, progress=False) == _two_epochs(fast=True, progress=False)


def test_on_batch_sees_every_step_the_images_and_the_loss(capsys):
    images, labels = torch.randn(100, 1, 28, 28), torch.randint(0, 10, (100,))
    loader = TensorLoader(images, labels, 32, shuffle=True, generator=seed_everything(0))
    model = Net()
    calls = []
    history = fit(
        model,
        loader,
        None,
        torch.optim.SGD(model.parameters(), lr=0.01),
        epochs=2,
        log_every=0,
        hooks=Hooks(on_batch=lambda *call: calls.append(call)),
    )
    assert [(step, seen) for step, seen, _ in calls] == [
        (1, 32), (2, 64), (3, 96), (4, 100), (5, 132), (6, 164), (7, 196), (8, 200)
    ]  # fmt: skip
    assert all(isinstance(loss, float) and loss > 0 for _, _, loss in calls)
    assert history.final is None and history.images_seen == 200
    assert capsys.readouterr().out == ""  # log_every=0 prints nothing


def test_long_tails_are_keyword_only_and_signatures_short(loaders):
    train, test = loaders
    model = Net()
    optimizer = torch.optim.Adam(model.parameters())
    with pytest.raises(TypeError):
        fit(model, train, test, optimizer, None, 1)
    with pytest.raises(TypeError):
        train_one_epoch(model, train, torch.nn.CrossEntropyLoss(), optimizer, 1)
    for function in (fit, train_one_epoch):
        assert len(inspect.signature(function).parameters) <= 8, function.__name__
