"""The DVIPA steps of the operator sheet as checks: what each display must show, and what differs.

The operator sheet (:mod:`zowe_ha_lib.tcpip.sheet`) tells a person, after
each OBEYFILE, which display proves the state and what it must show, in
words. The guided walk asks the person to paste that display and answers
at once: this module holds the same expectations as data and compares a
parsed display with them. The words and the data come from one model (the
apply order, :func:`~zowe_ha_lib.tcpip.sheet.apply_states`, the record's
targets), so the sheet and the walk cannot disagree about a step.

A step of a stack that owns or backs up a DVIPA is verified by two
displays: ``NETSTAT,VIPADCFG`` on that stack (its definitions are what the
record plans) and ``SYSPLEX,VIPADYN`` from any stack (each DVIPA is where
the steps so far put it). A target-only stack is verified by its
``NETSTAT,VIPADCFG`` showing none of the change's DVIPAs; its home list
(``NETSTAT,HOME``) has no parser in the kit, so the walk asks the person to
look at it. The sysplex-wide verification after the last step compares
``SYSPLEX,VIPADYN`` with the final state and the distributor's ``NETSTAT,VDPT``
with the planned targets. Everything is read with the evidence parsers, the
same as ``zowe-ha check`` reads the saved files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..evidence.base import Display
from ..evidence.reader import Evidence, read_text
from ..evidence.tcpip import PortTable, SysplexVipas, VipaConfig
from ..record.addresses import mask_bits
from ..record.model import ChangeRecord
from ..requirements.status import Status
from ..tcpip.generate import generate_profile
from ..tcpip.plan import DvipaGroup, dvipa_groups, roles
from ..tcpip.sheet import DvipaState, apply_order, apply_states, rollback_text, sheet_model

MAX_DIFFERENCES = 12
"""More differences than this are counted, not listed: a wrong paste should not fill the screen."""


@dataclass(frozen=True)
class ApplyStep:
    """One system's step of the sheet: what to apply there and what proves it."""

    number: int  # 1-based, in apply order
    system: str
    role: str  # the sheet's words ("owner and distributor of ...")
    proc: str
    dataset: str
    statements: str  # the generated profile statements for the OBEYFILE data set
    commands: tuple[str, ...]  # SYNTAXCHECK, then OBEYFILE
    config_command: str  # D TCPIP,proc,NETSTAT,CONFIG, before the step
    happens: tuple[str, ...]
    verify_command: str  # D TCPIP,proc,NETSTAT,VIPADCFG on the system
    expect: tuple[str, ...]  # what VIPADCFG must show, in the sheet's words
    state_command: str  # SYSPLEX,VIPADYN (a stack with a role) or NETSTAT,HOME (target only)
    state: tuple[str, ...]  # what the state display must show, in the sheet's words
    after: dict[str, DvipaState]  # every DVIPA's state after this step
    rollback: str  # the roll-back statements of this system ('' for a target-only stack)
    has_role: bool

    @property
    def id(self) -> str:
        return f"apply-{self.system}"

    @property
    def title(self) -> str:
        return f"Step {self.number}: {self.system} ({self.role})"

    @property
    def displays(self) -> tuple[str, ...]:
        """The displays the walk reads for this step, in the order to issue them."""
        return (self.verify_command, self.state_command) if self.has_role else (self.verify_command,)


@dataclass(frozen=True)
class VerifyStep:
    """The sysplex-wide verification of one DVIPA after the last step."""

    group: DvipaGroup
    owner: str
    proc: str
    vipadyn: tuple[str, ...]
    vdpt: tuple[str, ...]
    final: DvipaState

    @property
    def id(self) -> str:
        return f"verify-{self.group.dvipa}"

    @property
    def title(self) -> str:
        return f"Verify DVIPA {self.group.dvipa} across the sysplex"

    @property
    def displays(self) -> tuple[str, ...]:
        return (f"D TCPIP,{self.proc},SYSPLEX,VIPADYN", f"D TCPIP,{self.proc},NETSTAT,VDPT")


@dataclass
class StepVerdict:
    """What the pasted displays show for one step."""

    status: str  # pass (verified), fail (a display differs), unknown (something still to paste or unreadable)
    message: str
    differences: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # what the paste held, for the person to see it was understood
    missing: list[str] = field(default_factory=list)  # displays still to paste

    @property
    def verified(self) -> bool:
        return self.status == Status.PASS


# --------------------------------------------------------------------------- the steps


