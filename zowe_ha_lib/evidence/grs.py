"""``D GRS``: which systems take part in global resource serialisation, and in which mode.

ISG343I (reference 2.12, confirmed sample) prints a table headed ``SYSTEM
STATE SYSTEM STATE``, two systems per line: ACTIVE in a ring, QUIESCED when
suspended after a ring disruption. In star mode the same table shows
CONNECTED, followed by ``GRS STAR MODE INFORMATION`` and the ISGLOCK lock
structure (reference 6, IBM's ISG343I format); the mode is taken from that
section (the word STAR next to GRS or MODE, or the ISGLOCK structure), else
ring. D GRS,RES and D GRS,C answer with ISG343I too: without a SYSTEM/STATE
table the response is named as one of those, not as a cut-off D GRS.

The table is read by its header (:mod:`.columns`), so a state the kit does
not know is read as printed (and judged by the check) rather than ending the
table and losing the systems after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import columns as cols
from .base import Display, DisplayError, Response, start

IDS = {"ISG343I": "grs"}
REQUIREMENTS = {"grs": "shared-dasd"}

STATES = frozenset({"ACTIVE", "QUIESCED", "INACTIVE", "JOINING", "CONNECTED", "DISCONNECTED", "LEAVING",
                    "RESTARTING", "MIGRATING", "ACTIVE+DRAIN", "ACTIVE+DRAINED", "ACTIVE+QUIESCED", "RING"})
_NAME = cols.matches(r"[A-Z0-9$#@]{1,8}")
_STATE = cols.matches(r"[A-Z][A-Z+\-]{1,19}")
TABLE = cols.Table([cols.Col("SYSTEM", _NAME, required=True), cols.Col("STATE", _STATE, required=True)])
_STAR = re.compile(r"\bSTAR\b.*\b(?:MODE|INFORMATION)\b|\bGRS\b.*\bSTAR\b|\bISGLOCK\b")
_NOT_A_ROW = re.compile(r"\bGRS\b|\bMODE\b|\bSTRUCTURE\b|\bCONTENTION\b|:|=")


@dataclass
class GrsSystem:
    name: str
    state: str
    line: int


@dataclass
class GrsStatus(Display):
    mode: str = "ring"
    mode_line: int | None = None
    systems: list[GrsSystem] = field(default_factory=list)


def parse(resp: Response) -> GrsStatus:
    d = start(resp, GrsStatus, "grs")
    layout: cols.Layout | None = None
    headed = False
    for number, text in resp.lines:
        up = text.upper()
        if d.mode != "star" and _STAR.search(up):
            d.mode, d.mode_line = "star", number
        header = TABLE.layout(up, number)
        if header is not None:
            layout, headed = header, True
            continue
        if layout is None or cols.is_rule(up) or not up.strip():
            continue
        if _NOT_A_ROW.search(up):
            layout = None
            continue
        row = layout.read(up)
        if row is None or row[cols.REST]:
            layout = None
            continue
        for name_key, state_key in (("SYSTEM", "STATE"), ("SYSTEM#2", "STATE#2")):
            if row.get(name_key) and row.get(state_key):
                d.systems.append(GrsSystem(row[name_key], row[state_key], number))
    if not d.systems and not headed:
        # D GRS,RES=... and D GRS,C answer with ISG343I too: a different display, not a cut-off one.
        raise DisplayError("no SYSTEM/STATE table: this ISG343I is not the reply to D GRS (D GRS,RES and D GRS,C "
                           "answer with the same message id); capture D GRS (or D GRS,SYSTEM)")
    if not d.systems:
        raise DisplayError("no SYSTEM/STATE rows; the response looks cut off")
    return d
