"""Counting Jupyter kernel starts, to keep tests that need no kernel from starting one.

Opt in with ``ZOWE_HA_KERNEL_LOG=/path/to/log make test`` (or pytest). Every
Python kernel started while the tests run (papermill in the test process, the
runner of ``zowe-ha run``, JupyterLab's kernels) then appends one line to that
file naming the test that was running when it started; the session ends with
a count per test. It works through an IPython startup file in a private
``IPYTHONDIR``, which every ipykernel runs, so nothing in the kit is changed
or wrapped. Without the variable nothing here does anything.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

ENV = "ZOWE_HA_KERNEL_LOG"

_STARTUP = f"""\
# Written by tests/support/kernels.py: log this kernel's start for the test run.
import json as _json, os as _os
_log = _os.environ.get({ENV!r})
if _log:
    with open(_log, "a", encoding="utf-8") as _out:
        _out.write(_json.dumps({{"test": _os.environ.get("PYTEST_CURRENT_TEST"), "pid": _os.getpid()}}) + "\\n")
"""


def log_path() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value).resolve() if value else None


def install() -> None:
    """Point IPYTHONDIR at a profile whose startup file logs each kernel start (if opted in)."""
    log = log_path()
    if log is None:
        return
    ipython_dir = log.with_name(log.name + ".ipython")
    startup = ipython_dir / "profile_default" / "startup" / "00-count-kernel-starts.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    if not startup.exists() or startup.read_text() != _STARTUP:
        startup.write_text(_STARTUP)
    os.environ[ENV] = str(log)
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def summary() -> list[str]:
    """Lines for the end of the session: kernel starts in total and per test file and test."""
    log = log_path()
    if log is None:
        return []
    starts = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    per_test = Counter((s["test"] or "(no test)").rsplit(" (", 1)[0] for s in starts)
    lines = [f"kernel starts: {len(starts)} (log {log})"]
    lines += [f"  {n:3d}  {test}" for test, n in sorted(per_test.items())]
    return lines
