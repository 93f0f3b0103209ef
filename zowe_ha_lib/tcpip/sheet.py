"""The operator sheet and the zowe.yaml fragment that go with the generated profiles.

The sheet is what an operator follows at the console: which system first,
the exact commands, what each display should show for *this* record, and
how to take the change back out. It is Markdown that reads as plain text,
because it gets printed and pinned next to the console as often as it gets
rendered. The text is laid out by a Jinja template shipped with the kit
(``templates/sheet/operator-sheet.md.j2``); this module decides everything
the template shows.

The order of applying follows from what IBM documents about VIPABACKUP: a
VIPABACKUP with MOVEABLE and a mask (the kind the kit generates, so that a
backup can create the DVIPA when it comes up first) *activates* the DVIPA
when no stack has it active (IBM Q&A dwa1433874 for an IPL; the VIPABACKUP
reference for its MOVEABLE form). IBM's usual order for adding a DVIPA,
backups first, is written for the plain VIPABACKUP that only waits. With the
kit's statements, applying a backup first would make that backup the
distributor and turn the owner's step into a takeback. So the kit applies:
target-only stacks first (dynamic XCF only, nothing activates), then the
owner of each DVIPA (it activates the DVIPA and distributes), then the
backup stacks, highest rank first (each finds the DVIPA active and becomes a
backup). A system that owns one DVIPA and backs up another goes with the
owners; where that still lets a backup activate a DVIPA first, the sheet
says so at that step and names the takeback that follows. Between every two
steps the sheet gives the display that proves the state and what it must
show, computed by walking the steps (:func:`apply_states`).

Roll-back goes the other way round for the mirror reason: backups first,
because deleting the owner's VIPADEFINE while a VIPABACKUP still exists
would make a backup take the DVIPA over instead of removing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
import yaml

from ..record.addresses import in_subnet, mask_bits
from ..record.model import ChangeRecord, Distribution, System
from ..record.zowe_yaml import zwe_instance_id
from ..resources import sheet_templates_dir
from ..util.errors import one_line
from .plan import DvipaGroup, comment, distribute_address, dvipa_groups, roles, statement

# --------------------------------------------------------------------------- order


def apply_order(record: ChangeRecord) -> list[str]:
    """Systems in the order their OBEYFILEs are applied: targets only, then owners, then backups.

    Backup-only systems go highest rank first (their best rank over all
    DVIPAs); within each part the record's own order breaks ties.
    """
    groups = dvipa_groups(record)
    owners = {g.owner for g in groups}
    names = list(record.sysplex.system_names)

    def best_rank(name: str) -> int:
        return max((g.rank(name) for g in groups if name in g.backups), default=0)

    targets_only = [n for n in names if not roles(record, n)]
    owner_steps = [n for n in names if n in owners]
    backup_steps = sorted((n for n in names if n not in owners and roles(record, n)),
                          key=lambda n: (-best_rank(n), names.index(n)))
    return targets_only + owner_steps + backup_steps


def rollback_order(record: ChangeRecord) -> list[str]:
    """Systems whose statements are removed, in order: backups (lowest rank first), then owners."""
    groups = dvipa_groups(record)
    owners = {g.owner for g in groups}
    with_block = [n for n in apply_order(record) if roles(record, n)]
    backups = [n for n in with_block if n not in owners]
    return list(reversed(backups)) + [n for n in with_block if n in owners]


@dataclass
class DvipaState:
    """Where one DVIPA is after some apply steps: the stack that has it, and the backups that wait."""

    active: str | None = None
    backups: list[str] = field(default_factory=list)
    event: str = ""


def apply_states(record: ChangeRecord) -> list[dict[str, DvipaState]]:
    """After each apply step (in :func:`apply_order`), every DVIPA's state.

    The rules (IBM): an owner's VIPADEFINE activates the DVIPA, or takes it
    back (MOVEABLE IMMEDIATE) from a backup that activated it; a VIPABACKUP
    with MOVEABLE IMMEDIATE and a mask activates the DVIPA when no stack has
    it, else it waits as a backup. ``event`` says what the step did to the
    DVIPA ("" when the step did not touch it).
    """
    groups = dvipa_groups(record)
    state = {g.dvipa: DvipaState() for g in groups}
    out = []
    for name in apply_order(record):
        for g in groups:
            st = state[g.dvipa]
            st.event = ""
            if g.owner == name:
                if st.active is not None and st.active != name:
                    st.event = f"takeback: {name}'s VIPADEFINE MOVEABLE IMMEDIATE takes {g.dvipa} back from {st.active}"
                    st.backups.append(st.active)
                else:
                    st.event = f"{name} activates {g.dvipa} and distributes it"
                st.active = name
            elif name in g.backups:
                if st.active is None:
                    st.active = name
                    st.event = (f"{name} activates {g.dvipa} itself: no stack has it yet, and its VIPABACKUP has "
                                "MOVEABLE IMMEDIATE and a mask")
                else:
                    st.backups.append(name)
                    st.event = f"{name} becomes a backup of {g.dvipa} (rank {g.rank(name)})"
        out.append({d: DvipaState(s.active, list(s.backups), s.event) for d, s in state.items()})
    return out


# --------------------------------------------------------------------------- fixed notes

ORDER_REASON = (
    "Targets that only need dynamic XCF first, then the owner of each DVIPA, then its backup stacks, highest "
    "rank first. The kit's VIPABACKUP statements have MOVEABLE IMMEDIATE and a mask, and IBM documents that "
    "such a VIPABACKUP activates the DVIPA when no stack has it active: applied before the owner, a backup "
    "would become the distributor and the owner's step a takeback. Applied after the owner, each backup "
    "finds the DVIPA active and waits as its backup."
)

IPCONFIG_NOTE = (
    "Each data set starts with IPCONFIG SYSPLEXROUTING DYNAMICXCF. What an OBEYFILE does with DYNAMICXCF on a "
    "stack that already runs dynamic XCF is UNSURE (the sources do not say whether it is ignored, rejected or "
    "changes the address, mask or cost). Before each step, display the stack's IP configuration (NETSTAT "
    "CONFIG, shown in each step): if dynamic XCF is already on with the planned address, change that statement "
    "in the OBEYFILE data set to 'IPCONFIG SYSPLEXROUTING' (drop only DYNAMICXCF and its address, mask and "
    "cost; keep SYSPLEXROUTING, which sysplex distribution relies on); if it is on with another address, stop: "
    "the DESTIPs of this change do not match that stack. Keep the full statement for PROFILE.TCPIP."
)

PERMANENT = (
    "OBEYFILE changes last only until the TCP/IP stack stops. Once verified, add each system's statements to "
    "its PROFILE.TCPIP, or name the OBEYFILE data set in an INCLUDE statement there (zowe-ha lint follows "
    "INCLUDE: give it the members' folder with --include-dir). Keep a single IPCONFIG DYNAMICXCF in the "
    "profile: if PROFILE.TCPIP already has one, leave out the generated DYNAMICXCF (keep SYSPLEXROUTING). A "
    "VIPADEFINE or VIPABACKUP for the DVIPA may appear only once in the profile. Check the result with "
    "SYNTAXCHECK before the next stack restart.",
)

HARDENING = (
    "Optional hardening (not generated; UNSURE details, check IBM's GLOBALCONFIG reference for your release): "
    "'GLOBALCONFIG SYSPLEXMONITOR DELAYJOIN RECOVERY' in each stack's PROFILE.TCPIP. DELAYJOIN makes a "
    "starting stack join the sysplex group (and so take part in DVIPA ownership) only once OMPROUTE is up, so "
    "a stack that cannot route yet does not take the DVIPA; RECOVERY makes a stack that detects a sysplex "
    "problem leave the group, so that a backup stack takes its DVIPAs over instead of them staying on a sick "
    "stack (what VARY TCPIP,,SYSPLEX,LEAVEGROUP does by hand).",
    "Reachability: clients reach the DVIPA only if the network routes it to whichever stack has it. Either "
    "let OMPROUTE advertise it (OSPF: an OSPF_Interface, or a range of them, covering the DVIPA on every stack "
    "that may own it, and a router ID that is a physical or static VIPA address, never the DVIPA, as IBM's "
    "OMPROUTE dynamic VIPA guidance says), or take the DVIPA from the subnet of the OSA the clients come "
    "through, so that it is answered on that LAN. A DVIPA inside the dynamic XCF subnet is reachable only "
    "where that subnet is advertised: zowe-ha validate and lint warn about it.",
)

# --------------------------------------------------------------------------- helpers



def dataset(system: System) -> str:
    """The OBEYFILE data set, or a placeholder that cannot be mistaken for a real name."""
    return one_line(system.obeyfile) if system.obeyfile else f"<OBEYFILE data set for {system.name}>"


def _prefix(dist: Distribution) -> str:
    if dist.ip_version == 6 or not dist.mask:
        return dist.dvipa
    return f"{dist.dvipa}/{mask_bits(dist.mask)}"


def _server(dist: Distribution) -> str:
    return {"zowe-gateway": "the Zowe API ML gateway", "zosmf": "the z/OSMF server"}.get(dist.role, "the server")


def _role_words(record: ChangeRecord, name: str) -> str:
    parts = []
    for group, role in roles(record, name):
        if role == "owner":
            parts.append(f"owner and distributor of {group.dvipa}")
        else:
            parts.append(f"backup distributor for {group.dvipa}, rank {group.rank(name)}")
    if not parts:
        targets = [d.name for d in record.distributions if name in (d.preferred, *d.backups)]
        return "target only" + (f" of {', '.join(targets)}" if targets else "") + "; dynamic XCF only"
    return "; ".join(parts)


def _distribute_expectation(record: ChangeRecord, dist: Distribution) -> list[str]:
    switch = f"AutoSwitchBack: {'Yes' if dist.autoswitchback else 'No'}, HealthSwitch: {'Yes' if dist.healthswitch else 'No'}"
    out = []
    for port in dist.ports:
        out.append(f"- VIPA Distribute, `Dest: {dist.dvipa}..{port}` ({dist.name}), DistMethod: HotStandby, {switch}, with:")
        for t in record.targets(dist):
            kind = "SrvType: Preferred" if t.role == "preferred" else f"SrvType: Backup  Rank: {t.rank:03d}"
            out.append(f"  - `DestXCF: {t.destip}` ({t.system}) {kind}")
    return out


def _vipadcfg_expectation(record: ChangeRecord, name: str) -> list[str]:
    out = []
    for group, role in roles(record, name):
        first = group.first
        if role == "owner":
            out.append(f"- VIPA Define: `IpAddr/PrefixLen: {_prefix(first)}`, Moveable: Immediate")
        else:
            out.append(f"- VIPA Backup: `IpAddr/PrefixLen: {_prefix(first)}`, `Rank: {group.rank(name):06d}`, Moveable: Immediate")
        for dist in group.distributions:
            out += _distribute_expectation(record, dist)
    return out


def _vdpt_expectation(record: ChangeRecord, group: DvipaGroup) -> list[str]:
    out = []
    for dist in group.distributions:
        preferred = record.system(dist.preferred)
        first_active = (
            f"`Flg: Active` on DestXCF {preferred.dynamic_xcf} ({preferred.name}, the preferred target)"
            if dist.autoswitchback
            else "`Flg: Active` on the first target whose server was ready (NOAUTOSWITCHBACK: "
            f"not necessarily {preferred.name}, the preferred)"
        )
        for port in dist.ports:
            out.append(f"- `Dest: {dist.dvipa}..{port}` ({dist.name}): one entry per target, exactly one with {first_active}; "
                       f"`Rdy: 001` (or more) on every target where {_server(dist)} listens, TSR above 0 on the active one")
    return out


def _vipadyn_expectation(record: ChangeRecord, group: DvipaGroup) -> list[str]:
    """The rows of EZZ8260I for one DVIPA, in the display's own column words.

    The console display prints STATUS, RANK (three digits) and DIST per
    stack; DIST says BOTH for a distributor that is also a target, which is
    the usual hot-standby case, so that is what the sheet names.
    """
    targets: list[str] = []
    for dist in group.distributions:
        targets += [t.system for t in record.targets(dist) if t.system not in targets]
    owner_dist = "BOTH (it is also a target)" if group.owner in targets else "DIST"
    out = [f"- {group.dvipa} on {group.owner}: STATUS ACTIVE, DIST {owner_dist}"]
    for b in group.backups:
        dest = ", DIST DEST" if b in targets else ""
        out.append(f"- {group.dvipa} on {b}: STATUS BACKUP, RANK {group.rank(b):03d}{dest}")
    others = [t for t in targets if t != group.owner and t not in group.backups]
    if others:
        out.append(f"- the other targets {', '.join(others)} show DEST in the DIST column for {group.dvipa}")
    return out


# --------------------------------------------------------------------------- roll-back


def rollback_text(record: ChangeRecord, system_name: str) -> str:
    """OBEYFILE statements that remove this system's distribution and DVIPA definitions."""
    name = system_name.upper()
    body: list[str] = []
    for group, _role in roles(record, name):
        for dist in group.distributions:
            destips = [t.destip for t in record.targets(dist)]
            body += statement(
                [["VIPADISTRIBUTE", "DELETE", distribute_address(dist)],
                 ["PORT", *(str(p) for p in dist.ports)], ["DESTIP", *destips]],
                "  ",
            )
        first = group.first
        body += statement([["VIPADELETE", first.interface or first.dvipa if first.ip_version == 6 else first.dvipa]], "  ")
    if not body:
        return ""
    head = comment(f"zowe-ha: roll back {record.id} on {name}: stop distributing, then delete the DVIPA definition.")
    return "\n".join([*head, "VIPADYNAMIC", *body, "ENDVIPADYNAMIC"]) + "\n"


