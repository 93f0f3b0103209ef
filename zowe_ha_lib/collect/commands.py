"""What the collector asks each system, and where each answer is filed.

Every console display of the catalogue (:mod:`zowe_ha_lib.requirements.displays`,
the displays the requirement checks read) is issued to every system of the
change record (the console API's ``system`` field routes it), because most
checks judge each system's own view: a coupling facility one member cannot
reach, a stack that is not in the sysplex group, a member outside the RACF
data-sharing group. Displays that cover the whole sysplex cost one extra
response per system and let the checks compare the views.

All of these are display commands: issuing one twice (a retry after a
dropped connection) changes nothing on the system.

Each answer goes to ``evidence/<SYSNAME>/collected-<key>.txt`` after a one-line
``#`` header naming the command, the system and the UTC time. The evidence
reader recognises a response by its message id, never by the file name, so
the names only need to be stable (a later collection replaces its own files
and nothing else).

TCP/IP profile data sets are not command responses, so they go to
``collected/profiles/<SYSNAME>/<dsn>.tcpip``, ready for ``zowe-ha lint``;
IZUPRMxx members go to the evidence folder, where the z/OSMF HA check reads
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..record.model import ChangeRecord
from ..record.names import check_dsname
from ..requirements.displays import COLLECTED_PREFIX, CONSOLE_DISPLAYS, Display

DISPLAYS = CONSOLE_DISPLAYS
"""What is issued on every system, in order (the console displays of the catalogue)."""
PREFIX = COLLECTED_PREFIX
#: Collected material that is not a command response (the evidence reader would
#: report it as unrecognised): the run report and TCP/IP profile data sets.
COLLECTED = "collected"


@dataclass(frozen=True)
class Item:
    """One thing to fetch: a console command for a system, or a data set or UNIX file."""

    kind: str  # "command", "dataset" or "file"
    system: str | None
    source: str  # the command text, data set name or UNIX path
    target: str  # path relative to the change record folder
    what: str  # short label for messages and the report
    sol_key: str | None = None
    expect: tuple[str, ...] = ()
    #: how the header line is commented, in the syntax of the content: "#", "/*" (parmlib) or ";" (TCP/IP profile)
    comment: str = "#"


def safe_part(text: str) -> str:
    """A data set name as part of a file name: ``SYS1.TCPPARMS(PROFA)`` -> ``sys1.tcpparms-profa``."""
    return re.sub(r"[^a-z0-9.@#$-]+", "-", text.lower()).strip("-")


def plan(record: ChangeRecord, *, profiles: list[tuple[str, str]] = (), izuprm: list[tuple[str, str]] = (),
         zowe_yaml_path: str | None = None, zowe_target: str | None = None,
         displays: tuple[Display, ...] = CONSOLE_DISPLAYS) -> list[Item]:
    """Everything to fetch for ``record``, in a stable order (system by system)."""
    items: list[Item] = []
    for system in record.sysplex.systems:
        for display in displays:
            cmd = display.command(system)
            items.append(Item("command", system.name, cmd, f"evidence/{system.name}/{display.file_name()}", cmd, display.sol_key, display.expect))
    for sysname, dsn in profiles:
        items.append(Item("dataset", sysname, dsn, f"{COLLECTED}/profiles/{sysname}/{safe_part(dsn)}.tcpip", f"TCP/IP profile {dsn}", comment=";"))
    for sysname, dsn in izuprm:
        items.append(Item("dataset", sysname, dsn, f"evidence/{sysname}/{PREFIX}izuprm-{safe_part(dsn)}.txt", f"z/OSMF parmlib {dsn}", comment="/*"))
    if zowe_yaml_path:
        items.append(Item("file", None, zowe_yaml_path, zowe_target or "zowe.yaml", f"zowe.yaml {zowe_yaml_path}"))
    return items


def parse_system_dsn(value: str, systems: tuple[str, ...], option: str = "") -> tuple[str, str]:
    """``SYSA:SYS1.TCPPARMS(PROFA)`` -> ``("SYSA", "SYS1.TCPPARMS(PROFA)")``; ValueError saying what is wrong.

    The message starts with ``option`` when one is given (the command line names the option itself).
    """
    said = f"{option} {value!r}" if option else repr(value)
    sysname, sep, dsn = value.partition(":")
    if not sep or not sysname or not dsn:
        raise ValueError(f"{said}: expected SYSNAME:DATA.SET(MEMBER)")
    sysname = sysname.strip().upper()
    if sysname not in systems:
        raise ValueError(f"{said}: {sysname} is not a system of the change record ({', '.join(systems)})")
    return sysname, check_dsname(dsn)


def unexpected(text: str, expect: tuple[str, ...]) -> str | None:
    """The first line of an answer that does not begin with one of ``expect`` (None when it does).

    Looks at the first tokens of the first three non-blank lines, past a time
    stamp or a SYSNAME; an answer such as ``IEE345I ... AUTHORITY INVALID`` is
    still kept as evidence, but the report says it is not the display asked for.
    """
    if not expect:
        return None
    lines = [ln for ln in text.replace("\r", "\n").split("\n") if ln.strip()][:3]
    for line in lines:
        if any(tok.lstrip("*@+-") in expect for tok in line.split()[:4]):
            return None
    return lines[0].strip()[:100] if lines else "(empty)"
