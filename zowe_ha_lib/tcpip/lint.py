"""Lint TCP/IP profiles: one stack's rules, the sysplex's rules, and the change record.

Three layers, run in this order:

1. **One stack.** Walk each profile's statements the way z/OS processes them
   and keep only what takes effect: a VIPADISTRIBUTE that breaks a
   hot-standby rule (EZZ0826I, EZZ0827I, EZZ0829I, EZZ0830I, EZZ0165I) is
   rejected; one that uses a HOTSTANDBY-only keyword with another method
   (EZZ0831I) also ends the VIPADYNAMIC block, so every later statement of
   the block is dropped; a second VIPADEFINE/VIPABACKUP of a DVIPA without
   VIPADELETE is rejected. Later checks see only the effective statements.
2. **The sysplex** (several files are the stacks of one sysplex): DESTIPs are
   dynamic XCF addresses of the stacks, one VIPADEFINE owner per distributed
   DVIPA (two owners is a warning: z/OS settles it by takeback), some other
   stack backs it up with VIPABACKUP, and a backup stack that codes its own
   VIPADISTRIBUTE codes the owner's. A backup stack without one inherits the
   owner's distribution when it takes over (IBM), so that alone is no
   finding; only a backup that can create the DVIPA while the owner is down
   has nothing to inherit, which is noted.
3. **The change record** (``--change``): ports, targets, preferred, backup
   order, switchback and health switch, VIPADEFINE owner and VIPABACKUP
   stacks. A file is matched to a system by its DYNAMICXCF address.

``LintResult.distributions`` is the effective hot-standby model in contract
section 7's shape; ``LintResult.ownership`` says, per DVIPA, which stack
owns it and which stacks take it over at what rank; the failover model reads
both.

Every rule's standing text is in the catalogue (:mod:`.rules`); the code here
writes only the specific part. When a profile has an INCLUDE the kit could not
read, a finding that would claim a statement is *missing* (which that include
could hold) is lowered one severity and says so (:meth:`_Linter.missing`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from ..record.addresses import in_subnet, mask_bits
from ..record.model import ChangeRecord
from .rules import RULES
from .statements import (
    IpConfig,
    LintFinding,
    Profile,
    Statement,
    VipaBackup,
    VipaDefine,
    VipaDelete,
    VipaDistribute,
    VipaDynamic,
    finding,
    is_symbolic,
)

MAX_BACKUPS = 31
PORT_WARN = 64

__all__ = ["LintFinding", "LintResult", "lint"]


_WEAKER = {"error": "warning", "warning": "info", "info": "info"}


@dataclass
class LintResult:
    findings: list[LintFinding]
    distributions: list[dict]
    # DVIPA -> {"owner": xcf or None, "owner_moveable": ..., "backups": [{"stack", "rank", "distributes", "creates"}]}
    ownership: dict[str, dict] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"findings": [f.to_json() for f in self.findings], "distributions": self.distributions}

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in ("error", "warning", "info")}

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


@dataclass
class _Dist:
    """An effective VIPADISTRIBUTE on one stack (ports may shrink when redefined or deleted)."""

    stmt: VipaDistribute
    dvipa: str  # the address (IPv6: resolved from the interface name)
    ports: tuple[int, ...]


@dataclass
class _Stack:
    """What one profile leaves in effect."""

    profile: Profile
    index: int
    xcf: str | None = None
    defines: dict[str, VipaDefine] = field(default_factory=dict)
    backups: dict[str, VipaBackup] = field(default_factory=dict)
    by_dvipa: dict[str, list[_Dist]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.profile.file

    def dists_for(self, dvipa: str) -> list[_Dist]:
        return self.by_dvipa.get(dvipa, [])

    @property
    def dists(self) -> list[_Dist]:
        return [d for group in self.by_dvipa.values() for d in group]


class _Linter:
    def __init__(self, profiles: list[Profile], record: ChangeRecord | None):
        self.profiles = profiles
        self.record = record
        self.out: list[LintFinding] = []

    def add(self, rule: str, file: str, line: int | None, specific: str, severity: str | None = None) -> None:
        self.out.append(finding(rule, file, line, specific, severity))

    def missing(self, stacks: list[_Stack], rule: str, file: str, line: int | None, specific: str,
                severity: str | None = None) -> None:
        """A finding that says a statement is missing, one severity lower when an unread INCLUDE could hold it."""
        unread = [inc for st in stacks for inc in st.profile.unresolved]
        if not unread:
            self.add(rule, file, line, specific, severity)
            return
        inc = unread[0]
        more = f" or {len(unread) - 1} other unread INCLUDE(s)" if len(unread) > 1 else ""
        note = (f" (unless INCLUDE {inc.dataset} at {inc.file}:{inc.line}{more}, which the kit could not read, "
                "holds it)")
        self.add(rule, file, line, specific + note, _WEAKER[severity or RULES[rule].severity])

    # ------------------------------------------------------------------ one stack
    def walk(self, profile: Profile, index: int) -> _Stack:
        st = _Stack(profile, index, xcf=profile.dynamic_xcf)
        owned: dict[str, VipaDefine | VipaBackup] = {}  # DVIPA (or IPv6 interface name) -> statement
        interfaces: dict[str, str] = {}  # IPv6 interface name -> address
        distributed: set[str] = set()
        killed: dict[int, list] = {}  # block -> [statement, finding fields, count]
        for s in profile.statements:
            if isinstance(s, VipaDynamic):
                continue
            if s.ignored_by is not None:
                if s.block is not None:
                    self.ignored(s, s.ignored_by)
                continue
            if s.block is not None and s.block in killed:
                killed[s.block][2] += 1
                self.ignored(s, killed[s.block][0].line)
                continue
            if isinstance(s, VipaDefine | VipaBackup):
                self.define(st, s, owned, interfaces)
            elif isinstance(s, VipaDelete):
                key = s.address
                gone = owned.pop(key, None)
                if gone is None:
                    self.missing([st], "vipadelete-unknown", s.file, s.line,
                                 f"VIPADELETE {key}: no VIPADEFINE or VIPABACKUP for it earlier in this profile")
                    continue
                for addr in gone.addresses:
                    st.defines.pop(addr, None)
                    st.backups.pop(addr, None)
                    st.by_dvipa.pop(addr, None)
            elif isinstance(s, VipaDistribute):
                kill = self.distribute(st, s, owned, interfaces, distributed)
                if kill is not None and s.block is not None:
                    killed[s.block] = [s, kill, 0]
        for stmt, (rule, message), count in killed.values():
            rest = f"the {count} statement(s) after it in the block" if count else "any statement after it in the block"
            self.add(rule, stmt.file, stmt.line, f"{message}; z/OS ignores this VIPADISTRIBUTE and {rest}")
        return st

    def ignored(self, s: Statement, by: int) -> None:
        self.add("statement-ignored", s.file, s.line, f"{s.keyword} is ignored (the error is on line {by})")

    def define(self, st: _Stack, s: VipaDefine | VipaBackup, owned: dict, interfaces: dict[str, str]) -> None:
        kind = "VIPADEFINE" if isinstance(s, VipaDefine) else "VIPABACKUP"
        keys = (s.interface,) if s.interface else s.addresses
        for key in keys:
            if key in owned:
                first = owned[key]
                self.add("vipa-defined-twice", s.file, s.line,
                         f"{kind} {key}: already defined by {first.keyword} on line {first.line}")
                return
        if isinstance(s, VipaBackup):
            if not 1 <= s.rank <= 254:
                self.add("vipabackup-rank-range", s.file, s.line, f"VIPABACKUP rank {s.rank} is outside 1-254")
                return
            if s.mask_as_address is not None:
                real = list(s.addresses[1:]) or ["address"]
                self.add("vipabackup-mask-as-address", s.file, s.line,
                         f"VIPABACKUP {s.rank} {s.mask_as_address} {' '.join(real)}: z/OS reads {s.mask_as_address} "
                         f"as an address; write 'VIPABACKUP {s.rank} MOVEABLE IMMEDIATE {s.mask_as_address} "
                         f"{' '.join(real)}'")
            elif s.moveable != "IMMEDIATE" or (s.mask is None and s.interface is None):
                addr = s.addresses[0] if s.addresses else "address"
                self.add("vipabackup-not-moveable-immediate", s.file, s.line,
                         f"code 'VIPABACKUP {s.rank} MOVEABLE IMMEDIATE {s.mask or _mask_for(addr, st)} {addr}'")
        for key in keys:
            owned[key] = s
        for addr in s.addresses:
            (st.defines if isinstance(s, VipaDefine) else st.backups)[addr] = s
        if s.interface and s.addresses:
            interfaces[s.interface] = s.addresses[0]

    def distribute(self, st: _Stack, s: VipaDistribute, owned: dict, interfaces: dict[str, str], distributed: set[str]) -> tuple[str, str] | None:
        """Apply one VIPADISTRIBUTE; return (rule, message) when it ends the block (EZZ0831I)."""
        file, method = s.file, s.effective_method
        dvipa = interfaces.get(s.dvipa, s.dvipa) if s.interface else s.dvipa
        if s.action == "DELETE":
            remaining = []
            for d in st.dists_for(dvipa):
                ports = tuple(p for p in d.ports if s.ports and p not in s.ports)
                if ports:
                    remaining.append(_Dist(d.stmt, d.dvipa, ports))
            st.by_dvipa[dvipa] = remaining
            return None
        if method != "HOTSTANDBY" and s.hotstandby_keywords:
            word, line = s.hotstandby_keywords[0]
            how = f"DISTMETHOD {method}" if s.method else "no DISTMETHOD (so BASEWLM)"
            return ("hotstandby-keyword-without-hotstandby",
                    f"{word} (line {line}) is valid only with DISTMETHOD HOTSTANDBY but this VIPADISTRIBUTE has {how}")
        rejected = False
        if method == "HOTSTANDBY":
            rejected = self.hotstandby(s)
        if dvipa not in owned and s.dvipa not in owned:
            self.missing([st], "vipadistribute-without-vipa", file, s.line,
                         f"VIPADISTRIBUTE {s.dvipa}: no VIPADEFINE or VIPABACKUP for it earlier in this profile")
            rejected = True
        if s.sysplexports and dvipa in distributed:
            self.add("sysplexports-not-first", file, s.line,
                     f"SYSPLEXPORTS on a VIPADISTRIBUTE that is not the first for {dvipa}")
            rejected = True
        if len(s.ports) > PORT_WARN:
            self.add("too-many-ports", file, s.line, f"{len(s.ports)} ports on one VIPADISTRIBUTE")
        if rejected:
            return None
        distributed.add(dvipa)
        new_ports = set(s.ports)
        kept = []
        for d in st.dists_for(dvipa):
            if not s.ports or not d.ports or new_ports.intersection(d.ports):
                ports = tuple(p for p in d.ports if p not in new_ports) if s.ports and d.ports else ()
                if ports:
                    kept.append(_Dist(d.stmt, d.dvipa, ports))
            else:
                kept.append(d)
        st.by_dvipa[dvipa] = [*kept, _Dist(s, dvipa, s.ports)]
        return None

    def hotstandby(self, s: VipaDistribute) -> bool:
        """The HOTSTANDBY rules z/OS checks; True when z/OS rejects the statement."""
        file = s.file
        if s.destip_all:
            self.add("hotstandby-no-destip-all", file, s.line, f"VIPADISTRIBUTE {s.dvipa}: DESTIP ALL with DISTMETHOD HOTSTANDBY")
            return True
        rejected = False
        plain = [t for t in s.targets if t.role not in ("preferred", "backup")]
        for t in plain:
            what = "WEIGHT" if t.role == "weight" else "neither PREFERRED nor BACKUP"
            self.add("hotstandby-target-role", file, t.line, f"DESTIP {t.address} has {what}")
            rejected = True
        preferred = [t for t in s.targets if t.role == "preferred"]
        backups = [t for t in s.targets if t.role == "backup"]
        if len(preferred) != 1:
            where = preferred[1].line if len(preferred) > 1 else s.line
            count = "no PREFERRED target" if not preferred else f"{len(preferred)} PREFERRED targets"
            self.add("hotstandby-one-preferred", file, where, count)
            rejected = True
        if not backups:
            self.add("hotstandby-needs-backup", file, s.line, f"VIPADISTRIBUTE {s.dvipa}: no BACKUP target")
            rejected = True
        if len(backups) > MAX_BACKUPS:
            self.add("hotstandby-max-backups", file, backups[MAX_BACKUPS].line, f"{len(backups)} BACKUP targets")
            rejected = True
        seen: dict[str, int] = {}
        for t in s.targets:
            if t.address in seen:
                self.add("hotstandby-unique-targets", file, t.line,
                         f"DESTIP {t.address} is listed twice (first on line {seen[t.address]})")
                rejected = True
            seen.setdefault(t.address, t.line)
        for t in backups:
            if t.rank is not None and not 1 <= t.rank <= 254:
                self.add("backup-rank-range", file, t.line, f"BACKUP rank {t.rank} is outside 1-254")
        return rejected

    def stack_rules(self, st: _Stack, design: bool) -> None:
        """Rules about one stack's IPCONFIG; ``design`` is False when nothing here is distributed.

        z/OS runs a stack without DYNAMICXCF happily (IBM's own SAMPPROF codes none); it matters once a
        DVIPA is distributed (targets are named by it) or a record describes the design. Before that,
        a missing DYNAMICXCF is a warning, not an error.
        """
        profile = st.profile
        stmt = profile.dynamic_xcf_statement
        if stmt is None:
            if not any(f.rule == "ipconfig-dynamicxcf-syntax" for f in profile.findings):
                why = "" if design else " (no profile given distributes a DVIPA, so nothing needs it yet)"
                self.missing([st], "dynamicxcf-missing", profile.file, None, f"no IPCONFIG DYNAMICXCF{why}",
                             None if design else "warning")
        elif isinstance(stmt, IpConfig) and not profile.sysplexrouting:
            self.missing([st], "sysplexrouting-missing", stmt.file, stmt.line, "IPCONFIG without SYSPLEXROUTING")

    # ------------------------------------------------------------------ the sysplex
    def known_xcf(self, stacks: list[_Stack]) -> dict[str, str]:
        """Dynamic XCF address -> who has it (a file name or a record system)."""
        known: dict[str, str] = {}
        if self.record:
            for system in self.record.sysplex.systems:
                known[system.dynamic_xcf] = f"{system.name} (change record)"
        for st in stacks:
            if st.xcf:
                known[st.xcf] = st.file
        return known

    def sysplex(self, stacks: list[_Stack]) -> None:
        self.xcf_subnets(stacks)
        if len(stacks) < 2 and self.record is None:
            if stacks and stacks[0].dists:
                self.add("single-profile", stacks[0].file, None, "one profile")
            return
        seen: dict[str, _Stack] = {}
        for st in stacks:
            if st.xcf and not is_symbolic(st.xcf):
                if st.xcf in seen:
                    stmt = st.profile.dynamic_xcf_statement
                    self.add("dynamicxcf-duplicate", stmt.file if stmt else st.file, stmt.line if stmt else None,
                             f"DYNAMICXCF {st.xcf} is also the dynamic XCF address of {seen[st.xcf].file}")
                seen.setdefault(st.xcf, st)
        known = self.known_xcf(stacks)
        # A DESTIP may be the address of a stack whose IPCONFIG sits in an INCLUDE the kit could not read.
        unknown_xcf = [st for st in stacks if st.xcf is None]
        for st in stacks:
            for d in st.dists:
                for t in d.stmt.targets:
                    if not is_symbolic(t.address) and t.address not in known:
                        self.missing(unknown_xcf, "destip-not-dynamicxcf", d.stmt.file, t.line,
                                     f"DESTIP {t.address} is no stack's dynamic XCF address (known: {', '.join(known) or 'none'})")
        if len(stacks) < 2:
            return
        for dvipa in self.distributed(stacks):
            self.ownership(stacks, dvipa)

    def xcf_subnets(self, stacks: list[_Stack]) -> None:
        """A DVIPA inside some stack's dynamic XCF subnet (once per definition)."""
        subnets = []
        for st in stacks:
            stmt = st.profile.dynamic_xcf_statement
            if isinstance(stmt, IpConfig) and stmt.dynamic_xcf and stmt.mask_bits and not is_symbolic(stmt.dynamic_xcf):
                subnets.append((stmt.dynamic_xcf, stmt.mask_bits))
        if self.record:
            bits = mask_bits(self.record.sysplex.dynamic_xcf_mask)
            subnets += [(s.dynamic_xcf, bits) for s in self.record.sysplex.systems if s.ip_version == 4]
        for st in stacks:
            for dvipa, stmt in [*st.defines.items(), *st.backups.items()]:
                if isinstance(stmt, VipaBackup) and stmt.mask_as_address and stmt.addresses[0] == dvipa:
                    continue  # the mask read as an address: vipabackup-mask-as-address says so
                hit = next(((x, b) for x, b in subnets if in_subnet(dvipa, x, b)), None)
                if hit is not None:
                    self.add("dvipa-in-dynamicxcf-subnet", stmt.file, stmt.line,
                             f"DVIPA {dvipa} is inside the dynamic XCF subnet {hit[0]}/{hit[1]}")

    @staticmethod
    def distributed(stacks: list[_Stack]) -> list[str]:
        out: dict[str, None] = {}
        for st in stacks:
            out.update((dvipa, None) for dvipa, group in st.by_dvipa.items() if group)
        return list(out)

    def ownership(self, stacks: list[_Stack], dvipa: str) -> None:
        owners = [st for st in stacks if dvipa in st.defines]
        backups = [st for st in stacks if dvipa in st.backups and st not in owners]
        first_dist = next(st for st in stacks if st.dists_for(dvipa))
        for extra in owners[1:]:
            stmt = extra.defines[dvipa]
            self.add("dvipa-several-owners", stmt.file, stmt.line,
                     f"DVIPA {dvipa} is also defined with VIPADEFINE in {owners[0].file}")
        if not owners:
            stmt = first_dist.dists_for(dvipa)[0].stmt
            self.missing(stacks, "dvipa-no-owner", stmt.file, stmt.line, f"no stack defines DVIPA {dvipa} with VIPADEFINE")
            return
        owner = owners[0]
        if not backups:
            stmt = owner.defines[dvipa]
            self.missing(stacks, "dvipa-no-backup-stack", stmt.file, stmt.line,
                         f"no other stack holds a VIPABACKUP for distributed DVIPA {dvipa}; add "
                         f"'VIPABACKUP 100 MOVEABLE IMMEDIATE {stmt.mask or '255.255.255.255'} {dvipa}' (any rank 1-254; the "
                         "highest rank takes over first) to another stack's VIPADYNAMIC block")
            return
        want = sorted(_signature(d) for d in owner.dists_for(dvipa))
        for st in backups:
            have = sorted(_signature(d) for d in st.dists_for(dvipa))
            stmt = st.backups[dvipa]
            if not have:
                if stmt.moveable == "IMMEDIATE" and (stmt.mask is not None or stmt.interface is not None):
                    self.add("backup-starts-without-owner", stmt.file, stmt.line,
                             f"this stack backs up DVIPA {dvipa} (rank {stmt.rank}) and codes no VIPADISTRIBUTE for it")
            elif have != want:
                first = st.dists_for(dvipa)[0].stmt
                self.add("backup-stack-vipadistribute-differs", first.file, first.line,
                         f"the VIPADISTRIBUTE for {dvipa} differs from {owner.file}'s ({_describe_diff(want, have)})")

    def ownership_model(self, stacks: list[_Stack]) -> dict[str, dict]:
        """Per distributed DVIPA: the owner stack and the takeover stacks by rank (for the failover model)."""
        out: dict[str, dict] = {}
        for dvipa in self.distributed(stacks):
            owner = next((st for st in stacks if dvipa in st.defines), None)
            backups = sorted((st for st in stacks if dvipa in st.backups and st is not owner),
                             key=lambda st: (-st.backups[dvipa].rank, st.index))
            out[dvipa] = {
                "owner": owner.xcf if owner else None,
                "owner_moveable": (owner.defines[dvipa].moveable or "IMMEDIATE") if owner else None,
                "backups": [{"stack": st.xcf, "rank": st.backups[dvipa].rank, "distributes": bool(st.dists_for(dvipa)),
                             "creates": st.backups[dvipa].moveable == "IMMEDIATE"} for st in backups],
            }
        return out

    # ------------------------------------------------------------------ the change record
    def compare(self, stacks: list[_Stack], record: ChangeRecord) -> None:
        by_sys: dict[str, _Stack] = {}
        for st in stacks:
            system = record.system_by_xcf(st.xcf) if st.xcf else None
            if st.xcf and system is None:
                xstmt = st.profile.dynamic_xcf_statement
                self.add("record-unknown-stack", xstmt.file if xstmt else st.file, xstmt.line if xstmt else None,
                         f"DYNAMICXCF {st.xcf} is the address of no system of change record {record.id} "
                         f"({', '.join(f'{s.name} {s.dynamic_xcf}' for s in record.sysplex.systems)})")
            if system is None:
                continue
            if system.name in by_sys:
                continue
            by_sys[system.name] = st
            stmt = st.profile.dynamic_xcf_statement
            if isinstance(stmt, IpConfig) and stmt.mask_bits is not None:
                want_bits = mask_bits(record.sysplex.dynamic_xcf_mask)
                if stmt.mask_bits != want_bits or stmt.cost != record.sysplex.dynamic_xcf_cost:
                    self.add("record-dynamicxcf", stmt.file, stmt.line,
                             f"DYNAMICXCF mask /{stmt.mask_bits} cost {stmt.cost}; the record ({record.where('sysplex')}) says "
                             f"/{want_bits} cost {record.sysplex.dynamic_xcf_cost}")
        covered: set[tuple[int, str]] = set()
        for i, dist in enumerate(record.distributions):
            self.compare_distribution(record, i, dist, by_sys, covered)
        for st in by_sys.values():
            for d in st.dists:
                if (id(d.stmt), d.dvipa) not in covered:
                    self.add("record-extra-distribution", d.stmt.file, d.stmt.line,
                             f"VIPADISTRIBUTE {d.dvipa} port(s) {_ports(d.ports)} is not in change record {record.id}")

    def compare_distribution(self, record: ChangeRecord, i: int, dist, by_sys: dict[str, _Stack], covered: set) -> None:
        where = record.where("distributions", i)
        label = f"distribution {dist.name!r} ({where})"
        dvipa = dist.dvipa
        for name, st in by_sys.items():
            has = dvipa in st.defines
            if name == dist.distributor and not has:
                self.missing([st], "record-vipadefine-owner", st.file, None,
                         f"{label} makes {name} the owner of DVIPA {dvipa}, but this profile has no effective VIPADEFINE for it")
            elif name != dist.distributor and has:
                self.add("record-vipadefine-owner", st.defines[dvipa].file, st.defines[dvipa].line,
                         f"VIPADEFINE {dvipa} on {name}: {label} makes {dist.distributor} the owner; code VIPABACKUP here instead")
        ranks: list[tuple[str, int, _Stack]] = []
        for name in dist.distributor_backups:
            st = by_sys.get(name)
            if st is None:
                continue
            stmt = st.backups.get(dvipa)
            if stmt is None:
                self.missing([st], "record-vipabackup", st.file, None,
                         f"{label} makes {name} a backup of DVIPA {dvipa}, but this profile has no effective VIPABACKUP for it")
            else:
                ranks.append((name, stmt.rank, st))
        for name, st in by_sys.items():
            if dvipa in st.backups and name not in dist.distributor_backups:
                self.add("record-vipabackup", st.backups[dvipa].file, st.backups[dvipa].line,
                         f"VIPABACKUP {dvipa} on {name}, which {label} does not list in distributor_backups",
                         severity="warning")
        for (a, ra, _), (b, rb, st) in itertools.pairwise(ranks):
            if rb >= ra:
                self.add("record-vipabackup-order", st.backups[dvipa].file, st.backups[dvipa].line,
                         f"VIPABACKUP rank {rb} on {b} is not below {a}'s rank {ra}, but {label} puts {a} first")
        for name in (dist.distributor, *dist.distributor_backups):
            st = by_sys.get(name)
            if st is None:
                continue
            found = [d for d in st.dists_for(dvipa) if set(d.ports) & set(dist.ports) or not d.ports]
            for d in found:
                covered.add((id(d.stmt), d.dvipa))
            if not found:
                if name == dist.distributor:
                    self.missing([st], "record-distribution-missing", st.file, None,
                             f"{label}: no effective VIPADISTRIBUTE for {dvipa} port(s) {_ports(dist.ports)} on {name}, the owner")
                continue
            for d in found:
                self.compare_statement(record, dist, label, d, st)

    def compare_statement(self, record: ChangeRecord, dist, label: str, d: _Dist, st: _Stack) -> None:
        s, file = d.stmt, d.stmt.file
        if set(d.ports) != set(dist.ports):
            self.add("record-ports", file, s.line,
                     f"VIPADISTRIBUTE {d.dvipa} distributes port(s) {_ports(d.ports)}; {label} says {_ports(dist.ports)}")
        if s.effective_method != "HOTSTANDBY":
            self.add("record-method", file, s.line,
                     f"VIPADISTRIBUTE {d.dvipa} uses {s.effective_method}; {label} is a hot-standby distribution (DISTMETHOD HOTSTANDBY)")
            return
        xcf = {system.name: system.dynamic_xcf for system in record.sysplex.systems}
        name_of = {v: k for k, v in xcf.items()}
        preferred = [t for t in s.targets if t.role == "preferred"]
        want_pref = xcf.get(dist.preferred)
        if preferred and preferred[0].address != want_pref:
            self.add("record-preferred", file, preferred[0].line,
                     f"PREFERRED {preferred[0].address} ({name_of.get(preferred[0].address, 'no system')}); {label} says "
                     f"{dist.preferred} ({want_pref})")
        backups = [t for t in s.targets if t.role == "backup"]
        want = [xcf.get(b) for b in dist.backups]
        have = [t.address for t in backups]
        if set(have) != set(want):
            missing = [f"{b} ({xcf.get(b)})" for b in dist.backups if xcf.get(b) not in have]
            extra = [f"{a} ({name_of.get(a, 'no system')})" for a in have if a not in want]
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"not in the record: {', '.join(extra)}"] if extra else [])
            self.add("record-targets", file, s.line,
                     f"BACKUP targets of {d.dvipa} differ from {label}: {'; '.join(parts)}")
        elif len(backups) > 1:
            if any(t.rank is None for t in backups):
                self.add("record-backup-order", file, s.line,
                         f"BACKUP without a rank: z/OS's default rank is UNSURE, so the order {', '.join(dist.backups)} of "
                         f"{label} cannot be checked; code ranks", severity="warning")
            else:
                order = [t.address for t in sorted(backups, key=lambda t: -(t.rank or 0))]
                tied = len({t.rank for t in backups}) != len(backups)
                if order != want or tied:
                    shown = ", ".join(f"{name_of.get(t.address, t.address)} {t.rank}" for t in backups)
                    self.add("record-backup-order", file, backups[0].line,
                             f"BACKUP ranks ({shown}) do not give the order of {label}: {', '.join(dist.backups)}")
        for attr, word in (("autoswitchback", "AUTOSWITCHBACK"), ("healthswitch", "HEALTHSWITCH")):
            value = getattr(s, attr)
            effective = True if value is None else value
            if effective != getattr(dist, attr):
                coded = word if effective else f"NO{word}"
                self.add(f"record-{attr}", file, s.line,
                         f"VIPADISTRIBUTE {d.dvipa} has {coded}{' (the default)' if value is None else ''}; {label} says "
                         f"{attr}: {str(getattr(dist, attr)).lower()}")

    # ------------------------------------------------------------------ result
    def distributions(self, stacks: list[_Stack]) -> list[dict]:
        """The effective distributions, one per DVIPA and port set, as the owner stack defines them."""
        out: list[dict] = []
        xcfs = [st.xcf for st in stacks if st.xcf]
        for dvipa in self.distributed(stacks):
            owner = next((st for st in stacks if dvipa in st.defines and st.dists_for(dvipa)), None)
            owner = owner or next(st for st in stacks if st.dists_for(dvipa))
            for d in owner.dists_for(dvipa):
                out.append(_distribution_json(d, xcfs))
        return out

    def run(self) -> LintResult:
        stacks = []
        for index, profile in enumerate(self.profiles):
            self.out.extend(profile.findings)
            stacks.append(self.walk(profile, index))
        design = self.record is not None or any(st.dists for st in stacks)
        for st in stacks:
            self.stack_rules(st, design)
        self.sysplex(stacks)
        if self.record is not None:
            self.compare(stacks, self.record)
        order = {name: i for i, p in enumerate(self.profiles) for name in reversed(p.files)}
        findings = sorted(self.out, key=lambda f: (order.get(f.file, len(order)), f.line or 0))
        return LintResult(findings, self.distributions(stacks), self.ownership_model(stacks))


