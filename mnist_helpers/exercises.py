"""Small checkers for the notebooks' exercises: call one with your answer, read its verdict.

Each checker returns ``True`` when the answer is right and otherwise raises
``AssertionError`` with a hint, so a learner sees what to look at again.
"""

from __future__ import annotations

import torch.nn as nn

from .models import count_parameters
