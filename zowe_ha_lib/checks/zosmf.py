"""z/OSMF IZUPRMxx members: the z/OSMF HA cross-checks.

Where Zowe uses z/OSMF (for logon when the API ML authentication provider
is zosmf, or for its REST services), z/OSMF must survive the loss of a
system as well. IBM supports that only for a subset of z/OSMF: the jobs REST
services and the data set "retrieve contents" service, with a server per
system in its own autostart group behind a workload router (z/OS 2.5,
"Configuring z/OSMF for high availability"). The Zowe z/OSMF HA page builds
its hot-standby layout on that and sets rules
that only make sense across the members of all systems: every system gets
its own autostart group, server procedure and user directory, while all of
them share the DVIPA host name, the HTTPS port, the key ring and the SAF
prefix. A single member can look perfect and still break HA, so the check
compares the members with each other and with the change record.

The members are read by the evidence reader with
:mod:`zowe_ha_lib.evidence.izuprm` (the parmlib parser).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..evidence.izuprm import DEFAULTS, IzuPrm
from ..record.zowe_yaml import ZoweConfig
from ..requirements.findings import Finding
from .context import Ctx, check, finding

REQ = "zosmf-ha"


def _f(status: str, message: str, evidence: str | None, fix: str | None, system: str | None = None) -> Finding:
    return Finding(REQ, system, status, message, evidence, fix)


def _merged(members: list[IzuPrm]) -> IzuPrm:
    """Several members of one system act as a concatenation: later values win."""
    if len(members) == 1:
        return members[0]
    out = IzuPrm(file=members[-1].file, system=members[-1].system)
    for member in members:
        out.values.update(member.values)
    out.file = members[0].file if all(m.file == members[0].file for m in members) else members[-1].file
    return out


def _value(prm: IzuPrm, key: str) -> tuple[str, bool]:
    """Effective value of ``key`` and whether it is the default (keyword left out)."""
    got = prm.get(key)
    return (got, False) if got is not None else (DEFAULTS.get(key, ""), True)


def _ev(prm: IzuPrm, key: str) -> str:
    return prm.where(key) if prm.line(key) else prm.where()


def _shown(value: str, default: bool) -> str:
    return f"{value} (default, not coded)" if default else value


def _zowe_applid(zowe: ZoweConfig | None) -> str | None:
    applid = zowe.get("zOSMF", "applId") if zowe else None
    return str(applid) if applid else None


def _same(per: dict[str, IzuPrm], key: str, norm: Any = str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for system, prm in per.items():
        value, _ = _value(prm, key)
        groups.setdefault(norm(value), []).append(system)
    return groups


def check_izuprm(record: Any, members: list[IzuPrm], zowe: ZoweConfig | None = None) -> list[Finding]:
    """The z/OSMF HA rules across the IZUPRMxx members of the record's systems.

    With no members at all the result is one ``unknown`` finding saying what
    to capture. Members whose ``system`` is not a system of the record are
    reported and otherwise ignored.
    """
    names = list(record.sysplex.system_names)
    if not members:
        return [_f("unknown", "no IZUPRMxx member in the evidence; the z/OSMF HA settings cannot be compared",
                   None, "Copy the IZUPRMxx members each system's z/OSMF server uses (the IZUPRM= parameter of its start names "
                         "them; F <server>,DISPLAY IZU shows the settings it started with) into evidence/<SYSNAME>/.")]
    out: list[Finding] = []
    by_system: dict[str, list[IzuPrm]] = {}
    for m in members:
        system = (m.system or "").upper()
        if system not in names:
            out.append(_f("warn", f"IZUPRMxx member {m.file} belongs to {m.system or 'no system folder'}, not a system of the record ({', '.join(names)}); ignored",
                          m.where(), "Put each member in evidence/<SYSNAME>/ of the system that uses it."))
            continue
        by_system.setdefault(system, []).append(m)
        for key in dict.fromkeys(m.duplicates):
            out.append(_f("warn", f"{key} is coded more than once in {m.file}; z/OSMF uses the last one", m.where(key), f"Keep one {key} statement.", system))
        if m.beyond:
            lines = ", ".join(map(str, m.beyond[:5])) + (" ..." if len(m.beyond) > 5 else "")
            out.append(_f("warn", f"{m.file} has text past column 71 on line {lines}: z/OSMF ignores columns 72-80, so that text is lost",
                          f"{m.file}:{m.beyond[0]}", "Keep IZUPRMxx data and comments within columns 1-71.", system))
    per = {s: _merged(by_system[s]) for s in names if s in by_system}
    for s in names:
        if s not in per:
            out.append(_f("unknown", f"no IZUPRMxx member for {s} in the evidence", None, f"Copy {s}'s IZUPRMxx member into evidence/{s}/.", s))
    if not per:
        return out
    first = next(iter(per.values()))
    dist = next((d for d in record.distributions if d.role == "zosmf"), None)
    out += _autostart(per, first)
    out += _hostname(per, first, dist)
    out += _port(per, first, dist)
    out += _equal(per, first, "KEYRING_NAME", "key ring", lambda v: v,
                  "every server must present the same certificate through the DVIPA")
    out += _distinct(per, first, "SERVER_PROC", "server procedure", str.upper,
                     "two systems starting the same procedure name collide in the autostart group", "IZUSVRA, IZUSVRB, ...")
    out += _saf(per, first, zowe)
    out += _user_dir(per, first)
    return out


def _autostart(per: dict[str, IzuPrm], first: IzuPrm) -> list[Finding]:
    out = []
    for s, prm in per.items():
        mode = prm.get("AUTOSTART")
        if mode is None:
            out.append(_f("warn", f"AUTOSTART is not coded for {s}; HA needs AUTOSTART(LOCAL) on every server, and the default "
                                  "is UNSURE (no IBM statement of it found), so a warning",
                          prm.where(), "Add AUTOSTART(LOCAL).", s))
        elif mode.upper() != "LOCAL":
            out.append(_f("fail", f"AUTOSTART({mode}) on {s}; every z/OSMF server of an HA setup must be AUTOSTART(LOCAL) so each system starts its own",
                          _ev(prm, "AUTOSTART"), "Code AUTOSTART(LOCAL).", s))
    groups: dict[str, list[str]] = {}
    for s, prm in per.items():
        value, default = _value(prm, "AUTOSTART_GROUP")
        if value.upper() == "IZUDFLT":
            out.append(_f("fail", f"AUTOSTART_GROUP is {_shown(value, default)} on {s}; IZUDFLT is the monoplex default, each system needs its own group",
                          _ev(prm, "AUTOSTART_GROUP"), f"Code AUTOSTART_GROUP('IZUDFL{s[-1]}') (unique per system).", s))
        groups.setdefault(value.upper(), []).append(s)
    for value, systems in groups.items():
        if len(systems) > 1 and value != "IZUDFLT":
            out.append(_f("fail", f"AUTOSTART_GROUP {value} is used by {', '.join(systems)}; it must be unique per system",
                          _ev(per[systems[1]], "AUTOSTART_GROUP"), "Give each system its own AUTOSTART_GROUP (e.g. IZUDFLA, IZUDFLB).", systems[1]))
    if not out:
        out.append(_f("pass", f"AUTOSTART(LOCAL) on all, AUTOSTART_GROUP unique per system ({', '.join(sorted(groups))})",
                      _ev(first, "AUTOSTART_GROUP"), None))
    return out


def _hostname(per: dict[str, IzuPrm], first: IzuPrm, dist: Any) -> list[Finding]:
    out = []
    want = {dist.dvipa.lower()} | ({dist.hostname.lower().rstrip(".")} if dist.hostname else set()) if dist else None
    values = {}
    for s, prm in per.items():
        host = prm.get("HOSTNAME")
        if host is None:
            out.append(_f("fail", f"HOSTNAME is not coded for {s}; in HA every server must bind to the z/OSMF DVIPA host name",
                          prm.where(), f"Code HOSTNAME('{dist.hostname or dist.dvipa}')." if dist else "Code HOSTNAME with the z/OSMF DVIPA host name.", s))
            continue
        values[s] = host.lower().rstrip(".")
        if want is not None and values[s] not in want:
            out.append(_f("fail", f"HOSTNAME({host}) on {s} is not the z/OSMF DVIPA {dist.hostname or dist.dvipa}; the server would not answer on the distributed address",
                          _ev(prm, "HOSTNAME"), f"Code HOSTNAME('{dist.hostname or dist.dvipa}').", s))
    if want is None and len(set(values.values())) > 1:
        out.append(_f("fail", f"HOSTNAME differs between systems ({', '.join(f'{s}={v}' for s, v in values.items())}); all must use the one DVIPA host name",
                      _ev(first, "HOSTNAME"), "Code the same DVIPA HOSTNAME on every system, and add a zosmf distribution to change.yaml."))
    if not out:
        shown = next(iter(values.values()), "")
        out.append(_f("pass", f"HOSTNAME {shown} on all systems" + (" (the z/OSMF DVIPA)" if dist else ""), _ev(first, "HOSTNAME"), None))
    return out


def _port(per: dict[str, IzuPrm], first: IzuPrm, dist: Any) -> list[Finding]:
    out = []
    groups = _same(per, "HTTP_SSL_PORT", lambda v: v.strip())
    if len(groups) > 1:
        odd = min(groups.values(), key=len)[0]
        out.append(_f("fail", f"HTTP_SSL_PORT differs between systems ({_detail(groups)}); a failover would move clients to another port",
                      _ev(per[odd], "HTTP_SSL_PORT"), "Code the same HTTP_SSL_PORT on every system (the distributed z/OSMF port).", odd))
    if dist is not None:
        for s, prm in per.items():
            value, default = _value(prm, "HTTP_SSL_PORT")
            if not value.isdigit() or int(value) not in dist.ports:
                out.append(_f("fail", f"HTTP_SSL_PORT {_shown(value, default)} on {s} is not the port Sysplex Distributor spreads for z/OSMF ({'/'.join(map(str, dist.ports))})",
                              _ev(prm, "HTTP_SSL_PORT"), f"Code HTTP_SSL_PORT({dist.ports[0]}) or correct the zosmf distribution's ports.", s))
    if not out:
        value, default = _value(first, "HTTP_SSL_PORT")
        out.append(_f("pass", f"HTTP_SSL_PORT {_shown(value, default)} on all systems" + (" = the distributed z/OSMF port" if dist else ""),
                      _ev(first, "HTTP_SSL_PORT"), None))
    return out


def _detail(groups: dict[str, list[str]]) -> str:
    return "; ".join(v + ": " + ", ".join(ss) for v, ss in groups.items())


def _equal(per: dict[str, IzuPrm], first: IzuPrm, key: str, what: str, norm: Any, why: str) -> list[Finding]:
    groups = _same(per, key, norm)
    if len(groups) > 1:
        detail = _detail(groups)
        odd = min(groups.values(), key=len)[0]
        return [_f("fail", f"{key} differs between systems ({detail}); {why}", _ev(per[odd], key),
                   f"Code the same {key} on every system.", odd)]
    value, default = _value(first, key)
    return [_f("pass", f"{key} {_shown(value, default)} on all systems (same {what})", _ev(first, key), None)]


def _distinct(per: dict[str, IzuPrm], first: IzuPrm, key: str, what: str, norm: Any, why: str, example: str) -> list[Finding]:
    out = []
    for value, systems in _same(per, key, norm).items():
        if len(systems) > 1:
            default = per[systems[0]].get(key) is None
            out.append(_f("fail", f"{key} {_shown(value, default)} is shared by {', '.join(systems)}; {why}", _ev(per[systems[1]], key),
                          f"Code a different {key} per system ({example}).", systems[1]))
    if not out:
        out.append(_f("pass", f"{key} differs on every system ({', '.join(_value(p, key)[0] for p in per.values())})", _ev(first, key), None))
    return out


def _saf(per: dict[str, IzuPrm], first: IzuPrm, zowe: ZoweConfig | None) -> list[Finding]:
    out = _equal(per, first, "SAF_PREFIX", "SAF profile prefix", str.upper, "users would need different authorisations on each system")
    if out[0].status == "pass":
        prefix, _ = _value(first, "SAF_PREFIX")
        applid = _zowe_applid(zowe)
        if applid and applid.upper() != prefix.upper():
            out.append(_f("warn", f"SAF_PREFIX {prefix} differs from zowe.yaml zOSMF.applId {applid}; PassTickets for z/OSMF are generated for the applId (inference, so a warning)",
                          _ev(first, "SAF_PREFIX"), f"Set zowe.yaml zOSMF.applId: {prefix}."))
    return out


def _user_dir(per: dict[str, IzuPrm], first: IzuPrm) -> list[Finding]:
    owners: dict[str, set[str]] = {}
    systems: dict[str, list[str]] = {}
    for s, prm in per.items():
        path, _ = _value(prm, "USER_DIR")
        path = path.rstrip("/") or "/"
        owners.setdefault(path, set()).add(_value(prm, "AUTOSTART_GROUP")[0].upper())
        systems.setdefault(path, []).append(s)
    out = []
    for path, groups in owners.items():
        if len(systems[path]) > 1 and len(groups) > 1:
            ss = systems[path]
            default = per[ss[0]].get("USER_DIR") is None
            out.append(_f("fail", f"USER_DIR {_shown(path, default)} is used by {', '.join(ss)} in different autostart groups; each group needs its own directory on the shared file system",
                          _ev(per[ss[1]], "USER_DIR"), "Code a unique USER_DIR per autostart group, e.g. /global/zosmf/zosmfa and /global/zosmf/zosmfb.", ss[1]))
    if not out:
        out.append(_f("pass", f"USER_DIR unique per autostart group ({', '.join(sorted(owners))})", _ev(first, "USER_DIR"), None))
    return out


SCOPE = ("z/OSMF HA covers the jobs REST services and the data set 'retrieve contents' service only "
         "(IBM, z/OS 2.5 'Configuring z/OSMF for high availability')")
"""What a pass of this requirement does not promise; the passing finding says it."""


@check("zosmf-ha")
def zosmf_ha(ctx: Ctx) -> list[Finding]:
    """Judge the IZUPRMxx members found in the evidence; a healthy set is one visible pass."""
    members = ctx.evidence.izuprm
    found = check_izuprm(ctx.record, members, ctx.zowe)
    if members and not any(f.status in ("fail", "warn", "unknown") for f in found):
        names = ", ".join(sorted({m.system or "?" for m in members}))
        found = [f for f in found if f.status == "pass"] or [
            finding(REQ, None, "pass", f"IZUPRMxx members of {names} follow the z/OSMF HA rules (autostart groups, DVIPA host name, port, "
                                       "key ring, procedures)", members[0].where())]
        # The scope is information, not a verdict: it rides on the first pass.
        found[0] = replace(found[0], message=f"{found[0].message}; {SCOPE}")
    return found
