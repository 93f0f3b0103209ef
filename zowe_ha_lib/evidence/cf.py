"""``D CF`` -> IXL150I: the coupling facilities *this* system is attached to, with their paths.

D CF "displays storage and attachment information about coupling facilities
attached to the system on which the command is processed", including CHPID
status (confirmed, z/OS MVS System Commands, DISPLAY CF). So unlike D XCF,CF it
shows one system's own links. UNSURE (layout from memory): per CF a line
``COUPLING FACILITY type.mfg.plant.sequence``, ``NAMED cfname``, and a path
table headed ``SENDER PATH  PHYSICAL  LOGICAL  CHANNEL TYPE`` (newer levels
add ``AID PORT``), read by its header; a path is usable when both its physical
and its logical status are ONLINE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import columns as cols
from .base import Display, DisplayError, Response, start

IDS = {"IXL150I": "cf-paths"}
REQUIREMENTS = {"cf-paths": "cf-connectivity"}

_NODE = re.compile(r"^\s*COUPLING\s+FACILITY\s+([0-9A-Z]{4,6}\.[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{6,12})\b")
_NAMED = re.compile(r"^\s*NAMED\s+([A-Z0-9$#@]{1,8})\b")
_STATE = cols.matches(r"ONLINE|OFFLINE|NOT-OPERATIONAL|[A-Z][A-Z\-]*")
PATHS = cols.Table([
    cols.Col("SENDER PATH", cols.matches(r"[0-9A-F]{2,4}"), key="PATH"),
    cols.Col("PATH", cols.matches(r"[0-9A-F]{2,4}")),
    cols.Col("PHYSICAL", _STATE, required=True),
    cols.Col("LOGICAL", _STATE, required=True),
    cols.Col("CHANNEL TYPE", cols.matches(r"[A-Z0-9]{2,4}")),
], needs=("PHYSICAL", "LOGICAL"))


@dataclass
class CfPath:
    chpid: str
    physical: str
    logical: str
    line: int

    @property
    def online(self) -> bool:
        return self.physical == "ONLINE" and self.logical == "ONLINE"


@dataclass
class AttachedCf:
    line: int
    node: str | None = None
    name: str | None = None
    paths: list[CfPath] = field(default_factory=list)


@dataclass
class CfPaths(Display):
    cfs: list[AttachedCf] = field(default_factory=list)


def parse(resp: Response) -> CfPaths:
    d = start(resp, CfPaths, "cf-paths")
    current: AttachedCf | None = None
    layout: cols.Layout | None = None
    for number, text in resp.lines:
        up = text.upper()
        m = _NODE.match(up)
        if m:
            current = AttachedCf(number, node=m.group(1))
            d.cfs.append(current)
            layout = None
            continue
        m = _NAMED.match(up)
        if m and current is not None:
            current.name = m.group(1)
            continue
        header = PATHS.layout(up, number)
        if header is not None:
            layout = header
            continue
        if layout is None or current is None or cols.is_rule(up) or ":" in up:
            continue
        row = layout.read(up)
        if row is None or row[cols.REST]:
            layout = None
            continue
        current.paths.append(CfPath(row.get("PATH", ""), row["PHYSICAL"], row["LOGICAL"], number))
    if not any(c.name for c in d.cfs):
        raise DisplayError("no 'NAMED cfname' line for an attached coupling facility; the response looks cut off")
    return d
