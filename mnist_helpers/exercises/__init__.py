"""Checkers for the notebooks' exercises: call one with your answer and read its verdict.

Every checker prints its verdict in Turkish and English and returns nothing, so that a
notebook shows only the verdict. A wrong answer gets a hint that points at the idea to look
at again; an answer left as ``None`` gets a reminder to fill it in; an answer of the wrong
kind (a string for a number, say) is told what kind is expected. Some checkers take the
learner's own function, model or loss curve: a function is run on a small toy problem
next to a reference. Nothing raises, so an answer cell can be run before it is filled in.

One module per notebook (``nb05_training`` holds notebook 05's checkers); what they share
is in ``common``. Notebooks import from here: ``from mnist_helpers.exercises import
check_updates_per_epoch``.
"""

from .a1_under_the_hood import check_break_even_batches, check_per_sample_calls
from .common import (
    Hint,
    WrongKind,
    as_int,
    as_int_tuple,
    as_module,
    as_number,
    as_numbers,
    checker,
    reveal,
    run_answer,
)
from .nb00_setup import check_broadcast_shape, check_cubic_gradient, check_square_n_times
from .nb01_mnist import (
    check_most_common_test_digit,
    check_pixel_to_zero,
    check_test_statistics,
)
from .nb02_dataloader import check_batch_count, check_idx_offset
from .nb03_model import check_parameter_count, check_sequential_net
from .nb04_loss_optimizer import (
    check_sgd_step,
    check_sgd_update,
    check_train_steps,
    check_uniform_loss,
)
from .nb05_training import (
    check_faster_optimizer,
    check_loop_without_zero_grad,
    check_total_updates,
    check_updates_per_epoch,
)
from .nb06_evaluation import check_most_confused_pair, check_precision, check_predict
from .nb07_inside_the_model import check_dead_fraction, check_dead_share_ratio
from .nb08_experiments import check_early_stopping_epoch, check_gap_growth
from .nb09_cnn import check_conv_pool_shape, check_convnet_parameters, check_unpooled_fc1
from .nb10_your_own_digit import check_fitted_shape, check_preprocessing_step
from .nb11_gpu import check_batch_bytes, check_epoch_bytes, check_registered_layers
from .nb12_speed import check_amdahl_speedup, check_epoch_seconds
from .nb13_ddp import check_ddp_steps_per_epoch, check_images_averaged, check_samples_per_rank

__all__ = [
    "Hint",
    "WrongKind",
    "as_int",
    "as_int_tuple",
    "as_module",
    "as_number",
    "as_numbers",
    "check_amdahl_speedup",
    "check_batch_bytes",
    "check_batch_count",
    "check_break_even_batches",
    "check_broadcast_shape",
    "check_conv_pool_shape",
    "check_convnet_parameters",
    "check_cubic_gradient",
    "check_ddp_steps_per_epoch",
    "check_dead_fraction",
    "check_dead_share_ratio",
    "check_early_stopping_epoch",
    "check_epoch_bytes",
    "check_epoch_seconds",
    "check_faster_optimizer",
    "check_fitted_shape",
    "check_gap_growth",
    "check_idx_offset",
    "check_images_averaged",
    "check_loop_without_zero_grad",
    "check_most_common_test_digit",
    "check_most_confused_pair",
    "check_parameter_count",
    "check_per_sample_calls",
    "check_pixel_to_zero",
    "check_precision",
    "check_predict",
    "check_preprocessing_step",
    "check_registered_layers",
    "check_samples_per_rank",
    "check_sequential_net",
    "check_sgd_step",
    "check_sgd_update",
    "check_square_n_times",
    "check_test_statistics",
    "check_total_updates",
    "check_train_steps",
    "check_uniform_loss",
    "check_unpooled_fc1",
    "check_updates_per_epoch",
    "checker",
    "reveal",
    "run_answer",
]
