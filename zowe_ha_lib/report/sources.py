"""The evidence a report's findings were read from, kept with the report.

Every finding names ``file:line`` relative to the change record folder
(``evidence/SYSA/syslog.txt:9``, ``zowe.yaml:12``). The evidence folder keeps
changing after a run (new captures, ``zowe-ha collect``), so a reviewer who
follows that reference later may read another file than the checks did. The
run therefore copies every file the checks read, and every file a finding
cites, into ``report/sources/`` under the same relative path: the copies are
listed in the manifest (so a sign-off covers them) and the site shows each one
as a page with a link target per line.

The copies are text: the file as the checks decoded it (UTF-8, or code page
037 for an EBCDIC transfer), so line numbers stay those of the findings. They
go through the run's scrubber like every report file, so a secret or a local
path in a capture never reaches the report or the site. Only regular files
inside the record folder are copied (never a symbolic link or a path that
leaves the folder), and none larger than :data:`MAX_COPY_BYTES`: the finding
still names such a file, the site just has no page for it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..evidence.reader import decode
from ..requirements.findings import Finding

SOURCES = "sources"
MAX_COPY_BYTES = 8 * 1024 * 1024
_CITED = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?$")


def cited_path(evidence: str | None) -> str | None:
    """The file part of a finding's ``evidence`` (``evidence/SYSA/a.txt:3`` -> ``evidence/SYSA/a.txt``)."""
    if not evidence:
        return None
    match = _CITED.match(evidence.strip())
    return match.group("path") if match else None


def _relative(value: str) -> str | None:
    """``value`` as a clean relative POSIX path inside the record folder, else None."""
    if not value or "\\" in value or "\x00" in value or value.startswith("~"):
        return None
    p = PurePosixPath(value)
    if p.is_absolute() or not p.parts or any(part in ("..", ".", "") for part in p.parts):
        return None
    return p.as_posix()


def wanted(findings: Iterable[Finding], read: Iterable[str]) -> list[str]:
    """Relative paths to copy: every file the checks read and every file a finding cites, sorted."""
    names = {cited_path(f.evidence) for f in findings} | set(read)
    return sorted(rel for rel in (_relative(n) for n in names if n) if rel)


def _read_regular(folder: Path, rel: str) -> bytes | None:
    """The bytes of ``folder/rel`` when it is a regular file inside the folder, reached without links."""
    path = folder / rel
    try:
        # Every part must be a real folder or, at the end, a regular file: no link may lead out.
        current = folder
        for part in PurePosixPath(rel).parts[:-1]:
            current = current / part
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return None
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_COPY_BYTES:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_COPY_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_COPY_BYTES else None


def copies(folder: Path, findings: Iterable[Finding], read: Iterable[str]) -> dict[str, str]:
    """``{"sources/<rel>": text}`` for every evidence file worth keeping with the report."""
    out: dict[str, str] = {}
    for rel in wanted(findings, read):
        data = _read_regular(Path(folder), rel)
        if data is not None:
            out[f"{SOURCES}/{rel}"] = decode(data)
    return out
