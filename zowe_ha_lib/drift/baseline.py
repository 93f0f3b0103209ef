"""The signed baseline a record is compared with, and what it kept of its inputs.

By default the baseline is the newest signed report of the record:
``REC/report/`` if it is signed, else the newest run kept in
``REC/history/<UTC time>/`` that is. "Signed" means what ``verify`` means:
the report is intact (every file as its manifest lists it) and every
sign-off is good, current and approves it. With an allowed_signers file
(``--allowed-signers``, or ``allowed_signers`` beside the record folder, as
for ``verify``) every signer must be vouched for by it (state ``signed``);
without one a good signature is enough (``unverified``). A report that fails
this (tampered, rejected, unsigned) is skipped and the reason kept, so that
"no signed baseline" can say what was found instead.

``--against DIR`` names the baseline: it must be an intact report of the
same change, and signed when an allowed_signers file is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evidence.reader import read_evidence
from ..evidence.values import evidence_values
from ..record.load import display_name
from ..record.yamlsrc import load_text
from ..report import history, inputs
from ..report import manifest as manifest_mod
from ..report.sources import SOURCES
from ..signoff.signoffs import ReportStatus, earlier_manifests, folder_status
from ..util import jsontext
from ..util.errors import InputError, Problem, one_line


class NoBaseline(InputError):
    """The record has no signed report to compare with (bad input for ``diff``; "none yet" for the site)."""


@dataclass
class Baseline:
    """A signed report to compare with: where it is, who signed it, its manifest."""

    path: Path
    shown: str  # "report", "history/20261130T101500Z", or the --against folder as given
    status: ReportStatus
    manifest: dict[str, Any]

    @property
    def signed_by(self) -> list[str]:
        """The signers of its good approvals, in the order they signed."""
        out: list[str] = []
        for c in self.status.checks:
            if c.decision == "approve" and c.state in ("valid", "unverified") and c.signer and c.signer not in out:
                out.append(c.signer)
        return out

    @property
    def created(self) -> str | None:
        value = self.manifest.get("created")
        return value if isinstance(value, str) else None

    @property
    def kit(self) -> str | None:
        kit = self.manifest.get("kit")
        value = kit.get("version") if isinstance(kit, dict) else None
        return value if isinstance(value, str) else None

    def to_json(self) -> dict[str, Any]:
        return {"path": self.shown, "signed_by": self.signed_by, "state": self.status.state, "created": self.created,
                "kit": self.kit, "manifest_sha256": self.status.manifest_sha256}


def _signed(status: ReportStatus, allowed: Path | None) -> bool:
    return status.state == "signed" if allowed is not None else status.state in ("signed", "unverified")


def _why(status: ReportStatus) -> str:
    """The first reason a report is no baseline, in one line."""
    if status.problems:
        return one_line(status.problems[0], 160)
    if status.files:
        return one_line(str(status.files[0]), 160)
    if status.rejections:
        c = status.rejections[0]
        return f"rejected by {c.signer}"
    bad = [c for c in status.checks if c.state not in ("valid",)]
    if bad:
        return one_line(f"{bad[0].file}: {bad[0].state}: {bad[0].reason}", 160)
    return "no sign-offs"


def find_baseline(folder: Path, against: Path | None, allowed: Path | None, change: str) -> tuple[Baseline, list[str]]:
    """The baseline of the record in ``folder`` (see the module notes) and the reports skipped on the way."""
    if against is not None:
        return _against(Path(against), allowed, change), []
    candidates: list[tuple[str, Path, dict[str, str]]] = []
    report = folder / history.REPORT
    if report.is_dir() and not report.is_symlink():
        candidates.append((history.REPORT, report, earlier_manifests(folder)))
    kept = folder / history.HISTORY
    if kept.is_dir() and not kept.is_symlink():
        for slot in sorted((p for p in kept.iterdir() if p.is_dir() and not p.is_symlink()), key=lambda p: p.name,
                           reverse=True):
            candidates.append((f"{history.HISTORY}/{slot.name}", slot, {}))
    skipped: list[str] = []
    for shown, path, earlier in candidates:
        status = folder_status(path, allowed, earlier)
        if _signed(status, allowed):
            manifest, _data = manifest_mod.load(path)
            if manifest.get("change") == change:
                return Baseline(path, shown, status, manifest), skipped
            skipped.append(f"{shown}/: a report of {manifest.get('change')!r}, not of {change}")
            continue
        skipped.append(f"{shown}/: {status.state}: {_why(status)}")
    trust = f" whose sign-offs {display_name(allowed)} verifies" if allowed is not None else ""
    found = "; ".join(skipped) if skipped else "no report/ and no history/"
    raise NoBaseline(Problem(display_name(folder), None, "", f"no signed baseline (a report{trust}) to compare with "
                             f"({found}); sign a report first (zowe-ha sign), or give --against DIR"))


def _against(path: Path, allowed: Path | None, change: str) -> Baseline:
    shown = display_name(path)
    if not path.is_dir():
        raise InputError(Problem(shown, None, "--against", "no such report folder (give a record's report/ or history/<time>/)"))
    if not (path / manifest_mod.MANIFEST).is_file():
        raise InputError(Problem(shown, None, "--against", "holds no manifest.json: not a report folder "
                                 "(give a record's report/ or history/<time>/)"))
    status = folder_status(path, allowed)
    if status.problems or status.files:
        raise InputError(Problem(shown, None, "--against", f"is not intact, so it is no baseline: {_why(status)}"))
    if allowed is not None and status.state != "signed":
        raise InputError(Problem(shown, None, "--against", f"is not a report whose sign-offs {display_name(allowed)} "
                                 f"verifies ({status.state}: {_why(status)}), so it is no baseline"))
    manifest, _data = manifest_mod.load(path)
    if manifest.get("change") != change:
        raise InputError(Problem(shown, None, "--against", f"is a report of {manifest.get('change')!r}, not of {change}"))
    return Baseline(path, shown, status, manifest)


# ----------------------------------------------------------------------------- what it kept


@dataclass
class Kept:
    """What a baseline kept of its run's inputs (None where it kept nothing), and what could not be read."""

    findings: list[dict[str, Any]] | None = None
    change: Any = None
    has_change: bool = False
    zowe_file: str | None = None
    zowe: Any = None
    has_zowe: bool = False
    evidence: list[dict[str, Any]] | None = None
    evidence_from: str | None = None  # "inputs" or "sources"
    kit: str | None = None
    notes: list[str] = field(default_factory=list)


