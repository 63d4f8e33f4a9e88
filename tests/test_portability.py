"""The notebooks run where learners are: on Windows shells, and outside this repository.

- No notebook shell line (``!...``) uses syntax only a POSIX shell knows, and none starts
  ``python``/``pip`` by name (that may not be the kernel's interpreter).
- A wheel of the package, installed without this checkout, runs a notebook copied to a
  temporary folder: once with ``$MNIST_DATA_DIR``, once with only a local mirror.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from local_mirror import serve, write_mirror

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))

#: What cmd.exe or PowerShell reads differently from sh, or not at all.
POSIX_ONLY = {
    ";": "';' (run the commands one per line, or from Python)",
    "&&": "'&&' (cmd.exe has it, PowerShell 5 does not)",
    "$": "'$' (a shell variable; IPython expands Python values as {name})",
    "|": "a pipe '|'",
    ">": "a redirect '>'",
    "<": "a redirect '<'",
    "`": "backticks",
    "export ": "'export'",
}
SHELL_CELL_MAGICS = ("%%bash", "%%sh", "%%script", "%%system", "%sx", "%system")


def shell_problem(line: str) -> str | None:
    """What makes one code line shell-specific, or ``None`` when it is portable."""
    stripped = line.strip()
    if stripped.startswith(SHELL_CELL_MAGICS):
        return f"{stripped.split()[0]} runs a POSIX shell"
    match = re.match(r"^(?:[\w, ]+=\s*)?!!?(.*)$", stripped)
    if not match:
        return None
    command = re.sub(r"\{[^{}]*\}", "", match.group(1)).strip()  # {python expressions}
    if re.match(r"(python3?|pip3?)(\s|$)", command):
        return "starts python/pip by name: use sys.executable (or %pip)"
    if command.endswith("\\"):
        return "a backslash line continuation"
    for token, what in POSIX_ONLY.items():
        if token in command:
            return f"uses {what}"
    return None


@pytest.mark.parametrize(
    "line",
    [
        '!python -m mnist_helpers train; echo "exit status: $?"',
        "!python -m mnist_helpers verify-data",
        "!pip install torch",
        "!ls data && echo ok",
        "!echo $HOME",
        "!cat x | head",
        '!"{sys.executable}" -m mnist_helpers train > log.txt',
        "!export X=1",
        "!torchrun --standalone \\",
        "files = !ls | sort",
        "%%bash",
        "%sx ls",
    ],
)
def test_the_scan_rejects_posix_only_lines(line):
    assert shell_problem(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        '!"{sys.executable}" -m mnist_helpers predict --checkpoint a.pt "{d / \'x.png\'}"',
        "%pip install torchinfo",
        "print('a; b | c > d')",
        "x = y > 3  # not a shell line",
    ],
)
def test_the_scan_accepts_portable_lines(line):
    assert shell_problem(line) is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shell_lines_are_portable(path):
    notebook = nbformat.read(path, as_version=4)
    problems = [
        f"cell {index}: {line.strip()!r}: {problem}"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if (problem := shell_problem(line))
    ]
    assert not problems, "\n".join(problems)


# --- a wheel, installed away from this checkout -----------------------------------------

NOTEBOOK = REPO / "notebooks" / "01_mnist.ipynb"


def _run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    """A venv that reuses this interpreter's packages (torch...) but holds its own
    mnist_helpers, installed from a wheel; returns its Python."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # build from a copy: a build writes into its source tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(REPO / name, source / name)
    shutil.copytree(
        REPO / "mnist_helpers",
        source / "mnist_helpers",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    pip = (sys.executable, "-m", "pip")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", work / "dist", source)
    (wheel,) = (work / "dist").glob("mnist_helpers-*.whl")
    _run(sys.executable, "-m", "venv", work / "venv")
    bin_dir = "Scripts" if os.name == "nt" else "bin"
    python = work / "venv" / bin_dir / ("python.exe" if os.name == "nt" else "python")
    # this environment's packages (torch...) as plain path lines, not --system-site-packages,
    # which reaches only the base interpreter's when the tests themselves run in a venv;
    # plain lines also leave out this checkout's editable-install hook
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site_packages = Path(_run(python, "-c", code).stdout.strip())
    ours = {sysconfig.get_paths()[kind] for kind in ("purelib", "platlib")}
    (site_packages / "outer_env.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    _run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel)
    return python


def test_the_wheel_holds_every_subpackage(wheel_venv):
    code = (
        "import pkgutil, mnist_helpers; "
        "print(mnist_helpers.__file__); "
        "print(sorted(m.name for m in pkgutil.iter_modules(mnist_helpers.__path__)))"
    )
    where, modules = _run(wheel_venv, "-c", code, cwd=wheel_venv.parent).stdout.splitlines()
    assert Path(where).is_relative_to(wheel_venv.parent.parent), where  # not /work/main
    assert not Path(where).is_relative_to(REPO)
    expected = {p.stem for p in (REPO / "mnist_helpers").glob("*.py")} | {
        p.parent.name for p in (REPO / "mnist_helpers").glob("*/__init__.py")
    }
    assert set(ast.literal_eval(modules)) == expected - {"__init__"}


def _execute_copy(python: Path, folder: Path, env: dict[str, str], monkeypatch):
    """Run a copy of the notebook in ``folder`` on a kernel started by ``python``."""
    from nbclient import NotebookClient

    kernels = folder / "jupyter" / "kernels" / "wheel-venv"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "wheel venv",
        "language": "python",
        "env": env,
    }
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    copy = folder / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    notebook = nbformat.read(copy, as_version=4)
    monkeypatch.setenv("JUPYTER_PATH", str(folder / "jupyter"))
    client = NotebookClient(
        notebook,
        kernel_name="wheel-venv",
        timeout=600,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    return notebook


def _check_output(notebook: nbformat.NotebookNode) -> str:
    (check,) = [c for c in notebook.cells if "check" in c.metadata.get("tags", [])]
    return "".join(o.get("text", "") for o in check.outputs)


def _kernel_env(**values: str) -> dict[str, str]:
    env = {"MNIST_DATA_DIR": "", "MNIST_CACHE_DIR": "", "MNIST_MIRRORS": ""}
    env.update(values, OMP_NUM_THREADS="2", PYTHONPATH="")
    return env


@pytest.mark.slow
def test_a_copied_notebook_runs_with_mnist_data_dir(wheel_venv, tmp_path, monkeypatch):
    env = _kernel_env(MNIST_DATA_DIR=str(REPO / "data"))
    notebook = _execute_copy(wheel_venv, tmp_path, env, monkeypatch)
    checks = _check_output(notebook)
    assert checks and "False" not in checks, checks


@pytest.mark.slow
def test_a_copied_notebook_runs_with_only_a_local_mirror(wheel_venv, tmp_path, monkeypatch):
    write_mirror(tmp_path / "site" / "mnist")
    with serve(tmp_path / "site") as url:
        env = _kernel_env(MNIST_CACHE_DIR=str(tmp_path / "cache"), MNIST_MIRRORS=f"{url}/mnist/")
        notebook = _execute_copy(wheel_venv, tmp_path / "run", env, monkeypatch)
    checks = _check_output(notebook)
    assert checks and "False" not in checks, checks
    raw = tmp_path / "cache" / "MNIST" / "raw"
    assert sorted(p.name for p in raw.iterdir()) == sorted(
        ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        + ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]
    )