# --------------------------------------------------------------------------- the sheet


def _state_lines(record: ChangeRecord, states: dict[str, DvipaState]) -> list[str]:
    """What D TCPIP,,SYSPLEX,VIPADYN must show after a step, per DVIPA the steps so far touched."""
    lines = []
    for group in dvipa_groups(record):
        st = states[group.dvipa]
        if st.active is None:
            lines.append(f"- {group.dvipa}: not shown yet (no stack has it)")
            continue
        targets = {t.system for d in group.distributions for t in record.targets(d)}
        dist = "BOTH" if st.active in targets else "DIST"
        lines.append(f"- {group.dvipa} on {st.active}: STATUS ACTIVE, DIST {dist}")
        for b in st.backups:
            rank = f"RANK {group.rank(b):03d}" if b in group.backups else "(the owner, waiting to take it back)"
            lines.append(f"- {group.dvipa} on {b}: STATUS BACKUP, {rank}")
    return lines


def sheet_model(record: ChangeRecord) -> dict[str, Any]:
    """Every value the operator sheet shows, in the order it shows them.

    The sheet's template renders this; the z/OSMF workflow export
    (:mod:`zowe_ha_lib.export.workflow`) builds its steps from the same
    mapping, so the two can never disagree on the order or on what a display
    must show.
    """
    order = apply_order(record)
    groups = dvipa_groups(record)
    owners = [g.owner for g in groups]
    states = apply_states(record)
    notes = [IPCONFIG_NOTE]
    mixed = [n for n in order if n in owners and any(r == "backup" for _g, r in roles(record, n))]
    if mixed:
        notes.append(f"Note: {', '.join(mixed)} both own one DVIPA and back up another; apply them in the order shown "
                     "and read what each step does to each DVIPA.")
    steps = []
    for name, after in zip(order, states, strict=True):
        system = record.system(name)
        happens = [f"This step: {st.event}." for st in after.values() if st.event]
        if any("takeback" in st.event for st in after.values()):
            happens.append("The DVIPA moves between stacks here; connections through it are kept (UNSURE for a "
                           "takeback), and new ones follow the stack that has it.")
        if roles(record, name):
            intro = f"Before the next step, prove the state from any system (here {name}); it must show:"
            command = f"D TCPIP,{system.tcpip_proc},SYSPLEX,VIPADYN"
            state = _state_lines(record, after)
        else:
            intro = (f"Before the next step, prove that {name}'s stack runs dynamic XCF: its home list must hold "
                     f"{system.dynamic_xcf}, the address the distributors name as DESTIP:")
            command = f"D TCPIP,{system.tcpip_proc},NETSTAT,HOME"
            state = [f"- `{system.dynamic_xcf}` in the home list (on a dynamic XCF link, EZAXCFnn or EZASAMEMVS)"]
        steps.append({
            "name": name, "role": _role_words(record, name), "proc": system.tcpip_proc, "dataset": dataset(system),
            "happens": happens, "expect": _vipadcfg_expectation(record, name),
            "state_intro": intro, "state_command": command, "state": state,
        })
    verify = []
    for group in groups:
        owner = record.system(group.owner)
        verify.append({"dvipa": group.dvipa, "owner": owner.name, "proc": owner.tcpip_proc,
                       "vipadyn": _vipadyn_expectation(record, group), "vdpt": _vdpt_expectation(record, group)})
    back = rollback_order(record)
    rollback = [{"name": n, "proc": record.system(n).tcpip_proc, "dataset": f"<roll-back data set for {n}>",
                 "text": rollback_text(record, n).rstrip("\n")} for n in back]
    rollback_intro = (
        f"Order: {', '.join(back)}. Backups first: deleting the owner's VIPADEFINE while a VIPABACKUP still exists "
        "would make a backup take the DVIPA over instead of removing it. Put each text below in a data set of its "
        "own, check it with SYNTAXCHECK, then apply it with OBEYFILE. The IPCONFIG statement (DYNAMICXCF and "
        "SYSPLEXROUTING) is left in place (other sysplex functions may use it). Remove the statements from "
        "PROFILE.TCPIP too, or the next restart brings them back."
    )
    return {
        "change_id": record.id, "sysplex": record.sysplex.name, "title": one_line(record.title),
        "order": order, "order_reason": ORDER_REASON, "notes": notes, "steps": steps, "groups": verify,
        "permanent": list(PERMANENT), "hardening": [*HARDENING, *_subnet_notes(record)],
        "rollback": rollback, "rollback_intro": rollback_intro,
    }


