"""A private JupyterLab server for browser tests.

The server listens on 127.0.0.1 on a free port with a random token, keeps
every Jupyter state folder (runtime, config, data, user settings,
workspaces) inside the test's temporary folder, and has the news and update
checks turned off, so the "get notified about Jupyter news?" toast never
covers the controls. It runs in its own process group, which the context
manager ends (kernels included) however the test leaves.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .server import free_port, private_folders, running


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path

    def open_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{path}?token={self.token}"


def _quiet_settings(settings_dir: Path) -> None:
    """User settings that switch off the news toast and the update check."""
    target = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


@contextlib.contextmanager
def jupyter_lab(root: Path, state: Path) -> Iterator[Lab]:
    """Run ``jupyter lab`` on ``root``; ``state`` holds its private folders and log."""
    port, token = free_port(), secrets.token_hex(16)
    dirs, env = private_folders(state, ("runtime", "config", "data", "settings", "workspaces"))
    _quiet_settings(dirs["settings"])
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={dirs['settings']}", f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    url, log = f"http://127.0.0.1:{port}", state / "jupyter-lab.log"
    probe = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
    with running("jupyter lab", cmd, cwd=root, env=env, log=log, probe=probe):
        yield Lab(url, token, root, log)
