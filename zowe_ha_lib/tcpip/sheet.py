"""The operator sheet and the zowe.yaml fragment that go with the generated profiles.

The sheet is what an operator follows at the console: which system first,
the exact commands, what each display should show for *this* record, and
how to take the change back out. It is Markdown that reads as plain text,
because it gets printed and pinned next to the console as often as it gets
rendered.

Order matters and follows IBM's advice for adding a DVIPA to a running
sysplex: VIPABACKUP on the backup stacks first, then VIPADEFINE and
VIPADISTRIBUTE on the owner, so that a backup is ready the moment the DVIPA
appears. Roll-back uses the same order for the mirror reason: removing the
owner's VIPADEFINE while a VIPABACKUP still exists would make a backup take
the DVIPA over instead of removing it.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..record.addresses import mask_bits
from ..record.model import ChangeRecord, Distribution, System
from ..record.zowe_yaml import zwe_instance_id
from ..util.errors import one_line
from .plan import DvipaGroup, comment, distribute_address, dvipa_groups, roles, statement

# --------------------------------------------------------------------------- order


def apply_order(record: ChangeRecord) -> list[str]:
    """Systems in the order their OBEYFILEs are applied: backups and targets first, owners last.

    Within each part the record's own order is kept. A system that owns one
    DVIPA and backs up another still goes with the owners; the sheet says so.
    """
    owners = {g.owner for g in dvipa_groups(record)}
    names = list(record.sysplex.system_names)
    return [n for n in names if n not in owners] + [n for n in names if n in owners]


def rollback_order(record: ChangeRecord) -> list[str]:
    """Systems whose statements are removed, in order (only those with a VIPADYNAMIC block)."""
    return [n for n in apply_order(record) if roles(record, n)]


# --------------------------------------------------------------------------- fixed notes

BACKUP_FIRST_NOTE = (
    "Between the first step and the owner's step a backup stack may activate the DVIPA itself: "
    "its VIPABACKUP has MOVEABLE IMMEDIATE and a mask, which lets a backup create the DVIPA when no "
    "stack owns it. The sources confirm this for a backup that is IPLed first; that an OBEYFILE "
    "does the same on a running stack is UNSURE. If it happens, D TCPIP,,SYSPLEX,VIPADYN shows the "
    "DVIPA ACTIVE on that backup and it distributes to the servers that already listen; the owner's "
    "VIPADEFINE MOVEABLE IMMEDIATE takes it over when the owner's step runs. Run the steps one after "
    "the other, and let clients use the DVIPA only after the last step is verified."
)

IPCONFIG_NOTE = (
    "Each data set starts with IPCONFIG SYSPLEXROUTING DYNAMICXCF. What an OBEYFILE does with it on a "
    "stack that already runs dynamic XCF is UNSURE (the sources do not say whether it is ignored, "
    "rejected or changes the address, mask or cost). Before each step, display the stack's IP "
    "configuration (NETSTAT CONFIG, shown in each step): if dynamic XCF is already on with the planned "
    "address, delete the IPCONFIG line from the OBEYFILE data set (keep it for PROFILE.TCPIP); if it "
    "is on with another address, stop: the DESTIPs of this change do not match that stack."
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


def _code(lines: list[str]) -> list[str]:
    return ["```", *lines, "```", ""]


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


def operator_sheet(record: ChangeRecord) -> str:
    """The operator sheet as Markdown (plain-text friendly)."""
    order = apply_order(record)
    groups = dvipa_groups(record)
    owners = [g.owner for g in groups]
    lines = [f"# Operator sheet: {record.id} on sysplex {record.sysplex.name}", ""]
    lines += [f"Change: {one_line(record.title)}", ""]
    lines += [
        f"Apply in this order: {', '.join(order)}. Backup stacks first, then the owner of each DVIPA "
        "(IBM's order for adding a DVIPA to a running sysplex), so that the DVIPA has its backups "
        "from the moment the owner activates it.",
        "",
    ]
    if any(g.backups for g in groups):
        lines += [BACKUP_FIRST_NOTE, ""]
    lines += [IPCONFIG_NOTE, ""]
    mixed = [n for n in order if n in owners and any(r == "backup" for _g, r in roles(record, n))]
    if mixed:
        lines += [f"Note: {', '.join(mixed)} both own one DVIPA and back up another; apply them in the order shown.", ""]
    lines += [
        "Each step first checks the data set's syntax without changing anything (SYNTAXCHECK), "
        "then applies it (OBEYFILE). The statements are in `profiles/<SYSNAME>.tcpip`.",
        "",
        "## 1. Apply",
        "",
    ]
    for step, name in enumerate(order, 1):
        system = record.system(name)
        dsn = dataset(system)
        proc = system.tcpip_proc
        lines += [f"### Step {step}: {name} ({_role_words(record, name)})", ""]
        lines += [f"On {name}, first display the IP configuration (dynamic XCF: see the IPCONFIG note above):", ""]
        lines += _code([f"D TCPIP,{proc},NETSTAT,CONFIG"])
        lines += [f"Copy `profiles/{name}.tcpip` into `{dsn}`, then on {name}:", ""]
        lines += _code([f"V TCPIP,{proc},SYNTAXCHECK,{dsn}", f"V TCPIP,{proc},OBEYFILE,DSN={dsn}"])
        expect = _vipadcfg_expectation(record, name)
        lines += [f"Verify on {name}:", ""]
        lines += _code([f"D TCPIP,{proc},NETSTAT,VIPADCFG"])
        if expect:
            lines += ["It should show:", "", *expect, ""]
        else:
            lines += [f"It should show no Dynamic VIPA definitions for this change ({name} is only a target).", ""]
    lines += ["## 2. Verify the sysplex", ""]
    for group in groups:
        owner = record.system(group.owner)
        lines += [f"### DVIPA {group.dvipa}", ""]
        lines += _code([f"D TCPIP,{owner.tcpip_proc},SYSPLEX,VIPADYN"])
        lines += [f"From any system (here {owner.name}); it should show:", "", *_vipadyn_expectation(record, group), ""]
        lines += _code([f"D TCPIP,{owner.tcpip_proc},NETSTAT,VDPT"])
        lines += [f"On the distributor {owner.name} (other stacks have no destination port table); it should show:", ""]
        lines += [*_vdpt_expectation(record, group), ""]
    lines += [
        "## 3. Make it permanent",
        "",
        "OBEYFILE changes last only until the TCP/IP stack stops. Once verified, add each system's "
        "statements to its PROFILE.TCPIP, or name the OBEYFILE data set in an INCLUDE statement there. "
        "Keep a single IPCONFIG DYNAMICXCF in the profile: if PROFILE.TCPIP already has one, "
        "leave out the generated line. A VIPADEFINE or VIPABACKUP for the DVIPA may appear only once "
        "in the profile. Check the result with SYNTAXCHECK before the next stack restart.",
        "",
        "## 4. Roll back",
        "",
    ]
    back = rollback_order(record)
    if back:
        lines += [
            f"Order: {', '.join(back)}. Backups first: deleting the owner's VIPADEFINE while a VIPABACKUP "
            "still exists would make a backup take the DVIPA over instead of removing it. Put each text "
            "below in a data set of its own, check it with SYNTAXCHECK, then apply it with OBEYFILE. "
            "The IPCONFIG DYNAMICXCF setting is left in place (other sysplex functions may use it). "
            "Remove the statements from PROFILE.TCPIP too, or the next restart brings them back.",
            "",
        ]
        for name in back:
            system = record.system(name)
            lines += [f"### {name}", "", *_code(rollback_text(record, name).rstrip("\n").splitlines())]
            dsn = f"<roll-back data set for {name}>"
            lines += _code([f"V TCPIP,{system.tcpip_proc},SYNTAXCHECK,{dsn}", f"V TCPIP,{system.tcpip_proc},OBEYFILE,DSN={dsn}"])
    else:
        lines += ["Nothing to roll back: no system has VIPADYNAMIC statements.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


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
