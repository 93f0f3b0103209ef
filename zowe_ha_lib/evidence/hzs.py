"""IBM Health Checker for z/OS output: which checks ran, and which found an exception.

Three captures are read (confirmed formats, IBM Health Checker for z/OS
User's Guide: "Working with check output", "Understanding check state and
status", "Understanding system data issued with the check messages"):

* the **message buffer** as HZSPRINT prints it (or as SDSF shows a check's
  output): a block per check starting ``CHECK(owner,name)``, with ``SYSPLEX:``
  / ``SYSTEM:``, ``START TIME:``, ``CHECK DATE: ... CHECK SEVERITY: ...``, an
  optional ``* Medium Severity Exception *`` banner, the check's messages, and
  ``END TIME: ... STATUS: status`` (SUCCESSFUL, EXCEPTION-LOW/MED/HIGH...);
* the **SDSF CK panel** (``SDSF HEALTH CHECKS sysname``), a table headed
  ``NAME CheckOwner State Status`` with states such as ``ACTIVE(ENABLED)``,
  ``INACTIVE(ENABLED)``, ``ACTIVE(DISABLED)``, read by its header;
* the **console messages** ``HZS0001I``, ``HZS0002E`` and ``HZS0003E``
  ``CHECK(owner,name): text`` that a check issues for an exception (the ids are
  confirmed; UNSURE: that they map to low, medium and high severity).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import columns as cols
from .base import Display, DisplayError, Response, start

BUFFER_ID = "<health check output>"  # pseudo ids with a blank, so no token ever equals them
PANEL_ID = "<sdsf health checks>"
WTO_IDS = {"HZS0001I": "EXCEPTION-LOW", "HZS0002E": "EXCEPTION-MED", "HZS0003E": "EXCEPTION-HIGH"}
IDS = {BUFFER_ID: "hzs", PANEL_ID: "hzs", **{k: "hzs" for k in WTO_IDS}}
REQUIREMENTS: dict[str, str] = {}  # a cut-off capture is an evidence problem; the checks tie each check to its requirement

_CHECK = re.compile(r"\bCHECK\(\s*([A-Z0-9$#@_]{1,16})\s*,\s*([A-Z0-9$#@_]{1,32})\s*\)")
_SYSTEM = re.compile(r"\bSYSTEM\s*:\s*([A-Z0-9$#@]{1,8})\b")
_STATUS = re.compile(r"\bSTATUS\s*:\s*([A-Z][A-Z\-/ ]*?)\s*$")
_SEVERITY = re.compile(r"\bCHECK\s+SEVERITY\s*:\s*([A-Z]+)")
_MSG = re.compile(r"^\s*([A-Z]{3,5}[A-Z0-9]?\d{3,5}[A-Z])\s+(.*)$")
_TITLE = re.compile(r"^\s*SDSF\s+HEALTH\s+CHECKS\s+([A-Z0-9$#@]{1,8})\b")
PANEL = cols.Table([
    cols.Col("NAME", cols.matches(r"[A-Z][A-Z0-9_$#@]{2,31}"), required=True),
    cols.Col("CHECKOWNER", cols.matches(r"[A-Z0-9$#@_]{1,16}"), required=True),
    cols.Col("STATE", cols.matches(r"(?:ACTIVE|INACTIVE)\((?:ENABLED|DISABLED)\)|[A-Z][A-Z\-]*"), required=True),
    cols.Col("STATUS", cols.matches(r"[A-Z][A-Z\-]*(?: N/A)?"), words=2, required=True),
])


def buffer_continues(resp: Response, word: str) -> bool:
    """A line with a message id inside a check's output belongs to it until its END TIME line."""
    return not any("END TIME" in t.upper() for _n, t in resp.lines[-1:])


SWALLOWS: dict[str, Callable[[Response, str], bool]] = {BUFFER_ID: buffer_continues}


