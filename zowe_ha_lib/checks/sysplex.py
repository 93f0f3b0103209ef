"""Sysplex membership, coupling facilities and the common time source.

cf-connectivity (per system): the system is ACTIVE in the record's sysplex
(``D XCF,S,ALL`` / ``D XCF,SYSPLEX``) and is connected to a coupling facility,
shown by what shows *that system's own* links: ``D XCF,CF,CFNAME=ALL`` lists
it under a CF's CONNECTED SYSTEMS, or ``D CF`` issued on it shows a CF with
an online path. ``D XCF,CF`` (IXC361I) lists the CFs of the CFRM policy and
proves nothing about one system's links: on its own it gives ``unknown``,
naming the display to capture. coupling-facility (sysplex-wide): the active
CFRM policy has at least one CF and none has failed; one CF only is a warning
because it is a single point of failure. sysplex-timer (per system): ``D ETR``
shows STP or ETR timing. LOCAL fails on a sysplex that spans CPCs; when
``D XCF,S,ALL`` shows every system of the record on one CPC (one serial),
they share that CPC's clock and LOCAL is allowed: a warning with the reason.
"""

from __future__ import annotations

from ..evidence.xcf import same_cpc
from ..requirements.findings import Finding
from .context import Ctx, check, finding, no_evidence

GOOD_TIMING = ("STP", "ETR")


@check("cf-connectivity")
def cf_connectivity(ctx: Ctx) -> list[Finding]:
    req = "cf-connectivity"
    out: list[Finding] = []
    members = ctx.of("xcf-sysplex")
    plex = ctx.record.sysplex.name
    for d in members:
        if d.sysplex and d.sysplex != plex:
            out.append(finding(req, None, "fail", f"the display shows sysplex {d.sysplex}, the record plans {plex}", d.at(d.sysplex_line),
                               "Check that the evidence comes from the right sysplex, or correct sysplex.name in change.yaml."))
    details = ctx.of("xcf-cf-detail")
    lists = ctx.of("xcf-cf")
    for s in ctx.systems:
        if not members:
            out.append(no_evidence(req, s, "D XCF,S,ALL (IXC335I) or D XCF,SYSPLEX (IXC334I) display", "D XCF,S,ALL"))
        else:
            rows = [(d, m) for d in members for m in d.members if m.name == s]
            detailed = [(d, m) for d, m in rows if d.detailed] or rows
            if not rows:
                d = members[0]
                out.append(finding(req, s, "fail", f"{s} is not a member of the sysplex in the XCF display", d.where,
                                   f"IPL {s} into sysplex {plex} (COUPLExx SYSPLEX({plex})) or correct the record's system list."))
            else:
                bad = [(d, m) for d, m in detailed if m.status not in ("ACTIVE", "LISTED")]
                if bad:
                    d, m = bad[0]
                    out.append(finding(req, s, "fail", f"{s} has XCF status {m.status}, not ACTIVE", d.at(m.line),
                                       f"Bring {s} back into the sysplex (see IXC messages on its console) before relying on it for HA."))
                else:
                    d, m = detailed[0]
                    out.append(finding(req, s, "pass", f"{s} is {'ACTIVE' if m.status == 'ACTIVE' else 'listed'} in sysplex {d.sysplex or plex}", d.at(m.line)))
        out.append(_cf_link(ctx, s, details, lists))
    return out


def _cf_link(ctx: Ctx, s: str, details: list, lists: list) -> Finding:
    req = "cf-connectivity"
    if details:
        for d in details:
            for _cf, (systems, line) in d.connected.items():
                if s in systems:
                    cfs = sorted({c for dd in details for c, (ss, _) in dd.connected.items() if s in ss})  # a set: captures may repeat
                    return finding(req, s, "pass", f"{s} is connected to coupling facility {', '.join(cfs)}", d.at(line))
        d = details[0]
        return finding(req, s, "fail", f"{s} is not among the CONNECTED SYSTEMS of any coupling facility", d.where,
                       f"Check the CF links (CHPIDs) of {s}'s CPC and D CF on {s}; a system without a CF cannot share structures.")
    own = ctx.of("cf-paths", system=s)
    if own:
        d = own[-1]
        linked = [c for c in d.cfs if any(p.online for p in c.paths)]
        if linked:
            c = linked[0]
            path = next(p for p in c.paths if p.online)
            return finding(req, s, "pass", f"D CF on {s}: coupling facility {', '.join(dict.fromkeys(x.name or '?' for x in linked))} "
                           f"attached with an online path (CHPID {path.chpid or '?'})", d.at(path.line))
        where = next((p.line for c in d.cfs for p in c.paths), None)
        return finding(req, s, "fail", f"D CF on {s} shows no coupling facility with a path both physically and logically online",
                       d.at(where), f"Vary the CF paths online (V PATH(cfname,chpid),ONLINE; CF CHP(chpid),ONLINE) or fix the "
                       f"coupling links of {s}'s CPC in HCD, then capture D CF on {s} again.")
    if any(d.policy_empty_line for d in lists):
        d = next(d for d in lists if d.policy_empty_line)
        return finding(req, s, "unknown", f"no coupling facility is in the active CFRM policy, so {s}'s CF links cannot be shown",
                       d.at(d.policy_empty_line), "Activate a CFRM policy (see coupling-facility), then capture D XCF,CF,CFNAME=ALL.")
    if lists:
        d = lists[0]
        return finding(req, s, "unknown", f"D XCF,CF lists the coupling facilities of the CFRM policy, not {s}'s own links, so it does "
                       f"not show that {s} can reach one", d.where,
                       f"Capture D XCF,CF,CFNAME=ALL (IXC362I: each CF's connected systems), or D CF on {s} (its paths), and save "
                       f"the response under evidence/{s}/.")
    return no_evidence(req, s, "D XCF,CF,CFNAME=ALL (IXC362I) or D CF (IXL150I) display", "D XCF,CF,CFNAME=ALL")


