"""nodejs: every system runs a Node.js level the record's Zowe release supports."""

from __future__ import annotations

from ..requirements.findings import Finding
from ..requirements.releases import check_node_version
from .context import Ctx, check, finding


@check("nodejs")
def nodejs(ctx: Ctx) -> list[Finding]:
    req = "nodejs"
    out: list[Finding] = []
    for s, d in ctx.latest_each(out, req, "node", "node --version output", "node --version"):
        status, message = check_node_version(ctx.record.zowe_release, d.version)
        out.append(finding(req, s, status, f"{s}: {message}", d.where,
                           f"Install a supported Node.js level on the shared file system and point node.home at it (Zowe {ctx.record.zowe_release})."))
    return out
