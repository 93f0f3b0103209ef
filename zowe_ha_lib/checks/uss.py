"""shared-uss: the z/OS UNIX file system is shared across the sysplex, and Zowe lives on it.

Per system: the kernel runs with SYSPLEX(YES) (``D OMVS,O``; the field layout
is UNSURE, so a missing line is not an error) or the system is a member of
XCF group SYSBPX, which only sysplex-mode kernels join; and the Zowe runtime,
workspace and extension directories of zowe.yaml (plus node.home when
Node.js applies) sit on mounted file systems that every system sees
(``D OMVS,F``): not under the system-specific /etc, /var, /tmp or /dev, and
not AUTOMOVE=NO/UNMOUNT, which would take them away when the owner leaves.
"""

from __future__ import annotations

from ..requirements.findings import Finding
from ..requirements.status import worst
from .context import Ctx, check, finding, no_evidence
from .sharing import group_member

SYSTEM_SPECIFIC = ("/etc", "/var", "/tmp", "/dev")
ZOWE_DIRS = ("runtimeDirectory", "workspaceDirectory", "extensionDirectory")


@check("shared-uss")
def shared_uss(ctx: Ctx) -> list[Finding]:
    req = "shared-uss"
    out: list[Finding] = []
    bpx = [d for d in ctx.of("xcf-group") if d.group == "SYSBPX"]
    zowe = ctx.zowe
    dirs = [(k, zowe.get("zowe", k) if zowe else None) for k in ZOWE_DIRS]
    if ctx.applies("nodejs"):
        dirs.append(("node.home", zowe.get("node", "home") if zowe else None))
    dirs = [(k, v) for k, v in dirs if isinstance(v, str) and v.startswith("/")]
    for s in ctx.systems:
        opts = ctx.of("omvs-o", system=s)
        said = False
        if opts and opts[-1].sysplex is not None:
            d = opts[-1]
            said = True
            if d.sysplex:
                out.append(finding(req, s, "pass", f"z/OS UNIX on {s} runs with SYSPLEX(YES): shared file system", d.at(d.sysplex_line)))
            else:
                out.append(finding(req, s, "fail", f"z/OS UNIX on {s} runs with SYSPLEX(NO): its file systems are not shared", d.at(d.sysplex_line),
                                   f"Code SYSPLEX(YES) in {s}'s BPXPRMxx and re-IPL it into the shared file system."))
        if bpx:
            said = True
            f = group_member(req, "SYSBPX", s, bpx, f"Code SYSPLEX(YES) in {s}'s BPXPRMxx (and make sure it is not IPLed "
                             "XCF-local): a system outside SYSBPX does not take part in the shared file system.")
            if f.status == "pass":
                f = finding(req, s, "pass", f"{f.message} (shared file system)", f.evidence)
            out.append(f)
        if not said:
            out.append(no_evidence(req, s, "D OMVS,O (BPXO043I) or D XCF,GROUP,SYSBPX display", "D OMVS,O"))
        out.append(_mounts(ctx, s, dirs))
    return out


def _mounts(ctx: Ctx, s: str, dirs: list[tuple[str, str]]) -> Finding:
    req = "shared-uss"
    shown = ctx.of("omvs-f", system=s)
    if not shown:
        return no_evidence(req, s, "D OMVS,F (BPXO045I) display", "D OMVS,F")
    d = shown[-1]
    if not dirs:
        status = "pass" if (d.kernel_status or "ACTIVE").startswith("ACTIVE") else "fail"
        return finding(req, s, status, f"z/OS UNIX on {s} is {d.kernel_status or 'listed'}; no zowe.yaml directories to locate", d.where,
                       "Start z/OS UNIX (OMVS).")
    results: list[tuple[str, str, int | None]] = []
    for key, path in dirs:
        m = d.mount_of(path)
        if any(path == p or path.startswith(p + "/") for p in SYSTEM_SPECIFIC):
            results.append(("fail", f"{key} {path} is under a system-specific directory", None))
        elif m is None:
            results.append(("warn", f"{key} {path}: no mounted file system holds it", None))
        elif m.status != "ACTIVE":
            results.append(("fail", f"{key} {path} is on {m.name} which is {m.status}", m.line))
        elif m.path == "/":
            results.append(("warn", f"{key} {path} is on the root file system, not a file system of its own", m.line))
        elif (m.automove or "Y") in ("N", "NO", "U", "UNMOUNT"):
            results.append(("warn", f"{key} {path} is on {m.name} with AUTOMOVE={m.automove}: it goes away when {m.owner} leaves", m.line))
        else:
            results.append(("pass", f"{key} {path} on {m.name} at {m.path} (owner {m.owner}, AUTOMOVE={m.automove or 'Y'})", m.line))
    status = worst([r[0] for r in results])
    shown_results = [r for r in results if r[0] == status] if status != "pass" else results
    line = next((r[2] for r in shown_results if r[2]), None)
    return finding(req, s, status, f"{s}: " + "; ".join(r[1] for r in shown_results), d.at(line),
                   "Put the Zowe runtime, workspace and extensions (and Node.js) on zFS file systems mounted sysplex-wide "
                   "(e.g. under /global) with AUTOMOVE=YES.")
