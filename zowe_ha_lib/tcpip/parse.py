"""Parse TCP/IP profile text into typed statements.

Only what the Zowe HA design needs is modelled: ``IPCONFIG``/``IPCONFIG6``
(dynamic XCF, sysplex routing) and the ``VIPADYNAMIC`` block (VIPADEFINE,
VIPABACKUP, VIPADELETE, VIPADISTRIBUTE). Everything else is recognised only
well enough to be *skipped* without being misread: an unmodelled statement
runs to the next statement name, and block statements such as AUTOLOG run to
their END keyword (without it z/OS reads the rest of the profile as part of
them, and so does this parser).

Inside VIPADYNAMIC a syntax error ends z/OS's processing of the block: the
statements before it are applied, the rest are ignored. The parser mirrors
that by marking every later statement of the block with ``ignored_by``.

Keywords accept IBM's abbreviations: the capital letters of the syntax
diagram (``VIPADISTribute``, ``DISTMethod``) are the minimum.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ..record import addresses
from ..util.errors import InputError, Problem
from .include import find_member, where_looked
from .statements import (
    DestIp,
    Include,
    IpConfig,
    IpConfig6,
    LintFinding,
    Profile,
    Skipped,
    Statement,
    VipaBackup,
    VipaDefine,
    VipaDelete,
    VipaDistribute,
    VipaDynamic,
    finding,
    is_symbolic,
)
from .tokens import Token, tokenize

MAX_BYTES = 20_000_000

# Profiles repeat the same few addresses and masks many times; remember them.
parse_ipv4 = lru_cache(maxsize=4096)(addresses.parse_ipv4)
mask_bits = lru_cache(maxsize=1024)(addresses.mask_bits)
normalise_mask = lru_cache(maxsize=1024)(addresses.normalise_mask)
parse_ip = addresses.parse_ip


def abbreviations(*spellings: str) -> dict[str, str]:
    """Every accepted spelling -> the full keyword.

    A spelling is written as in IBM's syntax diagrams: the leading capitals
    (and digits) are the shortest accepted form, e.g. ``DISTMethod`` accepts
    DISTM, DISTME ... DISTMETHOD.
    """
    table: dict[str, str] = {}
    for spelling in spellings:
        minimum = len(spelling) - len(spelling.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        full = spelling.upper()
        for n in range(max(minimum, 1), len(full) + 1):
            if table.get(full[:n], full) != full:
                raise ValueError(f"abbreviation {full[:n]} is ambiguous")
            table[full[:n]] = full
    return table


# Statements of the VIPADYNAMIC block (and the block's own delimiters).
BLOCK = abbreviations(
    "VIPADynamic", "ENDVIPADynamic", "VIPADEFine", "VIPABackup", "VIPADELete", "VIPADISTribute",
    "VIPARange", "VIPAROUTE", "VIPASMparms", "VIPAPOLicy",
)
_UNMODELLED_BLOCK = {"VIPARANGE", "VIPAROUTE", "VIPASMPARMS", "VIPAPOLICY"}
# Top-level statement names that are parameters inside the block: PORT of VIPADISTRIBUTE, DELETE of
# VIPARANGE/VIPAROUTE/VIPADISTRIBUTE (``VIPARANGE DELETE mask addr`` is IBM's own syntax). A top-level
# DELETE statement is not valid inside VIPADYNAMIC, so reading them as parameters there loses nothing.
_BLOCK_PARAMETERS = {"PORT", "DELETE"}

# Statements that run to an END keyword.
TERMINATED = {
    "AUTOLOG": "ENDAUTOLOG",
    "BEGINROUTES": "ENDROUTES",
    "BSDROUTINGPARMS": "ENDBSDROUTINGPARMS",
    "BEGINVTAM": "ENDVTAM",
    "TELNETPARMS": "ENDTELNETPARMS",
    "TELNETGLOBALS": "ENDTELNETGLOBALS",
    "SRCIP": "ENDSRCIP",
    "NETACCESS": "ENDNETACCESS",
    "IPSEC": "ENDIPSEC",
    "ASSORTEDPARMS": "ENDASSORTEDPARMS",
    "KEEPALIVEOPTIONS": "ENDKEEPALIVEOPTIONS",
    "DEFADDRTABLE": "ENDDEFADDRTABLE",
}

# Other top-level statements of PROFILE.TCPIP (not modelled, only skipped).
_OTHER = (
    "ARPAGE", "ATMARPSV", "ATMLIS", "ATMPVC", "DEFAULTIPSECURITY", "DELETE", "DEVICE", "GATEWAY",
    "GLOBALCONFIG", "HOME", "INCLUDE", "INTERFACE", "ITRACE", "LINK", "MTU", "NETMONITOR", "OSAENTA",
    "PKTTRACE", "PORT", "PORTRANGE", "PRIMARYINTERFACE", "SACONFIG", "SMFCONFIG", "SMFPARMS", "SOMAXCONN",
    "START", "STOP", "TCPCONFIG", "TRANSLATE", "UDPCONFIG", "IPSECURITY", "ROUTESA",
    "IPCONFIG", "IPCONFIG6", *TERMINATED, *TERMINATED.values(),
)
TOP: dict[str, str] = {**BLOCK, **{name: name for name in _OTHER}}
# What DELETE deletes: its first argument names a statement but is not one.
_DELETE_OBJECTS = {"DEVICE", "LINK", "PORT", "PORTRANGE", "INTERFACE", "ATMLIS", "ATMPVC", "ATMARPSV"}

_PLACEMENT = abbreviations("TIER1", "TIER2", "CPCSCOPE")
_MOVE = abbreviations("MOVEable")
_MOVE_HOW = abbreviations("IMMEDiate", "WHENIDLE", "NONDISRUPTive", "DISRUPTive")
_SERVICEMGR = abbreviations("SERVICEMGR")
_DEFINE_OPTIONS = {**_PLACEMENT, **_MOVE, **_SERVICEMGR}
_ACTION = abbreviations("DEFINE", "DELEte")
_DIST_OPTIONS = abbreviations(
    "DISTMethod", "OPTLOCAL", "NOOPTLOCAL", "SYSPLEXPorts", "TIMEDAFFinity", "AUTOSWITCHBACK",
    "NOAUTOSWITCHBACK", "HEALTHSWITCH", "NOHEALTHSWITCH", "TIER1", "TIER2", "PROCXCOST", "ILWEIGHTING",
    "PROCTYPE",
)
METHODS = abbreviations("BASEWLM", "ROUNDROBIN", "SERVERWLM", "WEIGHTEDActive", "HOTSTANDBY", "TARGCONTROLLED")
HOTSTANDBY_ONLY = ("PREFERRED", "BACKUP", "AUTOSWITCHBACK", "NOAUTOSWITCHBACK", "HEALTHSWITCH", "NOHEALTHSWITCH")


class _Syntax(Exception):
    """A syntax error inside a VIPADYNAMIC statement (ends the block for z/OS)."""

    def __init__(self, where: Token, message: str, rule: str = "vipadynamic-syntax"):
        super().__init__(message)
        self.where, self.message, self.rule = where, message, rule


def _addressish(token: Token | None) -> bool:
    """Could this token be an address (rather than a keyword or a name)?"""
    if token is None:
        return False
    first = token.value[0]
    return first.isdigit() or first == "&" or ":" in token.value


def _looks_like_mask(token: Token) -> bool:
    """A dotted value that is a valid, non-empty subnet mask (255.255.255.0, 255.255.0.0 ...)."""
    if not token.value.startswith("255."):
        return False
    try:
        return mask_bits(token.value) > 0
    except ValueError:
        return False


def _digits(token: Token | None) -> bool:
    return token is not None and token.value.isdigit() and token.value.isascii()


class _Parser:
    def __init__(self, tokens: list[Token], file: str):
        self.toks = tokens
        self.n = len(tokens)
        self.i = 0
        self.file = file
        self.statements: list[Statement] = []
        self.findings: list[LintFinding] = []
        self.block: VipaDynamic | None = None
        self.block_no = 0
        self.killed: tuple[int, str, str] | None = None  # (line, rule, message) of the block-ending error
        self.killed_count = 0

    # -- helpers --------------------------------------------------------
    def tok(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < self.n else None

    def finding(self, rule: str, where: Token | Statement | None, specific: str, severity: str | None = None) -> None:
        """A catalogue finding at a token's or statement's file and line (an included member's, too)."""
        file, line = (self.file, None) if where is None else (where.file, where.line)
        self.findings.append(finding(rule, file, line, specific, severity))

    def boundary(self, token: Token | None) -> bool:
        """End of the current statement's arguments: end of text or a statement name."""
        if token is None:
            return True
        if self.block is not None and token.value in _BLOCK_PARAMETERS:
            return False  # inside a block these are parameters (VIPADISTRIBUTE PORT, VIPARANGE DELETE ...)
        return token.value in TOP

    def skip_to_statement(self) -> None:
        self.i += 1
        while self.i < self.n and not self.boundary(self.toks[self.i]):
            self.i += 1

    def add(self, stmt: Statement) -> None:
        if self.block is not None:
            stmt.block = self.block_no
            if self.killed:
                stmt.ignored_by = self.killed[0].line
                self.killed_count += 1
        self.statements.append(stmt)

    # -- driver ---------------------------------------------------------
    def run(self) -> None:
        while self.i < self.n:
            if self.block is not None:
                self.block_statement()
            else:
                self.top_statement()
        if self.block is not None:
            self.finding("vipadynamic-not-ended", self.block, "VIPADYNAMIC has no ENDVIPADYNAMIC before the end of the file")
            self.close_block(None)

    def close_block(self, end_line: int | None) -> None:
        assert self.block is not None
        self.block.end_line = end_line
        if self.killed:
            where, rule, message = self.killed
            rest = f"the {self.killed_count} statement(s) after it in this block are ignored too" if self.killed_count else "nothing after it in this block is read"
            self.finding(rule, where, f"{message}; this statement is ignored and {rest}")
        self.block = None
        self.killed = None
        self.killed_count = 0

    def top_statement(self) -> None:
        tok = self.toks[self.i]
        name = TOP.get(tok.value)
        if name == "VIPADYNAMIC":
            self.block_no += 1
            self.block = VipaDynamic(tok.file, tok.line)
            self.block.block = self.block_no
            self.statements.append(self.block)
            self.i += 1
        elif name == "ENDVIPADYNAMIC":
            self.finding("endvipadynamic-without-vipadynamic", tok, f"{tok.text} without a VIPADYNAMIC before it")
            self.i += 1
        elif name in BLOCK.values():
            self.finding("vipa-outside-block", tok, f"{name} outside a VIPADYNAMIC ... ENDVIPADYNAMIC block")
            before = len(self.statements)
            self.vipa_statement(name, tok)
            for stmt in self.statements[before:]:
                stmt.ignored_by = tok.line
        elif name == "IPCONFIG":
            self.ipconfig(tok)
        elif name == "IPCONFIG6":
            self.ipconfig6(tok)
        elif name in TERMINATED:
            self.terminated(tok, name)
        elif name == "DELETE":
            nxt = self.tok(1)
            if nxt is not None and nxt.value in _DELETE_OBJECTS:
                self.i += 1
            self.skipped(tok, name)
        elif name:
            self.skipped(tok, name)
        else:
            self.finding("unknown-statement", tok, f"{tok.text!r} (column {tok.column}) is not a profile statement the kit knows")
            self.skipped(tok, tok.value)

    def skipped(self, tok: Token, name: str) -> None:
        self.statements.append(Skipped(tok.file, tok.line, name=name))
        self.skip_to_statement()

    def terminated(self, tok: Token, name: str) -> None:
        end = TERMINATED[name]
        j = self.i + 1
        while j < self.n and self.toks[j].value != end:
            j += 1
        if j >= self.n:
            swallowed = sorted({TOP[t.value] for t in self.toks[self.i + 1:] if t.value in TOP and t.value not in _DELETE_OBJECTS})
            what = f" (including {', '.join(swallowed[:6])})" if swallowed else ""
            self.finding("block-not-ended", tok, f"{name} has no {end} (what follows{what} becomes its parameters)")
            self.statements.append(Skipped(tok.file, tok.line, name=name))
            self.i = self.n
            return
        self.statements.append(Skipped(tok.file, tok.line, name=name, end_line=self.toks[j].line))
        self.i = j + 1

    # -- IPCONFIG ---------------------------------------------------------
    def ipconfig(self, start: Token) -> None:
        stmt = IpConfig(start.file, start.line)
        self.i += 1
        while not self.boundary(self.tok()):
            tok = self.toks[self.i]
            self.i += 1
            if tok.value == "DYNAMICXCF":
                self.dynamicxcf(stmt, tok)
            elif tok.value == "NODYNAMICXCF":
                stmt.nodynamicxcf = True
            elif tok.value == "SYSPLEXROUTING":
                stmt.sysplexrouting = True
            elif tok.value == "NOSYSPLEXROUTING":
                stmt.sysplexrouting = False
        self.statements.append(stmt)

    def dynamicxcf(self, stmt: IpConfig, kw: Token) -> None:
        def bad(message: str) -> None:
            self.finding("ipconfig-dynamicxcf-syntax", kw, f"IPCONFIG DYNAMICXCF {message}")
            while not self.boundary(self.tok()):
                self.i += 1

        addr_tok = self.tok()
        if self.boundary(addr_tok) or not _addressish(addr_tok):
            return bad("needs an address" + ("" if self.boundary(addr_tok) else f", not {addr_tok.text!r}"))
        self.i += 1
        text, _, glued_bits = addr_tok.value.partition("/")
        if is_symbolic(text):
            address = addr_tok.value.partition("/")[0]
        else:
            try:
                address = parse_ipv4(text)
            except ValueError as exc:
                return bad(str(exc))
        if glued_bits:
            mask_text = "/" + glued_bits
        else:
            mask_tok = self.tok()
            if self.boundary(mask_tok) or not (_addressish(mask_tok) or mask_tok.value.startswith("/")):
                return bad(f"{addr_tok.text} needs a subnet mask")
            mask_text = mask_tok.value
            self.i += 1
        if is_symbolic(mask_text):
            bits = None
        else:
            try:
                bits = mask_bits(mask_text)
            except ValueError as exc:
                return bad(str(exc))
        cost_tok = self.tok()
        if not _digits(cost_tok):
            return bad(f"{addr_tok.text} needs a cost metric (a number) after the mask")
        self.i += 1
        stmt.dynamic_xcf, stmt.mask_bits, stmt.cost = address, bits, int(cost_tok.value)
        if stmt.cost > 255:
            self.finding("ipconfig-dynamicxcf-cost", cost_tok, f"cost metric {stmt.cost} is above 255")

    def ipconfig6(self, start: Token) -> None:
        stmt = IpConfig6(start.file, start.line)
        self.i += 1
        while not self.boundary(self.tok()):
            tok = self.toks[self.i]
            self.i += 1
            if tok.value == "NODYNAMICXCF":
                stmt.nodynamicxcf = True
            elif tok.value == "DYNAMICXCF":
                addr = self.tok()
                if addr is None or self.boundary(addr) or not _addressish(addr):
                    self.finding("ipconfig-dynamicxcf-syntax", tok, "IPCONFIG6 DYNAMICXCF needs an IPv6 address")
                    continue
                self.i += 1
                text, _, prefix = addr.text.partition("/")
                try:
                    stmt.dynamic_xcf = text if is_symbolic(text) else parse_ip(text)[1]
                    if prefix:
                        stmt.prefix_len = int(prefix) if prefix.isdigit() else None
                except ValueError as exc:
                    self.finding("ipconfig-dynamicxcf-syntax", tok, f"IPCONFIG6 DYNAMICXCF: {exc}")
                    continue
                if self.tok() is not None and self.tok().value == "INTFID":
                    self.i += 1
                    if not self.boundary(self.tok()):
                        stmt.intfid = self.toks[self.i].text
                        self.i += 1
        self.statements.append(stmt)

    # -- VIPADYNAMIC block ----------------------------------------------
    def block_statement(self) -> None:
        tok = self.toks[self.i]
        name = BLOCK.get(tok.value)
        assert self.block is not None
        if name == "ENDVIPADYNAMIC":
            self.i += 1
            self.close_block(tok.line)
        elif name == "VIPADYNAMIC":
            self.kill(tok, f"VIPADYNAMIC inside the VIPADYNAMIC block opened at line {self.block.line} (is an ENDVIPADYNAMIC missing?)")
            self.i += 1
        elif name in _UNMODELLED_BLOCK:
            self.add(Skipped(tok.file, tok.line, name=name))
            self.skip_to_statement()
        elif name:
            self.vipa_statement(name, tok)
        elif tok.value in TOP and tok.value not in _BLOCK_PARAMETERS:
            self.finding("vipadynamic-not-ended", self.block,
                         f"VIPADYNAMIC has no ENDVIPADYNAMIC before {TOP[tok.value]} at line {tok.line} "
                         "(z/OS reads that statement as part of the block and rejects it)")
            self.close_block(None)
        else:
            self.kill(tok, f"{tok.text!r} (column {tok.column}) is not a VIPADYNAMIC statement")
            self.skip_to_statement()

    def kill(self, where: Token, message: str, rule: str = "vipadynamic-syntax") -> None:
        """Record a syntax error that ends z/OS's processing of this block."""
        if self.killed:  # z/OS stopped at the first one; later ones are never read
            self.killed_count += 1
            return
        self.killed = (where, rule, message)

    def vipa_statement(self, name: str, tok: Token) -> None:
        parse = {"VIPADEFINE": self.vipadefine, "VIPABACKUP": self.vipabackup,
                 "VIPADELETE": self.vipadelete, "VIPADISTRIBUTE": self.vipadistribute}.get(name)
        if parse is None:
            self.statements.append(Skipped(tok.file, tok.line, name=name))
            self.skip_to_statement()
            return
        self.i += 1
        try:
            stmt = parse(tok)
            self.expect_end(name, stmt)
        except _Syntax as exc:
            if self.block is not None:
                self.kill(exc.where, f"{name}: {exc.message}", exc.rule)
            else:
                self.finding(exc.rule, exc.where, f"{name}: {exc.message}")
            while not self.boundary(self.tok()):
                self.i += 1
            return
        self.add(stmt)

    def expect_end(self, name: str, stmt: Statement) -> None:
        tok = self.tok()
        if self.boundary(tok):
            return
        assert tok is not None
        if tok.value in ("PORT", "DESTIP"):
            raise _Syntax(tok, f"{tok.value} is out of place: the order is VIPADISTRIBUTE options, DVIPA, PORT ..., DESTIP ...", "vipa-parameter-order")
        options = _DIST_OPTIONS if name == "VIPADISTRIBUTE" else _DEFINE_OPTIONS
        if tok.value in options:
            where = "before the DVIPA" if name == "VIPADISTRIBUTE" else "before the mask and addresses"
            raise _Syntax(tok, f"{options[tok.value]} is out of order: {name} parameters go in the order of the syntax; code it {where}", "vipa-parameter-order")
        raise _Syntax(tok, f"unexpected {tok.text!r} (column {tok.column}) after the statement's last argument")

    # Addresses -----------------------------------------------------------
    def ipv4(self, tok: Token) -> str:
        if is_symbolic(tok.value):
            return tok.value
        if ":" in tok.value:
            raise _Syntax(tok, f"{tok.text} is an IPv6 address in an IPv4 statement", "mixed-ip-versions")
        try:
            return parse_ipv4(tok.value)
        except ValueError as exc:
            raise _Syntax(tok, str(exc)) from None

    def ipv6(self, tok: Token) -> str:
        text = tok.value.partition("/")[0]
        if is_symbolic(text):
            return text
        if ":" not in text:
            raise _Syntax(tok, f"{tok.text} is an IPv4 address in an IPv6 statement", "mixed-ip-versions")
        try:
            return parse_ip(text)[1]
        except ValueError as exc:
            raise _Syntax(tok, str(exc)) from None

    def mask(self, tok: Token) -> str:
        if is_symbolic(tok.value):
            return tok.value
        try:
            if mask_bits(tok.value) == 0:
                raise ValueError("an empty mask")
            return normalise_mask(tok.value)
        except ValueError:
            raise _Syntax(tok, f"{tok.text} is not a subnet mask (the mask comes before the addresses, e.g. 255.255.255.0)") from None

    def address_list(self, start: Token) -> tuple[str, ...]:
        out = []
        while _addressish(self.tok()):
            out.append(self.ipv4(self.toks[self.i]))
            self.i += 1
        if not out:
            found = self.tok()
            shown = "" if self.boundary(found) else f", not {found.text!r}"
            raise _Syntax(start, f"needs at least one IPv4 address{shown}")
        return tuple(out)

    def placement(self, stmt: VipaDefine | VipaBackup) -> None:
        tok = self.tok()
        if tok is not None and tok.value in _PLACEMENT:
            word = _PLACEMENT[tok.value]
            self.i += 1
            if word == "CPCSCOPE":
                stmt.cpcscope = True
            else:
                stmt.tier = word
                nxt = self.tok()
                if word == "TIER2" and nxt is not None and _PLACEMENT.get(nxt.value) == "CPCSCOPE":
                    stmt.cpcscope = True
                    self.i += 1

    def moveable(self, stmt: VipaDefine | VipaBackup) -> bool:
        tok = self.tok()
        if tok is None or tok.value not in _MOVE:
            return False
        self.i += 1
        how = self.tok()
        if how is None or _MOVE_HOW.get(how.value) not in ("IMMEDIATE", "WHENIDLE"):
            raise _Syntax(tok, "MOVEABLE must be followed by IMMEDIATE or WHENIDLE")
        stmt.moveable = _MOVE_HOW[how.value]
        self.i += 1
        svc = self.tok()
        if svc is not None and svc.value in _SERVICEMGR:
            stmt.servicemgr = True
            self.i += 1
        return True

    def ipv6_form(self, stmt: VipaDefine | VipaBackup, start: Token) -> None:
        name = self.toks[self.i]
        self.i += 1
        addr = self.tok()
        if addr is None or not _addressish(addr):
            raise _Syntax(start, f"the IPv6 form needs 'interface_name ipv6_address' ({name.text} has no address after it)")
        stmt.interface, stmt.ip_version = name.value, 6
        stmt.addresses = (self.ipv6(addr),)
        self.i += 1

    def vipadefine(self, start: Token) -> VipaDefine:
        stmt = VipaDefine(start.file, start.line)
        self.placement(stmt)
        if not self.moveable(stmt):
            svc = self.tok()
            if svc is not None and svc.value in _SERVICEMGR:
                stmt.servicemgr = True
                self.i += 1
        tok = self.tok()
        if self.boundary(tok):
            raise _Syntax(start, "needs a mask and at least one address (VIPADEFINE [MOVEABLE IMMEDIATE] mask address)")
        assert tok is not None
        if not _addressish(tok):
            if tok.value in _DEFINE_OPTIONS:
                raise _Syntax(tok, f"{_DEFINE_OPTIONS[tok.value]} is out of order (order: TIER/CPCSCOPE, MOVEABLE, SERVICEMGR, mask, addresses)", "vipa-parameter-order")
            self.ipv6_form(stmt, start)
            return stmt
        if ":" in tok.value:
            raise _Syntax(tok, "an IPv6 DVIPA is written 'interface_name ipv6_address'")
        stmt.mask = self.mask(tok)
        self.i += 1
        stmt.addresses = self.address_list(start)
        return stmt

    def vipabackup(self, start: Token) -> VipaBackup:
        stmt = VipaBackup(start.file, start.line)
        if _digits(self.tok()):
            stmt.rank, stmt.rank_given = int(self.toks[self.i].value), True
            self.i += 1
        self.placement(stmt)
        moveable = self.moveable(stmt)
        tok = self.tok()
        if self.boundary(tok):
            raise _Syntax(start, "needs the DVIPA (VIPABACKUP rank MOVEABLE IMMEDIATE mask address)")
        assert tok is not None
        if not _addressish(tok):
            if tok.value in _DEFINE_OPTIONS:
                raise _Syntax(tok, f"{_DEFINE_OPTIONS[tok.value]} is out of order (order: rank, TIER/CPCSCOPE, MOVEABLE, SERVICEMGR, mask, addresses)", "vipa-parameter-order")
            self.ipv6_form(stmt, start)
            return stmt
        if moveable:
            stmt.mask = self.mask(tok)
            self.i += 1
        elif _looks_like_mask(tok) and _addressish(self.tok(1)):
            # IBM's diagram has no mask without MOVEABLE: every token after the rank is an
            # address, so z/OS takes this one for a DVIPA. Read it as z/OS does; lint says so.
            stmt.mask_as_address = tok.text
        stmt.addresses = self.address_list(start)
        return stmt

    def vipadelete(self, start: Token) -> VipaDelete:
        tok = self.tok()
        if self.boundary(tok):
            raise _Syntax(start, "needs the DVIPA (or IPv6 interface name) to delete")
        assert tok is not None
        self.i += 1
        if ":" in tok.value:
            return VipaDelete(start.file, start.line, address=self.ipv6(tok))
        return VipaDelete(start.file, start.line, address=self.ipv4(tok) if _addressish(tok) else tok.value)

    def vipadistribute(self, start: Token) -> VipaDistribute:
        stmt = VipaDistribute(start.file, start.line)
        seen: dict[str, int] = {}
        hs: list[tuple[str, int]] = []
        tok = self.tok()
        if tok is not None and tok.value in _ACTION:
            stmt.action = _ACTION[tok.value]
            self.i += 1
        while True:
            tok = self.tok()
            if tok is None or self.boundary(tok):
                raise _Syntax(start, "needs the DVIPA, then PORT and DESTIP")
            word = _DIST_OPTIONS.get(tok.value)
            if word is None:
                break
            if word in seen:
                self.finding("vipadistribute-option-twice", tok,
                             f"{word} is coded twice in this VIPADISTRIBUTE (first on line {seen[word]})")
            seen[word] = tok.line
            self.i += 1
            self.dist_option(stmt, word, tok, hs)
        if _addressish(tok):
            if ":" in tok.value:
                raise _Syntax(tok, "an IPv6 VIPADISTRIBUTE names the DVIPA's interface (ipv6_intfname), not its address")
            stmt.dvipa = self.ipv4(tok)
        else:
            nxt = self.tok(1)
            if nxt is None or nxt.value not in ("PORT", "DESTIP") or tok.value in _ACTION:
                what = "is not a VIPADISTRIBUTE option" + (f" ({tok.text} is only valid first)" if tok.value in _ACTION else "")
                raise _Syntax(tok, f"{tok.text!r} (column {tok.column}) {what}")
            stmt.interface = stmt.dvipa = tok.value
            stmt.ip_version = 6
        self.i += 1
        if self.tok() is not None and self.tok().value == "PORT":
            self.i += 1
            stmt.ports = self.ports(start)
        tok = self.tok()
        if tok is not None and tok.value in _DIST_OPTIONS:
            raise _Syntax(tok, f"{_DIST_OPTIONS[tok.value]} is out of order: VIPADISTRIBUTE options go before the DVIPA", "vipa-parameter-order")
        if tok is None or tok.value != "DESTIP":
            shown = "the end of the file" if tok is None else repr(tok.text)
            raise _Syntax(tok or start, f"needs DESTIP after the DVIPA and ports, found {shown}")
        self.i += 1
        self.destips(stmt, tok, hs)
        if self.tok() is not None and self.tok().value == "PROCTYPE":
            self.i += 1
            while self.tok() is not None and self.tok().value in ("CP", "ZAAP", "ZIIP") and _digits(self.tok(1)):
                self.i += 2
        stmt.hotstandby_keywords = tuple(hs)
        return stmt

    def dist_option(self, stmt: VipaDistribute, word: str, tok: Token, hs: list[tuple[str, int]]) -> None:
        if word == "DISTMETHOD":
            m = self.tok()
            if m is None or m.value not in METHODS:
                shown = m.text if m is not None else "nothing"
                raise _Syntax(tok, f"DISTMETHOD needs BASEWLM, ROUNDROBIN, SERVERWLM, WEIGHTEDACTIVE, HOTSTANDBY or TARGCONTROLLED, not {shown}")
            stmt.method = METHODS[m.value]
            self.i += 1
        elif word in ("AUTOSWITCHBACK", "NOAUTOSWITCHBACK"):
            stmt.autoswitchback = word == "AUTOSWITCHBACK"
            hs.append((word, tok.line))
        elif word in ("HEALTHSWITCH", "NOHEALTHSWITCH"):
            stmt.healthswitch = word == "HEALTHSWITCH"
            hs.append((word, tok.line))
        elif word == "SYSPLEXPORTS":
            stmt.sysplexports = True
        elif word == "NOOPTLOCAL":
            stmt.optlocal = None
        elif word == "OPTLOCAL":
            stmt.optlocal = 1
            if _digits(self.tok()):
                stmt.optlocal = int(self.toks[self.i].value)
                self.i += 1
        elif word == "TIMEDAFFINITY":
            if not _digits(self.tok()):
                raise _Syntax(tok, "TIMEDAFFINITY needs a number of seconds")
            stmt.timedaffinity = int(self.toks[self.i].value)
            self.i += 1
        elif word in ("TIER1", "TIER2"):
            if self.boundary(self.tok()):
                raise _Syntax(tok, f"{word} needs a group name")
            self.i += 1
            while self.tok() is not None and self.tok().value in ("GRE", "ENCAP", "CONTROLPORT"):
                self.i += 2 if self.tok().value == "CONTROLPORT" else 1
        elif word == "PROCTYPE":  # the BASEWLM options: PROCTYPE CP n ZAAP n ZIIP n, before the DVIPA
            while self.tok() is not None and self.tok().value in ("CP", "ZAAP", "ZIIP") and _digits(self.tok(1)):
                self.i += 2
        elif word == "PROCXCOST":
            while self.tok() is not None and self.tok().value in ("ZIIP", "ZAAP") and _digits(self.tok(1)):
                self.i += 2
        elif word == "ILWEIGHTING" and _digits(self.tok()):
            self.i += 1

    def ports(self, start: Token) -> tuple[int, ...]:
        out: list[int] = []
        while self.tok() is not None and self.tok().value[0].isdigit():
            tok = self.toks[self.i]
            lo, dash, hi = tok.value.partition("-")
            if not lo.isdigit() or not lo.isascii() or (dash and not (hi.isdigit() and hi.isascii())):
                raise _Syntax(tok, f"{tok.text} is not a port or a port range (n or n-m)")
            first, last = int(lo), int(hi) if dash else int(lo)
            if not (1 <= first <= 65535 and 1 <= last <= 65535) or last < first:
                raise _Syntax(tok, f"{tok.text}: ports are 1-65535 and a range goes from low to high")
            out.extend(range(first, last + 1))
            self.i += 1
        if not out:
            raise _Syntax(start, "PORT needs at least one port number")
        return tuple(out)

    def destips(self, stmt: VipaDistribute, destip: Token, hs: list[tuple[str, int]]) -> None:
        tok = self.tok()
        if tok is not None and tok.value == "ALL":
            stmt.destip_all = True
            self.i += 1
            return
        targets: list[DestIp] = []
        while _addressish(self.tok()):
            tok = self.toks[self.i]
            self.i += 1
            addr = self.ipv4(tok) if stmt.ip_version == 4 else self.ipv6(tok)
            role: str | None = None
            rank = weight = None
            word = self.tok()
            if word is not None and word.value == "PREFERRED":
                role = "preferred"
                hs.append(("PREFERRED", word.line))
                self.i += 1
            elif word is not None and word.value == "BACKUP":
                role = "backup"
                hs.append(("BACKUP", word.line))
                self.i += 1
                if _digits(self.tok()):
                    rank = int(self.toks[self.i].value)
                    self.i += 1
            elif word is not None and word.value == "WEIGHT":
                role = "weight"
                self.i += 1
                if not _digits(self.tok()):
                    raise _Syntax(word, "WEIGHT needs a number")
                weight = int(self.toks[self.i].value)
                self.i += 1
            targets.append(DestIp(addr, tok.line, role, rank, weight))
        if not targets:
            found = "nothing" if self.tok() is None else repr(self.tok().text)
            raise _Syntax(destip, f"DESTIP needs ALL or at least one dynamic XCF address, found {found}")
        stmt.targets = tuple(targets)


class _Includer:
    """Splices INCLUDEd members into the token stream, the way z/OS reads them in place.

    Every INCLUDE token is a statement start for the parser (it is in TOP),
    so replacing ``INCLUDE dsn`` by the member's tokens before parsing reads
    exactly what z/OS reads. Each member's tokens keep their own file and
    line, so findings point into the member. Nested INCLUDEs are followed; an
    INCLUDE that names a member already being read is a cycle and is reported
    with the chain. The bytes read over all members are bounded like one
    profile, so no arrangement of includes can make the kit read forever.
    """

    def __init__(self, include_dirs: Sequence[str | os.PathLike[str]]):
        self.include_dirs = list(include_dirs)
        self.findings: list[LintFinding] = []
        self.includes: list[Include] = []
        self.budget = MAX_BYTES
        self.lines = 0

    def expand(self, tokens: list[Token], beside: Path | None, chain: tuple[tuple[Path, str], ...]) -> list[Token]:
        out: list[Token] = []
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            if tok.value != "INCLUDE":
                out.append(tok)
                i += 1
                continue
            nxt = tokens[i + 1] if i + 1 < n else None
            if nxt is None or nxt.value in TOP:
                self.findings.append(finding("include-not-found", tok.file, tok.line, "INCLUDE without a data set name"))
                i += 1
                continue
            i += 2
            out += self.member(tok, nxt.text, beside, chain)
        return out

    def member(self, tok: Token, dataset: str, beside: Path | None, chain: tuple[tuple[Path, str], ...]) -> list[Token]:
        folders = [*self.include_dirs, *([beside] if beside is not None else [])]
        path = find_member(dataset, folders)
        if path is None:
            self.includes.append(Include(dataset, tok.file, tok.line, None))
            self.findings.append(finding("include-not-found", tok.file, tok.line,
                                         f"INCLUDE {dataset}: no file for it ({where_looked(folders)})"))
            return []
        real = path.resolve()
        display = str(path)
        if any(real == seen for seen, _name in chain):
            # file names only: the finding's own location carries the full path
            names = " -> ".join(Path(name).name for name in [*(name for _seen, name in chain), display])
            self.findings.append(finding("include-cycle", tok.file, tok.line,
                                         f"INCLUDE {dataset} reads {path.name}, which is already being read: {names}"))
            return []
        self.includes.append(Include(dataset, tok.file, tok.line, display))
        text = read_profile_text(path, display)
        self.budget -= len(text)
        if self.budget < 0:
            raise InputError(Problem(display, None, "", f"the INCLUDEd members together are larger than {MAX_BYTES} bytes"))
        self.lines += _line_count(text)
        tokens, hygiene = tokenize(text, display)
        self.findings += hygiene
        return self.expand(tokens, path.parent, (*chain, (real, display)))


def _line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def parse_profile(text: str, file: str, *, include_dirs: Sequence[str | os.PathLike[str]] = (),
                  beside: str | os.PathLike[str] | None = None) -> Profile:
    """Parse one profile's text, following its INCLUDEs; problems become findings.

    INCLUDEd members are looked for in ``include_dirs`` and then in
    ``beside`` (the folder of the profile's file; None for text that is not
    a file, whose INCLUDEs are then reported as not found). It never raises
    for any ``str`` unless an included member cannot be read (InputError
    naming that member).
    """
    tokens, hygiene = tokenize(text, file)
    includer = _Includer(include_dirs)
    folder = Path(beside) if beside is not None else None
    start = ((Path(file).resolve(), file),) if beside is not None else ()
    tokens = includer.expand(tokens, folder, start)
    parser = _Parser(tokens, file)
    parser.run()
    profile = Profile(file=file, statements=parser.statements, findings=hygiene + includer.findings + parser.findings,
                      lines=_line_count(text) + includer.lines, tokens=len(tokens), includes=includer.includes)
    order = {name: i for i, name in enumerate(profile.files)}
    profile.findings.sort(key=lambda f: (order.get(f.file, 0), f.line or 0))
    return profile


def read_profile_text(path: str | os.PathLike[str], display: str | None = None) -> str:
    """Text of a profile file, or InputError for a missing, unreadable or binary file."""
    name = display or str(path) or "''"  # an empty argument is still named
    try:
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            # Opening a pipe waits for a writer; refuse pipes and devices up front.
            raise InputError(Problem(name, None, "", "not a regular file (a pipe or a device?); expected a TCP/IP profile text file"))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem(name, None, "", "no such file")) from None
    except IsADirectoryError:
        raise InputError(Problem(name, None, "", "is a folder, expected a TCP/IP profile text file")) from None
    except OSError as exc:
        raise InputError(Problem(name, None, "", f"cannot read: {exc.strerror}")) from None
    if len(raw) > MAX_BYTES:
        raise InputError(Problem(name, None, "", f"larger than {MAX_BYTES} bytes; is this really a TCP/IP profile?"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(Problem(name, line, "", "contains a NUL byte; is this a binary file? (transfer profiles from z/OS as text)"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(name, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                    "is this a binary or EBCDIC file? (transfer profiles from z/OS as text)")
        ) from None


def parse_files(paths: Iterable[str | os.PathLike[str]], include_dirs: Sequence[str | os.PathLike[str]] = ()) -> list[Profile]:
    """Parse several profile files (the stacks of one sysplex); InputError lists every unreadable file.

    INCLUDEs are followed into ``include_dirs`` and then beside each file.
    """
    profiles: list[Profile] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            info = None  # read_profile_text names the problem
        if info is not None and stat.S_ISREG(info.st_mode):
            # One file under two names is not two stacks: its addresses would clash with themselves.
            key = (info.st_dev, info.st_ino)
            if key in seen:
                problems.append(Problem(str(path), None, "", f"given twice (also as {seen[key]}); give each stack's profile once"))
                continue
            seen[key] = str(path)
        try:
            text = read_profile_text(path)
            profiles.append(parse_profile(text, str(path), include_dirs=include_dirs, beside=Path(path).parent))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return profiles
