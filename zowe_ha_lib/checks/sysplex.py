"""Sysplex membership, coupling facilities and the common time source.

cf-connectivity (per system): the system is ACTIVE in the record's sysplex
(``D XCF,S,ALL`` / ``D XCF,SYSPLEX``) and is connected to a coupling facility
(``D XCF,CF,CFNAME=ALL`` lists it under CONNECTED SYSTEMS, or its own
``D XCF,CF`` shows a CF). coupling-facility (sysplex-wide): the active CFRM
policy has at least one CF and none has failed; one CF only is a warning
because it is a single point of failure. sysplex-timer (per system):
``D ETR`` shows STP or ETR timing, never LOCAL.
"""

from __future__ import annotations

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
    own = [d for d in lists if d.system == s and d.cfs]
    if own:
        d = own[0]
        return finding(req, s, "pass", f"D XCF,CF on {s} shows coupling facility {', '.join(dict.fromkeys(c.name for c in d.cfs))}", d.at(d.cfs[0].line))
    if any(d.policy_empty_line for d in lists):
        d = next(d for d in lists if d.policy_empty_line)
        return finding(req, s, "unknown", f"no coupling facility is in the active CFRM policy, so {s}'s CF links cannot be shown",
                       d.at(d.policy_empty_line), "Activate a CFRM policy (see coupling-facility), then capture D XCF,CF,CFNAME=ALL.")
    return no_evidence(req, s, "D XCF,CF,CFNAME=ALL (IXC362I) or D XCF,CF (IXC361I) display", "D XCF,CF,CFNAME=ALL")


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


@check("sysplex-timer")
def sysplex_timer(ctx: Ctx) -> list[Finding]:
    req = "sysplex-timer"
    out: list[Finding] = []
    for s in ctx.systems:
        shown = ctx.of("etr", system=s)
        if not shown:
            out.append(no_evidence(req, s, "D ETR (IEA282I/IEA386I) display", "D ETR"))
            continue
        d = shown[-1]
        mode = d.mode or "?"
        if mode in GOOD_TIMING:
            ctn = f", CTN {d.ctn}" if d.ctn else ""
            out.append(finding(req, s, "pass", f"{s} timing mode {mode}{ctn}", d.at(d.mode_line)))
        elif mode in ("LOCAL", "SIMETRID"):
            out.append(finding(req, s, "fail", f"{s} timing mode {mode}: no common time source (Sysplex Timer or STP)", d.at(d.mode_line),
                               f"Join {s}'s CPC to the STP coordinated timing network (CTN) of the sysplex and check D ETR shows STP."))
        else:
            out.append(finding(req, s, "warn", f"{s} timing mode {mode} is not one the kit knows (STP or ETR expected)", d.at(d.mode_line),
                               "Check D ETR on the system console."))
    return out