def apply_steps(record: ChangeRecord) -> list[ApplyStep]:
    """The sheet's apply steps, in its order, with the statements and expectations of each."""
    context = sheet_model(record)
    states = apply_states(record)
    steps = []
    for number, (item, after) in enumerate(zip(context["steps"], states, strict=True), 1):
        name = item["name"]
        proc = item["proc"]
        has_role = bool(roles(record, name))
        steps.append(ApplyStep(
            number=number, system=name, role=item["role"], proc=proc, dataset=item["dataset"],
            statements=generate_profile(record, name),
            commands=(f"V TCPIP,{proc},SYNTAXCHECK,{item['dataset']}", f"V TCPIP,{proc},OBEYFILE,DSN={item['dataset']}"),
            config_command=f"D TCPIP,{proc},NETSTAT,CONFIG", happens=tuple(item["happens"]),
            verify_command=f"D TCPIP,{proc},NETSTAT,VIPADCFG", expect=tuple(item["expect"]),
            state_command=item["state_command"], state=tuple(item["state"]), after=after,
            rollback=rollback_text(record, name), has_role=has_role))
    return steps


def verify_steps(record: ChangeRecord) -> list[VerifyStep]:
    """One sysplex-wide verification per DVIPA, in the sheet's order."""
    context = sheet_model(record)
    final = apply_states(record)[-1] if apply_order(record) else {}
    groups = {g.dvipa: g for g in dvipa_groups(record)}
    return [VerifyStep(groups[item["dvipa"]], item["owner"], item["proc"], tuple(item["vipadyn"]), tuple(item["vdpt"]),
                       final.get(item["dvipa"], DvipaState()))
            for item in context["groups"]]


def read_paste(record: ChangeRecord, text: str, shown: str, system: str) -> Evidence:
    """The displays of a pasted text, read as if it were the evidence file ``shown`` of ``system``."""
    evidence = Evidence()
    read_text(text, shown, system, record.sysplex.system_names, evidence)
    return evidence


# --------------------------------------------------------------------------- judging


def judge_apply(record: ChangeRecord, step: ApplyStep, evidence: Evidence) -> StepVerdict:
    """Compare the displays in ``evidence`` (a paste or a saved walk file) with what ``step`` must show."""
    read = _described(evidence)
    problems = [f"{p.where}: {p.message}" for p in evidence.problems]
    configs = [d for d in _of(evidence, VipaConfig) if d.system in (step.system, None)]
    others = [d for d in _of(evidence, VipaConfig) if d.system not in (step.system, None)]
    views = _of(evidence, SysplexVipas)
    differences: list[str] = []
    missing: list[str] = []
    if configs:
        differences += config_differences(record, step.system, configs[-1])
    elif others:
        differences.append(f"the NETSTAT VIPADCFG report comes from {others[-1].system}; this step verifies {step.system}: "
                           f"issue {step.verify_command} on {step.system}")
    else:
        missing.append(step.verify_command)
    if step.has_role:
        if views:
            differences += state_differences(record, step.after, views)
        else:
            missing.append(step.state_command)
    return _verdict(differences, missing, problems, read, f"step {step.number} on {step.system}")


def judge_verify(record: ChangeRecord, step: VerifyStep, evidence: Evidence) -> StepVerdict:
    """Compare SYSPLEX,VIPADYN and the distributor's VDPT with the state after the last step."""
    read = _described(evidence)
    problems = [f"{p.where}: {p.message}" for p in evidence.problems]
    views = _of(evidence, SysplexVipas)
    tables = [d for d in _of(evidence, PortTable) if d.system in (step.owner, None)]
    differences: list[str] = []
    missing: list[str] = []
    if views:
        differences += state_differences(record, {step.group.dvipa: step.final}, views, only=step.group.dvipa)
    else:
        missing.append(step.displays[0])
    if tables:
        differences += vdpt_differences(record, step.group, tables[-1])
    elif any(isinstance(d, PortTable) for d in evidence.displays):
        differences.append(f"the NETSTAT VDPT report is not from the distributor {step.owner} (other stacks have no "
                           "destination port table)")
    else:
        missing.append(f"{step.displays[1]} (on {step.owner})")
    return _verdict(differences, missing, problems, read, f"DVIPA {step.group.dvipa}")


def _verdict(differences: list[str], missing: list[str], problems: list[str], read: list[str], what: str) -> StepVerdict:
    if differences:
        shown = differences[:MAX_DIFFERENCES]
        if len(differences) > MAX_DIFFERENCES:
            shown.append(f"... and {len(differences) - MAX_DIFFERENCES} more")
        n = len(differences)
        return StepVerdict(Status.FAIL, f"{what}: the display does not show what it must ({n} difference{'s' if n != 1 else ''})",
                           shown, read, missing)
    if problems and not read:
        return StepVerdict(Status.UNKNOWN, f"{what}: nothing usable in the pasted text", problems, read, missing)
    if missing:
        extra = problems
        return StepVerdict(Status.UNKNOWN, f"{what}: still to paste: {'; '.join(missing)}", extra, read, missing)
    return StepVerdict(Status.PASS, f"{what}: verified, the displays show what the sheet says", problems, read, [])


