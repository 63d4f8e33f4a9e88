"""Entry point for ``python -m mnist_helpers``."""

import sys

from .cli import main

sys.exit(main())
