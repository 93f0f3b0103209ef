"""Run the real command line, in-process or as a child process, and judge its answer to bad input.

The contract for bad input: exit 2 (or 1 for findings), one line per problem
naming the file, never a traceback and never the kit's own "internal error"
(exit 3), which must not be reachable by anything a user types or feeds in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from zowe_ha_lib.cli import main

from .paths import ROOT


@dataclass
class Answer:
    code: int
    out: str
    err: str


def zowe_ha(capsys: pytest.CaptureFixture[str], *argv: str) -> Answer:
    """Run ``zowe-ha argv...``; usage errors (argparse's SystemExit) count as their exit code."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return Answer(code, captured.out, captured.err)


def assert_clean_rejection(answer: Answer, names: str, code: int = 2) -> None:
    """Exit ``code``; stderr names ``names``; no traceback, no internal error."""
    assert answer.code == code, (answer.code, answer.err)
    assert "Traceback" not in answer.err and "internal error" not in answer.err, answer.err
    assert names in answer.err, answer.err


# -- the command as a separate process ------------------------------------------------------------

PYTHON = sys.executable


def cli_argv(*args: str) -> list[str]:
    """``zowe-ha ARGS`` as a subprocess command line using this interpreter."""
    return [PYTHON, "-m", "zowe_ha_lib", *args]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``zowe-ha ARGS`` in a child process from the repository root (environment added to ours)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cli_argv(*args), capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT)
