"""What the sysplex shows: the distributor, the active target and the ready targets, read from displays.

The drill asks the console for the same displays a person would issue and
reads the answers with the kit's own evidence parsers (the reader cuts a
z/OSMF console reply into responses by message id, exactly as for captured
evidence), so a display the checks can read is one the drill can read:

* ``D TCPIP,proc,SYSPLEX,VIPADYN`` (EZZ8260I): the stack whose row for the
  DVIPA is ACTIVE with DIST or BOTH distributes it;
* ``NETSTAT VDPT`` on that stack: the entry for the DVIPA and port with
  ``Flg: Active`` is the target that gets new connections (its DestXCF names
  the system), ``Rdy`` says whether each target's server listens;
* ``NETSTAT VCRT`` on that stack: the connections it routes (counted, as
  information only).

An answer that is not the display asked for, or that the parser calls cut
off or malformed, raises :class:`ObservationError` naming the command and
the system: the drill cannot judge a state it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..evidence.base import Display
from ..evidence.reader import parse_response, scan_text
from ..evidence.tcpip import NotInSysplex, PortTable, RoutingTable, SysplexVipas
from ..record.model import ChangeRecord
from ..util.errors import one_line


class ObservationError(Exception):
    """A display could not be read (one line naming the command and system)."""


@dataclass
class Capture:
    """One display as it came back: where, what, when and the text."""

    system: str
    command: str
    text: str
    time: str
    label: str = ""  # the step it belongs to ("pre-flight", "1", "R1"...)

    def to_json(self, file: str | None = None) -> dict[str, Any]:
        return {"system": self.system, "command": self.command, "time": self.time, "step": self.label, "file": file}


@dataclass
class Observation:
    """The state read from one round of displays."""

    distributor: str | None
    active: str | None
    ready: dict[str, int | None] = field(default_factory=dict)  # target system -> Rdy (None: no entry)
    connections: int | None = None  # VCRT entries for the DVIPA and port
    captures: list[Capture] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def matches(self, distributor: str | None, active: str | None) -> bool:
        return self.distributor == distributor and self.active == active

    def to_json(self) -> dict[str, Any]:
        return {"distributor": self.distributor, "active": self.active, "ready": dict(self.ready),
                "connections": self.connections, "notes": list(self.notes)}


def displays_in(text: str, system: str, command: str, systems: tuple[str, ...]) -> list[Display]:
    """Every display in one console reply, parsed; ObservationError when none is usable."""
    responses, _unknown, _ = scan_text(text, f"{system}: {command}", system, systems)
    parsed = [parse_response(r) for r in responses]
    usable = [d for d in parsed if d.usable]
    if usable:
        return usable
    if parsed:
        raise ObservationError(f"{command} on {system}: {parsed[0].problem}")
    first = next((ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()), "(empty)")
    raise ObservationError(f"{command} on {system}: the answer is not that display (first line: {one_line(first, 100)!r})")


def distributor_of(displays: list[Display], dvipa: str, system: str, command: str) -> str | None:
    """The MVS name of the stack that has the DVIPA ACTIVE and distributes it (None: no stack does)."""
    for d in displays:
        if isinstance(d, NotInSysplex):
            raise ObservationError(f"{command} on {system}: {d.msgid} {d.text}: the stack is not in the sysplex group")
    tables = [d for d in displays if isinstance(d, SysplexVipas)]
    if not tables:
        raise ObservationError(f"{command} on {system}: no EZZ8260I SYSPLEX VIPADYN display in the answer")
    rows = [r for t in tables for r in t.rows if r.ip == dvipa]
    active = [r for r in rows if r.status == "ACTIVE" and r.dist in ("DIST", "BOTH", "DIST/DEST")]
    if len(active) > 1:
        names = ", ".join(r.mvsname for r in active)
        raise ObservationError(f"{command} on {system}: DVIPA {dvipa} is ACTIVE and distributed on several stacks ({names})")
    return active[0].mvsname if active else None


def targets_of(displays: list[Display], record: ChangeRecord, dvipa: str, port: int, system: str,
               command: str) -> tuple[str | None, dict[str, int | None]]:
    """From a VDPT: the target with ``Flg: Active`` (its system name) and each target system's Rdy."""
    tables = [d for d in displays if isinstance(d, PortTable)]
    if not tables:
        raise ObservationError(f"{command} on {system}: no NETSTAT VDPT report in the answer")
    active: list[str] = []
    ready: dict[str, int | None] = {}
    for entry in (e for t in tables for e in t.entries):
        if entry.ip != dvipa or entry.port != port:
            continue
        owner = record.system_by_xcf(entry.destxcf)
        name = owner.name if owner else entry.destxcf
        ready[name] = entry.rdy
        if entry.flg.startswith("ACTIVE"):
            active.append(name)
    if len(active) > 1:
        raise ObservationError(f"{command} on {system}: {dvipa}..{port} has several entries Flg Active ({', '.join(active)})")
    return (active[0] if active else None), ready


def connections_of(displays: list[Display], dvipa: str, port: int) -> int:
    """How many VCRT entries route connections to the DVIPA and port."""
    return sum(1 for d in displays if isinstance(d, RoutingTable) for c in d.connections if c.ip == dvipa and c.port == port)
