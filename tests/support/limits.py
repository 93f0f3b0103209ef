"""Running the command line in an environment that says no: a full disk, a folder it may not write.

* A full disk is a file size limit (``RLIMIT_FSIZE``) set in the child before
  it starts: every write past the limit fails with EFBIG, as ENOSPC would,
  with no mount and no LD_PRELOAD. (Python ignores SIGXFSZ, so the write
  raises instead of killing the process.)
* Permission denied must really deny, and the tests run as root in CI, where
  ``chmod 000`` stops nobody. As root the child drops CAP_DAC_OVERRIDE and
  CAP_DAC_READ_SEARCH from its capability bounding set before it starts, so
  the mode bits apply to it like to anyone; :func:`assert_denied` proves it
  for the folder at hand, so a test never passes on a permission that was
  not enforced.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
from pathlib import Path

from .cli import cli_argv
from .paths import ROOT

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_dac_override() -> None:
    """In the child, before exec: make file permissions bind root too."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_limited(*args: str, file_size: int | None = None, unprivileged: bool = False,
                env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``zowe-ha ARGS`` in a child with a file size limit and/or file permissions enforced."""

    def prepare() -> None:
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        if unprivileged:
            _drop_dac_override()

    return subprocess.run(cli_argv(*args), capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          env={**os.environ, **(env or {})}, preexec_fn=prepare)


def assert_denied(folder: Path) -> None:
    """Fail unless a child under :func:`run_limited`'s rules really cannot create a file in ``folder``."""
    probe = subprocess.run(["python3", "-c", f"open({str(Path(folder) / '.probe')!r}, 'x')"],
                           capture_output=True, text=True, preexec_fn=_drop_dac_override)
    assert probe.returncode != 0 and "PermissionError" in probe.stderr, \
        f"writing in {folder} was not denied; the permission tests would prove nothing"
