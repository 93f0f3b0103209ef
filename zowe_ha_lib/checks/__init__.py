"""Requirement checks: judge every requirement of the registry from the evidence and zowe.yaml.

:func:`run_checks` reads the record's evidence folder and zowe.yaml once,
asks the registry which requirements apply to the record, runs the check
registered for each (modules below register theirs with
:func:`.context.check`) and returns the findings sorted by requirement
(registry order) and system (record order, sysplex-wide first). IBM Health
Checker output adds corroborating findings to the requirements its checks
bear on (:mod:`.healthchecks`). Evidence that could not be read becomes
``unknown`` findings of the requirement it was meant for, or of the extra id
``evidence`` when the kit cannot tell (an unrecognised file); those sort last.
A finding said twice (one missing report that several checks of a
requirement need) is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evidence.reader import Evidence, read_evidence
from ..record.model import ChangeRecord
from ..record.zowe_yaml import ZoweConfig, load_zowe_yaml
from ..requirements import readiness
from ..requirements.findings import Finding, summarise
from ..requirements.registry import BY_ID, EVIDENCE, IDS, ORDER, applicability

# The check modules register their checks in CHECKS when they load.
from . import distributor, nodejs, resilience, sharing, sysplex, uss, zosmf, zowe_yaml  # noqa: F401
from .context import CHECKS, Ctx, finding
from .healthchecks import health_findings

EVIDENCE_REQ = EVIDENCE


@dataclass
class CheckResult:
    change: str
    findings: list[Finding] = field(default_factory=list)
    evidence_files: list[str] = field(default_factory=list)
    #: what was read (a run keeps its values with the report, for ``zowe-ha diff``)
    evidence: Evidence | None = field(default=None, repr=False, compare=False)
    #: the zowe.yaml the checks read (None when the record names none), kept for the same reason
    zowe: ZoweConfig | None = field(default=None, repr=False, compare=False)

    def summary(self) -> dict[str, int]:
        return summarise(self.findings)

    @property
    def failed(self) -> bool:
        return any(f.status == "fail" for f in self.findings)

    @property
    def readiness(self) -> readiness.Readiness:
        """Ready to apply only when every applicable requirement passed (see :mod:`..requirements.readiness`)."""
        return readiness.from_findings(self.findings)

    def to_json(self, findings: list[Finding] | None = None) -> dict[str, Any]:
        """The ``check --json`` document; ``findings`` narrows the list shown (the summary counts every one)."""
        shown = self.findings if findings is None else findings
        verdict = self.readiness
        return {"change": self.change, "findings": [f.to_json() for f in shown], "summary": self.summary(),
                "ready": verdict.ready, "verdict": verdict.verdict,
                "missing": [{"requirement": m.id, "displays": [d.shown for d in m.displays]} for m in verdict.missing]}


def run_checks(record: ChangeRecord, evidence_dir: Path | None = None) -> CheckResult:
    """Every requirement finding for ``record`` (evidence from ``evidence_dir`` or ``record/evidence``).

    Raises InputError only for a zowe.yaml that cannot be parsed; evidence
    never raises.
    """
    folder = Path(evidence_dir) if evidence_dir is not None else record.evidence_dir
    evidence = read_evidence(folder, record.sysplex.system_names, base=record.folder)
    zowe = load_zowe_yaml(record)
    applies = applicability(record, zowe)
    ctx = Ctx(record, evidence, zowe, applies)
    findings: list[Finding] = []
    for req in IDS:
        reason = applies[req]
        if reason is not None:
            findings.append(finding(req, None, "n/a", reason))
            continue
        findings += CHECKS[req](ctx)
    findings += health_findings(ctx)
    findings += _problems(evidence, applies, record)
    findings = list(dict.fromkeys(findings))  # Finding is frozen (hashable): identical findings once, first place kept
    return CheckResult(record.id, sort_findings(findings, record.sysplex.system_names), evidence.files, evidence, zowe)


def _problems(evidence: Evidence, applies: dict[str, str | None], record: ChangeRecord) -> list[Finding]:
    out: list[Finding] = []
    names = record.sysplex.system_names
    folders = {p.split("/")[1] for p in evidence.files if p.startswith("evidence/") and p.count("/") >= 2}
    for folder in sorted(folders):
        if folder.upper() not in names:
            out.append(finding(EVIDENCE, None, "warn", f"evidence/{folder}/ is not named after a system of the record ({', '.join(names)}); "
                               "its per-system displays count only when their line prefix names the system", f"evidence/{folder}",
                               "Name each evidence folder after the SYSNAME the displays were captured on."))
    for p in evidence.problems:
        req = p.requirement or EVIDENCE
        if applies.get(req) is not None:
            continue
        system = p.system if p.system in names else None
        if p.internal:
            fix = "This is a fault in the kit's parser, not in the display: report it with the file; meanwhile check this display by hand."
        elif p.requirement:
            fix = "Capture the display again, whole, and replace the file."
        else:
            fix = "Remove the file or replace it with a display the kit reads (see zowe-ha check --help)."
        status = "warn" if req in BY_ID and BY_ID[req].advisory else "unknown"
        out.append(finding(req, system, status, f"{p.where}: {p.message}", p.where, fix))
    return out


def sort_findings(findings: list[Finding], systems: tuple[str, ...]) -> list[Finding]:
    """Requirement order, then sysplex-wide before per-system (record order); stable otherwise."""
    def key(f: Finding) -> tuple[int, int]:
        r = ORDER.index(f.requirement) if f.requirement in ORDER else len(ORDER)
        s = -1 if f.system is None else (systems.index(f.system) if f.system in systems else len(systems))
        return r, s
    return sorted(findings, key=key)
