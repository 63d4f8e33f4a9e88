"""Facts about MNIST and limits that several modules share, written down once."""

from __future__ import annotations

import os

TRAIN_IMAGES = 60_000  #: images in MNIST's training split
TEST_IMAGES = 10_000  #: images in MNIST's test split
NUM_CLASSES = 10  #: the digits 0 to 9
#: The most CPU threads a run may ask for: this machine's CPU count (far more crashes torch).
MAX_THREADS = os.cpu_count() or 1
#: A training loss above this (the true digit gets a probability under e^-100) has exploded.
EXPLODED_LOSS = 100.0
