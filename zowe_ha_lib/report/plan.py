"""The plan of a report: the files a plan sign-off covers.

A change is approved twice: its plan before it is applied, its result after
(``zowe-ha sign --phase plan|result``). The result is the whole report of a
run on the evidence captured after the change. The plan is what the change
applies, and it must be the same in the report of the run before the change
and in the one after, so that an approval of the plan carries over to the
report it is checked against. These files follow from change.yaml alone:

* ``generated/profiles/<SYSNAME>.tcpip``: the statements each stack gets
  (their lint follows from them);
* ``generated/generate.json``: the apply and roll-back orders, the
  distributions and their targets;
* ``generated/zowe-fragment.yaml``: the zowe.yaml settings.

The operator sheet and the z/OSMF workflow are not among them: a report
whose checks fail puts "Do not apply" at the top of both, so their bytes
differ between the runs before and after the change. The result sign-off
covers them (it covers every file).
"""

from __future__ import annotations

from typing import Any

PLAN_PREFIXES = ("generated/profiles/",)
PLAN_FILES = ("generated/generate.json", "generated/zowe-fragment.yaml")


def is_plan_file(rel: str) -> bool:
    """Whether a report file (path relative to ``report/``) is part of the plan."""
    return rel in PLAN_FILES or rel.startswith(PLAN_PREFIXES)


def plan_entries(manifest: dict[str, Any]) -> list[dict[str, str]]:
    """``[{"path", "sha256"}]`` of the plan files a manifest lists, sorted by path."""
    out = []
    for entry in manifest.get("files") or []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str) and is_plan_file(entry["path"]):
            out.append({"path": entry["path"], "sha256": str(entry.get("sha256"))})
    return sorted(out, key=lambda e: e["path"])
