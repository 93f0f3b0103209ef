"""XCF couple data sets, XCF policies and the automatic restart manager.

* ``D XCF,COUPLE`` -> IXC357I, ``D XCF,COUPLE,TYPE=...`` -> IXC358I: per type a
  block ``<type> COUPLE DATA SETS`` with ``PRIMARY DSN: name`` and, when there
  is one, ``ALTERNATE DSN: name``, each followed by ``VOLSER: vol  DEVN: dev``
  (IXC358I format confirmed, z/OS 2.5 messages; UNSURE that IXC357I prints the
  same blocks after its system data). ``cdstype NOT IN USE BY ANY SYSTEM`` and
  ``THERE ARE NO COUPLE DATA SETS DEFINED TO THE SYSPLEX`` are read too.
* ``D XCF,POLICY,TYPE=SFM`` -> IXC364I: UNSURE layout (from memory): ``TYPE:
  SFM``, ``POLNAME: name``, ``STARTED: date time`` for an active policy, or a
  line saying the policy is not started; read by field names.
* ``D XCF,ARMSTATUS`` -> IXC392I (format confirmed, z/OS 2.1 messages):
  ``ARM RESTARTS ARE ENABLED|DISABLED``, then a table headed ``ELEMENT NAME
  STATE CURR INIT JOBNAME ASID LEVEL`` (with ``SYS SYS`` under CURR and INIT),
  or with DETAIL ``ELEMENT NAME :x  JOBNAME :y  STATE :z`` and ``CURR SYS :s``
  lines; ``NO ARM ELEMENTS ARE DEFINED`` when none registered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import columns as cols
from .base import Display, DisplayError, Response, start

IDS = {"IXC357I": "xcf-couple", "IXC358I": "xcf-couple", "IXC364I": "xcf-policy", "IXC392I": "xcf-arm"}
REQUIREMENTS = {"xcf-couple": "resilience", "xcf-policy": "resilience", "xcf-arm": "resilience"}

_BLOCK = re.compile(r"^\s*([A-Z0-9]{2,8})\s+COUPLE\s+DATA\s+SETS\b")
_DSN = re.compile(r"\b(PRIMARY|ALTERNATE)\s+DSN\s*:\s*([A-Z0-9$#@.\-]{1,44})")
_VOLSER = re.compile(r"\bVOLSER\s*:\s*([A-Z0-9$#@]{1,6})")
_NOT_USED = re.compile(r"\b([A-Z0-9]{2,8})\s+NOT\s+IN\s+USE\s+BY\s+ANY\s+SYSTEM")
_TYPE = re.compile(r"\bTYPE\s*:\s*([A-Z0-9]{2,8})\b")
_POLNAME = re.compile(r"\bPOLNAME\s*:\s*([A-Z0-9$#@_]{1,8})\b")
_STARTED = re.compile(r"\bSTARTED\s*:\s*(\S+)")
_NOT_STARTED = re.compile(r"\bNOT\s+(?:STARTED|ACTIVE)\b|\bNO\s+(?:ACTIVE\s+)?POLICY\b|\bPOLICY\s+IS\s+NOT\b")
_RESTARTS = re.compile(r"\bARM\s+RESTARTS\s+ARE\s+([A-Z]+)")
_DETAIL = re.compile(r"\b(ELEMENT NAME|JOBNAME|STATE|CURR SYS|INIT SYS)\s*:\s*(\S+)")
_NAME = cols.matches(r"[A-Z0-9$#@]{1,8}|N/A")
ARM_TABLE = cols.Table([
    cols.Col("ELEMENT NAME", cols.matches(r"[A-Z0-9$#@_]{1,16}"), required=True),
    cols.Col("STATE", cols.matches(r"[A-Z][A-Z\-]*"), required=True),
    cols.Col("CURR", _NAME),
    cols.Col("INIT", _NAME),
    cols.Col("JOBNAME", _NAME),
    cols.Col("ASID", cols.matches(r"[0-9A-F]{4}|N/A")),
    cols.Col("LEVEL", cols.matches(r"[0-9]{1,3}")),
])


@dataclass
class CoupleType:
    """The couple data sets of one type (SYSPLEX, CFRM, SFM, ARM...)."""

    type: str
    line: int
    primary: str | None = None
    primary_volume: str | None = None
    primary_line: int | None = None
    alternate: str | None = None
    alternate_volume: str | None = None
    alternate_line: int | None = None
    not_in_use: bool = False


@dataclass
class CoupleDataSets(Display):
    types: dict[str, CoupleType] = field(default_factory=dict)
    none_defined_line: int | None = None


@dataclass
class Policy:
    type: str
    line: int
    name: str | None = None
    started: bool | None = None
    started_line: int | None = None


@dataclass
class Policies(Display):
    policies: dict[str, Policy] = field(default_factory=dict)


@dataclass
class ArmElement:
    name: str
    state: str
    line: int
    current: str | None = None
    initial: str | None = None
    job: str | None = None


@dataclass
class ArmStatus(Display):
    restarts: str | None = None  # ENABLED or DISABLED as printed
    restarts_line: int | None = None
    elements: list[ArmElement] = field(default_factory=list)
    none_defined_line: int | None = None


def parse(resp: Response) -> Display:
    kind = IDS[resp.msgid]
    if kind == "xcf-couple":
        return _couple(resp)
    if kind == "xcf-policy":
        return _policy(resp)
    return _arm(resp)


def _couple(resp: Response) -> CoupleDataSets:
    d = start(resp, CoupleDataSets, "xcf-couple")
    current: CoupleType | None = None
    last: str | None = None  # which data set the next VOLSER belongs to
    for number, text in resp.lines:
        up = text.upper()
        if "NO COUPLE DATA SETS DEFINED" in up:
            d.none_defined_line = number
        m = _BLOCK.match(up)
        if m:
            current = d.types.setdefault(m.group(1), CoupleType(m.group(1), number))
            last = None
            continue
        m = _NOT_USED.search(up)
        if m:
            d.types.setdefault(m.group(1), CoupleType(m.group(1), number)).not_in_use = True
            continue
        if current is None:
            continue
        m = _DSN.search(up)
        if m:
            last = m.group(1)
            if last == "PRIMARY":
                current.primary, current.primary_line = m.group(2), number
            else:
                current.alternate, current.alternate_line = m.group(2), number
        v = _VOLSER.search(up)
        if v and last == "PRIMARY" and current.primary_volume is None:
            current.primary_volume = v.group(1)
        elif v and last == "ALTERNATE" and current.alternate_volume is None:
            current.alternate_volume = v.group(1)
    if not d.types and d.none_defined_line is None:
        raise DisplayError("no '<type> COUPLE DATA SETS' block; the response looks cut off")
    return d


def _policy(resp: Response) -> Policies:
    d = start(resp, Policies, "xcf-policy")
    current: Policy | None = None
    for number, text in resp.lines:
        up = text.upper()
        m = _TYPE.search(up)
        if m:
            current = d.policies.setdefault(m.group(1), Policy(m.group(1), number))
        if current is None:
            continue
        m = _POLNAME.search(up)
        if m:
            current.name = m.group(1)
        if _NOT_STARTED.search(up):
            current.started, current.started_line = False, number
        elif _STARTED.search(up) and current.started is None:
            current.started, current.started_line = True, number
    if not d.policies:
        raise DisplayError("no 'TYPE:' line naming the policy type; the response looks cut off")
    return d


def _arm(resp: Response) -> ArmStatus:
    d = start(resp, ArmStatus, "xcf-arm")
    layout: cols.Layout | None = None
    detail: ArmElement | None = None
    for number, text in resp.lines:
        up = text.upper()
        m = _RESTARTS.search(up)
        if m:
            d.restarts, d.restarts_line = m.group(1), number
            continue
        if "NO ARM ELEMENTS" in up:
            d.none_defined_line = number
            continue
        pairs = dict(_DETAIL.findall(up))
        header = None if pairs else ARM_TABLE.layout(up, number)
        if header is not None:
            layout = header
            continue
        if "ELEMENT NAME" in pairs:
            detail = ArmElement(pairs["ELEMENT NAME"], pairs.get("STATE", ""), number, job=pairs.get("JOBNAME"))
            d.elements.append(detail)
            continue
        if detail is not None and pairs:
            detail.state = detail.state or pairs.get("STATE", "")
            detail.job = detail.job or pairs.get("JOBNAME")
            detail.current = detail.current or pairs.get("CURR SYS")
            detail.initial = detail.initial or pairs.get("INIT SYS")
            continue
        tokens = up.split()
        if layout is None or not tokens or set(tokens) == {"SYS"} or cols.is_rule(up) or ":" in up:
            continue
        row = layout.read(up)
        if row is not None and not row[cols.REST]:
            d.elements.append(ArmElement(row["ELEMENT NAME"], row["STATE"], number, row.get("CURR") or None,
                                         row.get("INIT") or None, row.get("JOBNAME") or None))
    if d.restarts is None and not d.elements and d.none_defined_line is None:
        raise DisplayError("neither 'ARM RESTARTS ARE' nor any element; the response looks cut off")
    return d
