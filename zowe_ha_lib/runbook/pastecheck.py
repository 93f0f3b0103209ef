"""One requirement judged from a response pasted into the walk (or collected) for one system.

The verdict comes from the requirement's own registered check
(:func:`zowe_ha_lib.checks.context.check`), the same function ``zowe-ha
check`` and the report run, over the record's evidence on disk with the
paste in the place of that system's captures: for the system the person
pasted for, only the paste counts (so pasting the wrong display says "no D
ETR from SYSA", never a pass borrowed from an older file), while the other
systems' files still feed the sysplex-wide findings. The paste is read as
the file it becomes when saved (``evidence/<SYSNAME>/walk-<id>.txt``), so a
verdict in the walk and the next report's finding cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks import CHECKS
from ..checks.context import Ctx, finding
from ..evidence.reader import Evidence
from ..record.model import ChangeRecord
from ..record.zowe_yaml import ZoweConfig
from ..requirements.findings import Finding
from ..requirements.registry import Requirement
from ..requirements.status import Status, worst
from .applysteps import describe, read_paste


@dataclass
class PasteVerdict:
    """The verdict on a paste: its status, the findings behind it and what the paste held."""

    status: str
    message: str
    findings: list[Finding] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def merged(disk: Evidence, pasted: Evidence, system: str, shown: str) -> Evidence:
    """The disk evidence with ``system``'s own captures (and an earlier copy of ``shown``) replaced by the paste."""
    def keep(d_system: str | None, d_file: str) -> bool:
        return d_file != shown and d_system != system

    out = Evidence()
    out.displays = [d for d in disk.displays if keep(d.system, d.file)] + list(pasted.displays)
    out.problems = [p for p in disk.problems if keep(p.system, p.file)] + list(pasted.problems)
    out.izuprm = [m for m in disk.izuprm if keep(m.system, m.file)] + list(pasted.izuprm)
    out.files = [f for f in disk.files if f != shown] + [shown]
    return out


def judge(record: ChangeRecord, requirement: Requirement, system: str, text: str, disk: Evidence,
          zowe: ZoweConfig | None, applies: dict[str, str | None], shown: str) -> PasteVerdict:
    """The requirement's verdict for ``system`` with ``text`` as that system's capture."""
    req = requirement.id
    reason = applies.get(req)
    if reason is not None:
        return PasteVerdict(Status.NA, f"does not apply to this change: {reason}", [finding(req, None, "n/a", reason)])
    if not text.strip():
        return PasteVerdict(Status.UNKNOWN, "paste the response (or collect it through z/OSMF) to see the verdict")
    pasted = read_paste(record, text, shown, system)
    evidence = merged(disk, pasted, system, shown)
    ctx = Ctx(record, evidence, zowe, applies)
    found = CHECKS[req](ctx)
    relevant = [f for f in found if f.system == system or (f.system is None and f.evidence and f.evidence.startswith(shown))]
    if not relevant:
        relevant = [f for f in found if f.system in (system, None)]
    problems = [f"line {p.line}: {p.message}" if p.line else p.message for p in pasted.problems
                if p.requirement in (None, req)]
    read = [describe(d) for d in pasted.displays] + [f"IZUPRMxx member ({m.file})" for m in pasted.izuprm]
    statuses = [f.status for f in relevant]
    if problems and not read:
        statuses.append(Status.UNKNOWN)
    status = worst(statuses) if statuses else Status.UNKNOWN
    bad = [f for f in relevant if f.status == status]
    if status == Status.UNKNOWN and not read:
        message = "nothing in the pasted text is a display the kit reads"
    elif bad:
        message = bad[0].message + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else "")
    else:
        message = "no finding for this system"
    return PasteVerdict(status, message, relevant, read, problems)