def starts(text: str) -> str | None:
    """The pseudo id when ``text`` begins a check's output block or an SDSF CK panel."""
    up = text.lstrip().upper()
    if up.startswith("CHECK(") and _CHECK.match(up.strip()):
        return BUFFER_ID
    if _TITLE.match(up):
        return PANEL_ID
    return None


@dataclass
class HealthCheck:
    owner: str
    name: str
    line: int
    state: str | None = None  # ACTIVE(ENABLED), INACTIVE(ENABLED), ACTIVE(DISABLED)... (CK panel)
    status: str | None = None  # SUCCESSFUL, EXCEPTION-MED, INACTIVE... (CK panel, END TIME line, WTO)
    status_line: int | None = None
    severity: str | None = None
    message: str | None = None  # the first check message (its id and text)
    system: str | None = None

    @property
    def label(self) -> str:
        return f"CHECK({self.owner},{self.name})"

    @property
    def exception(self) -> bool:
        return (self.status or "").startswith("EXCEPTION")

    @property
    def disabled(self) -> bool:
        """Not running: inactive or disabled (the CK panel's State), or its last status says so."""
        state = self.state or ""
        return state.startswith("INACTIVE") or "DISABLED" in state or (self.status or "") in ("INACTIVE", "DISABLED")


@dataclass
class HealthChecks(Display):
    checks: list[HealthCheck] = field(default_factory=list)


def parse(resp: Response) -> HealthChecks:
    d = start(resp, HealthChecks, "hzs")
    if resp.msgid == PANEL_ID:
        _panel(resp, d)
    elif resp.msgid == BUFFER_ID:
        _buffer(resp, d)
    else:
        _wto(resp, d)
    if not d.checks:
        raise DisplayError("no health check named in the capture; it looks cut off")
    return d


def _buffer(resp: Response, d: HealthChecks) -> None:
    up0 = resp.lines[0][1].upper()
    m = _CHECK.search(up0)
    if m is None:
        raise DisplayError("no CHECK(owner,name) line")
    check = HealthCheck(m.group(1), m.group(2), resp.lines[0][0])
    for number, text in resp.lines[1:]:
        up = text.upper()
        s = _SYSTEM.search(up)
        if s and check.system is None:
            check.system = s.group(1)
        s = _SEVERITY.search(up)
        if s:
            check.severity = s.group(1)
        if "END TIME" in up:
            s = _STATUS.search(up)
            if s:
                check.status, check.status_line = " ".join(s.group(1).split()), number
            continue
        msg = _MSG.match(up)
        if msg and check.message is None:
            check.message = " ".join(text.split())
    if check.status is None:
        raise DisplayError("no 'END TIME: ... STATUS:' line after the check's messages; the output looks cut off")
    d.checks.append(check)


def _panel(resp: Response, d: HealthChecks) -> None:
    title = _TITLE.match(resp.lines[0][1].upper())
    system = title.group(1) if title else None
    layout: cols.Layout | None = None
    for number, text in resp.lines[1:]:
        up = text.upper()
        header = PANEL.layout(up, number)
        if header is not None:
            layout = header
            continue
        if layout is None or cols.is_rule(up) or not up.strip():
            continue
        row = layout.read(up)
        if row is None:
            continue
        d.checks.append(HealthCheck(row["CHECKOWNER"], row["NAME"], number, row["STATE"], row["STATUS"], number, system=system))
    if layout is None:
        raise DisplayError("no 'NAME CheckOwner State Status' header under the SDSF HEALTH CHECKS title")


def _wto(resp: Response, d: HealthChecks) -> None:
    number = resp.lines[0][0]
    up = " ".join(t for _n, t in resp.lines).upper()
    m = _CHECK.search(up)
    if m is None:
        raise DisplayError(f"{resp.msgid} without CHECK(owner,name)")
    rest = up[m.end():].lstrip(" :")
    d.checks.append(HealthCheck(m.group(1), m.group(2), number, None, WTO_IDS[resp.msgid], number,
                                message=" ".join(rest.split())[:200] or None))
