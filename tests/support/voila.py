"""A private Voila server for browser tests (the kit's app, ``make app``).

Like :mod:`.lab`: 127.0.0.1, a free port, a random token, every Jupyter
state folder inside the test's temporary folder, its own process group that
the context manager ends (kernels included) however the test leaves.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .lab import _stop, free_port


@dataclass
class Voila:
    url: str
    token: str
    root: Path
    log: Path

    def open_url(self, notebook: str) -> str:
        """The app page of ``notebook`` (a path relative to the served folder)."""
        return f"{self.url}/voila/render/{notebook}?token={self.token}"


def _wait_ready(url: str, token: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/voila/tree?token={token}", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"voila did not answer in {timeout:g} s:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def voila_server(folder: Path, state: Path) -> Iterator[Voila]:
    """Serve the notebooks in ``folder`` with Voila; ``state`` holds its private folders and log."""
    port, token = free_port(), secrets.token_hex(16)
    dirs = {name: state / name for name in ("runtime", "config", "data")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
    }
    cmd = [sys.executable, "-m", "voila", "--no-browser", str(folder), "--Voila.ip=127.0.0.1", f"--port={port}",
           f"--token={token}", "--show_tracebacks=True"]
    log = state / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, token, proc, log)
        yield Voila(url, token, folder, log)
    finally:
        _stop(proc)
