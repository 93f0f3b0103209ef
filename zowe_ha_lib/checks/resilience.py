"""resilience: the single points of failure behind a pass. Warnings only: never a failure, never "unknown".

The page's requirements say what the systems must share. Each item here is a
way that sharing stops for every Zowe instance at once after one failure:

* couple data sets (``D XCF,COUPLE``): the SYSPLEX and CFRM types need an
  alternate, on another volume; IBM "highly recommends" an alternate for every
  couple data set, on a different device, control unit and channel;
* sysplex failure management (``D XCF,POLICY,TYPE=SFM``): without an active
  policy a failed system leaves the sysplex only when an operator responds;
* restart of the Zowe started tasks: an ARM element for them on each system
  running Zowe (``D XCF,ARMSTATUS``), or the record's word
  (``zowe.restarted_by: automation``) that the site's automation does it;
* the JES2 checkpoint (``$D CKPTDEF``, per member): duplexed (MODE=DUPLEX with
  DUPLEX=ON and CKPT2 in use) or two in DUAL mode;
* the RACF data-sharing structures (IRRXCF00_*) and IGWLOCK00 (``D
  XCF,STR,STRNAME=ALL``): a preference list with a coupling facility on another
  CPC, where the sysplex has one (the CPC of a CF is its node's sequence number,
  from ``D XCF,CF`` or ``D XCF,CF,CFNAME=ALL``);
* VTAM XCFINIT (``D NET,VTAMOPTS``): YES or DEFINE, or no dynamic XCF links come up;
* the TCP/IP sysplex group (``D TCPIP,,SYSPLEX,GROUP``): one group for all stacks.
"""

from __future__ import annotations

from collections import Counter

from ..requirements.findings import Finding
from .context import Ctx, check, finding, no_evidence, record_where

REQ = "resilience"
CDS_TYPES = ("SYSPLEX", "CFRM")
DEFAULT_ZOWE_JOBS = ("ZWESLSTC", "ZWESISTC")


@check(REQ)
def resilience(ctx: Ctx) -> list[Finding]:
    out = [*_couple_data_sets(ctx), *_sfm(ctx), *_restart(ctx), *_checkpoint(ctx), *_structures(ctx), *_xcfinit(ctx),
           *_tcpip_group(ctx)]
    # The contract of this requirement (advisory in the registry): it warns at most. A display nobody
    # captured is a warning too, so that what lies beyond the page never keeps a change from being ready.
    return [f if f.status not in ("fail", "unknown") else finding(REQ, f.system, "warn", f.message, f.evidence, f.fix) for f in out]


def _warn(system: str | None, message: str, where: str | None, fix: str) -> Finding:
    return finding(REQ, system, "warn", message, where, fix)


def _pass(system: str | None, message: str, where: str | None) -> Finding:
    return finding(REQ, system, "pass", message, where)


# ------------------------------------------------------------------ couple data sets


def _couple_data_sets(ctx: Ctx) -> list[Finding]:
    shown = ctx.of("xcf-couple")
    if not shown:
        return [no_evidence(REQ, None, "D XCF,COUPLE (IXC357I) display", "D XCF,COUPLE")]
    out: list[Finding] = []
    for kind in CDS_TYPES:
        found = next(((d, d.types[kind]) for d in shown if kind in d.types and d.types[kind].primary), None)
        if found is None:
            d = shown[0]
            out.append(_warn(None, f"D XCF,COUPLE shows no {kind} couple data set in use", d.where,
                             f"Define the {kind} couple data sets (format with IXCL1DSU, name them on PCOUPLE/ACOUPLE or "
                             f"DATA TYPE({kind}) in COUPLExx) and capture D XCF,COUPLE again."))
            continue
        d, t = found
        add = "SETXCF COUPLE,ACOUPLE=(dsname,volser)" if kind == "SYSPLEX" else f"SETXCF COUPLE,TYPE={kind},ACOUPLE=(dsname,volser)"
        fix = (f"Format an alternate {kind} couple data set with IXCL1DSU on a different volume, control unit and channel from "
               f"the primary, bring it in with {add}, and name it on ACOUPLE in COUPLExx so the next IPL keeps it.")
        if not t.alternate:
            out.append(_warn(None, f"{kind} couple data set {t.primary} has no alternate: it is a single point of failure for "
                             "the whole sysplex", d.at(t.primary_line), fix))
        elif t.primary_volume and t.primary_volume == t.alternate_volume:
            out.append(_warn(None, f"{kind} couple data sets {t.primary} and {t.alternate} are both on volume {t.primary_volume}: "
                             "one volume failure loses both", d.at(t.alternate_line), fix))
        else:
            vols = f" ({t.primary_volume} / {t.alternate_volume})" if t.primary_volume and t.alternate_volume else ""
            out.append(_pass(None, f"{kind} couple data sets: primary {t.primary}, alternate {t.alternate}{vols}", d.at(t.alternate_line)))
    return out


