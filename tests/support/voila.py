"""A private Voila server for browser tests (the kit's app, ``make app``).

Like :mod:`.lab`: 127.0.0.1, a free port, a random token, every Jupyter
state folder inside the test's temporary folder, its own process group that
the context manager ends (kernels included) however the test leaves.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .server import free_port, private_folders, running


@dataclass
class Voila:
    url: str
    token: str
    root: Path
    log: Path

    def open_url(self, notebook: str) -> str:
        """The app page of ``notebook`` (a path relative to the served folder)."""
        return f"{self.url}/voila/render/{notebook}?token={self.token}"


@contextlib.contextmanager
def voila_server(folder: Path, state: Path) -> Iterator[Voila]:
    """Serve the notebooks in ``folder`` with Voila; ``state`` holds its private folders and log."""
    port, token = free_port(), secrets.token_hex(16)
    _, env = private_folders(state, ("runtime", "config", "data"))
    cmd = [sys.executable, "-m", "voila", "--no-browser", str(folder), "--Voila.ip=127.0.0.1", f"--port={port}",
           f"--token={token}", "--show_tracebacks=True"]
    url, log = f"http://127.0.0.1:{port}", state / "voila.log"
    probe = urllib.request.Request(f"{url}/voila/tree?token={token}")
    with running("voila", cmd, cwd=folder, env=env, log=log, probe=probe):
        yield Voila(url, token, folder, log)
