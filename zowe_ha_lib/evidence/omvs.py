"""z/OS UNIX displays: ``D OMVS,F`` (mounted file systems) and ``D OMVS,O`` (options).

BPXO045I (reference 2.9, confirmed format): the kernel status line, then per
file system a row ``type device status mode mm/dd/yyyy L=n`` followed by
``NAME=``, ``PATH=`` and ``OWNER= AUTOMOVE= CLIENT=`` lines. Read by field
names, so the exact spacing and the order of those lines do not matter.

BPXO043I: UNSURE (reference 2.9): the ``SYSPLEX = YES`` line is believed to be
there but is not confirmed; it is read as ``SYSPLEX`` ``=`` value with any
spacing, and its absence is not an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Display, DisplayError, Response, split_keywords, start

IDS = {"BPXO045I": "omvs-f", "BPXO043I": "omvs-o"}
REQUIREMENTS = {"omvs-f": "shared-uss", "omvs-o": "shared-uss"}

_KERNEL = re.compile(r"^\s*([A-Z0-9$#@]{1,8})\s+([0-9A-F]{4})\s+([A-Z][A-Z ]*?)(?:\s{2,}|\s+OMVS=|$)")
_MOUNT = re.compile(r"^\s*([A-Z0-9]{2,8})\s+(\d+)\s+([A-Z][A-Z ]*?)\s+([A-Z]{2,4})\s+\d\d/\d\d/\d{4}\b")
_SYSPLEX = re.compile(r"\bSYSPLEX\s*=\s*\(?\s*(YES|NO)\b")


@dataclass
class Mount:
    type: str
    status: str
    mode: str
    line: int
    name: str | None = None
    path: str | None = None
    owner: str | None = None
    automove: str | None = None
    client: str | None = None


@dataclass
class OmvsFilesystems(Display):
    kernel_status: str | None = None
    mounts: list[Mount] = field(default_factory=list)

    def mount_of(self, path: str) -> Mount | None:
        """The mounted file system holding ``path`` (longest mount point prefix)."""
        best: Mount | None = None
        for m in self.mounts:
            mp = m.path or ""
            if not mp:
                continue
            inside = path == mp or mp == "/" or path.startswith(mp.rstrip("/") + "/")
            if inside and (best is None or len(mp) > len(best.path or "")):
                best = m
        return best


@dataclass
class OmvsOptions(Display):
    kernel_status: str | None = None
    sysplex: bool | None = None
    sysplex_line: int | None = None


def parse(resp: Response) -> Display:
    return _filesystems(resp) if resp.msgid == "BPXO045I" else _options(resp)


def _kernel(text: str) -> str | None:
    m = _KERNEL.match(text.upper())
    return m.group(3).strip() if m else None


def _filesystems(resp: Response) -> OmvsFilesystems:
    d = start(resp, OmvsFilesystems, "omvs-f")
    current: Mount | None = None
    for number, text in resp.lines[1:]:
        up = text.upper()
        if d.kernel_status is None and not d.mounts:
            status = _kernel(text)
            if status:
                d.kernel_status = status
                continue
        m = _MOUNT.match(up)
        if m:
            current = Mount(m.group(1), m.group(3).strip(), m.group(4), number)
            d.mounts.append(current)
            continue
        if current is None or "=" not in text:
            continue
        stripped = text.strip()
        if stripped.upper().startswith("PATH="):
            current.path = stripped[5:].strip()
            continue
        if stripped.upper().startswith("NAME="):
            # A real reply prints the mount time and Q= after the name on the same line.
            current.name = (stripped[5:].split() or [""])[0]
            continue
        for key, value in split_keywords(stripped):
            if key == "OWNER":
                current.owner = value.upper()
            elif key == "AUTOMOVE":
                current.automove = value.upper()
            elif key == "CLIENT":
                current.client = value.upper()
    if not d.mounts:
        raise DisplayError("no mounted file system listed; the response looks cut off")
    return d


def _options(resp: Response) -> OmvsOptions:
    d = start(resp, OmvsOptions, "omvs-o")
    for number, text in resp.lines[1:]:
        up = text.upper()
        if d.kernel_status is None:
            d.kernel_status = _kernel(text)
        m = _SYSPLEX.search(up)
        if m and d.sysplex is None:
            d.sysplex, d.sysplex_line = m.group(1) == "YES", number
    if d.kernel_status is None and d.sysplex is None:
        raise DisplayError("neither the kernel status line nor a SYSPLEX setting; the response looks cut off")
    return d