def _read_json(path: Path) -> Any:
    return jsontext.loads(path.read_bytes().decode("utf-8"))


def _findings(baseline: Baseline, kept: Kept) -> None:
    path = baseline.path / "check.json"
    try:
        data = _read_json(path)
        raw = data.get("findings") if isinstance(data, dict) else None
        if not isinstance(raw, list):
            raise ValueError("no findings list")
    except FileNotFoundError:
        kept.notes.append("findings: the baseline has no check.json; findings not compared")
        return
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        kept.notes.append(f"findings: the baseline's check.json cannot be read ({one_line(str(exc), 80)}); not compared")
        return
    kept.findings = [{"requirement": str(f.get("requirement")), "system": f.get("system") if isinstance(f.get("system"), str) else None,
                      "status": str(f.get("status")), "message": str(f.get("message") or ""),
                      "evidence": f.get("evidence") if isinstance(f.get("evidence"), str) else None}
                     for f in raw if isinstance(f, dict)]


def _change(baseline: Baseline, kept: Kept) -> None:
    path = baseline.path / inputs.CHANGE
    if not path.is_file():
        kept.notes.append(f"change.yaml: the baseline keeps no copy of it (no {inputs.CHANGE}: a report of an earlier "
                          "kit); change.yaml edits not compared")
        return
    try:
        kept.change = load_text(path.read_bytes().decode("utf-8", errors="replace"), f"{baseline.shown}/{inputs.CHANGE}").data
        kept.has_change = True
    except InputError as exc:
        kept.notes.append(f"change.yaml: the baseline's copy cannot be read ({exc.problems[0]}); not compared")


def _zowe(baseline: Baseline, kept: Kept) -> None:
    path = baseline.path / inputs.ZOWE
    if not path.is_file():
        kept.notes.append(f"zowe.yaml: the baseline keeps no values of it ({inputs.ZOWE}); zowe.yaml edits not compared")
        return
    try:
        data = _read_json(path)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        kept.notes.append(f"zowe.yaml: the baseline's {inputs.ZOWE} cannot be read ({one_line(str(exc), 80)}); not compared")
        return
    kept.zowe_file = data.get("file") if isinstance(data.get("file"), str) else None
    kept.zowe, kept.has_zowe = data.get("values"), True


def _evidence(baseline: Baseline, kept: Kept, systems: tuple[str, ...]) -> None:
    path = baseline.path / inputs.EVIDENCE
    if path.is_file():
        try:
            data = _read_json(path)
            displays = data.get("displays") if isinstance(data, dict) else None
            if not isinstance(displays, list):
                raise ValueError("no displays list")
            kept.evidence = [d for d in displays if isinstance(d, dict) and isinstance(d.get("values"), dict)]
            kept.evidence_from = "inputs"
            kept.kit = data.get("kit") if isinstance(data.get("kit"), str) else None
            return
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            kept.notes.append(f"evidence: the baseline's {inputs.EVIDENCE} cannot be read ({one_line(str(exc), 80)})")
    copies = baseline.path / SOURCES / "evidence"
    if copies.is_dir() and not copies.is_symlink():
        read = read_evidence(copies, systems, base=baseline.path / SOURCES)
        kept.evidence, kept.evidence_from = evidence_values(read), "sources"
        kept.notes.append(f"evidence: the baseline keeps no parsed values ({inputs.EVIDENCE}); compared the evidence "
                          f"copies in its {SOURCES}/ as this kit reads them (files it did not keep are not compared)")
        return
    kept.notes.append("evidence: the baseline keeps neither parsed values nor copies of the evidence; not compared")


def read_kept(baseline: Baseline, systems: tuple[str, ...]) -> Kept:
    """What the baseline kept: its findings, change.yaml, zowe.yaml values and evidence values."""
    kept = Kept()
    _findings(baseline, kept)
    _change(baseline, kept)
    _zowe(baseline, kept)
    _evidence(baseline, kept, systems)
    return kept
