"""IBM Health Checker output as corroborating evidence for the requirements.

IBM's checks look at much of what the kit's requirements rest on. Their
verdicts are not the kit's verdicts (a check can be tuned, or look at a wider
set of resources), so each one becomes a finding of the requirement it bears
on, citing the check: an exception is a warning that points the reader at the
check's own output, a check that ran clean is a pass that backs the other
findings, and a check that is inactive or disabled is a warning, because the
watch it would keep is not kept.

Which check bears on which requirement is the kit's reading of each check's
description (confirmed names: XCF_CF_CONNECTIVITY, XCF_CF_SYSPLEX_CONNECTIVITY,
XCF_CF_STR_AVAILABILITY, XCF_CF_ALLOCATION_PERMITTED, XCF_CF_STR_EXCLLIST,
XCF_SFM_*, USS_FILESYS_CONFIG, GRS_CONVERT_RESERVES; UNSURE: GRS_MODE,
XCF_CDS_SEPARATION, XCF_CDS_SPOF, XCF_CF_STR_PREFLIST,
VSAMRLS_SINGLE_POINT_FAILURE, CSTCP_SYSPLEXMON_RECOV_*).
"""

from __future__ import annotations

from ..requirements.findings import Finding
from .context import Ctx, finding

# Check name (or prefix ending in '*') -> requirement id.
CHECK_REQUIREMENTS: dict[str, str] = {
    "XCF_CF_CONNECTIVITY": "cf-connectivity",
    "XCF_CF_SYSPLEX_CONNECTIVITY": "cf-connectivity",
    "XCF_CF_ALLOCATION_PERMITTED": "coupling-facility",
    "GRS_MODE": "shared-dasd",
    "GRS_CONVERT_RESERVES": "shared-dasd",
    "USS_FILESYS_CONFIG": "shared-uss",
    "VSAMRLS_SINGLE_POINT_FAILURE": "vsam-rls",
    "CSTCP_SYSPLEXMON_RECOV_*": "sysplex-distributor",
    "XCF_CDS_SEPARATION": "resilience",
    "XCF_CDS_SPOF": "resilience",
    "XCF_CF_STR_AVAILABILITY": "resilience",
    "XCF_CF_STR_PREFLIST": "resilience",
    "XCF_CF_STR_EXCLLIST": "resilience",
    "XCF_SFM_*": "resilience",
}


def requirement_of(check_name: str) -> str | None:
    """The requirement a health check bears on, or None for a check the kit does not tie to one."""
    name = check_name.upper()
    if name in CHECK_REQUIREMENTS:
        return CHECK_REQUIREMENTS[name]
    return next((req for key, req in CHECK_REQUIREMENTS.items() if key.endswith("*") and name.startswith(key[:-1])), None)


def health_findings(ctx: Ctx) -> list[Finding]:
    """One finding per (check, system) of the health checks tied to a requirement that applies; the latest capture wins."""
    latest: dict[tuple[str, str, str | None], tuple] = {}
    for d in ctx.of("hzs"):
        for c in d.checks:
            system = c.system or d.system
            latest[(c.owner, c.name, system)] = (d, c, system if system in ctx.systems else None)
    out: list[Finding] = []
    for d, c, system in latest.values():
        req = requirement_of(c.name)
        if req is None or not ctx.applies(req):
            continue
        on = f" on {system}" if system else ""
        where = d.at(c.status_line or c.line)
        if c.disabled:
            state = c.state or c.status
            out.append(finding(req, system, "warn", f"IBM Health Checker {c.label} is {state}{on}: the watch it keeps over this "
                               "requirement is not kept", where,
                               f"Activate it: F HZSPROC,ACTIVATE,CHECK=({c.owner},{c.name}) (and find out why it was disabled "
                               "or deactivated; a check disables itself when its environment does not apply)."))
        elif c.exception:
            said = f": {c.message}" if c.message else ""
            out.append(finding(req, system, "warn", f"IBM Health Checker {c.label} reports {c.status}{on}{said}", where,
                               "Read the check's output (SDSF CK, or HZSPRINT of the message buffer) and follow its system "
                               "programmer response; it corroborates the other findings of this requirement."))
        elif c.status == "SUCCESSFUL":
            out.append(finding(req, system, "pass", f"IBM Health Checker {c.label} ran without exception{on}", where))
    return out
