# TEMPORARY SHIM: removed once notebooks 07/08 import from the new homes
"""Old home of :mod:`mnist_helpers.inspection` and of notebook 07's figures."""

from .inspection import (  # noqa: F401
    capture_activations,
    dead_unit_fraction,
    dead_units,
    gradient_norms,
    hooked,
    pca_2d,
)
from .plots import plot_activation_histograms, plot_weight_grid, scatter_2d  # noqa: F401
