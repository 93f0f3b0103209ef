"""Shared DASD (with GRS), shared SAF database, VSAM RLS and JES2 MAS.

shared-dasd: GRS must serialise across every system of the record, or
shared volumes are updated without a common lock: each system ACTIVE in the
ring or CONNECTED in the star (``D GRS``). The fix follows the mode: ``V
GRS(sys),RESTART`` restarts a system quiesced after a ring disruption and
exists for a ring only; in a star a system that lost the ISGLOCK structure
leaves the sysplex and comes back by re-IPL. shared-saf: every system uses the
same RACF primary database (``RVARY LIST``), in data sharing mode (warning if
not shown or not, because the layout is UNSURE and non-data-sharing works
with a shared database), and is a member of XCF group IRRXCF00. vsam-rls:
SMSVSAM is available on every system (``D SMS,SMSVSAM``). jes2-mas: every
system's member is ACTIVE in ``$D MEMBER`` and all share one XCF group name
(``$D MASDEF`` XCFGRPNM); AUTOEMEM=OFF or no RESTART=YES member is a warning.

XCF group member states are read from ``D XCF,GROUP,name,ALL`` (IXC333I);
``D XCF,GROUP,name`` (IXC332I) only names the members, so a member listed
there is ``unknown``, never assumed ACTIVE.
"""

from __future__ import annotations

from collections import Counter

from ..evidence.sms import GOOD as SMS_GOOD
from ..requirements.findings import Finding
from .context import Ctx, check, finding, no_evidence


@check("shared-dasd")
def shared_dasd(ctx: Ctx) -> list[Finding]:
    req = "shared-dasd"
    shown = ctx.of("grs")
    if not shown:
        return [no_evidence(req, s, "D GRS (ISG343I) display", "D GRS") for s in ctx.systems]
    out: list[Finding] = []
    for s in ctx.systems:
        rows = [(d, r) for d in shown for r in d.systems if r.name == s]
        if not rows:
            d = shown[0]
            out.append(finding(req, s, "fail", f"{s} is not in the GRS complex shown by D GRS", d.where,
                               f"{s} must join the GRS complex (GRS=JOIN/TRYJOIN/STAR in IEASYSxx) so shared DASD is serialised."))
            continue
        bad = [(d, r) for d, r in rows if r.state not in ("ACTIVE", "CONNECTED")]
        if bad:
            d, r = bad[0]
            out.append(finding(req, s, "fail", f"GRS state of {s} is {r.state}, not ACTIVE or CONNECTED: global resources on shared DASD are not serialised with it",
                               d.at(r.line), grs_fix(s, d.mode, r.state)))
        else:
            d, r = rows[0]
            out.append(finding(req, s, "pass", f"{s} is {r.state} in the GRS {d.mode}", d.at(r.line)))
    return out


def grs_fix(system: str, mode: str, state: str) -> str:
    """What brings ``system`` back into GRS: it depends on the mode (and, in a ring, on the state)."""
    if mode == "star":
        return (f"In a GRS star there is no V GRS restart (that command is for a ring): a system that lost its connection to "
                f"the ISGLOCK lock structure is removed from the sysplex. Check {system}'s CF links (D CF on {system}) and "
                f"D XCF,STR,STRNAME=ISGLOCK, then re-IPL {system} into the sysplex.")
    if state == "QUIESCED":
        return (f"Once the ring disruption is fixed, restart {system}'s GRS participation from an active system: "
                f"V GRS({system}),RESTART.")
    return (f"{system} is {state} in the GRS ring: if it is joining or restarting, wait and display again; otherwise purge it "
            f"(V GRS({system}),PURGE) and re-IPL it into the complex.")


