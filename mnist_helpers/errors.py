"""The one base class of every error the package raises on purpose.

Each error's message says what went wrong and how to fix it, so the CLI catches
:class:`MnistHelpersError` and prints the message as one ``error:`` line.
"""

from __future__ import annotations


class MnistHelpersError(RuntimeError):
    """A problem with the input or the environment that the message explains."""