# ------------------------------------------------------------------ SFM


def _sfm(ctx: Ctx) -> list[Finding]:
    fix = ("Define an SFM policy with IXCMIAPU (DATA TYPE(SFM)), with an SFM couple data set in use, and start it: "
           "SETXCF START,POLICY,TYPE=SFM,POLNAME=name.")
    shown = [(d, d.policies["SFM"]) for d in ctx.of("xcf-policy") if "SFM" in d.policies]
    if not shown:
        return [no_evidence(REQ, None, "D XCF,POLICY,TYPE=SFM (IXC364I) display", "D XCF,POLICY,TYPE=SFM")]
    d, p = shown[-1]
    if p.started:
        name = f" {p.name}" if p.name else ""
        return [_pass(None, f"sysplex failure management policy{name} is active", d.at(p.started_line or p.line))]
    if p.started is False:
        return [_warn(None, "no sysplex failure management (SFM) policy is active: a failed system is removed from the sysplex only "
                      "when an operator responds, and the other systems wait for it meanwhile", d.at(p.started_line), fix)]
    return [_warn(None, "D XCF,POLICY,TYPE=SFM does not show whether an SFM policy is started (layout UNSURE)", d.at(p.line), fix)]


# ------------------------------------------------------------------ restart of the Zowe started tasks


def zowe_jobs(ctx: Ctx) -> tuple[str, ...]:
    """The job names of the Zowe started tasks ARM would restart: zowe.yaml's job name and STC names, else the defaults."""
    z = ctx.zowe
    names = []
    if z is not None:
        for path in (("zowe", "job", "name"), ("zowe", "setup", "security", "stcs", "zowe"), ("zowe", "setup", "security", "stcs", "zis")):
            value = z.get(*path)
            if isinstance(value, str) and value.strip():
                names.append(value.strip().upper())
    return tuple(dict.fromkeys(names)) or DEFAULT_ZOWE_JOBS


def zowe_systems(ctx: Ctx) -> tuple[str, ...]:
    """The record's systems that run a Zowe instance (zowe.yaml haInstances sysname), else all of them."""
    names = {i.sysname for i in ctx.zowe.instances if i.sysname} if ctx.zowe is not None else set()
    return tuple(s for s in ctx.systems if s in names) or ctx.systems


def _restart(ctx: Ctx) -> list[Finding]:
    record = ctx.record
    if record.restarted_by == "automation":
        return [_pass(None, "change.yaml says the site's automation restarts the Zowe started tasks (zowe.restarted_by: automation; "
                      "the kit does not verify automation)", record_where(record, "zowe", "restarted_by"))]
    jobs = zowe_jobs(ctx)
    fix = (f"Define an ARM policy (IXCMIAPU DATA TYPE(ARM)) with a restart group for the Zowe started tasks ({', '.join(jobs)}) "
           "and start it (SETXCF START,POLICY,TYPE=ARM,POLNAME=name); ARM restarts only jobs that register with it. If your "
           "automation restarts them instead, say so in change.yaml: zowe: restarted_by: automation.")
    shown = ctx.of("xcf-arm")
    if not shown:
        return [finding(REQ, None, "unknown", "no D XCF,ARMSTATUS (IXC392I) display in the evidence, and change.yaml does not say "
                        "that automation restarts the Zowe started tasks", None,
                        "Capture D XCF,ARMSTATUS and save the response under evidence/<SYSNAME>/, or set zowe.restarted_by: "
                        "automation in change.yaml if your automation restarts them.")]
    d = shown[-1]
    if d.restarts and d.restarts != "ENABLED":
        return [_warn(None, f"ARM restarts are {d.restarts}: nothing restarts the Zowe started tasks after an abend", d.at(d.restarts_line), fix)]
    out: list[Finding] = []
    for s in zowe_systems(ctx):
        mine = [e for e in d.elements if (e.job or "").upper() in jobs and s in (e.current, e.initial)]
        if mine:
            e = mine[0]
            out.append(_pass(s, f"ARM element {e.name} ({e.job}, {e.state}) restarts Zowe's started task on {s}", d.at(e.line)))
        else:
            out.append(_warn(s, f"no ARM element for the Zowe started tasks ({', '.join(jobs)}) on {s}: after an abend nothing "
                             "restarts them unless your automation does", d.at(d.restarts_line or d.none_defined_line), fix))
    return out


# ------------------------------------------------------------------ JES2 checkpoint


