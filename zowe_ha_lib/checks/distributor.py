"""sysplex-distributor: the TCP/IP displays against the planned hot-standby distribution.

For each DVIPA: the distributor stack shows VIPADEFINE for it (``NETSTAT
VIPADCFG``); each planned backup stack shows VIPABACKUP with the planned rank
and ``Moveable: Immediate`` (without it a backup that comes up first never
creates the DVIPA: reference 1.5); ``D TCPIP,,SYSPLEX,VIPADYN`` shows it
ACTIVE on exactly one stack as distributor and BACKUP on others. For each
distribution and port: the VIPA Distribute entries name exactly the planned
targets as PREFERRED / BACKUP rank with HOTSTANDBY and the planned
AUTOSWITCHBACK / HEALTHSWITCH; ``NETSTAT VDPT`` on the distributor shows one
active target and a ready listener (Rdy >= 1) on every target. EZZ8269I,
EZZ2502I and EZZ2503I (stack not in the sysplex group) fail. The gateway's
distributed port must equal ``zowe.externalPort``.
"""

from __future__ import annotations

from ..record.addresses import mask_bits
from ..record.model import Distribution
from ..requirements.findings import Finding
from ..requirements.status import worst
from .context import Ctx, check, finding, no_evidence


@check("sysplex-distributor")
def sysplex_distributor(ctx: Ctx) -> list[Finding]:
    req = "sysplex-distributor"
    out: list[Finding] = []
    for d in ctx.of("tcpip-not-in-sysplex"):
        s = d.system if d.system in ctx.systems else None
        out.append(finding(req, s, "fail", f"{d.msgid}: the TCP/IP stack {('on ' + d.system) if d.system else ''} is not in the sysplex group, "
                           "so it neither distributes nor backs up a DVIPA", d.where,
                           "If the stack left the group (VARY TCPIP,,SYSPLEX,LEAVEGROUP), rejoin it with VARY TCPIP,,SYSPLEX,JOINGROUP; "
                           "otherwise code IPCONFIG DYNAMICXCF (and SYSPLEXROUTING) and make sure VTAM has XCF enabled "
                           "(start option XCFINIT=YES or XCFINIT=DEFINE)."))
    by_dvipa: dict[str, list[Distribution]] = {}
    for dist in ctx.record.distributions:
        by_dvipa.setdefault(dist.dvipa, []).append(dist)
    for dvipa, dists in by_dvipa.items():
        label = f"DVIPA {dvipa} ({', '.join(x.name for x in dists)})"
        first = dists[0]
        out.append(_owner(ctx, first, label))
        out += [_backup(ctx, first, b, label) for b in first.distributor_backups]
        out.append(_sysplex_view(ctx, first, label))
    for dist in ctx.record.distributions:
        out.append(_distribute(ctx, dist))
        out.append(_port_table(ctx, dist))
    out += _external_port(ctx)
    return out


def _vipabackup(dist: Distribution, rank: int) -> str:
    """The VIPABACKUP statement a backup stack needs: rank, MOVEABLE IMMEDIATE and the mask (reference 1.5)."""
    if dist.ip_version == 6:
        return f"VIPABACKUP {rank} MOVEABLE IMMEDIATE {dist.interface or 'intfname'} {dist.dvipa}"
    return f"VIPABACKUP {rank} MOVEABLE IMMEDIATE {dist.mask or '255.255.255.255'} {dist.dvipa}"


def _config(ctx: Ctx, system: str):
    shown = [d for d in ctx.of("netstat-vipadcfg", system=system)]
    return shown[-1] if shown else None


