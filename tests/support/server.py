"""Start a Jupyter-family server (JupyterLab, Voila) for a browser test and end it whole.

What both servers need: 127.0.0.1 on a free port, a random token, every
Jupyter state folder inside the test's temporary folder (so the developer's
own settings and kernels never leak in), a readiness probe, and a process
group of its own that is ended, kernels included, however the test leaves.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

#: The environment variable each private Jupyter folder is named by.
STATE_VARIABLES = {
    "runtime": "JUPYTER_RUNTIME_DIR",
    "config": "JUPYTER_CONFIG_DIR",
    "data": "JUPYTER_DATA_DIR",
    "settings": "JUPYTERLAB_SETTINGS_DIR",
    "workspaces": "JUPYTERLAB_WORKSPACES_DIR",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_folders(state: Path, names: tuple[str, ...]) -> tuple[dict[str, Path], dict[str, str]]:
    """Make ``state/<name>`` for each name; return them and the environment that points Jupyter at them."""
    dirs = {name: state / name for name in names}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", **{STATE_VARIABLES[n]: str(d) for n, d in dirs.items()}}
    return dirs, env


def _wait_ready(name: str, probe: urllib.request.Request, proc: subprocess.Popen, log: Path,
                timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{name} did not answer {probe.full_url.split('?')[0]} in {timeout:g} s:\n"
                       f"{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def running(name: str, cmd: list[str], *, cwd: Path, env: Mapping[str, str], log: Path,
            probe: urllib.request.Request) -> Iterator[None]:
    """Run ``cmd`` (its output in ``log``) until ``probe`` answers 200; end its process group on the way out."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        _wait_ready(name, probe, proc, log)
        yield
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """End the server's process group (the server and the kernels it started)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    else:
        # The server is gone; kernels it left in its group must not outlive the test.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
