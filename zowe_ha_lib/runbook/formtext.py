"""The guided-setup form's words: field labels, problems said as the form says them, commands to copy.

The record's validation speaks in YAML key paths (``sysplex.systems[1].dynamic_xcf``)
because it reports on a file. Someone filling in the form has no file in
front of them: the form shows each problem next to its field, under the
field's own label ("Dynamic XCF address: ..."), with other rows named by
what the person typed (SYSB, the distribution zowe-gateway) rather than by
list index. The commands the form suggests must work where they will be
typed: a terminal at the repository root, not the notebook's folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

FIELD_LABELS: dict[str, str] = {
    "change.id": "Change id",
    "change.title": "Title",
    "change.zowe_release": "Zowe release",
    "sysplex.name": "Sysplex name",
    "sysplex.dynamic_xcf_mask": "Dynamic XCF mask",
    "sysplex.dynamic_xcf_cost": "Dynamic XCF cost",
    "sysplex.systems": "Systems",
    "system.name": "SYSNAME",
    "system.dynamic_xcf": "Dynamic XCF address",
    "system.hostname": "Host name",
    "system.tcpip_proc": "TCP/IP procedure",
    "system.obeyfile": "OBEYFILE data set",
    "distributions": "Distributions",
    "distribution": "Distribution",
    "distribution.name": "Name",
    "distribution.role": "Role",
    "distribution.dvipa": "DVIPA",
    "distribution.mask": "DVIPA mask",
    "distribution.interface": "IPv6 interface",
    "distribution.hostname": "DVIPA host name",
    "distribution.ports": "Ports",
    "distribution.preferred": "Preferred system",
    "distribution.backups": "Backups",
    "distribution.autoswitchback": "AUTOSWITCHBACK",
    "distribution.healthswitch": "HEALTHSWITCH",
    "distribution.distributor": "Distributor",
    "distribution.distributor_backups": "Distributor backups",
    "zowe.config": "zowe.yaml",
    "zowe": "zowe.yaml",
}

_ROW = re.compile(r"^(sysplex\.systems|distributions)\[(\d+)\](?:\.([a-z_]+))?(?:\[\d+\])?$")
_SYSTEM_REF = re.compile(r"\b(?:sysplex\.)?systems\[(\d+)\]")
_DIST_REF = re.compile(r"\bdistributions\[(\d+)\]")


def field_key(where: str) -> tuple[str, int | None]:
    """``sysplex.systems[1].dynamic_xcf`` -> ``("system.dynamic_xcf", 1)``; a top-level path -> ``(where, None)``.

    A list item inside a field (``backups[2]``, ``ports[0]``) belongs to that field.
    """
    match = _ROW.match(where)
    if not match:
        return where, None
    kind = "system" if match.group(1) == "sysplex.systems" else "distribution"
    return (f"{kind}.{match.group(3)}" if match.group(3) else kind), int(match.group(2))


def label(where: str) -> str:
    """The form's label of the field a problem's key path names ('' for the record as a whole)."""
    key, _ = field_key(where)
    return FIELD_LABELS.get(key, key.rsplit(".", 1)[-1].replace("_", " "))


def _name(names: Sequence[str], index: int, kind: str) -> str:
    if index < len(names) and names[index]:
        return names[index]
    return f"{kind} {index + 1}"


def in_form_words(where: str, message: str, systems: Sequence[str], distributions: Sequence[str]) -> str:
    """``Dynamic XCF address: 198.51.100.12 is also the dynamic XCF address of SYSA; ...``.

    List indexes in the message become the names the person typed.
    """
    message = _SYSTEM_REF.sub(lambda m: _name(systems, int(m.group(1)), "system"), message)
    message = _DIST_REF.sub(lambda m: "the distribution " + _name(distributions, int(m.group(1)), "distribution"),
                            message)
    head = label(where) if where else ""
    return f"{head}: {message}" if head else message


def row_name(where: str, systems: Sequence[str], distributions: Sequence[str]) -> str:
    """Which row a problem is in, for the list under Check: ``SYSB``, ``distribution zowe-gateway``, or ''."""
    key, index = field_key(where)
    if index is None:
        return ""
    if key.startswith("system"):
        return _name(systems, index, "system")
    return "distribution " + _name(distributions, index, "distribution")


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding both ``notebooks/`` and ``runbooks/`` (a kit checkout)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "notebooks").is_dir() and (folder / "runbooks").is_dir():
            return folder
    return None


def terminal_path(path: Path, cwd: Path) -> tuple[str, str]:
    """``(path as typed in a terminal, where that terminal is)``.

    The notebook runs in its own folder (``notebooks/``), so a path the form
    was given (``../runbooks/CHG0100``) is relative to that folder; in a
    terminal at the repository root the same record is ``runbooks/CHG0100``.
    Outside a checkout the absolute path works from anywhere.
    """
    full = (cwd / path).resolve()
    root = repository_root(cwd)
    if root is not None and full.is_relative_to(root):
        return (full.relative_to(root).as_posix() or "."), "in a terminal at the repository root"
    return full.as_posix(), "in a terminal"