def _owner(ctx: Ctx, dist: Distribution, label: str) -> Finding:
    req, s = "sysplex-distributor", dist.distributor
    cfg = _config(ctx, s)
    if cfg is None:
        return no_evidence(req, s, "NETSTAT VIPADCFG report", f"D TCPIP,{ctx.record.system(s).tcpip_proc},NETSTAT,VIPADCFG")
    hits = [e for e in cfg.defines if e.ip == dist.dvipa]
    if not hits:
        return finding(req, s, "fail", f"{label}: no VIPADEFINE on the distributor {s}", cfg.where,
                       f"Apply the VIPADYNAMIC block generated for {s} (zowe-ha generate --system {s}) with VARY TCPIP,,OBEYFILE.")
    e = hits[0]
    if dist.mask and e.prefix is not None and e.prefix != mask_bits(dist.mask):
        return finding(req, s, "warn", f"{label}: VIPADEFINE on {s} has prefix /{e.prefix}, the record plans {dist.mask}", cfg.at(e.line),
                       "Use the planned mask in VIPADEFINE.")
    return finding(req, s, "pass", f"{label}: VIPADEFINE on the distributor {s} (Moveable {e.moveable.title() or 'not shown'})", cfg.at(e.line))


def _backup(ctx: Ctx, dist: Distribution, b: str, label: str) -> Finding:
    req = "sysplex-distributor"
    cfg = _config(ctx, b)
    if cfg is None:
        return no_evidence(req, b, "NETSTAT VIPADCFG report", f"D TCPIP,{ctx.record.system(b).tcpip_proc},NETSTAT,VIPADCFG")
    hits = [e for e in cfg.backups if e.ip == dist.dvipa]
    if not hits:
        return finding(req, b, "fail", f"{label}: no VIPABACKUP on {b}; if {dist.distributor}'s stack fails, {b} does not take the DVIPA over",
                       cfg.where, f"Add '{_vipabackup(dist, dist.distributor_backup_rank(b))}' to {b}'s VIPADYNAMIC block "
                       f"(zowe-ha generate --system {b}).")
    e = hits[0]
    planned = dist.distributor_backup_rank(b)
    problems: list[tuple[str, str]] = []
    if e.rank is not None and e.rank != planned:
        problems.append(("warn", f"rank {e.rank}, planned {planned}"))
    if e.moveable and e.moveable != "IMMEDIATE":
        problems.append(("warn", f"Moveable {e.moveable.title()}: a backup that comes up first does not create the DVIPA"))
    elif not e.moveable:
        problems.append(("warn", "no MOVEABLE IMMEDIATE: a backup that comes up first does not create the DVIPA"))
    if not any(x.ip == dist.dvipa for x in cfg.distributes):
        problems.append(("warn", "no VIPADISTRIBUTE for it on this stack (UNSURE whether a backup inherits the distribution; coding it is the safe choice)"))
    if problems:
        return finding(req, b, worst([p[0] for p in problems]), f"{label}: VIPABACKUP on {b}: " + "; ".join(p[1] for p in problems),
                       cfg.at(e.line), f"Code '{_vipabackup(dist, planned)}' and the same VIPADISTRIBUTE as {dist.distributor} on {b} "
                       f"(zowe-ha generate --system {b}).")
    return finding(req, b, "pass", f"{label}: VIPABACKUP rank {e.rank or planned} Moveable Immediate on {b}", cfg.at(e.line))


