"""TCP/IP displays of the Sysplex Distributor.

* ``NETSTAT VIPADCFG`` / ``netstat -F`` (reference 2.1, confirmed fragments):
  ``VIPA Define:`` / ``VIPA Backup:`` entries (``IpAddr/PrefixLen:``,
  ``Rank:``, ``Moveable:``) and ``VIPA Distribute:`` entries (``Dest: ip..port``,
  ``DestXCF:``, ``DistMethod:``, ``SrvType:``, ``Rank:``, ``AutoSwitchBack:``,
  ``HealthSwitch:``).
* ``NETSTAT VDPT`` / ``netstat -O`` (reference 2.2): ``Dest:``, ``DestXCF:``,
  ``TotalConn:``, ``Rdy:``, ``WLM:``, ``TSR:``, ``DistMethod:``, ``SrvType:``, ``Flg:``.
* ``NETSTAT VCRT`` / ``netstat -V`` (reference 2.3a; the entry layout is
  UNSURE): ``Dest: ip..port``, ``Source: ip..port``, ``DestXCF:`` per
  connection routed through the distributor; the drills count them, no check
  judges them.
* ``NETSTAT VIPADYN`` / ``netstat -v``: UNSURE (reference 2.4, body not seen):
  ``IpAddr/PrefixLen:`` entries with ``Status:``, ``Origin:``, ``DistStat:``, or
  the short table ``ip mask status origin diststat``.
* ``D TCPIP,,SYSPLEX,VIPADYN``: UNSURE (reference 2.4): EZZ8260I, ``IPADDR:``
  blocks with ``TCPNAME MVSNAME STATUS RANK DIST`` rows; EZZ8269I when the
  stack is not in a sysplex group.
* EZZ2502I / EZZ2503I before a netstat report: the stack is not a member of
  the sysplex group and all its DVIPA configuration is inactive.

The same report comes in the TSO/UNIX form (mixed case, header ``MVS TCP/IP
NETSTAT CS VxRy  TCPIP Name: name  hh:mm:ss``) and the console form
(``EZD0101I NETSTAT CS VxRy name nnn``, upper case). Everything is read by
field name, case-insensitively; addresses may carry leading zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..record.addresses import parse_ip
from .base import CUT_OFF, NAME, Display, DisplayError, Response, fields_of, start
from .base import number as _int

NETSTAT_ID = "<netstat report>"  # a pseudo id with a blank, so no token ever equals it
IDS = {NETSTAT_ID: "netstat", "EZD0101I": "netstat", "EZZ8260I": "sysplex-vipadyn",
       "EZZ8269I": "tcpip-not-in-sysplex", "EZZ2502I": "tcpip-not-in-sysplex", "EZZ2503I": "tcpip-not-in-sysplex"}
REQUIREMENTS = {k: "sysplex-distributor" for k in
                ("netstat", "netstat-vipadcfg", "netstat-vdpt", "netstat-vcrt", "netstat-vipadyn", "sysplex-vipadyn",
                 "tcpip-not-in-sysplex")}

_STACK_TSO = re.compile(r"TCPIP\s+NAME\s*:\s*(\S+)", re.IGNORECASE)
_STACK_CONSOLE = re.compile(r"NETSTAT\s+CS\s+V\d+R\d+\s+([A-Z0-9$#@]{1,8})\b", re.IGNORECASE)
SYSPLEX_STATUSES = frozenset({"ACTIVE", "BACKUP", "MOVING", "QUIESCING", "QUIESCED", "DEACTIVATED", "DEACTIVE"})


def address(text: str) -> str:
    """Normalised address (leading zeros dropped); the text itself if it is not one."""
    try:
        return parse_ip(text.split("/")[0])[1]
    except ValueError:
        return text


def _prefix(text: str) -> int | None:
    return _int(text.split("/", 1)[1]) if "/" in text else None


def _dest(text: str) -> tuple[str, int | None]:
    ip, _, port = text.partition("..")
    return address(ip), _int(port)


@dataclass
class VipaEntry:
    ip: str
    prefix: int | None
    line: int
    rank: int | None = None
    moveable: str = ""


@dataclass
class DistEntry:
    ip: str
    port: int | None
    line: int
    destxcf: str = ""
    method: str = ""
    srvtype: str = ""
    rank: int | None = None
    autoswitchback: str = ""
    healthswitch: str = ""


@dataclass
class VipaConfig(Display):
    stack: str | None = None
    defines: list[VipaEntry] = field(default_factory=list)
    backups: list[VipaEntry] = field(default_factory=list)
    distributes: list[DistEntry] = field(default_factory=list)


@dataclass
class PortEntry:
    ip: str
    port: int | None
    line: int
    destxcf: str = ""
    rdy: int | None = None
    tsr: int | None = None
    method: str = ""
    srvtype: str = ""
    flg: str = ""


@dataclass
class PortTable(Display):
    stack: str | None = None
    entries: list[PortEntry] = field(default_factory=list)


@dataclass
class ConnEntry:
    ip: str
    port: int | None
    line: int
    source: str = ""
    destxcf: str = ""


@dataclass
class ConnTable(Display):
    stack: str | None = None
    entries: list[ConnEntry] = field(default_factory=list)


@dataclass
class DynEntry:
    ip: str
    line: int
    status: str = ""
    origin: str = ""
    diststat: str = ""


@dataclass
class DynVipas(Display):
    stack: str | None = None
    entries: list[DynEntry] = field(default_factory=list)


@dataclass
class SysplexRow:
    ip: str
    tcpname: str
    mvsname: str
    status: str
    line: int
    rank: int | None = None
    dist: str = ""
    origin: str = ""


@dataclass
class SysplexVipas(Display):
    rows: list[SysplexRow] = field(default_factory=list)


@dataclass
class NotInSysplex(Display):
    msgid: str = ""
    text: str = ""


def parse(resp: Response) -> Display:
    if resp.msgid in (NETSTAT_ID, "EZD0101I"):
        return _netstat(resp)
    if resp.msgid == "EZZ8260I":
        return _sysplex(resp)
    # The message itself is the evidence, complete or not: no start(), which refuses a cut-off response.
    return NotInSysplex(kind="tcpip-not-in-sysplex", system=resp.system, file=resp.file, line=resp.line,
                        msgid=resp.msgid, text=" ".join(resp.lines[0][1].split()))


def _section(upper: str) -> str | None:
    s = upper.strip()
    if s.startswith("DYNAMIC VIPA DESTINATION PORT TABLE"):
        return "netstat-vdpt"
    if s.startswith("DYNAMIC VIPA INFORMATION"):
        return "netstat-vipadcfg"
    if s.startswith("DYNAMIC VIPA CONNECTION ROUTING TABLE"):
        return "netstat-vcrt"
    if s.startswith("DYNAMIC VIPA") and s[len("DYNAMIC VIPA"):].strip() in (":", ""):
        return "netstat-vipadyn"
    return None


def _netstat(resp: Response) -> Display:
    head = resp.lines[0][1]
    m = _STACK_TSO.search(head) or _STACK_CONSOLE.search(head)
    stack = m.group(1).upper() if m else None
    kind = None
    body: list[tuple[int, str]] = []
    for number, text in resp.lines[1:]:
        if kind is None:
            kind = _section(text.upper())
            continue
        body.append((number, text))
    if kind == "netstat-vdpt":
        d: Display = _vdpt(resp, body)
    elif kind == "netstat-vipadcfg":
        d = _vipadcfg(resp, body)
    elif kind == "netstat-vipadyn":
        d = _vipadyn(resp, body)
    elif kind == "netstat-vcrt":
        d = _vcrt(resp, body)
    else:
        if not resp.complete:
            raise DisplayError(CUT_OFF)
        raise DisplayError("netstat report header without a VIPADCFG, VDPT, VCRT or VIPADYN section; "
                           "the report looks cut off or is another report")
    d.stack = stack  # type: ignore[attr-defined]
    return d


def _vipadcfg(resp: Response, body: list[tuple[int, str]]) -> VipaConfig:
    d = start(resp, VipaConfig, "netstat-vipadcfg")
    section = ""
    vipa: VipaEntry | None = None
    dist: DistEntry | None = None
    for number, text in body:
        up = text.strip().upper()
        if up.startswith("VIPA ") and up.endswith(":"):
            section = up[5:-1].strip()
            vipa = dist = None
            continue
        f = fields_of(text)
        if section in ("DEFINE", "BACKUP") and "IPADDR/PREFIXLEN" in f:
            raw = f["IPADDR/PREFIXLEN"]
            vipa = VipaEntry(address(raw), _prefix(raw), number)
            (d.defines if section == "DEFINE" else d.backups).append(vipa)
        elif section == "DISTRIBUTE" and "DEST" in f:
            ip, port = _dest(f["DEST"])
            dist = DistEntry(ip, port, number)
            d.distributes.append(dist)
        if vipa is not None and section in ("DEFINE", "BACKUP"):
            if "RANK" in f:
                vipa.rank = _int(f["RANK"])
            if "MOVEABLE" in f:
                vipa.moveable = f["MOVEABLE"].upper()
        if dist is not None and section == "DISTRIBUTE":
            for key, attr in (("DESTXCF", "destxcf"), ("DISTMETHOD", "method"), ("SRVTYPE", "srvtype"),
                              ("AUTOSWITCHBACK", "autoswitchback"), ("HEALTHSWITCH", "healthswitch")):
                if key in f:
                    value = address(f[key]) if key == "DESTXCF" else f[key].upper()
                    setattr(dist, attr, value)
            if "RANK" in f:
                dist.rank = _int(f["RANK"])
    return d


def _vdpt(resp: Response, body: list[tuple[int, str]]) -> PortTable:
    d = start(resp, PortTable, "netstat-vdpt")
    entry: PortEntry | None = None
    for number, text in body:
        f = fields_of(text)
        if "DEST" in f:
            ip, port = _dest(f["DEST"])
            entry = PortEntry(ip, port, number)
            d.entries.append(entry)
        if entry is None:
            continue
        if "DESTXCF" in f:
            entry.destxcf = address(f["DESTXCF"])
        if "RDY" in f:
            entry.rdy = _int(f["RDY"])
        if "TSR" in f:
            entry.tsr = _int(f["TSR"])
        if "DISTMETHOD" in f:
            entry.method = f["DISTMETHOD"].upper()
        if "SRVTYPE" in f:
            entry.srvtype = f["SRVTYPE"].upper()
        if "FLG" in f:
            entry.flg = f["FLG"].upper()
    return d


def _vcrt(resp: Response, body: list[tuple[int, str]]) -> ConnTable:
    d = start(resp, ConnTable, "netstat-vcrt")
    entry: ConnEntry | None = None
    for number, text in body:
        f = fields_of(text)
        if "DEST" in f:
            ip, port = _dest(f["DEST"])
            entry = ConnEntry(ip, port, number)
            d.entries.append(entry)
        if entry is None:
            continue
        if "SOURCE" in f:
            entry.source = f["SOURCE"]
        if "DESTXCF" in f:
            entry.destxcf = address(f["DESTXCF"])
    return d


_SHORT_ROW = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){3})\s+(\S+)\s+([A-Za-z]+)\s+([A-Za-z]+)\s*(\S*)")


def _vipadyn(resp: Response, body: list[tuple[int, str]]) -> DynVipas:
    d = start(resp, DynVipas, "netstat-vipadyn")
    entry: DynEntry | None = None
    for number, text in body:
        f = fields_of(text)
        if "IPADDR/PREFIXLEN" in f:
            entry = DynEntry(address(f["IPADDR/PREFIXLEN"]), number)
            d.entries.append(entry)
        elif (m := _SHORT_ROW.match(text)) is not None:
            entry = DynEntry(address(m.group(1)), number, m.group(3).upper(), m.group(4).upper(), m.group(5).upper())
            d.entries.append(entry)
            continue
        if entry is None:
            continue
        for key, attr in (("STATUS", "status"), ("ORIGIN", "origin"), ("DISTSTAT", "diststat")):
            if key in f:
                setattr(entry, attr, f[key].upper())
    return d


def _sysplex(resp: Response) -> SysplexVipas:
    d = start(resp, SysplexVipas, "sysplex-vipadyn")
    ip: str | None = None
    origin = ""
    trailer = False
    for number, text in resp.lines[1:]:
        up = text.upper()
        f = fields_of(up)
        if "IPADDR" in f:
            ip, origin = address(f["IPADDR"]), ""
            continue
        if "ORIGIN" in f:
            origin = f["ORIGIN"]
            continue
        if "RECORDS DISPLAYED" in up:
            trailer = True
            continue
        tokens = up.split()
        if ip and len(tokens) >= 3 and NAME.match(tokens[0]) and NAME.match(tokens[1]) and tokens[2] in SYSPLEX_STATUSES:
            rest = tokens[3:]
            rank = _int(rest[0]) if rest else None
            if rank is not None:
                rest = rest[1:]
            dist = rest[0] if rest and rest[0] in ("DIST", "DEST", "BOTH", "DIST/DEST") else ""
            d.rows.append(SysplexRow(ip, tokens[0], tokens[1], tokens[2], number, rank, dist, origin))
    if not d.rows and not trailer:
        raise DisplayError("no IPADDR block with stack rows and no 'RECORDS DISPLAYED' trailer; the response looks cut off")
    return d