def group_member(req: str, group: str, s: str, groups: list, fix: str) -> Finding:
    """Whether ``s`` is an ACTIVE member of XCF group ``group``, read from the member states IXC333I prints."""
    hit = [(d, m) for d in groups for m in d.members if s in (m.system, m.name)]
    shown = [(d, m) for d, m in hit if m.status is not None]
    if shown and all(m.status == "ACTIVE" for _, m in shown):
        d, m = shown[0]
        return finding(req, s, "pass", f"{s} is an ACTIVE member of XCF group {group}", d.at(m.line))
    if shown:
        d, m = next((d, m) for d, m in shown if m.status != "ACTIVE")
        return finding(req, s, "fail", f"{s}'s member of XCF group {group} is {m.status}, not ACTIVE", d.at(m.line), fix)
    if hit:
        d, m = hit[0]
        return finding(req, s, "unknown", f"{s} is listed in XCF group {group}, but D XCF,GROUP,{group} without ALL does not show "
                       "its member state", d.at(m.line),
                       f"Capture D XCF,GROUP,{group},ALL (IXC333I shows each member's state) and save it under evidence/{s}/.")
    d = groups[0]
    return finding(req, s, "fail", f"{s} is not a member of XCF group {group}", d.where, fix)


@check("shared-saf")
def shared_saf(ctx: Ctx) -> list[Finding]:
    req = "shared-saf"
    out: list[Finding] = []
    per = {s: ctx.of("rvary", system=s) for s in ctx.systems}
    prims = Counter((p.dsn, p.volume) for ds in per.values() if ds for p in ds[-1].primaries())
    common = prims.most_common(1)[0][0] if prims else None
    groups = [d for d in ctx.of("xcf-group") if d.group == "IRRXCF00"]
    for s in ctx.systems:
        if not per[s]:
            out.append(no_evidence(req, s, "RVARY LIST (ICH15013I) response", "RVARY LIST"))
        else:
            d = per[s][-1]
            p = d.primaries()
            if not p:
                out.append(finding(req, s, "fail", f"no active primary RACF database on {s}", d.where, "Activate the RACF database (RVARY ACTIVE)."))
            elif (p[0].dsn, p[0].volume) != common:
                out.append(finding(req, s, "fail", f"{s} uses RACF database {p[0].dsn} on {p[0].volume}, the others {common[0]} on {common[1]}",
                                   d.at(p[0].line), "Point every system at the same RACF database (ICHRDSNT) on shared DASD."))
            elif d.sharing == "data-sharing":
                out.append(finding(req, s, "pass", f"{s} shares RACF database {p[0].dsn} ({p[0].volume}) in data sharing mode", d.at(d.sharing_line)))
            elif d.sharing == "non-data-sharing":
                out.append(finding(req, s, "warn", f"{s} shares RACF database {p[0].dsn} but not in data sharing mode; Zowe's page asks for RACF sysplex data sharing",
                                   d.at(d.sharing_line), "Enable sysplex data sharing (RVARY DATASHARE) once the RACF structures are in the CFRM policy."))
            else:
                out.append(finding(req, s, "warn", f"{s} uses the shared RACF database {p[0].dsn}, but the response shows no sharing mode line (layout UNSURE)",
                                   d.at(p[0].line), "Check RVARY LIST on the console for the data sharing mode."))
        if groups:
            f = group_member(req, "IRRXCF00", s, groups, f"Enable RACF sysplex communication on {s} (ICHRDSNT sysplex flag) and "
                             "re-IPL or restart RACF sharing: RACF commands and caches are not shared with it otherwise.")
            if f.status == "pass":
                f = finding(req, s, "pass", f"{f.message} (RACF sysplex communication)", f.evidence)
            out.append(f)
        else:
            out.append(no_evidence(req, s, "D XCF,GROUP,IRRXCF00 display", "D XCF,GROUP,IRRXCF00,ALL"))
    return out


