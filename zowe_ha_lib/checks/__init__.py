"""Requirement checks: judge every requirement of contract section 6 from the evidence.

:func:`run_checks` reads the record's evidence folder once, asks
:mod:`zowe_ha_lib.releases` which requirements apply to the record's Zowe
release, runs one check per requirement and returns the findings sorted by
requirement (contract order) and system (record order, sysplex-wide first).
Evidence that could not be read becomes ``unknown`` findings of the
requirement it was meant for, or of the extra id ``evidence`` when the kit
cannot tell (an unrecognised file); those sort last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evidence.reader import Evidence, read_evidence
from ..record.model import ChangeRecord
from ..record.zowe_yaml import load_zowe_yaml
from ..requirements.findings import REQUIREMENTS, Finding, summarise
from ..requirements.releases import requirements
from .context import Ctx, finding
from .distributor import sysplex_distributor
from .sharing import jes2_mas, shared_dasd, shared_saf, vsam_rls
from .sysplex import cf_connectivity, coupling_facility, sysplex_timer
from .uss import shared_uss
from .zowe import nodejs, zosmf_ha, zowe_config

EVIDENCE_REQ = "evidence"
ORDER = (*REQUIREMENTS, EVIDENCE_REQ)


@dataclass
class CheckResult:
    change: str
    findings: list[Finding] = field(default_factory=list)
    evidence_files: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return summarise(self.findings)

    @property
    def failed(self) -> bool:
        return any(f.status == "fail" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {"change": self.change, "findings": [f.to_json() for f in self.findings], "summary": self.summary()}


def _load_zowe_yaml(record: ChangeRecord) -> dict | None:
    data, _ = load_zowe_yaml(record)
    return data


def run_checks(record: ChangeRecord, evidence_dir: Path | None = None) -> CheckResult:
    """Every requirement finding for ``record`` (evidence from ``evidence_dir`` or ``record/evidence``).

    Raises InputError only for a zowe.yaml that cannot be parsed; evidence
    never raises.
    """
    folder = Path(evidence_dir) if evidence_dir is not None else record.evidence_dir
    evidence = read_evidence(folder, record.sysplex.system_names, base=record.folder)
    zowe_yaml = _load_zowe_yaml(record)
    applies = requirements(record, zowe_yaml)
    ctx = Ctx(record, evidence, zowe_yaml)
    checks = {
        "cf-connectivity": lambda: cf_connectivity(ctx),
        "coupling-facility": lambda: coupling_facility(ctx),
        "sysplex-timer": lambda: sysplex_timer(ctx),
        "shared-dasd": lambda: shared_dasd(ctx),
        "shared-saf": lambda: shared_saf(ctx),
        "sysplex-distributor": lambda: sysplex_distributor(ctx),
        "vsam-rls": lambda: vsam_rls(ctx),
        "shared-uss": lambda: shared_uss(ctx, applies.get("nodejs") is None),
        "jes2-mas": lambda: jes2_mas(ctx),
        "zosmf-ha": lambda: zosmf_ha(ctx),
        "nodejs": lambda: nodejs(ctx),
        "zowe-config": lambda: zowe_config(ctx),
    }
    findings: list[Finding] = []
    for req in REQUIREMENTS:
        reason = applies.get(req)
        if reason is not None:
            findings.append(finding(req, None, "n/a", reason))
            continue
        findings += checks[req]()
    findings += _problems(evidence, applies, record)
    return CheckResult(record.id, sort_findings(findings, record.sysplex.system_names), evidence.files)


def _problems(evidence: Evidence, applies: dict[str, str | None], record: ChangeRecord) -> list[Finding]:
    out: list[Finding] = []
    names = record.sysplex.system_names
    folders = {p.split("/")[1] for p in evidence.files if p.startswith("evidence/") and p.count("/") >= 2}
    for folder in sorted(folders):
        if folder.upper() not in names:
            out.append(finding(EVIDENCE_REQ, None, "warn", f"evidence/{folder}/ is not named after a system of the record ({', '.join(names)}); "
                               "its per-system displays count only when their line prefix names the system", f"evidence/{folder}",
                               "Name each evidence folder after the SYSNAME the displays were captured on."))
    for p in evidence.problems:
        req = p.requirement or EVIDENCE_REQ
        if applies.get(req) is not None:
            continue
        system = p.system if p.system in names else None
        out.append(finding(req, system, "unknown", f"{p.where}: {p.message}", p.where,
                           "Capture the display again, whole, and replace the file." if p.requirement else
                           "Remove the file or replace it with a display the kit reads (see zowe-ha check --help)."))
    return out


def sort_findings(findings: list[Finding], systems: tuple[str, ...]) -> list[Finding]:
    """Requirement order, then sysplex-wide before per-system (record order); stable otherwise."""
    def key(f: Finding) -> tuple[int, int]:
        r = ORDER.index(f.requirement) if f.requirement in ORDER else len(ORDER)
        s = -1 if f.system is None else (systems.index(f.system) if f.system in systems else len(systems))
        return r, s
    return sorted(findings, key=key)
