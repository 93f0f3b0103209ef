"""XCF displays: coupling facilities, sysplex members and XCF group members.

* ``D XCF,CF`` -> IXC361I: a table headed ``CFNAME  COUPLING FACILITY  SITE``
  with one row per CF in the active CFRM policy (``cfname
  type.mfg.plant.sequence site``), a ``PARTITION: CPCID:`` line and condition
  lines under a CF, and ``THE CFRM ACTIVE POLICY IS EMPTY`` when there is none
  (reference 2.5, confirmed format). It lists what the *policy* holds, not
  which system can reach which CF.
* ``D XCF,CF,CFNAME=ALL`` -> IXC362I: per CF (``CFNAME: name``), ``COUPLING
  FACILITY : node``, ``CONNECTED SYSTEMS:`` and ``STRUCTURES:`` with the names
  on the following lines (a ``(PND)`` suffix marks a policy change pending).
  UNSURE: the layout is from memory; it is read by the field names only.
* ``D XCF,SYSPLEX`` -> IXC334I (``SYSPLEX name: SYS1 SYS2 ...``) and ``D XCF,S,ALL``
  -> IXC335I/IXC336I, a table headed ``SYSTEM TYPE SERIAL LPAR STATUS TIME SYSTEM
  STATUS`` (reference 2.6, confirmed format; UNSURE which of the two ids), read by
  its header: the SERIAL column names the CPC each system runs on, and a trailing
  ``TM=`` word its timing mode.
* ``D XCF,GROUP,name`` -> IXC332I (member names only: the state is not shown)
  and ``D XCF,GROUP,name,ALL`` -> IXC333I, a table headed ``MEMBER NAME: SYSTEM:
  JOB ID: STATUS:``. UNSURE: both layouts are from memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import columns as cols
from .base import NAME, Display, DisplayError, Response, start

IDS = {"IXC361I": "xcf-cf", "IXC362I": "xcf-cf-detail", "IXC334I": "xcf-sysplex", "IXC335I": "xcf-sysplex",
       "IXC336I": "xcf-sysplex", "IXC332I": "xcf-group", "IXC333I": "xcf-group"}
REQUIREMENTS = {"xcf-cf": "coupling-facility", "xcf-cf-detail": "cf-connectivity", "xcf-sysplex": "cf-connectivity",
                "xcf-group": "shared-saf"}

CONDITIONS = ("ALLOCATION NOT PERMITTED", "MAINTENANCE MODE", "POLICY CHANGE PENDING", "COUPLING FACILITY FAILED",
              "COUPLING FACILITY IN CLEANUP")
NODE = re.compile(r"^([0-9A-Z]{4,6})\.([0-9A-Z]{3})\.([0-9A-Z]{2})\.([0-9A-Z]{6,12})$")
_SYSPLEX = re.compile(r"\bSYSPLEX\s+([A-Z0-9$#@]{1,8})\s*:\s*(.*)$")
_TM = re.compile(r"\bTM=([A-Z]+)")
_PENDING = re.compile(r"^([A-Z0-9$#@_]{1,16})(?:\((\w+)\))?$")

_NAME = cols.matches(r"[A-Z0-9$#@]{1,8}")
CF_TABLE = cols.Table([cols.Col("CFNAME", _NAME, required=True),
                       cols.Col("COUPLING FACILITY", lambda v: NODE.match(v.upper()) is not None, required=True),
                       cols.Col("SITE", cols.matches(r"\S{1,8}"))])
SYSTEMS_TABLE = cols.Table([
    cols.Col("SYSTEM", _NAME, required=True),
    cols.Col("TYPE", cols.matches(r"[0-9A-F]{4}")),
    cols.Col("SERIAL", cols.matches(r"[0-9A-F]{4,6}")),
    cols.Col("LPAR", cols.matches(r"[0-9A-F]{1,2}|N/A")),
    cols.Col("STATUS TIME", cols.matches(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d(?:\.\d+)?"), words=2, required=True),
    cols.Col("SYSTEM STATUS", cols.matches(r"[A-Z][A-Z\-]*(?: [A-Z][A-Z\-]*){0,2}"), words=3, required=True),
], needs=("SYSTEM", "STATUS TIME"))
MEMBER_STATES = ("ACTIVE", "CREATED", "QUIESCED", "FAILED", "NOT-ACTIVE")  # as IBM prints them; others are read too
GROUP_TABLE = cols.Table([
    cols.Col("MEMBER NAME:", cols.matches(r"[A-Z0-9$#@_.\-]{1,16}"), required=True),
    cols.Col("SYSTEM:", _NAME, required=True),
    cols.Col("JOB ID:", cols.matches(r"[A-Z0-9$#@]{1,8}|N/A")),
    cols.Col("STATUS:", cols.matches(r"[A-Z][A-Z\-]*"), required=True),
])


def cpc_of(node: str) -> str | None:
    """The CPC serial part (``sequence``) of a ``type.mfg.plant.sequence`` node descriptor."""
    m = NODE.match(node.upper())
    return m.group(4) if m else None


def same_cpc(serial: str | None, other: str | None) -> bool:
    """Whether a D XCF,S,ALL SERIAL and a node sequence (or two of either) name one CPC.

    The SERIAL column shows the last digits of the CPC serial and the node
    descriptor the full sequence number with leading zeros, so they are
    compared without leading zeros, the shorter as the end of the longer.
    """
    a, b = (serial or "").upper().lstrip("0"), (other or "").upper().lstrip("0")
    return bool(a and b) and (a.endswith(b) or b.endswith(a))


@dataclass
class Cf:
    name: str
    node: str
    line: int
    conditions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def cpc(self) -> str | None:
        return cpc_of(self.node)


@dataclass
class CfList(Display):
    cfs: list[Cf] = field(default_factory=list)
    policy_empty_line: int | None = None


@dataclass
class CfInfo:
    """One CF of IXC362I: where it is, who is connected, what it holds."""

    name: str
    line: int
    node: str | None = None
    connected: list[str] = field(default_factory=list)
    connected_line: int | None = None
    structures: dict[str, str | None] = field(default_factory=dict)  # name -> flag such as PND, or None
    structures_line: int | None = None

    @property
    def cpc(self) -> str | None:
        return cpc_of(self.node) if self.node else None


@dataclass
class CfDetail(Display):
    cfs: dict[str, CfInfo] = field(default_factory=dict)

    @property
    def connected(self) -> dict[str, tuple[list[str], int]]:
        """CF name -> (connected systems, line of CONNECTED SYSTEMS), for the CFs that show the list."""
        return {n: (c.connected, c.connected_line) for n, c in self.cfs.items() if c.connected_line is not None}


@dataclass
class Member:
    name: str
    status: str | None  # None: the display does not show member states (IXC332I)
    line: int
    system: str | None = None
    serial: str | None = None
    timing: str | None = None


@dataclass
class SysplexMembers(Display):
    sysplex: str | None = None
    sysplex_line: int | None = None
    members: list[Member] = field(default_factory=list)
    detailed: bool = False


@dataclass
class GroupMembers(Display):
    group: str | None = None
    members: list[Member] = field(default_factory=list)
    detailed: bool = False  # IXC333I shows each member's state; IXC332I only names them


def parse(resp: Response) -> Display:
    kind = IDS[resp.msgid]
    if kind == "xcf-cf":
        return _cf(resp)
    if kind == "xcf-cf-detail":
        return _cf_detail(resp)
    if kind == "xcf-sysplex":
        return _sysplex(resp)
    return _group(resp)


def _cf(resp: Response) -> CfList:
    d = start(resp, CfList, "xcf-cf")
    layout: cols.Layout | None = None
    for number, text in resp.lines[1:]:
        up = text.upper()
        if "CFRM ACTIVE POLICY IS EMPTY" in up:
            d.policy_empty_line = number
            continue
        header = CF_TABLE.layout(up, number)
        if header is not None:
            layout = header
            continue
        cond = next((c for c in CONDITIONS if c in up), None)
        if cond and d.cfs:
            d.cfs[-1].conditions.append((cond, number))
            continue
        if layout is None or ":" in up or cols.is_rule(up):
            continue
        row = layout.read(up)
        if row is not None:
            d.cfs.append(Cf(row["CFNAME"], row["COUPLING FACILITY"], number))
    if not d.cfs and d.policy_empty_line is None:
        raise DisplayError("no coupling facility row and no 'CFRM ACTIVE POLICY IS EMPTY' line; the response looks cut off")
    return d


def _names(text: str) -> list[str]:
    return [t for t in text.split() if _PENDING.match(t)]


def _cf_detail(resp: Response) -> CfDetail:
    d = start(resp, CfDetail, "xcf-cf-detail")
    current: CfInfo | None = None
    collecting: str | None = None  # "systems" or "structures"
    for number, text in resp.lines[1:]:
        up = text.upper().strip()
        key, colon, rest = up.partition(":")
        key = " ".join(key.split())
        if colon and key == "CFNAME":
            name = rest.split()[0] if rest.split() else ""
            current = CfInfo(name, number) if NAME.match(name) else None
            if current is not None:
                d.cfs.setdefault(name, current)
                current = d.cfs[name]
            collecting = None
            continue
        if current is None:
            continue
        if colon and key == "COUPLING FACILITY":
            node = rest.split()[0] if rest.split() else ""
            current.node = node if NODE.match(node) else current.node
            collecting = None
            continue
        if colon and key == "CONNECTED SYSTEMS":
            collecting, current.connected_line = "systems", number
            current.connected += [t for t in rest.split() if NAME.match(t)]
            continue
        if colon and key == "STRUCTURES":
            collecting, current.structures_line = "structures", number
            rest_names = _names(rest)
            current.structures.update({m.group(1): m.group(2) for t in rest_names if (m := _PENDING.match(t))})
            continue
        tokens = up.split()
        if collecting == "systems" and tokens and not colon and all(NAME.match(t) for t in tokens):
            current.connected += tokens
        elif collecting == "structures" and tokens and not colon and all(_PENDING.match(t) for t in tokens):
            current.structures.update({m.group(1): m.group(2) for t in tokens if (m := _PENDING.match(t))})
        else:
            collecting = None
    if not d.connected:
        raise DisplayError("no 'CONNECTED SYSTEMS' list; the response looks cut off")
    return d


def _sysplex(resp: Response) -> SysplexMembers:
    d = start(resp, SysplexMembers, "xcf-sysplex")
    listing = False
    layout: cols.Layout | None = None
    for number, text in resp.lines:
        up = text.upper()
        m = _SYSPLEX.search(up)
        if m:
            d.sysplex, d.sysplex_line = m.group(1), number
            d.members += [Member(t, "LISTED", number) for t in m.group(2).split() if NAME.match(t)]
            listing = True
            continue
        header = SYSTEMS_TABLE.layout(up, number)
        if header is not None:
            layout, listing = header, False
            continue
        if layout is not None and "INITIALIZATION" not in up:
            row = layout.read(up)
            if row is not None:
                timing = _TM.search(row[cols.REST])
                d.members.append(Member(row["SYSTEM"], row["SYSTEM STATUS"], number, serial=row.get("SERIAL") or None,
                                        timing=timing.group(1) if timing else None))
                d.detailed = True
                continue
        if listing and number != resp.line:
            tokens = up.split()
            if tokens and all(NAME.match(t) for t in tokens):
                d.members += [Member(t, "LISTED", number) for t in tokens]
            else:
                listing = False
    if not d.members:
        raise DisplayError("no system listed; the response looks cut off")
    return d


def _group(resp: Response) -> GroupMembers:
    d = start(resp, GroupMembers, "xcf-group")
    detail = resp.msgid == "IXC333I"
    d.detailed = detail
    layout: cols.Layout | None = None
    for number, text in resp.lines:
        up = text.upper()
        if d.group is None:
            m = re.search(r"\bGROUP\s+([A-Z0-9$#@_]{1,8})\b\s*:?\s*(.*)$", up)
            if m:
                d.group = m.group(1)
                if not detail:
                    d.members += [Member(t, None, number) for t in m.group(2).split() if NAME.match(t)]
                continue
        if d.group is None:
            continue
        if detail:
            header = GROUP_TABLE.layout(up, number)
            if header is not None:
                layout = header
                continue
            if layout is None or cols.is_rule(up) or ":" in up:
                continue
            row = layout.read(up)
            if row is not None:
                d.members.append(Member(row["MEMBER NAME:"], row["STATUS:"], number, row["SYSTEM:"]))
            continue
        tokens = up.split()
        if tokens and all(NAME.match(t) or (len(t) <= 16 and t.replace("_", "").isalnum()) for t in tokens):
            d.members += [Member(t, None, number) for t in tokens]
    if d.group is None or not d.members:
        raise DisplayError("no group name or no member listed; the response looks cut off")
    return d
