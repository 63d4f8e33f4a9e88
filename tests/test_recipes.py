import re

import pytest
import torch
from torch.utils.data import DataLoader

from mnist_helpers import recipes
from mnist_helpers.data import TensorLoader, load_tensors
from mnist_helpers.experiments import run_experiment
from mnist_helpers.models import MODELS, Net
from mnist_helpers.recipes import (
    CHOICES,
    PRESETS,
    Prepared,
    TrainConfig,
    make_optimizer,
    prepare,
    with_overrides,
)
from mnist_helpers.speed import FlatAdam


@pytest.fixture(scope="module")
def small_split():
    """1,024 training and 512 validation images, raw pixels in [0, 1]."""
    images, labels = load_tensors(True, mean=0.0, std=1.0)
    return images[:1024], labels[:1024], images[1024:1536], labels[1024:1536]


def experiment(split, **changes):
    config = TrainConfig(**{"epochs": 1, "fast": True, **changes})
    return run_experiment("run", config, *split, evals_per_epoch=2, log_points_per_epoch=4)


@pytest.mark.parametrize(
    "field, value", [("schedule", "onecycle"), ("augment", True), ("label_smoothing", 0.1)]
)
def test_every_config_field_changes_an_experiment(small_split, field, value):
    base, changed = experiment(small_split), experiment(small_split, **{field: value})
    assert len(changed.train_losses) == 4 and len(changed.val_accuracy) == 2
    assert changed.train_losses != base.train_losses


def test_an_experiment_is_repeatable_and_fast_only_changes_speed(small_split):
    base = experiment(small_split)
    assert experiment(small_split).train_losses == base.train_losses
    assert experiment(small_split, fast=False).train_losses == base.train_losses
    assert experiment(small_split, test_batch_size=512).val_accuracy == base.val_accuracy
    assert base.finished and base.images_seen[-1] == 1024 and base.eval_images == [512, 1024]


def test_prepare_is_a_named_tuple_that_honours_the_config(small_split):
    config = TrainConfig(fast=True, test_batch_size=500, schedule="onecycle", augment=True)
    run = prepare(config, data=small_split)
    assert isinstance(run, Prepared) and run.config is config
    assert isinstance(run.train_loader, TensorLoader) and run.test_loader.batch_size == 500
    assert isinstance(run.scheduler, torch.optim.lr_scheduler.OneCycleLR)
    assert run.augment is not None and run.criterion.label_smoothing == 0.0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"optimizer": "adma"}, "optimizer='adma': choose one of 'adam', 'adamw', 'sgd'"),
        ({"schedule": "cosine"}, "choose one of 'constant', 'onecycle'"),
        ({"threads": 0}, "threads must be between 1 and"),
        ({"threads": 100_000}, "threads must be between 1 and"),
        ({"model": "resnet"}, "choose one of 'mlp', 'cnn'"),
        ({"epochs": 0}, "epochs must be at least 1"),
        ({"train_subset": 0}, "train_subset must be at least 1"),
        ({"betas": (0.9, 1.0)}, "betas must be two numbers in [0, 1)"),
        ({"betas": (0.9,)}, "betas must be two numbers in [0, 1)"),
        ({"device": "tpu"}, "device='tpu'"),
    ],
)
def test_a_bad_config_fails_at_construction(changes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        TrainConfig(**changes)
    with pytest.raises(ValueError):
        with_overrides(PRESETS["blog"], **changes)


def test_model_choices_are_the_models():
    assert CHOICES["model"] == tuple(MODELS)


def test_fused_falls_back_where_this_torch_has_no_fused_kernel(monkeypatch):
    real = torch.optim.Adam

    def adam_without_fused(params, fused=None, **kwargs):
        if fused:
            raise RuntimeError("`fused=True` requires all the params to be ... supported devices")
        return real(params, **kwargs)

    monkeypatch.setattr(torch.optim, "Adam", adam_without_fused)
    optimizer = make_optimizer(PRESETS["fast-mlp"], Net())
    assert isinstance(optimizer, real) and not optimizer.defaults["fused"]


def test_the_blog_path_is_plain_adam_and_touches_no_process_setting(small_split, monkeypatch):
    """Without ``fast``: torch.optim.Adam, a DataLoader, and no allocator setting."""
    calls = []
    monkeypatch.setattr(recipes, "reuse_freed_memory", lambda: calls.append("mallopt"))
    blog = prepare(TrainConfig(), data=small_split)
    assert type(blog.optimizer) is torch.optim.Adam and calls == []
    assert isinstance(blog.train_loader, DataLoader)
    fast = prepare(TrainConfig(fast=True), data=small_split)
    assert isinstance(fast.optimizer, FlatAdam) and calls == ["mallopt"]
    assert isinstance(fast.train_loader, TensorLoader)


def test_a_subset_keeps_the_first_images_and_counts_them(small_split):
    run = prepare(TrainConfig(fast=True, batch_size=100), data=small_split, train_subset=300)
    assert len(run.train_loader) == 3 and torch.equal(run.train_loader.labels, small_split[1][:300])
    history = run.train(log_every=0)
    summary = run.result(history).summary()
    assert summary["train_images"] == 300 and history.images_seen == 5 * 300
    assert summary["images_per_second"] == 5 * 300 / history.train_seconds


def test_the_config_subset_betas_and_momentum_cycling_reach_the_run(small_split):
    config = TrainConfig(
        fast=True, batch_size=100, train_subset=300, betas=(0.7, 0.9), schedule="onecycle"
    )
    cycling = prepare(config, data=small_split)
    assert len(cycling.train_loader) == 3
    assert cycling.optimizer.param_groups[0]["betas"] == (0.95, 0.9)  # OneCycle's own beta1
    flat = prepare(with_overrides(config, cycle_momentum=False), data=small_split)
    flat.train(log_every=0, evaluate=False)
    assert flat.optimizer.param_groups[0]["betas"] == (0.7, 0.9)
    assert len(prepare(config, data=small_split, train_subset=200).train_loader) == 2


@pytest.mark.parametrize("optimizer", ["adam", "adamw"])
@pytest.mark.parametrize("fused", [False, True])
def test_every_adam_gets_the_configs_betas(optimizer, fused):
    config = TrainConfig(fast=True, optimizer=optimizer, fused=fused, betas=(0.5, 0.8))
    assert make_optimizer(config, Net()).param_groups[0]["betas"] == (0.5, 0.8)