def _of(evidence: Evidence, cls: type) -> list:
    return [d for d in evidence.displays if isinstance(d, cls) and d.usable]


_NAMES = {"netstat-vipadcfg": "NETSTAT VIPADCFG", "netstat-vdpt": "NETSTAT VDPT", "netstat-vipadyn": "NETSTAT VIPADYN",
          "sysplex-vipadyn": "SYSPLEX VIPADYN (EZZ8260I)", "tcpip-not-in-sysplex": "stack not in the sysplex group"}


def describe(display: Display) -> str:
    """A display as one line: what it is, where it came from, whether it is usable."""
    name = _NAMES.get(display.kind) or f"{display.kind.replace('-', ' ').upper()} display"
    where = f" from {display.system}" if display.system else ""
    state = f": {display.problem}" if display.problem else ""
    return f"{name}{where} (line {display.line}){state}"


def _described(evidence: Evidence) -> list[str]:
    return [describe(d) for d in evidence.displays]


# --------------------------------------------------------------------------- comparisons


def config_differences(record: ChangeRecord, system: str, cfg: VipaConfig) -> list[str]:
    """What ``NETSTAT VIPADCFG`` of ``system`` shows that the record does not plan, or lacks."""
    out: list[str] = []
    planned = roles(record, system)
    mine = {g.dvipa for g, _r in planned}
    for group, role in planned:
        out += _definition(group, role, system, cfg)
        for dist in group.distributions:
            out += _distribution(record, dist, cfg)
    for group in dvipa_groups(record):
        if group.dvipa in mine:
            continue
        shown = [kind for kind, entries in (("VIPA Define", cfg.defines), ("VIPA Backup", cfg.backups),
                                            ("VIPA Distribute", cfg.distributes)) if any(e.ip == group.dvipa for e in entries)]
        if shown:
            out.append(f"{', '.join(shown)} for {group.dvipa} on {system}, which this change gives no role for that DVIPA")
    return out


def _definition(group: DvipaGroup, role: str, system: str, cfg: VipaConfig) -> list[str]:
    first = group.first
    entries = cfg.defines if role == "owner" else cfg.backups
    word = "VIPA Define" if role == "owner" else "VIPA Backup"
    hits = [e for e in entries if e.ip == group.dvipa]
    if not hits:
        return [f"no {word} for {group.dvipa} on {system} (the change makes {system} "
                f"{'its owner' if role == 'owner' else f'its backup, rank {group.rank(system)}'})"]
    e = hits[0]
    out = []
    if first.ip_version == 4 and first.mask and e.prefix is not None and e.prefix != mask_bits(first.mask):
        out.append(f"{word} {group.dvipa}: prefix /{e.prefix}, the record plans /{mask_bits(first.mask)} ({first.mask})")
    if e.moveable and e.moveable != "IMMEDIATE":
        out.append(f"{word} {group.dvipa}: Moveable {e.moveable.title()}, the generated statement says MOVEABLE IMMEDIATE")
    if role == "backup" and e.rank is not None and e.rank != group.rank(system):
        out.append(f"VIPA Backup {group.dvipa}: rank {e.rank}, the record plans {group.rank(system)}")
    other = cfg.backups if role == "owner" else cfg.defines
    if any(x.ip == group.dvipa for x in other):
        out.append(f"{group.dvipa} is both defined and backed up on {system}")
    return out


def _distribution(record: ChangeRecord, dist, cfg: VipaConfig) -> list[str]:
    out: list[str] = []
    for port in dist.ports:
        entries = {e.destxcf: e for e in cfg.distributes if e.ip == dist.dvipa and e.port == port}
        label = f"{dist.dvipa}..{port} ({dist.name})"
        if not entries:
            out.append(f"no VIPA Distribute for {label}")
            continue
        for t in record.targets(dist):
            e = entries.pop(t.destip, None)
            if e is None:
                out.append(f"{label}: DestXCF {t.destip} ({t.system}) is not a target")
                continue
            if e.method and e.method != "HOTSTANDBY":
                out.append(f"{label}: DistMethod {e.method.title()} on {t.system}, the record plans HotStandby")
            if e.srvtype and e.srvtype.lower() != t.role:
                out.append(f"{label}: {t.system} is SrvType {e.srvtype.title()}, the record plans {t.role.title()}")
            elif t.role == "backup" and t.rank and e.rank is not None and e.rank != t.rank:
                out.append(f"{label}: {t.system} has backup rank {e.rank}, the record plans {t.rank}")
            for attr, planned in (("autoswitchback", dist.autoswitchback), ("healthswitch", dist.healthswitch)):
                value = getattr(e, attr)
                if value and (value == "YES") != planned:
                    out.append(f"{label}: {attr.title()} {value.title()} on {t.system}, the record plans "
                               f"{'Yes' if planned else 'No'}")
        out += [f"{label}: DestXCF {extra} is a target the record does not plan" for extra in entries]
    return out


