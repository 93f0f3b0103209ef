"""Where the file for an INCLUDE data set is, on the machine that runs the kit.

A profile names an included data set the z/OS way: a member of a
partitioned data set (``SYS1.TCPPARMS(VIPAS)``) or a sequential data set
(``'TCPIP.SHARED.VIPAS'``). Profiles are copied off z/OS as files, so the
kit looks for a file named after the member, or after the last qualifier of
a sequential data set, in any case and with or without an extension: first
in each ``--include-dir`` folder in the order given, then beside the
including file. (A z/OS UNIX path is matched by its last component.)

Only names are decided here; reading, tokenizing and splicing the text in
is the parser's job, so this module needs nothing of it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

# What a member, a qualifier or a z/OS UNIX file name can hold; anything else is no name.
_NAME = re.compile(r"[A-Za-z0-9@#$_.-]+")


def member_name(dataset: str) -> str | None:
    """The file name to look for: the member, else the last qualifier; None if it holds a symbol.

    >>> member_name("SYS1.TCPPARMS(VIPAS)"), member_name("'TCPIP.SHARED.VIPAS'"), member_name("/u/tcp/vipas")
    ('VIPAS', 'VIPAS', 'vipas')
    """
    name = _member_name(dataset)
    return name if name is not None and _NAME.fullmatch(name) and name not in (".", "..") else None


def _member_name(dataset: str) -> str | None:
    """The candidate name before it is checked for characters a name can hold."""
    text = dataset.strip()
    if text.startswith("//"):
        text = text[2:]
    text = text.strip("'\"")
    if not text or "&" in text:
        return None
    if "/" in text:
        name = text.rstrip("/").rsplit("/", 1)[-1]
        return name or None
    if text.endswith(")") and "(" in text:
        name = text[text.rindex("(") + 1:-1].strip()
        if name.startswith(("+", "-")) or name.lstrip("+-").isdigit():
            return None  # a generation of a GDG: not a member
        return name or None
    name = text.rsplit(".", 1)[-1]
    return name or None


def _matches(candidate: str, name: str) -> bool:
    wanted = name.upper()
    upper = candidate.upper()
    return upper == wanted or upper.split(".", 1)[0] == wanted


def find_member(dataset: str, folders: Iterable[str | os.PathLike[str]]) -> Path | None:
    """The first regular file in ``folders`` (searched in order) that holds ``dataset``.

    Within one folder an exact name wins over a name with an extension, and
    names are compared in sorted order, so the choice never depends on the
    order the file system lists them in.
    """
    name = member_name(dataset)
    if name is None:
        return None
    for folder in folders:
        try:
            entries = sorted(os.listdir(folder))
        except OSError:
            continue
        hits = [e for e in entries if _matches(e, name)]
        hits.sort(key=lambda e: (e.upper() != name.upper(), e))
        for entry in hits:
            path = Path(folder) / entry
            if path.is_file():
                return path
    return None


def where_looked(folders: Iterable[str | os.PathLike[str]]) -> str:
    """Where the kit looked, in words for a finding."""
    shown = [str(f) for f in folders]
    return "looked in " + ", ".join(shown) if shown else "no folder to look in (no --include-dir, and the text is not a file)"
