"""zosmf-ha, nodejs and zowe-config: the checks that lean on helper modules.

The rules themselves live in :mod:`zowe_ha_lib.checks.zosmf` (IZUPRMxx),
:mod:`zowe_ha_lib.requirements.releases` (Node.js levels per release) and
:mod:`zowe_ha_lib.record.zowe_yaml` (zowe.yaml); this module feeds them the
evidence and turns "nothing wrong" into a pass finding, so that a healthy
requirement is visible in the report rather than silent.
"""

from __future__ import annotations

from ..record.zowe_yaml import check_zowe_yaml
from ..requirements.findings import Finding
from ..requirements.releases import check_node_version
from .context import Ctx, finding, no_evidence
from .zosmf import check_izuprm


def zosmf_ha(ctx: Ctx) -> list[Finding]:
    req = "zosmf-ha"
    members = ctx.evidence.izuprm
    found = check_izuprm(ctx.record, members)
    if members and not any(f.status in ("fail", "warn", "unknown") for f in found):
        names = ", ".join(sorted({m.system or "?" for m in members}))
        found = [f for f in found if f.status == "pass"] or [
            finding(req, None, "pass", f"IZUPRMxx members of {names} follow the z/OSMF HA rules (autostart groups, DVIPA host name, port, key ring, procedures)",
                    members[0].where())]
    return found


def nodejs(ctx: Ctx) -> list[Finding]:
    req = "nodejs"
    out: list[Finding] = []
    for s in ctx.systems:
        shown = ctx.of("node", system=s)
        if not shown:
            out.append(no_evidence(req, s, "node --version output", "node --version"))
            continue
        d = shown[-1]
        status, message = check_node_version(ctx.record.zowe_release, d.version)
        out.append(finding(req, s, status, f"{s}: {message}", d.where,
                           f"Install a supported Node.js level on the shared file system and point node.home at it (Zowe {ctx.record.zowe_release})."))
    return out


def zowe_config(ctx: Ctx) -> list[Finding]:
    req = "zowe-config"
    found = check_zowe_yaml(ctx.record)
    if not any(f.status != "pass" for f in found):
        found = [f for f in found if f.status == "pass"] or [
            finding(req, None, "pass", f"{ctx.record.zowe_config}: no cross-check found a problem", ctx.record.zowe_config)]
    return found
