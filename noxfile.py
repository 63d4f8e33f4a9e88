"""The versions matrix: the unit tests and the notebooks (nbval) on the lowest and the newest
Python, and the torch floor. What passed, with which versions, is in docs/versions.md.

    nox -l                                      # list the sessions
    PYENV_VERSION=3.11.7:3.10.13:3.13.0 nox     # run them all, with the Pythons from pyenv
    nox -R -s tests-3.10                        # one session; -R reuses its virtualenv
    nox -R -s tests-3.10 -- notebooks           # pytest arguments after -- replace the defaults
"""

from __future__ import annotations

import nox

PYTHONS = ["3.10", "3.13"]  # the lowest and the newest Python the package supports
TORCH_FLOOR = ["torch==2.4.*", "torchvision==0.19.*"]  # requirements.txt's floor, as a pair
VERSIONS = (
    "import sys, numpy, torch, torchinfo, torchvision; "
    "print('versions: python', sys.version.split()[0], '| torch', torch.__version__, "
    "'| torchvision', torchvision.__version__, '| numpy', numpy.__version__, "
    "'| torchinfo', torchinfo.__version__)"
)

nox.options.error_on_missing_interpreters = True  # a missing Python fails, not skips


def install(session: nox.Session, *pins: str) -> None:
    """requirements.txt (the package as -e .) with optional pins, then print what was installed."""
    session.install("-r", "requirements.txt", *pins)
    session.run("python", "-c", VERSIONS)


def pytest(session: nox.Session, *default_args: str) -> None:
    """pytest with the session's arguments after --, or else its defaults."""
    session.run(
        "python", "-m", "pytest", "-p", "no:cacheprovider", *(session.posargs or default_args)
    )


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The unit tests, less the slow ones (site build, an edition run), with the newest torch."""
    install(session)
    pytest(session, "tests", "-m", "not slow")


@nox.session(python=PYTHONS)
def notebooks(session: nox.Session) -> None:
    """nbval: every notebook re-executed and compared with its committed outputs, newest torch."""
    install(session)
    pytest(session, "notebooks")


@nox.session(python="3.10")
def torch_floor(session: nox.Session) -> None:
    """The unit tests and the notebooks with torch 2.4 and torchvision 0.19 (no 3.13 wheels)."""
    install(session, *TORCH_FLOOR)
    pytest(session, "tests", "notebooks", "-m", "not slow")