def _mask_for(address: str, st: _Stack) -> str:
    """The mask to suggest for a DVIPA: that of a VIPADEFINE on this stack whose subnet holds it.

    IBM's SAMPPROF backs up DVIPAs of the /26 its own VIPADEFINE uses; suggesting a /24 there would
    give the backup a different subnet than the owner. Without such a VIPADEFINE the usual /24.
    """
    for define in st.defines.values():
        if define.mask and not is_symbolic(define.mask):
            bits = mask_bits(define.mask)
            if any(in_subnet(address, a, bits) for a in define.addresses):
                return define.mask
    return "255.255.255.0"


def _signature(d: _Dist) -> tuple:
    s = d.stmt
    hot = s.effective_method == "HOTSTANDBY"
    targets = tuple(sorted((t.address, t.role or "", t.rank or 0) for t in s.targets))
    return (tuple(sorted(d.ports)), s.effective_method, s.autoswitchback is not False if hot else None,
            s.healthswitch is not False if hot else None, s.destip_all, targets)


def _describe_diff(want: list[tuple], have: list[tuple]) -> str:
    names = ("ports", "method", "autoswitchback", "healthswitch", "DESTIP ALL", "targets")
    if len(want) != len(have):
        return f"{len(have)} VIPADISTRIBUTE(s) here, {len(want)} there"
    diffs = {names[k] for w, h in zip(want, have, strict=True) for k in range(len(names)) if w[k] != h[k]}
    return "different " + ", ".join(n for n in names if n in diffs)