def state_differences(record: ChangeRecord, after: dict[str, DvipaState], views: Iterable[SysplexVipas],
                      only: str | None = None) -> list[str]:
    """What ``D TCPIP,,SYSPLEX,VIPADYN`` shows against each DVIPA's state ``after`` a step.

    The display is sysplex-wide; several captures of it are read together,
    each stack counted once.
    """
    rows = {}
    for view in views:
        for r in view.rows:
            rows[(r.ip, r.mvsname)] = r
    out: list[str] = []
    for group in dvipa_groups(record):
        if only is not None and group.dvipa != only:
            continue
        st = after.get(group.dvipa, DvipaState())
        mine = [r for (ip, _n), r in rows.items() if ip == group.dvipa]
        if st.active is None:
            if mine:
                out.append(f"{group.dvipa} is shown on {', '.join(r.mvsname for r in mine)}; after this step no stack "
                           "should have it yet")
            continue
        active = [r for r in mine if r.status == "ACTIVE"]
        if not mine:
            out.append(f"{group.dvipa} is not in the display; it must be ACTIVE on {st.active}")
            continue
        if [r.mvsname for r in active] != [st.active]:
            shown = ", ".join(r.mvsname for r in active) or "no stack"
            out.append(f"{group.dvipa} is ACTIVE on {shown}; it must be ACTIVE on {st.active} only")
        owner_row = next((r for r in active if r.mvsname == st.active), None)
        if owner_row is not None and owner_row.dist and owner_row.dist not in ("DIST", "BOTH", "DIST/DEST"):
            out.append(f"{group.dvipa} on {st.active}: DIST {owner_row.dist}, so that stack does not distribute it")
        backups = {r.mvsname: r for r in mine if r.status == "BACKUP"}
        for b in st.backups:
            r = backups.pop(b, None)
            if r is None:
                out.append(f"{group.dvipa} must show {b} with STATUS BACKUP")
            elif b in group.backups and r.rank is not None and r.rank != group.rank(b):
                out.append(f"{group.dvipa} on {b}: BACKUP rank {r.rank:03d}, the record plans {group.rank(b):03d}")
        out += [f"{group.dvipa} on {name}: STATUS BACKUP, which no step so far asked for" for name in backups]
        odd = [r for r in mine if r.status not in ("ACTIVE", "BACKUP")]
        out += [f"{group.dvipa} on {r.mvsname}: STATUS {r.status}" for r in odd]
    return out


def vdpt_differences(record: ChangeRecord, group: DvipaGroup, table: PortTable) -> list[str]:
    """What the distributor's destination port table shows against the planned targets."""
    out: list[str] = []
    for dist in group.distributions:
        targets = {t.destip: t for t in record.targets(dist)}
        for port in dist.ports:
            label = f"{dist.dvipa}..{port} ({dist.name})"
            entries = [e for e in table.entries if e.ip == dist.dvipa and e.port == port]
            if not entries:
                out.append(f"{label}: no entry in the destination port table, so nothing is distributed")
                continue
            active = [e for e in entries if e.flg.startswith("ACTIVE")]
            if len(active) != 1:
                out.append(f"{label}: {len(active)} targets with Flg Active; hot standby has exactly one")
            elif dist.autoswitchback and active[0].destxcf != record.system(dist.preferred).dynamic_xcf:
                who = targets.get(active[0].destxcf)
                out.append(f"{label}: the active target is {who.system if who else active[0].destxcf}, "
                           f"the preferred is {dist.preferred}")
            for ip, t in targets.items():
                e = next((x for x in entries if x.destxcf == ip), None)
                if e is None:
                    out.append(f"{label}: {t.system} ({ip}) is missing from the table")
                elif not e.rdy:
                    out.append(f"{label}: no ready listener on {t.system} (Rdy 0): start the server there")
    return out