def _sysplex_view(ctx: Ctx, dist: Distribution, label: str) -> Finding:
    req = "sysplex-distributor"
    views = ctx.of("sysplex-vipadyn")
    rows = [(d, r) for d in views for r in d.rows if r.ip == dist.dvipa]
    if not views:
        return no_evidence(req, None, "D TCPIP,,SYSPLEX,VIPADYN (EZZ8260I) display", "D TCPIP,,SYSPLEX,VIPADYN")
    if not rows:
        return finding(req, None, "fail", f"{label} does not appear in D TCPIP,,SYSPLEX,VIPADYN: no stack owns it", views[0].where,
                       "Apply the generated VIPADYNAMIC blocks (the distributor first, then the VIPABACKUP stacks).")
    # The display is sysplex-wide: the same stack appears in every system's capture of it,
    # so count stacks, not rows.
    owners = list({(r.tcpname, r.mvsname): (d, r) for d, r in rows
                   if r.status == "ACTIVE" and r.dist in ("DIST", "BOTH", "DIST/DEST")}.values())
    backups = [(d, r) for d, r in rows if r.status == "BACKUP"]
    d0 = rows[0][0]
    if len(owners) != 1:
        shown = ", ".join(r.mvsname for _, r in owners) or "none"
        return finding(req, None, "fail", f"{label} is active as distributor on {len(owners)} stacks ({shown}); exactly one is needed", d0.where,
                       "Check for a second VIPADEFINE of the DVIPA, or start the distributor's stack.")
    missing = [b for b in dist.distributor_backups if b not in {r.mvsname for _, r in backups}]
    if not backups:
        return finding(req, None, "fail", f"{label} is active on {owners[0][1].mvsname} but no stack backs it up", d0.where,
                       "Add VIPABACKUP on the planned backup stacks.")
    if missing:
        return finding(req, None, "fail", f"{label}: planned backup stack(s) {', '.join(missing)} do not show BACKUP", d0.where,
                       "Apply the VIPABACKUP statements on those stacks.")
    owner = owners[0][1]
    if owner.mvsname != dist.distributor:
        return finding(req, None, "warn", f"{label} is active on {owner.mvsname}, the planned distributor is {dist.distributor} (taken over?)",
                       d0.at(owner.line),
                       f"Find out why {dist.distributor} does not own the DVIPA. After a stack restart its VIPADEFINE MOVEABLE IMMEDIATE "
                       f"takes the DVIPA back by itself; if it was deactivated there, issue "
                       f"V TCPIP,{ctx.record.system(dist.distributor).tcpip_proc},SYSPLEX,REACTIVATE,DVIPA={dist.dvipa} on {dist.distributor}.")
    ranks = ", ".join(f"{r.mvsname} {r.rank}" if r.rank else r.mvsname for _, r in backups)
    return finding(req, None, "pass", f"{label} is active on {owner.mvsname} ({owner.dist}) and backed up by {ranks}", d0.at(owner.line))


def _distribute(ctx: Ctx, dist: Distribution) -> Finding:
    req, s = "sysplex-distributor", dist.distributor
    cfg = _config(ctx, s)
    if cfg is None:
        return no_evidence(req, s, "NETSTAT VIPADCFG report", f"D TCPIP,{ctx.record.system(s).tcpip_proc},NETSTAT,VIPADCFG")
    targets = ctx.record.targets(dist)
    problems: list[tuple[str, str]] = []
    first_line = None
    for port in dist.ports:
        entries = {e.destxcf: e for e in cfg.distributes if e.ip == dist.dvipa and e.port == port}
        if not entries:
            problems.append(("fail", f"port {port} is not distributed"))
            continue
        first_line = first_line or min(e.line for e in entries.values())
        for t in targets:
            e = entries.pop(t.destip, None)
            if e is None:
                problems.append(("fail", f"port {port}: {t.system} ({t.destip}) is not a target"))
                continue
            if e.method and e.method != "HOTSTANDBY":
                problems.append(("fail", f"port {port}: DistMethod {e.method}, not HotStandby"))
            if e.srvtype and e.srvtype.lower() != t.role:
                problems.append(("fail", f"port {port}: {t.system} is {e.srvtype.title()}, planned {t.role}"))
            elif t.rank and e.rank is not None and e.rank != t.rank:
                problems.append(("warn", f"port {port}: {t.system} backup rank {e.rank}, planned {t.rank}"))
            for attr, planned in (("autoswitchback", dist.autoswitchback), ("healthswitch", dist.healthswitch)):
                value = getattr(e, attr)
                if value and (value == "YES") != planned:
                    problems.append(("fail", f"port {port}: {attr.title()} {value.title()}, planned {'Yes' if planned else 'No'}"))
        for extra in entries.values():
            problems.append(("warn", f"port {port}: unplanned target {extra.destxcf}"))
    if problems:
        seen = list(dict.fromkeys(p[1] for p in problems))
        return finding(req, s, worst([p[0] for p in problems]), f"{dist.name} ({dist.dvipa}) on {s}: " + "; ".join(seen[:6]),
                       cfg.at(first_line), f"Apply the VIPADISTRIBUTE generated for {s} (zowe-ha generate --system {s}).")
    plan = ", ".join(f"{t.system} {'preferred' if t.role == 'preferred' else 'backup ' + str(t.rank)}" for t in targets)
    return finding(req, s, "pass", f"{dist.name} {dist.dvipa} port {', '.join(map(str, dist.ports))}: hot standby to {plan}, as planned", cfg.at(first_line))


