"""XCF displays: coupling facilities, sysplex members and XCF group members.

* ``D XCF,CF`` -> IXC361I: one row per CF in the active CFRM policy
  (``cfname  type.mfg.plant.sequence  site``), condition lines under a CF, and
  ``THE CFRM ACTIVE POLICY IS EMPTY`` when there is none (reference 2.5).
* ``D XCF,CF,CFNAME=ALL`` -> IXC362I: per CF, ``CONNECTED SYSTEMS:`` and the
  system names on the following lines. UNSURE: this layout is from memory,
  not from the reference notes; it is parsed by the field name only.
* ``D XCF,SYSPLEX`` -> IXC334I (``SYSPLEX name: SYS1 SYS2 ...``) and
  ``D XCF,S,ALL`` -> IXC335I/IXC336I (one row per system with a date and time
  and the SYSTEM STATUS). UNSURE which of IXC335I/IXC336I; both are read, and
  rows are found by their ``mm/dd/yyyy hh:mm:ss`` anchor, not by columns.
* ``D XCF,GROUP,IRRXCF00`` / ``D XCF,GROUP,SYSBPX`` -> IXC332I (member names) or
  IXC333I (``MEMBER NAME: SYSTEM: JOB ID: STATUS:`` rows). UNSURE: the layouts
  are from memory; the group name is taken from the words after ``GROUP``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import NAME, Display, DisplayError, Response, start

IDS = {"IXC361I": "xcf-cf", "IXC362I": "xcf-cf-detail", "IXC334I": "xcf-sysplex", "IXC335I": "xcf-sysplex",
       "IXC336I": "xcf-sysplex", "IXC332I": "xcf-group", "IXC333I": "xcf-group"}
REQUIREMENTS = {"xcf-cf": "coupling-facility", "xcf-cf-detail": "cf-connectivity", "xcf-sysplex": "cf-connectivity",
                "xcf-group": "shared-saf"}

CONDITIONS = ("ALLOCATION NOT PERMITTED", "MAINTENANCE MODE", "POLICY CHANGE PENDING", "COUPLING FACILITY FAILED",
              "COUPLING FACILITY IN CLEANUP")
_NODE = re.compile(r"^[0-9A-Z]{4,6}\.[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{6,12}$")
_DATETIME = re.compile(r"\b\d\d/\d\d/\d{4}\s+\d\d:\d\d:\d\d(?:\.\d+)?\s+(.*)$")
_SYSPLEX = re.compile(r"\bSYSPLEX\s+([A-Z0-9$#@]{1,8})\s*:\s*(.*)$")


@dataclass
class Cf:
    name: str
    node: str
    line: int
    conditions: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class CfList(Display):
    cfs: list[Cf] = field(default_factory=list)
    policy_empty_line: int | None = None


@dataclass
class CfDetail(Display):
    connected: dict[str, tuple[list[str], int]] = field(default_factory=dict)


@dataclass
class Member:
    name: str
    status: str
    line: int
    system: str | None = None


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
    header = False
    for number, text in resp.lines[1:]:
        up = text.upper()
        if "CFRM ACTIVE POLICY IS EMPTY" in up:
            d.policy_empty_line = number
            continue
        if "CFNAME" in up and "COUPLING FACILITY" in up:
            header = True
            continue
        cond = next((c for c in CONDITIONS if c in up), None)
        if cond and d.cfs:
            d.cfs[-1].conditions.append((cond, number))
            continue
        tokens = up.split()
        if header and len(tokens) >= 2 and NAME.match(tokens[0]) and _NODE.match(tokens[1]):
            d.cfs.append(Cf(tokens[0], tokens[1], number))
    if not d.cfs and d.policy_empty_line is None:
        raise DisplayError("no coupling facility row and no 'CFRM ACTIVE POLICY IS EMPTY' line; the response looks cut off")
    return d


def _cf_detail(resp: Response) -> CfDetail:
    d = start(resp, CfDetail, "xcf-cf-detail")
    current: str | None = None
    collecting = False
    for number, text in resp.lines[1:]:
        up = text.upper().strip()
        if up.startswith("CFNAME:"):
            current = up.split(":", 1)[1].strip().split(" ")[0] or None
            collecting = False
            continue
        if up.startswith("CONNECTED SYSTEMS"):
            collecting = current is not None
            if collecting:
                d.connected[current] = ([], number)
                rest = up.split(":", 1)[1] if ":" in up else ""
                d.connected[current][0].extend(t for t in rest.split() if NAME.match(t))
            continue
        if collecting:
            tokens = up.split()
            if tokens and all(NAME.match(t) for t in tokens) and ":" not in up:
                d.connected[current][0].extend(tokens)
            else:
                collecting = False
    if not d.connected:
        raise DisplayError("no 'CONNECTED SYSTEMS' list; the response looks cut off")
    return d


def _sysplex(resp: Response) -> SysplexMembers:
    d = start(resp, SysplexMembers, "xcf-sysplex")
    listing = False
    for number, text in resp.lines:
        up = text.upper()
        m = _SYSPLEX.search(up)
        if m:
            d.sysplex, d.sysplex_line = m.group(1), number
            d.members += [Member(t, "LISTED", number) for t in m.group(2).split() if NAME.match(t)]
            listing = True
            continue
        m = _DATETIME.search(up)
        if m:
            tokens = up.split()
            if tokens and NAME.match(tokens[0]) and tokens[0] != "SYSPLEX" and "INITIALIZATION" not in up:
                status = m.group(1).split("TM=")[0].strip() or "UNKNOWN"
                d.members.append(Member(tokens[0], status, number))
                d.detailed = True
            listing = False
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
    for number, text in resp.lines:
        up = text.upper()
        if d.group is None:
            m = re.search(r"\bGROUP\s+([A-Z0-9$#@_]{1,8})\b\s*:?\s*(.*)$", up)
            if m:
                d.group = m.group(1)
                if not detail:
                    d.members += [Member(t, "ACTIVE", number) for t in m.group(2).split() if NAME.match(t)]
                continue
        if d.group is None or "MEMBER NAME" in up:
            continue
        tokens = up.split()
        if detail:
            if len(tokens) >= 3 and NAME.match(tokens[1]) and tokens[-1] in ("ACTIVE", "CREATED", "QUIESCED", "FAILED", "NOT-ACTIVE"):
                d.members.append(Member(tokens[0], tokens[-1], number, tokens[1]))
        elif tokens and all(NAME.match(t) or (len(t) <= 16 and t.replace("_", "").isalnum()) for t in tokens):
            d.members += [Member(t, "ACTIVE", number) for t in tokens]
    if d.group is None or not d.members:
        raise DisplayError("no group name or no member listed; the response looks cut off")
    return d
