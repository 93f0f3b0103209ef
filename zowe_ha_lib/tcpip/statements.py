"""Typed TCP/IP profile statements and the findings made about them.

The parser turns token streams into these dataclasses; lint, the failover
model and the record comparison read only these, never tokens. Each statement
keeps the file and line where it starts so that every finding can point at
the text a person has to change. Addresses are normalised (no leading zeros);
an address that holds a system symbol such as ``&SYSCLONE.`` is kept verbatim,
because its value is only known on the running system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rules import RULES, SEVERITIES

_LONG_WORD = re.compile(r"\S{81,}")


@dataclass(frozen=True)
class LintFinding:
    """One thing worth telling about profile text.

    ``severity`` follows the contract: ``error`` when z/OS would reject or
    ignore the text (or the design cannot work), ``warning`` when it is
    accepted but risky or the rule rests on an UNSURE fact, ``info`` otherwise.
    """

    severity: str
    rule: str
    file: str
    line: int | None
    message: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"bad severity {self.severity!r}")
        if self.rule not in RULES:  # every rule is in the catalogue (tcpip/rules.py)
            raise ValueError(f"rule {self.rule!r} is not in the rule catalogue")
        # A message quotes profile text; a runaway token (a megabyte without a blank) is shown shortened.
        object.__setattr__(self, "message", _LONG_WORD.sub(lambda m: m[0][:60] + "...", self.message))

    def to_json(self) -> dict:
        return {"severity": self.severity, "rule": self.rule, "file": self.file, "line": self.line, "message": self.message}

    def __str__(self) -> str:
        loc = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{loc}: {self.severity}: {self.rule}: {self.message}"


def finding(rule_id: str, file: str, line: int | None, specific: str, severity: str | None = None) -> LintFinding:
    """A finding of a catalogue rule: the specific part, then the rule's standing advice.

    ``severity`` overrides the rule's usual one in the few cases the
    catalogue names (see :mod:`.rules`).
    """
    entry = RULES[rule_id]
    return LintFinding(severity or entry.severity, rule_id, file, line, entry.text(specific))


def is_symbolic(text: str) -> bool:
    """True for a value that holds a system symbol (resolved only on z/OS)."""
    return "&" in text


@dataclass
class Statement:
    """Common part of every statement.

    ``block`` numbers the VIPADYNAMIC block the statement sits in (None at top
    level). ``ignored_by`` is the line of an earlier syntax error that made
    z/OS stop reading this block, so this statement never takes effect.
    """

    file: str
    line: int
    block: int | None = field(default=None, kw_only=True)
    ignored_by: int | None = field(default=None, kw_only=True)

    @property
    def keyword(self) -> str:
        return type(self).__name__.upper()


@dataclass
class IpConfig(Statement):
    """``IPCONFIG``: only the parts the kit needs (dynamic XCF, sysplex routing)."""

    dynamic_xcf: str | None = None
    mask_bits: int | None = None
    cost: int | None = None
    sysplexrouting: bool | None = None
    nodynamicxcf: bool = False


@dataclass
class IpConfig6(Statement):
    """``IPCONFIG6 DYNAMICXCF ipv6_addr[/prefix] [INTFID id]``."""

    dynamic_xcf: str | None = None
    prefix_len: int | None = None
    intfid: str | None = None
    nodynamicxcf: bool = False


@dataclass
class VipaDynamic(Statement):
    """Start of a ``VIPADYNAMIC`` block; ``end_line`` is its ENDVIPADYNAMIC (None if missing)."""

    end_line: int | None = None


@dataclass
class VipaDefine(Statement):
    """``VIPADEFINE``: DVIPAs this stack owns at start."""

    addresses: tuple[str, ...] = ()
    mask: str | None = None
    moveable: str | None = None  # IMMEDIATE, WHENIDLE or None (not coded)
    tier: str | None = None
    cpcscope: bool = False
    servicemgr: bool = False
    interface: str | None = None  # IPv6 form: the interface name
    ip_version: int = 4


@dataclass
class VipaBackup(Statement):
    """``VIPABACKUP``: DVIPAs this stack takes over; ``rank`` default 1 (CONFIRMED)."""

    addresses: tuple[str, ...] = ()
    rank: int = 1
    rank_given: bool = False
    mask: str | None = None
    mask_as_address: str | None = None  # a mask written without MOVEABLE: z/OS reads it as an address
    moveable: str | None = None
    tier: str | None = None
    cpcscope: bool = False
    servicemgr: bool = False
    interface: str | None = None
    ip_version: int = 4


@dataclass
class VipaDelete(Statement):
    """``VIPADELETE addr|ipv6_intfname``: undoes an earlier VIPADEFINE/VIPABACKUP."""

    address: str = ""


@dataclass(frozen=True)
class DestIp:
    """One DESTIP entry; ``role`` is preferred, backup, weight or None (plain)."""

    address: str
    line: int
    role: str | None = None
    rank: int | None = None
    weight: int | None = None


@dataclass
class VipaDistribute(Statement):
    """``VIPADISTRIBUTE``: distribution of a DVIPA's ports to target stacks.

    ``method`` is None when DISTMETHOD is not coded (z/OS then uses BASEWLM);
    ``autoswitchback``/``healthswitch`` are None when not coded (default: on).
    ``hotstandby_keywords`` lists (keyword, line) of every HOTSTANDBY-only
    keyword given, for the EZZ0831I rule.
    """

    action: str = "DEFINE"
    dvipa: str = ""
    interface: str | None = None
    method: str | None = None
    autoswitchback: bool | None = None
    healthswitch: bool | None = None
    sysplexports: bool = False
    timedaffinity: int | None = None
    optlocal: int | None = None
    ports: tuple[int, ...] = ()
    destip_all: bool = False
    targets: tuple[DestIp, ...] = ()
    hotstandby_keywords: tuple[tuple[str, int], ...] = ()
    ip_version: int = 4

    @property
    def effective_method(self) -> str:
        return self.method or "BASEWLM"


@dataclass
class Skipped(Statement):
    """A statement the kit does not model (DEVICE, LINK, PORT, AUTOLOG ... ENDAUTOLOG, VIPARANGE ...)."""

    name: str = ""
    end_line: int | None = None


@dataclass(frozen=True)
class Include:
    """One INCLUDE statement: the data set as written, where it was, and the file read for it.

    ``found`` is None when no file matched: the stack may then hold
    statements the kit never saw, and lint says so instead of reporting
    them missing.
    """

    dataset: str
    file: str
    line: int
    found: str | None


@dataclass
class Profile:
    """One parsed profile (one TCP/IP stack): its statements and what parsing found.

    ``includes`` lists every INCLUDE met while reading it (nested ones too);
    statements and findings from an included member carry that member's file.
    """

    file: str
    statements: list[Statement] = field(default_factory=list)
    findings: list[LintFinding] = field(default_factory=list)
    lines: int = 0
    tokens: int = 0
    includes: list[Include] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Include]:
        """The INCLUDEs that could not be read: what they hold is unknown."""
        return [inc for inc in self.includes if inc.found is None]

    @property
    def files(self) -> list[str]:
        """This profile's file and every member it included."""
        return [self.file, *(inc.found for inc in self.includes if inc.found)]

    @property
    def ipconfigs(self) -> list[IpConfig]:
        return [s for s in self.statements if isinstance(s, IpConfig)]

    @property
    def dynamic_xcf(self) -> str | None:
        """The stack's IPv4 dynamic XCF address (the last one coded wins), else its IPv6 one."""
        found = [s.dynamic_xcf for s in self.statements if isinstance(s, IpConfig) and s.dynamic_xcf]
        if found:
            return found[-1]
        found6 = [s.dynamic_xcf for s in self.statements if isinstance(s, IpConfig6) and s.dynamic_xcf]
        return found6[-1] if found6 else None

    @property
    def dynamic_xcf_statement(self) -> IpConfig | IpConfig6 | None:
        found = [s for s in self.statements if isinstance(s, IpConfig | IpConfig6) and s.dynamic_xcf]
        v4 = [s for s in found if isinstance(s, IpConfig)]
        return (v4 or found or [None])[-1]

    @property
    def sysplexrouting(self) -> bool:
        """True when some IPCONFIG codes SYSPLEXROUTING (and no later one turns it off)."""
        value = False
        for s in self.statements:
            if isinstance(s, IpConfig) and s.sysplexrouting is not None:
                value = s.sysplexrouting
        return value
