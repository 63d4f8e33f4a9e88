import math

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from mnist_helpers import Net, evaluate, seed_everything, train_one_epoch
from mnist_helpers.data import TensorLoader
from mnist_helpers.training import confusion_matrix


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


@pytest.mark.parametrize("progress", [False, True])
def test_progress_bar_does_not_change_the_shuffling(progress, capsys):
    """With or without a progress bar, a DataLoader and a TensorLoader train identically."""
    images, labels = torch.randn(256, 1, 28, 28), torch.randint(0, 10, (256,))
    losses = []
    for fast in (False, True):
        generator = seed_everything(0)
        if fast:
            loader = TensorLoader(images, labels, 32, shuffle=True, generator=generator)
        else:
            loader = DataLoader(
                TensorDataset(images, labels), batch_size=32, shuffle=True, generator=generator
            )
        model = Net()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        criterion = torch.nn.CrossEntropyLoss()
        losses.append(
            [
                train_one_epoch(model, loader, criterion, optimizer, progress=progress)
                for _ in range(2)
            ]
        )
    assert losses[0] == losses[1]
