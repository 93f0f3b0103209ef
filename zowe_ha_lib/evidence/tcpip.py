"""TCP/IP displays of the Sysplex Distributor.

* ``NETSTAT VIPADCFG`` / ``netstat -F`` (reference 2.1, confirmed fragments):
  ``VIPA Define:`` / ``VIPA Backup:`` entries (``IpAddr/PrefixLen:``,
  ``Rank:``, ``Moveable:``) and ``VIPA Distribute:`` entries (``Dest: ip..port``,
  ``DestXCF:``, ``DistMethod:``, ``SrvType:``, ``Rank:``, ``AutoSwitchBack:``,
  ``HealthSwitch:``).
* ``NETSTAT VDPT`` / ``netstat -O`` (reference 2.2): ``Dest:``, ``DestXCF:``,
  ``TotalConn:``, ``Rdy:``, ``WLM:``, ``TSR:``, ``DistMethod:``, ``SrvType:``, ``Flg:``.
* ``NETSTAT VIPADYN`` / ``netstat -v``: UNSURE (reference 2.4, body not seen):
  ``IpAddr/PrefixLen:`` entries with ``Status:``, ``Origin:``, ``DistStat:``, or
  the short-format table ``IP Address  AddressMask  Status  Origination  DistStat``.
* ``NETSTAT VDPT`` and ``NETSTAT VCRT`` in the short format (IPv4-only stacks):
  UNSURE tables headed ``Dest IPaddr DPort DestXCF Addr Rdy TotalConn WLM TSR Flg``
  and ``Dest IPaddr DPort Src IPaddr SPort DestXCF Addr``; the long format is
  read by field name (``Dest:``, ``Source:``, ``DestXCF:``).
* ``D TCPIP,,SYSPLEX,VIPADYN``: EZZ8260I, UNSURE layout (reference 2.4):
  ``IPADDR:`` blocks (``LINKNAME:``, ``ORIGIN:`` lines) with a table headed
  ``TCPNAME MVSNAME STATUS RANK [ADDRESS MASK NETWORK PREFIX] DIST``; EZZ8269I
  when the stack is not in a sysplex group.
* ``D TCPIP,,SYSPLEX,GROUP``: UNSURE id EZZ8270I; the group name is the
  ``EZBT...`` word (the default group is EZBTCPCS).
* EZZ2502I / EZZ2503I before a netstat report: the stack is not a member of
  the sysplex group and all its DVIPA configuration is inactive.

Every table is read by its header line (:mod:`.columns`): a column IBM adds,
a blank cell or a value wider than its column moves nothing.

The same report comes in the TSO/UNIX form (mixed case, header ``MVS TCP/IP
NETSTAT CS VxRy  TCPIP Name: name  hh:mm:ss``) and the console form
(``EZD0101I NETSTAT CS VxRy name nnn``, upper case). Everything is read by
field name, case-insensitively; addresses may carry leading zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..record.addresses import parse_ip
from . import columns as cols
from .base import CUT_OFF, Display, DisplayError, Response, fields_of, start
from .base import number as _int

NETSTAT_ID = "<netstat report>"  # a pseudo id with a blank, so no token ever equals it
IDS = {NETSTAT_ID: "netstat", "EZD0101I": "netstat", "EZZ8260I": "sysplex-vipadyn", "EZZ8270I": "tcpip-group",
       "EZZ8269I": "tcpip-not-in-sysplex", "EZZ2502I": "tcpip-not-in-sysplex", "EZZ2503I": "tcpip-not-in-sysplex"}
REQUIREMENTS = {k: "sysplex-distributor" for k in
                ("netstat", "netstat-vipadcfg", "netstat-vdpt", "netstat-vcrt", "netstat-vipadyn", "sysplex-vipadyn",
                 "tcpip-not-in-sysplex")}
REQUIREMENTS["tcpip-group"] = "resilience"

_STACK_TSO = re.compile(r"TCPIP\s+NAME\s*:\s*(\S+)", re.IGNORECASE)
_STACK_CONSOLE = re.compile(r"NETSTAT\s+CS\s+V\d+R\d+\s+([A-Z0-9$#@]{1,8})\b", re.IGNORECASE)
SYSPLEX_STATUSES = frozenset({"ACTIVE", "BACKUP", "MOVING", "QUIESCING", "QUIESCED", "DEACTIVATED", "DEACTIVE"})
DIST_WORDS = ("DIST", "DEST", "BOTH", "DIST/DEST")

# Value shapes of the TCP/IP tables.
_NAME = cols.matches(r"[A-Z0-9$#@]{1,8}")
_IP = cols.matches(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-F:]*:[0-9A-F:.]*")
_MASK = cols.matches(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}|/[0-9]{1,3}|[0-9A-F:]*:[0-9A-F:.]*(?:/[0-9]{1,3})?")
_WORDY = cols.matches(r"[A-Z][A-Z/+-]*")
_DIGITS = cols.matches(r"[0-9]{1,10}")

# D TCPIP,,SYSPLEX,VIPADYN (EZZ8260I): the status is any word but a DIST word, so a
# state the kit does not know (MOVING, QUIESCING, a new one) is read, not skipped.
SYSPLEX_TABLE = cols.Table([
    cols.Col("TCPNAME", _NAME, required=True),
    cols.Col("MVSNAME", _NAME, required=True),
    cols.Col("STATUS", lambda v: _WORDY(v) and v.upper() not in DIST_WORDS, required=True),
    cols.Col("RANK", cols.matches(r"[0-9]{1,3}")),
    cols.Col("ADDRESS MASK", _MASK),
    cols.Col("NETWORK PREFIX", _MASK),
    cols.Col("DIST", cols.one_of(*DIST_WORDS)),
])
SYSPLEX_DEFAULT = ("TCPNAME", "MVSNAME", "STATUS", "RANK", "DIST")

# NETSTAT VIPADYN short format.
VIPADYN_TABLE = cols.Table([
    cols.Col("IP ADDRESS", _IP, required=True),
    cols.Col("ADDRESSMASK", _MASK),
    cols.Col("STATUS", _WORDY, required=True),
    cols.Col("ORIGINATION", _WORDY, words=2),
    cols.Col("DISTSTAT", cols.one_of(*DIST_WORDS)),
])

# NETSTAT VDPT and VCRT short format (UNSURE layouts).
VDPT_TABLE = cols.Table([
    cols.Col("DEST IPADDR", _IP, required=True),
    cols.Col("DPORT", _DIGITS, required=True),
    cols.Col("DESTXCF ADDR", _IP, required=True),
    cols.Col("RDY", _DIGITS),
    cols.Col("TOTALCONN", _DIGITS),
    cols.Col("WLM", _DIGITS),
    cols.Col("TSR", _DIGITS),
    cols.Col("DISTMETHOD", _WORDY),
    cols.Col("SRVTYPE", _WORDY),
    cols.Col("FLG", _WORDY),
])
VCRT_TABLE = cols.Table([
    cols.Col("DEST IPADDR", _IP, required=True),
    cols.Col("DPORT", _DIGITS, required=True),
    cols.Col("SRC IPADDR", _IP),
    cols.Col("SPORT", _DIGITS),
    cols.Col("DESTXCF ADDR", _IP, required=True),
])


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
class Connection:
    ip: str
    port: int | None
    line: int
    source: str = ""
    destxcf: str = ""


@dataclass
class RoutingTable(Display):
    """NETSTAT VCRT: the connections the distributor routes (an informational count, never a verdict)."""

    stack: str | None = None
    connections: list[Connection] = field(default_factory=list)


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


@dataclass
class SysplexGroup(Display):
    """D TCPIP,,SYSPLEX,GROUP: the TCP/IP sysplex group (XCF group) the stack joined."""

    group: str | None = None
    group_line: int | None = None


_GROUP = re.compile(r"\b(EZBT[A-Z0-9$#@]{0,4})\b")
_GROUP_IS = re.compile(r"\bGROUP\s*(?:NAME)?\s*(?:IS|:)\s*([A-Z0-9$#@]{1,8})\b")


def parse(resp: Response) -> Display:
    if resp.msgid in (NETSTAT_ID, "EZD0101I"):
        return _netstat(resp)
    if resp.msgid == "EZZ8260I":
        return _sysplex(resp)
    if resp.msgid == "EZZ8270I":
        return _group(resp)
    # The message itself is the evidence, complete or not: no start(), which refuses a cut-off response.
    return NotInSysplex(kind="tcpip-not-in-sysplex", system=resp.system, file=resp.file, line=resp.line,
                        msgid=resp.msgid, text=" ".join(resp.lines[0][1].split()))


def _section(upper: str) -> str | None:
    s = upper.strip()
    if s.startswith("DYNAMIC VIPA DESTINATION PORT TABLE"):
        return "netstat-vdpt"
    if s.startswith("DYNAMIC VIPA CONNECTION ROUTING TABLE"):
        return "netstat-vcrt"
    if s.startswith("DYNAMIC VIPA INFORMATION"):
        return "netstat-vipadcfg"
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
    elif kind == "netstat-vcrt":
        d = _vcrt(resp, body)
    elif kind == "netstat-vipadcfg":
        d = _vipadcfg(resp, body)
    elif kind == "netstat-vipadyn":
        d = _vipadyn(resp, body)
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
    layout: cols.Layout | None = None
    for number, text in body:
        header = VDPT_TABLE.layout(text, number)
        if header is not None:
            layout = header
            continue
        if layout is not None and not cols.is_rule(text) and ":" not in text:
            row = layout.read(text)
            if row is not None:
                d.entries.append(PortEntry(address(row["DEST IPADDR"]), _int(row["DPORT"]), number, address(row["DESTXCF ADDR"]),
                                           _int(row.get("RDY")), _int(row.get("TSR")), row.get("DISTMETHOD", "").upper(),
                                           row.get("SRVTYPE", "").upper(), row.get("FLG", "").upper()))
            entry = None
            continue
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


def _vcrt(resp: Response, body: list[tuple[int, str]]) -> RoutingTable:
    d = start(resp, RoutingTable, "netstat-vcrt")
    conn: Connection | None = None
    layout: cols.Layout | None = None
    for number, text in body:
        header = VCRT_TABLE.layout(text, number)
        if header is not None:
            layout = header
            continue
        if layout is not None and not cols.is_rule(text) and ":" not in text:
            row = layout.read(text)
            if row is not None:
                d.connections.append(Connection(address(row["DEST IPADDR"]), _int(row["DPORT"]), number,
                                                address(row.get("SRC IPADDR", "")), address(row["DESTXCF ADDR"])))
            continue
        f = fields_of(text)
        if "DEST" in f:
            ip, port = _dest(f["DEST"])
            conn = Connection(ip, port, number)
            d.connections.append(conn)
        if conn is None:
            continue
        if "SOURCE" in f:
            conn.source = _dest(f["SOURCE"])[0]
        if "DESTXCF" in f:
            conn.destxcf = address(f["DESTXCF"])
    return d


def _vipadyn(resp: Response, body: list[tuple[int, str]]) -> DynVipas:
    d = start(resp, DynVipas, "netstat-vipadyn")
    entry: DynEntry | None = None
    layout: cols.Layout | None = None
    for number, text in body:
        header = VIPADYN_TABLE.layout(text, number)
        if header is not None:
            layout = header
            continue
        f = fields_of(text)
        if "IPADDR/PREFIXLEN" in f:
            entry = DynEntry(address(f["IPADDR/PREFIXLEN"]), number)
            d.entries.append(entry)
        elif layout is not None and not cols.is_rule(text) and (row := layout.read(text)) is not None:
            entry = DynEntry(address(row["IP ADDRESS"]), number, row["STATUS"].upper(), row.get("ORIGINATION", "").upper(),
                             row.get("DISTSTAT", "").upper())
            d.entries.append(entry)
            continue
        if entry is None:
            continue
        for key, attr in (("STATUS", "status"), ("ORIGIN", "origin"), ("DISTSTAT", "diststat")):
            if key in f:
                setattr(entry, attr, f[key].upper())
    return d


def _sysplex(resp: Response) -> SysplexVipas:
    """EZZ8260I: per DVIPA (``IPADDR:`` block) one row per stack, read against the block's header line.

    A line inside a block that is neither a field line, the header, its
    underline nor a trailer must be a row; one that does not fit the columns
    makes the display unusable (DisplayError naming the line) rather than
    silently dropping a stack, which could turn one distributor into none.
    """
    d = start(resp, SysplexVipas, "sysplex-vipadyn")
    ip: str | None = None
    origin = ""
    trailer = False
    layout: cols.Layout | None = None
    for number, text in resp.lines[1:]:
        up = text.upper()
        if not up.strip() or cols.is_rule(up):
            continue
        header = SYSPLEX_TABLE.layout(up, number)
        if header is not None:
            layout = header
            continue
        f = fields_of(up)
        if "IPADDR" in f:
            ip, origin = address(f["IPADDR"]), f.get("ORIGIN", "")
            continue
        if f:  # ORIGIN:, LINKNAME:, INTFNAME: or a field line the kit does not know: never a stack row
            origin = f.get("ORIGIN", origin)
            continue
        if "RECORDS DISPLAYED" in up or "END OF THE REPORT" in up:
            trailer = True
            continue
        if ip is None or "DISPLAY FROM" in up:
            continue
        row = (layout or SYSPLEX_TABLE.default(SYSPLEX_DEFAULT)).read(up)
        if row is None:
            raise DisplayError(f"line {number} ({' '.join(up.split())[:60]!r}) does not fit the columns of the IPADDR {ip} table")
        status = row["STATUS"]
        d.rows.append(SysplexRow(ip, row["TCPNAME"], row["MVSNAME"], status, number, _int(row.get("RANK")), row.get("DIST", ""), origin))
    if not d.rows and not trailer:
        raise DisplayError("no IPADDR block with stack rows and no 'RECORDS DISPLAYED' trailer; the response looks cut off")
    return d


def _group(resp: Response) -> SysplexGroup:
    d = start(resp, SysplexGroup, "tcpip-group")
    for number, text in resp.lines:
        up = text.upper()
        m = _GROUP.search(up) or _GROUP_IS.search(up)
        if m:
            d.group, d.group_line = m.group(1), number
            break
    if d.group is None:
        raise DisplayError("no TCP/IP sysplex group name (EZBT...) in the response; it looks cut off")
    return d