def _checkpoint(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for s, d in ctx.latest_each(out, REQ, "jes2-ckptdef", "$D CKPTDEF ($HASP829) response", "$D CKPTDEF"):
        c1, c2 = d.sub("CKPT1"), d.sub("CKPT2")
        mode, duplex = d.get("MODE") or "DUPLEX", d.get("DUPLEX")
        where1 = c1.get("STRNAME") or c1.get("DSNAME") or "?"
        where2 = c2.get("STRNAME") or c2.get("DSNAME") or "?"
        fix = ("Give the checkpoint a second copy on another volume or a CF structure, in use on every member: "
               "$T CKPTDEF,CKPT2=(DSNAME=name,VOLSER=vol,INUSE=YES),DUPLEX=ON (or MODE=DUAL with both in use), and the same "
               "on the CKPTDEF initialization statement.")
        both = c1.get("INUSE") == "YES" and c2.get("INUSE") == "YES"
        if both and c1.get("VOLSER") and c1.get("VOLSER") == c2.get("VOLSER"):
            out.append(_warn(s, f"JES2 checkpoints CKPT1 ({where1}) and CKPT2 ({where2}) are both on volume {c1['VOLSER']}: one volume "
                             "failure loses both", d.at_key("CKPT2"), fix))
        elif mode == "DUAL" and both:
            out.append(_pass(s, f"JES2 checkpoint in DUAL mode on {where1} and {where2}", d.at_key("MODE")))
        elif mode == "DUPLEX" and duplex == "ON" and both:
            out.append(_pass(s, f"JES2 checkpoint {where1} is duplexed to {where2} (MODE=DUPLEX, DUPLEX=ON)", d.at_key("DUPLEX")))
        else:
            said = f"MODE={mode}, DUPLEX={duplex or '?'}, CKPT2 {'in use' if c2.get('INUSE') == 'YES' else 'not in use'}"
            out.append(_warn(s, f"the JES2 checkpoint is not duplexed on {s} ({said}): an I/O error on CKPT1 is disastrous to the MAS "
                             "if JES2 also fails", d.at_key("DUPLEX") if duplex else d.where, fix))
    return out


# ------------------------------------------------------------------ structures


def _cf_cpcs(ctx: Ctx) -> dict[str, str]:
    """CF name -> its CPC (the node descriptor's sequence number), from D XCF,CF and D XCF,CF,CFNAME=ALL."""
    out: dict[str, str] = {}
    for d in ctx.of("xcf-cf"):
        for cf in d.cfs:
            if cf.cpc:
                out.setdefault(cf.name, cf.cpc)
    for d in ctx.of("xcf-cf-detail"):
        for name, info in d.cfs.items():
            if info.cpc:
                out.setdefault(name, info.cpc)
    return out


def _structures(ctx: Ctx) -> list[Finding]:
    shown = ctx.of("xcf-structure")
    if not shown:
        return [no_evidence(REQ, None, "D XCF,STR,STRNAME=ALL (IXC360I) display", "D XCF,STR,STRNAME=ALL")]
    latest = {}
    for d in shown:
        for st in d.structures:
            latest[st.name] = (d, st)
    cpc = _cf_cpcs(ctx)
    cpcs = set(cpc.values())
    out: list[Finding] = []
    racf = [name for name in latest if name.startswith("IRRXCF00_")]
    if not racf:
        d = shown[0]
        out.append(_warn(None, "D XCF,STR shows no RACF data-sharing structure (IRRXCF00_Pnnn / IRRXCF00_Bnnn)", d.where,
                         "Define the RACF structures in the CFRM policy and enable RACF sysplex data sharing (RVARY DATASHARE)."))
    wanted = sorted(racf)
    if "IGWLOCK00" in latest:
        wanted.append("IGWLOCK00")
    elif ctx.applies("vsam-rls"):
        out.append(_warn(None, "D XCF,STR shows no IGWLOCK00 structure, which VSAM RLS needs", shown[0].where,
                         "Define IGWLOCK00 in the CFRM policy, with a coupling facility on each CPC in its preference list."))
    for name in wanted:
        d, st = latest[name]
        out.append(_rebuild(st, d, cpc, cpcs))
    return out


def _rebuild(st, d, cpc: dict[str, str], cpcs: set[str]) -> Finding:
    fix = (f"List coupling facilities on at least two CPCs in {st.name}'s PREFLIST in the CFRM policy (IXCMIAPU), start the "
           f"updated policy (SETXCF START,POLICY,TYPE=CFRM,POLNAME=name) and, if the structure must move, "
           f"SETXCF START,REBUILD,STRNAME={st.name}.")
    where = d.at(st.preference_line or st.line)
    pref = st.preference
    if not pref:
        return _warn(None, f"{st.name}: no preference list shown, so the kit cannot tell where it could be rebuilt", where, fix)
    if len(pref) < 2:
        return _warn(None, f"{st.name}: its preference list names one coupling facility ({pref[0]}): it cannot be rebuilt in "
                     "another when that one fails", where, fix)
    if not cpcs or any(cf not in cpc for cf in pref):
        unknown = [cf for cf in pref if cf not in cpc]
        return _warn(None, f"{st.name}: preference list {', '.join(pref)}; the CPC of {', '.join(unknown) or 'the CFs'} is not "
                     "shown, so the kit cannot tell whether it survives a CPC failure (capture D XCF,CF)", where, fix)
    in_pref = {cpc[cf] for cf in pref}
    if len(cpcs) < 2:
        return _pass(None, f"{st.name}: preference list {', '.join(pref)}; every coupling facility of the policy is on one CPC, so "
                     "there is no other CPC to rebuild it in", where)
    if len(in_pref) < 2:
        missing = sorted(name for name, c in cpc.items() if c not in in_pref)
        return _warn(None, f"{st.name}: every coupling facility in its preference list ({', '.join(pref)}) is on CPC {next(iter(in_pref))}; "
                     f"{', '.join(missing)} on another CPC is not listed, so a failure of that CPC loses the structure", where, fix)
    others = [cf for cf in pref if cf != st.cf and cpc[cf] != cpc.get(st.cf or "")]
    now = f" (in {st.cf})" if st.cf else ""
    return _pass(None, f"{st.name}{now} can be rebuilt in {', '.join(others) or ', '.join(pref)} on another CPC", where)


# ------------------------------------------------------------------ VTAM XCFINIT


def _xcfinit(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for s, d in ctx.latest_each(out, REQ, "vtamopts", "D NET,VTAMOPTS (IST1188I) display", "D NET,VTAMOPTS,OPTION=XCFINIT"):
        value = d.get("XCFINIT")
        fix = (f"Set XCFINIT=YES (an APPN node) or XCFINIT=DEFINE (a subarea node) in {s}'s ATCSTRxx for the next VTAM start, "
               "or activate the ISTLSXCF major node now (V NET,ACT,ID=ISTLSXCF).")
        if value in ("YES", "DEFINE"):
            out.append(_pass(s, f"VTAM on {s} runs with XCFINIT={value}: dynamic XCF links can come up", d.at_option("XCFINIT")))
        elif value == "NO":
            out.append(_warn(s, f"VTAM on {s} runs with XCFINIT=NO: it joins no ISTXCF group and sets up no XCF connectivity for "
                             "TCP/IP, so the dynamic XCF links the distributor sends connections over do not come up unless the "
                             "ISTLSXCF major node is active", d.at_option("XCFINIT"), fix))
        else:
            out.append(_warn(s, f"D NET,VTAMOPTS on {s} does not show XCFINIT", d.where,
                             f"Capture D NET,VTAMOPTS,OPTION=XCFINIT on {s}. {fix}"))
    return out


# ------------------------------------------------------------------ TCP/IP sysplex group


def _tcpip_group(ctx: Ctx) -> list[Finding]:
    groups = {s: ctx.of("tcpip-group", system=s) for s in ctx.systems}
    counts = Counter(g[-1].group for g in groups.values() if g)
    common = counts.most_common(1)[0][0] if counts else None
    out: list[Finding] = []
    for s in ctx.systems:
        proc = ctx.record.system(s).tcpip_proc or "TCPIP"
        outside = ctx.of("tcpip-not-in-sysplex", system=s)
        if not groups[s]:
            if outside:
                d = outside[-1]
                out.append(_warn(s, f"the TCP/IP stack on {s} is not in a TCP/IP sysplex group ({d.msgid})", d.where,
                                 f"Rejoin it: V TCPIP,{proc},SYSPLEX,JOINGROUP (and see sysplex-distributor)."))
            else:
                out.append(no_evidence(REQ, s, "D TCPIP,,SYSPLEX,GROUP display", f"D TCPIP,{proc},SYSPLEX,GROUP"))
            continue
        d = groups[s][-1]
        if d.group == common or len(counts) == 1:
            out.append(_pass(s, f"the TCP/IP stack on {s} is in sysplex group {d.group}", d.at(d.group_line)))
        else:
            out.append(_warn(s, f"the TCP/IP stack on {s} is in sysplex group {d.group}, the others in {common}: stacks in different "
                             "groups (subplexes) neither distribute to nor back up each other's DVIPAs", d.at(d.group_line),
                             "Give every stack the same XCF group ID: the XCFGRPID start option of VTAM and GLOBALCONFIG XCFGRPID "
                             "in the TCP/IP profile form the group name EZBTvvtt."))
    return out