def _port_table(ctx: Ctx, dist: Distribution) -> Finding:
    req, s = "sysplex-distributor", dist.distributor
    shown = ctx.of("netstat-vdpt", system=s)
    if not shown:
        return no_evidence(req, s, "NETSTAT VDPT report", f"D TCPIP,{ctx.record.system(s).tcpip_proc},NETSTAT,VDPT")
    table = shown[-1]
    targets = {t.destip: t for t in ctx.record.targets(dist)}
    problems: list[tuple[str, str]] = []
    notes: list[str] = []
    line = None
    for port in dist.ports:
        entries = [e for e in table.entries if e.ip == dist.dvipa and e.port == port]
        if not entries:
            problems.append(("fail", f"port {port}: no destination port table entry, so nothing is distributed"))
            continue
        line = line or entries[0].line
        active = [e for e in entries if e.flg.startswith("ACTIVE")]
        if len(active) != 1:
            problems.append(("fail", f"port {port}: {len(active)} active targets, exactly one expected in hot standby"))
        else:
            who = targets.get(active[0].destxcf)
            name = who.system if who else active[0].destxcf
            if who is None or who.role != "preferred":
                problems.append(("warn", f"port {port}: active target is {name}, not the preferred {dist.preferred}"))
            if active[0].tsr == 0:
                problems.append(("warn", f"port {port}: the active target {name} has TSR 0"))
            notes.append(f"port {port} active on {name}")
        for ip, t in targets.items():
            e = next((x for x in entries if x.destxcf == ip), None)
            if e is None:
                problems.append(("fail", f"port {port}: {t.system} is missing from the port table"))
            elif not e.rdy:
                problems.append(("fail", f"port {port}: no ready listener on {t.system} (Rdy 0), so it cannot take over"))
    if problems:
        seen = list(dict.fromkeys(p[1] for p in problems))
        return finding(req, s, worst([p[0] for p in problems]), f"{dist.name} ({dist.dvipa}) port table on {s}: " + "; ".join(seen[:6]),
                       table.at(line), "Start the server on every target (it must listen on the DVIPA port) and check the distribution.")
    return finding(req, s, "pass", f"{dist.name} {dist.dvipa}: {', '.join(notes)}; every target has a ready listener", table.at(line))


def _external_port(ctx: Ctx) -> list[Finding]:
    req = "sysplex-distributor"
    gw = ctx.record.gateway()
    ext = ctx.zowe.get("zowe", "externalPort") if ctx.zowe else None
    if gw is None or not isinstance(ext, int):
        return []
    ports: dict[int, str] = {}
    for d in ctx.of("netstat-vdpt", system=gw.distributor):
        ports.update({e.port: d.at(e.line) for e in d.entries if e.ip == gw.dvipa and e.port})
    for d in ctx.of("netstat-vipadcfg", system=gw.distributor):
        for e in d.distributes:
            if e.ip == gw.dvipa and e.port:
                ports.setdefault(e.port, d.at(e.line))
    if not ports:
        return []
    if ext in ports:
        return [finding(req, None, "pass", f"zowe.externalPort {ext} is distributed on {gw.dvipa}", ports[ext])]
    return [finding(req, None, "fail", f"zowe.externalPort {ext} is not among the ports the distributor shows for {gw.dvipa} ({', '.join(map(str, sorted(ports)))})",
                    next(iter(ports.values())), "Make zowe.externalPort, the gateway port and the VIPADISTRIBUTE PORT the same number.")]