def _subnet_notes(record: ChangeRecord) -> list[str]:
    bits = mask_bits(record.sysplex.dynamic_xcf_mask)
    inside = sorted({d.dvipa for d in record.distributions if d.ip_version == 4
                     and any(in_subnet(d.dvipa, s.dynamic_xcf, bits) for s in record.sysplex.systems)})
    if not inside:
        return []
    return [f"This record's DVIPA {', '.join(inside)} is inside the dynamic XCF subnet "
            f"(mask {record.sysplex.dynamic_xcf_mask}): make sure that subnet is advertised to the clients, or "
            "choose a DVIPA outside it."]


_ENV: jinja2.Environment | None = None


def _template() -> jinja2.Template:
    global _ENV
    if _ENV is None:
        # Markdown, not HTML: nothing to escape here (values are made one-line where they come from the
        # record); a missing value is a kit bug and must fail loudly.
        _ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(sheet_templates_dir())), autoescape=False,
                                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                  undefined=jinja2.StrictUndefined)
    return _ENV.get_template("operator-sheet.md.j2")


def operator_sheet(record: ChangeRecord) -> str:
    """The operator sheet as Markdown (plain-text friendly), rendered from the kit's template."""
    text = _template().render(**sheet_model(record))
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


# --------------------------------------------------------------------------- zowe.yaml fragment