@check("vsam-rls")
def vsam_rls(ctx: Ctx) -> list[Finding]:
    req = "vsam-rls"
    shown = ctx.of("smsvsam")
    if not shown:
        return [no_evidence(req, s, "D SMS,SMSVSAM (IGW420I) display", "D SMS,SMSVSAM") for s in ctx.systems]
    out: list[Finding] = []
    for s in ctx.systems:
        rows = [(d, r) for d in shown for r in d.servers if r.system == s]
        if rows and all(r.status in SMS_GOOD for _, r in rows):
            d, r = rows[0]
            out.append(finding(req, s, "pass", f"SMSVSAM is {r.status} on {s}", d.at(r.line)))
        elif rows:
            d, r = rows[0]
            out.append(finding(req, s, "fail", f"SMSVSAM is {r.status} on {s}: VSAM RLS data sets cannot be shared with it", d.at(r.line),
                               f"Start SMSVSAM on {s} (V SMS,SMSVSAM,ACTIVE; RLSINIT(YES) in IGDSMSxx) and check IGWLOCK00."))
        else:
            out.append(finding(req, s, "fail", f"{s} has no SMSVSAM server in D SMS,SMSVSAM", shown[0].where,
                               f"Start SMSVSAM on {s} (RLSINIT(YES) in IGDSMSxx)."))
    return out


@check("jes2-mas")
def jes2_mas(ctx: Ctx) -> list[Finding]:
    req = "jes2-mas"
    out: list[Finding] = []
    members = ctx.of("jes2-member")
    by_sys: dict[str, list] = {}
    for d in members:
        name = d.get("SYSNAME") or d.get("NAME")
        if name:
            by_sys.setdefault(name, []).append(d)
    masdefs = {s: ctx.of("jes2-masdef", system=s) for s in ctx.systems}
    groups = Counter(ds[-1].get("XCFGRPNM") for ds in masdefs.values() if ds and ds[-1].get("XCFGRPNM"))
    common = groups.most_common(1)[0][0] if groups else None
    for s in ctx.systems:
        if not members:
            out.append(no_evidence(req, s, "$D MEMBER ($HASP673) response", "$D MEMBER"))
        elif s not in by_sys:
            out.append(finding(req, s, "fail", f"{s} is not a member of the JES2 MAS shown by $D MEMBER", members[0].where,
                               f"Add {s} to the MAS (MASDEF/MEMBER in JES2PARM, same checkpoint data sets) and warm start JES2 there."))
        else:
            d = by_sys[s][-1]
            status = d.get("STATUS") or "?"
            if status == "ACTIVE":
                out.append(finding(req, s, "pass", f"JES2 member {d.get('NAME') or s} of {s} is ACTIVE in the MAS", d.at_key("STATUS")))
            else:
                out.append(finding(req, s, "fail", f"JES2 member {d.get('NAME') or s} of {s} is {status}, not ACTIVE", d.at_key("STATUS"),
                                   f"Start JES2 on {s} as a member of the MAS."))
        if not masdefs[s]:
            out.append(no_evidence(req, s, "$D MASDEF ($HASP843) response", "$D MASDEF"))
            continue
        d = masdefs[s][-1]
        grp = d.get("XCFGRPNM")
        if grp and grp == common:
            out.append(finding(req, s, "pass", f"$D MASDEF on {s}: XCF group {grp}, shared by the MAS", d.at_key("XCFGRPNM")))
        elif grp:
            out.append(finding(req, s, "fail", f"$D MASDEF on {s}: XCF group {grp}, the other systems use {common}: not one MAS",
                               d.at_key("XCFGRPNM"), "Give every member the same MASDEF XCFGRPNM (the JES2 node name) and checkpoint."))
        else:
            out.append(finding(req, s, "warn", f"$D MASDEF on {s} shows no XCFGRPNM", d.where, "Capture the whole $D MASDEF response."))
    shown = [ds[-1] for ds in masdefs.values() if ds]
    if shown:
        off = [d for d in shown if d.get("AUTOEMEM") == "OFF"]
        restart = [d for d in shown if d.get("RESTART") == "YES"]
        if off:
            out.append(finding(req, None, "warn", f"AUTOEMEM=OFF on {', '.join(sorted({d.system or '?' for d in off}))}: a failed member's jobs wait for an operator",
                               off[0].at_key("AUTOEMEM"), "Set $T MASDEF,AUTOEMEM=ON with RESTART=YES on at least one member."))
        elif not restart:
            out.append(finding(req, None, "warn", "no member has RESTART=YES, so AUTOEMEM cannot restart a failed member's work",
                               shown[0].at_key("RESTART"), "Set $T MASDEF,RESTART=YES on at least one member."))
    return out