def _ports(ports) -> str:
    return " ".join(str(p) for p in sorted(ports)) if ports else "(all: no PORT)"


def _distribution_json(d: _Dist, xcfs: list[str]) -> dict:
    s = d.stmt
    hot = s.effective_method == "HOTSTANDBY"
    if hot:
        preferred = [t for t in s.targets if t.role == "preferred"]
        backups = sorted((t for t in s.targets if t.role == "backup"), key=lambda t: -(t.rank or 0))
        targets = [{"destip": t.address, "role": "preferred", "rank": None} for t in preferred]
        targets += [{"destip": t.address, "role": "backup", "rank": t.rank} for t in backups]
    elif s.destip_all:
        targets = [{"destip": x, "role": "target", "rank": None} for x in xcfs]
    else:
        targets = [{"destip": t.address, "role": "target", "rank": None} for t in s.targets]
    return {
        "dvipa": d.dvipa,
        "ports": sorted(d.ports),
        "method": s.effective_method,
        "autoswitchback": (s.autoswitchback is not False) if hot else None,
        "healthswitch": (s.healthswitch is not False) if hot else None,
        "targets": targets,
    }


def lint(profiles: list[Profile], record: ChangeRecord | None = None) -> LintResult:
    """Lint the profiles of one sysplex's stacks (optionally against a change record)."""
    return _Linter(list(profiles), record).run()