def zowe_fragment(record: ChangeRecord) -> dict[str, Any]:
    """The zowe.yaml keys this record decides, as a mapping."""
    out: dict[str, Any] = {}
    gateway = record.gateway()
    if gateway:
        out["zowe"] = {"externalDomains": [gateway.hostname or gateway.dvipa], "externalPort": gateway.ports[0]}
    zosmf = next((d for d in record.distributions if d.role == "zosmf"), None)
    if zosmf:
        out["zOSMF"] = {"host": zosmf.hostname or zosmf.dvipa, "port": zosmf.ports[0]}
    instances: dict[str, Any] = {}
    for system in record.sysplex.systems:
        item: dict[str, Any] = {}
        if system.hostname:
            item["hostname"] = system.hostname
        item["sysname"] = system.name
        instances[zwe_instance_id(system.name)] = item  # an id zwe finds again: sys_1 for SYS#1
    out["haInstances"] = instances
    return out


def zowe_fragment_yaml(record: ChangeRecord) -> str:
    """The fragment as YAML text with a short header saying what to merge where."""
    data = zowe_fragment(record)
    notes = [f"# zowe.yaml keys for {record.id}: merge them into the Zowe configuration."]
    gateway = record.gateway()
    if not gateway:
        notes.append("# The record has no zowe-gateway distribution, so zowe.externalDomains/externalPort are not set.")
    else:
        notes.append(f"# zowe.externalPort is the Sysplex Distributor PORT of {gateway.name}; every gateway listens there.")
        if not gateway.hostname:
            notes.append("# No DVIPA host name in the record: externalDomains holds the DVIPA address.")
        if len(gateway.ports) > 1:
            notes.append(f"# {gateway.name} distributes several ports; externalPort takes the first.")
    for system in record.sysplex.systems:
        if not system.hostname:
            notes.append(f"# haInstances.{zwe_instance_id(system.name)}.hostname: add {system.name}'s host name (not in the record).")
    body = yaml.safe_dump(data, sort_keys=False, default_flow_style=False, allow_unicode=False)
    return "\n".join(notes) + "\n" + body