@check("coupling-facility")
def coupling_facility(ctx: Ctx) -> list[Finding]:
    req = "coupling-facility"
    lists = ctx.of("xcf-cf")
    if not lists:
        return [no_evidence(req, None, "D XCF,CF (IXC361I) display", "D XCF,CF")]
    empty = [d for d in lists if d.policy_empty_line]
    if empty:
        d = empty[0]
        return [finding(req, None, "fail", "THE CFRM ACTIVE POLICY IS EMPTY: the sysplex has no coupling facility in use", d.at(d.policy_empty_line),
                        "Define the CFs and structures in a CFRM policy (IXCMIAPU) and start it: SETXCF START,POLICY,TYPE=CFRM,POLNAME=name.")]
    names: dict[str, tuple] = {}
    for d in lists:
        for cf in d.cfs:
            names.setdefault(cf.name, (d, cf))
    out: list[Finding] = []
    for name, (d, cf) in names.items():
        for cond, line in cf.conditions:
            status = "fail" if "FAILED" in cond or "CLEANUP" in cond else "warn"
            out.append(finding(req, None, status, f"coupling facility {name}: {cond}", d.at(line),
                               f"Resolve the {cond.lower()} condition of {name} (D CF,CFNAME={name}) before the change."))
    if out:
        return out
    d, cf = next(iter(names.values()))
    if len(names) == 1:
        return [finding(req, None, "warn", f"one coupling facility ({cf.name}) in the active CFRM policy: it is a single point of failure", d.at(cf.line),
                        "Add a second CF to the CFRM policy so that structures can be rebuilt when one fails.")]
    return [finding(req, None, "pass", f"{len(names)} coupling facilities in the active CFRM policy: {', '.join(names)}", d.at(cf.line))]


def cpcs(ctx: Ctx) -> dict[str, tuple[str, str]]:
    """System -> (CPC serial, where shown) from D XCF,S,ALL, for the record's systems that show one."""
    out: dict[str, tuple[str, str]] = {}
    for d in ctx.of("xcf-sysplex"):
        for m in d.members:
            if m.name in ctx.systems and m.serial and m.name not in out:
                out[m.name] = (m.serial, d.at(m.line))
    return out


@check("sysplex-timer")
def sysplex_timer(ctx: Ctx) -> list[Finding]:
    req = "sysplex-timer"
    out: list[Finding] = []
    serials = cpcs(ctx)
    one_cpc = None
    if len(serials) == len(ctx.systems) and serials:
        first = next(iter(serials.values()))[0]
        if all(same_cpc(first, serial) for serial, _ in serials.values()):
            one_cpc = first
    for s, d in ctx.latest_each(out, req, "etr", "D ETR (IEA282I/IEA386I) display", "D ETR"):
        mode = d.mode or "?"
        if mode in GOOD_TIMING:
            ctn = f", CTN {d.ctn}" if d.ctn else ""
            out.append(finding(req, s, "pass", f"{s} timing mode {mode}{ctn}", d.at(d.mode_line)))
        elif mode in ("LOCAL", "SIMETRID") and one_cpc is not None:
            out.append(finding(req, s, "warn", f"{s} timing mode {mode}: allowed here, because D XCF,S,ALL shows every system of the "
                               f"sysplex on one CPC (serial {one_cpc}), whose clock they all share; a system on a second CPC would "
                               "need STP", d.at(d.mode_line),
                               "Before the sysplex spans a second CPC, join the CPCs to an STP coordinated timing network (CTN) and "
                               "check D ETR shows STP on every system."))
        elif mode in ("LOCAL", "SIMETRID"):
            where = serials.get(s)
            others = sorted({serial for name, (serial, _w) in serials.items() if name != s and not same_cpc(serial, where[0])}) if where else []
            if where and others:
                why = f"{s} runs on CPC {where[0]}, other systems on {', '.join(others)}: a sysplex across CPCs needs a common time source"
            else:
                why = ("no common time source (Sysplex Timer or STP); capture D XCF,S,ALL if all systems run on one CPC, "
                       "where LOCAL is allowed")
            out.append(finding(req, s, "fail", f"{s} timing mode {mode}: {why}", d.at(d.mode_line),
                               f"Join {s}'s CPC to the STP coordinated timing network (CTN) of the sysplex and check D ETR shows STP."))
        else:
            out.append(finding(req, s, "warn", f"{s} timing mode {mode} is not one the kit knows (STP or ETR expected)", d.at(d.mode_line),
                               "Check D ETR on the system console."))
    return out
