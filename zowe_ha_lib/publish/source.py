"""Reading one change record's report for the site.

The site publishes what ``zowe-ha run`` wrote into ``REC/report/`` (the
manifest is the thing people sign), not the change.yaml as it is today. This
module reads the manifest, check.json and the sign-off state, checks every
value that becomes a path or a link (a manifest is a file someone could have
edited), and derives the per-requirement outcome. Text values are kept as
they are; the templates escape them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..drift import Drift, diff_record
from ..drift.baseline import NoBaseline
from ..drift.compare import show
from ..requirements import readiness
from ..requirements.registry import IDS as REQUIREMENTS
from ..requirements.status import ORDER, OUTCOME_STATUSES, is_ready, rank, worst
from ..signoff.policy import PolicyResult, check_record, find_policy
from ..signoff.signoffs import ReportStatus, report_status
from ..util import jsontext
from ..util.errors import InputError, Problem, one_line

CHANGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}\Z")  # \Z: "$" would accept a final newline
NOTEBOOK_NAME = re.compile(r"^\d\d-[a-z0-9][a-z0-9-]*$")
SIGNOFF_STATES = ("signed", "unverified", "rejected", "stale", "unsigned", "invalid")
"""The sign-off states of a report; only ``signed`` (every sign-off verified against allowed_signers) is good news."""
SOURCES = "sources"  # report/sources/: the evidence files the findings cite (report/sources.py)
_EVIDENCE_REF = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d{1,9}))?\Z")


def known_status(value: Any) -> str:
    """``value`` if it is an outcome status, else ``unknown``."""
    return value if isinstance(value, str) and value in OUTCOME_STATUSES else "unknown"


@dataclass
class Notebook:
    """One notebook of a report, as the manifest lists it."""

    name: str
    title: str
    file: str | None
    status: str
    summary: str
    steps: list[dict[str, Any]]
    error: str | None
    duration_s: float | None


# The file types a report of the kit holds. Only these are copied into the site: a report file of
# another type (an .html or .svg someone added, and re-hashed into the manifest) would be served from the
# site's own folder as a page that runs script, so it is listed but not copied.
PUBLISHED_TYPES = frozenset({".ipynb", ".json", ".md", ".yaml", ".yml", ".tcpip", ".sig", ".txt", ".csv", ".log",
                             ".xml", ".properties"})
# A browser runs script in XML only through the XHTML or SVG namespace or an XSLT style sheet; the kit's
# XML (the z/OSMF workflow definition) has none of them, so an .xml file that does is not copied.
_ACTIVE_XML = re.compile(rb"/1999/xhtml|/2000/svg|xml-stylesheet|<\s*script|javascript:", re.IGNORECASE)
_MAX_XML = 8 * 1024 * 1024


def publishable(rel: str, path: Path | None = None) -> bool:
    """Whether a report file is copied into the site: one of the kit's types and, for XML, nothing that runs."""
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix not in PUBLISHED_TYPES:
        return False
    if suffix != ".xml":
        return True
    try:
        with open(path or "", "rb") as handle:
            data = handle.read(_MAX_XML + 1)
    except OSError:
        return False
    return len(data) <= _MAX_XML and not _ACTIVE_XML.search(data)


@dataclass
class Download:
    """A report file, copied into the site when its type is one the kit writes (``published``)."""

    path: str  # relative to report/, posix
    group: str
    bytes: int
    sha256: str | None
    published: bool = True


@dataclass
class Signoffs:
    """The sign-off state of a report and its sign-offs (as zowe_ha_lib.signoff reports them).

    ``state`` is one of :data:`SIGNOFF_STATES`: "signed" only when every
    sign-off verifies against the allowed_signers file given to ``publish``
    (or the one beside the records); a good signature by a key that no such
    file vouches for is "unverified".
    """

    state: str
    items: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None

    @property
    def verified(self) -> bool:
        return self.state == "signed"

    @property
    def who(self) -> list[str]:
        """``alice@example.com (reviewer, approve, unverified)``: who signed in which role, per sign-off."""
        return [f"{_text(i.get('signer'), '?')} ({_text(i.get('role'), 'no role')}, {_text(i.get('decision'), 'no decision')}, "
                f"{_text(i.get('state'), 'invalid')})" for i in self.items]


@dataclass
class DriftView:
    """"Changes since the signed baseline" on a record's page (:mod:`zowe_ha_lib.drift`), or why there are none.

    ``drift`` is None when there is nothing to compare with (``none``) or the
    record cannot be compared as it is now (``error``, the problem in one line).
    """

    drift: Drift | None = None
    none: str | None = None
    error: str | None = None

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per change, worse first: effect, what (requirement and system, file and key, or display), before, after."""
        out = []
        for c in self.drift.changes if self.drift else []:
            if c.kind == "finding":
                what = f"{c.requirement} on {c.system or 'the sysplex'}"
            elif c.kind == "evidence":
                what = f"{c.command} on {c.system or 'the sysplex'}" + (f": {c.key}" if c.key else "")
            else:
                what = f"{'change.yaml' if c.kind == 'record' else 'zowe.yaml'} {c.key}"
            out.append({"effect": c.effect, "kind": c.kind, "what": what, "before": show(c.before), "after": show(c.after),
                        "message": c.message, "evidence": c.evidence or "", "edit": c.edit or ""})
        return out


@dataclass
class Plan:
    """What the change sets up, as the report's generate.json says: for the summary a reviewer reads first."""

    systems: list[str]
    distributions: list[str]  # one sentence per distributed DVIPA


@dataclass
class Report:
    """Everything the site shows of one change record."""

    folder: Path
    display: str
    id: str
    title: str
    sysplex: str
    zowe_release: str
    created: str
    outcome: str
    kit_version: str
    executor: dict[str, str]
    notebooks: list[Notebook]
    findings: list[dict[str, Any]]
    requirements: dict[str, str]
    signoffs: Signoffs
    downloads: list[Download]
    plan: Plan = field(default_factory=lambda: Plan([], []))
    sources: list[str] = field(default_factory=list)  # evidence kept with the report: paths under sources/
    ticket: dict[str, str | None] | None = None  # the change ticket the manifest names: id, and url when it is a link
    policy: PolicyResult | None = None  # the sign-off policy that applies, checked against the sign-offs
    drift: DriftView = field(default_factory=DriftView)


    @property
    def report_dir(self) -> Path:
        return self.folder / "report"

    @property
    def readiness(self) -> readiness.Readiness:
        """The verdict on the steps the notebooks recorded (40-operations repeats every one)."""
        steps = [s for nb in self.notebooks for s in nb.steps]
        steps += [{"id": nb.name, "status": nb.status} for nb in self.notebooks if not nb.steps and nb.status != "error"]
        return readiness.from_steps(steps, errors=[nb.name for nb in self.notebooks if nb.status == "error"])

    @property
    def ready(self) -> bool:
        """Ready to apply: the outcome allows it (pass, warn) and no step failed or lacks evidence."""
        return is_ready(self.outcome) and self.readiness.ready

    @property
    def verdict(self) -> str:
        """``ready to apply`` or ``not ready: ...``, the sentence the 40-operations summary ends with."""
        verdict = self.readiness
        if self.ready or not verdict.ready:
            return verdict.verdict
        return f"not ready: the outcome is {self.outcome}"

    @property
    def date(self) -> str:
        return self.created[:10]

    @property
    def systems(self) -> list[str]:
        """The change's systems: from the plan, else every system a finding names."""
        return self.plan.systems or sorted({f["system"] for f in self.findings if f["system"]})

    @property
    def attention(self) -> list[dict[str, Any]]:
        """Findings a reviewer must read: everything that is not a pass or does not apply, worst first."""
        bad = [f for f in self.findings if f["status"] not in ("pass", "n/a")]
        return sorted(bad, key=lambda f: rank(f["status"]))

    @property
    def settled(self) -> list[dict[str, Any]]:
        """Findings that pass or do not apply, in check.json's order (by requirement, then system)."""
        return [f for f in self.findings if f["status"] in ("pass", "n/a")]

    def cited_lines(self, source: str) -> dict[int, list[dict[str, Any]]]:
        """Line number -> the findings that cite that line of a kept evidence file."""
        out: dict[int, list[dict[str, Any]]] = {}
        for f in self.findings:
            if f["source"] == source and f["line"] is not None:
                out.setdefault(f["line"], []).append(f)
        return out

    @property
    def finding_counts(self) -> str:
        """``58 pass, 1 n/a``: the findings counted by status, worst first."""
        counts = [(s, sum(1 for f in self.findings if f["status"] == s)) for s in ORDER]
        return ", ".join(f"{n} {s}" for s, n in counts if n)

    @property
    def any_fix(self) -> bool:
        return any(f["fix"] for f in self.findings)


def record_folder(arg: str | os.PathLike[str]) -> Path:
    """The change record folder for a folder or change.yaml argument."""
    path = Path(arg)
    if path.is_dir():
        return path
    if path.name.lower().endswith((".yaml", ".yml")) and path.parent.is_dir():
        return path.parent
    raise InputError(Problem(str(arg), None, "", "no such change record folder"))


def safe_relpath(value: Any) -> str | None:
    """``value`` as a relative posix path that stays inside its folder, else None."""
    if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
        return None
    p = PurePosixPath(value)
    if not p.parts or p.is_absolute() or any(part in ("..", "", ".") for part in p.parts) or value.startswith("~"):
        return None
    return p.as_posix()


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _load_json(path: Path, shown: str) -> Any:
    try:
        return jsontext.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise InputError(Problem(shown, None, "", "no such file")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(Problem(shown, line, "", f"not valid JSON: {one_line(str(exc))}")) from None


def signoff_state(folder: Path, allowed_signers: Path | None, status: ReportStatus | None = None) -> Signoffs:
    """Ask zowe_ha_lib.signoff for the report's sign-off state (or read it from ``status``)."""
    status = status or report_status(folder, allowed_signers)
    state = status.state if status.state in SIGNOFF_STATES else "invalid"
    items = [dict(item) for item in (status.signoffs or [])]
    return Signoffs(state, items)


_LINK = re.compile(r"^https?://[^\s\"'<>`]+\Z")


def read_ticket(value: Any) -> dict[str, str | None] | None:
    """The manifest's ``ticket``: its id, and its url only when it is an http(s) link (a manifest can be edited)."""
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"].strip():
        return None
    url = value.get("url")
    return {"id": one_line(value["id"], 64), "url": url if isinstance(url, str) and _LINK.match(url) else None}


def _local(text: str, folder: Path) -> str:
    """``text`` with the record folder's path on this machine shown as its name (a site is read elsewhere)."""
    for path in sorted({str(folder.resolve()), str(folder.absolute()), str(folder)}, key=len, reverse=True):
        if path not in (".", ""):
            text = text.replace(path, folder.resolve().name)
    return text


def drift_view(folder: Path, allowed_signers: Path | None) -> DriftView:
    """The record as it is now against its signed baseline, for the record's page; never raises on bad input."""
    try:
        drift = diff_record(folder, None, allowed_signers, locked=False)
    except NoBaseline as exc:
        return DriftView(none=_local(str(exc.problems[0].message), folder) if exc.problems else "no signed baseline")
    except InputError as exc:
        return DriftView(error=_local("; ".join(str(p) for p in exc.problems[:3]), folder))
    drift.notes = [_local(n, folder) for n in drift.notes]
    return DriftView(drift)


def load_report(arg: str | os.PathLike[str], allowed_signers: Path | None = None) -> Report:
    """Read and check ``REC/report/`` for publishing; InputError lists every problem."""
    folder = record_folder(arg)
    report = folder / "report"
    manifest_path = report / "manifest.json"
    shown = str(manifest_path)
    if not manifest_path.is_file():
        raise InputError(Problem(str(folder), None, "", "has no report (report/manifest.json is missing); run zowe-ha run first"))
    data = _load_json(manifest_path, shown)
    problems: list[Problem] = []

    def bad(where: str, message: str) -> None:
        problems.append(Problem(shown, None, where, message))

    if not isinstance(data, dict):
        raise InputError(Problem(shown, None, "", "expected a JSON object (a report manifest)"))
    if data.get("manifest_version") != 1:
        bad("manifest_version", f"expected 1, found {one_line(repr(data.get('manifest_version')))}; this kit reads manifest version 1")
    change = data.get("change")
    if not isinstance(change, str) or not CHANGE_ID.match(change):
        bad("change", "expected a change id of 1-32 of A-Z a-z 0-9 _ -")
    notebooks: list[Notebook] = []
    raw_nbs = data.get("notebooks")
    if not isinstance(raw_nbs, list):
        bad("notebooks", "expected a list")
        raw_nbs = []
    for i, item in enumerate(raw_nbs):
        if not isinstance(item, dict):
            bad(f"notebooks[{i}]", "expected an object")
            continue
        name = item.get("name")
        if not isinstance(name, str) or not NOTEBOOK_NAME.match(name):
            bad(f"notebooks[{i}].name", "expected a notebook name like 10-requirements")
            continue
        file = item.get("file")
        if file is not None and safe_relpath(file) is None:
            bad(f"notebooks[{i}].file", "expected a relative path inside the report")
            continue
        steps = [s for s in item.get("steps") or [] if isinstance(s, dict)]
        duration = item.get("duration_s")
        notebooks.append(Notebook(
            name=name, title=_text(item.get("title"), name), file=file, status=known_status(item.get("status")),
            summary=_text(item.get("summary")), steps=steps,
            error=item.get("error") if isinstance(item.get("error"), str) else None,
            duration_s=float(duration) if isinstance(duration, int | float) and not isinstance(duration, bool) else None,
        ))
    downloads: list[Download] = []
    raw_files = data.get("files")
    if not isinstance(raw_files, list):
        bad("files", "expected a list")
        raw_files = []
    listed: set[str] = set()
    for i, item in enumerate(raw_files):
        rel = safe_relpath(item.get("path")) if isinstance(item, dict) else None
        if rel is None:
            bad(f"files[{i}].path", "expected a relative path inside the report")
            continue
        listed.add(rel)
        path = report / rel
        if _inside(path, report):
            sha = item.get("sha256") if isinstance(item.get("sha256"), str) else None
            downloads.append(Download(rel, _group(rel), path.stat().st_size, sha, publishable(rel, path)))
    if problems:
        raise InputError(problems)
    downloads.append(Download("manifest.json", "manifest", manifest_path.stat().st_size, None))
    signoff_dir = report / "signoffs"
    if signoff_dir.is_dir():
        for path in sorted(signoff_dir.iterdir()):
            if _inside(path, report) and safe_relpath(path.name):
                downloads.append(Download(f"signoffs/{path.name}", "signoffs", path.stat().st_size, None,
                                          publishable(path.name)))
    kept = sorted(rel[len(SOURCES) + 1:] for rel in listed if rel.startswith(SOURCES + "/") and _inside(report / rel, report))
    findings = _findings(report, "check.json" in listed)
    notebooks_outcome = known_status(data.get("outcome"))
    for f in findings:
        path, line = _cited(f["evidence"])
        f["source"], f["line"] = (path, line) if path in kept else (None, None)
    status = report_status(folder, allowed_signers)
    return Report(
        folder=folder, display=str(folder), id=str(change), title=_text(data.get("title"), str(change)),
        sysplex=_text(data.get("sysplex")), zowe_release=_text(data.get("zowe_release")),
        created=_text(data.get("created")), outcome=_strict_outcome(notebooks_outcome, notebooks),
        kit_version=_text((data.get("kit") or {}).get("version") if isinstance(data.get("kit"), dict) else None),
        executor={str(k): str(v) for k, v in (data.get("executor") or {}).items()} if isinstance(data.get("executor"), dict) else {},
        notebooks=notebooks, findings=findings, requirements=requirement_outcomes(findings, notebooks),
        signoffs=signoff_state(folder, allowed_signers, status), downloads=downloads,
        plan=read_plan(report / "generated" / "generate.json") if "generated/generate.json" in listed else Plan([], []),
        sources=kept, ticket=read_ticket(data.get("ticket")),
        policy=check_record(folder, status, find_policy(folder), rec=folder.resolve().name),
        drift=drift_view(folder, allowed_signers),
    )


def _strict_outcome(outcome: str, notebooks: list[Notebook]) -> str:
    """The manifest's outcome, unless its notebooks' steps say worse.

    A report from a kit before ``incomplete`` existed could say "pass" with
    requirements that had no evidence; the site must not show that as a pass.
    """
    steps = [s for nb in notebooks for s in nb.steps]
    found = readiness.from_steps(steps).status if steps else outcome
    return found if is_ready(outcome) and not is_ready(found) else outcome


_NAME = re.compile(r"^[A-Za-z0-9$#@._-]{1,64}$")


def read_plan(path: Path) -> Plan:
    """Systems and distributions from a report's generate.json; an empty plan when it is unreadable.

    The plan only adds context to the summary (the report's files and findings
    are shown anyway), so a damaged or foreign file leaves it out rather than
    failing the publish.
    """
    try:
        data = jsontext.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Plan([], [])
    if not isinstance(data, dict):
        return Plan([], [])
    systems = [s.get("name") for s in _list(data.get("systems")) if isinstance(s, dict)]
    lines = [_distribution_line(d) for d in _list(data.get("distributions")) if isinstance(d, dict)]
    return Plan([s for s in systems if isinstance(s, str) and _NAME.match(s)], [x for x in lines if x])


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _distribution_line(d: dict[str, Any]) -> str:
    """``zowe-gateway: 203.0.113.50 port 7554; new connections to SYSA, then SYSB (100), ...``."""
    name, dvipa = d.get("name"), d.get("dvipa")
    ports = [str(p) for p in _list(d.get("ports")) if isinstance(p, int) and not isinstance(p, bool)]
    if not isinstance(name, str) or not isinstance(dvipa, str) or not ports:
        return ""
    targets = [t for t in _list(d.get("targets")) if isinstance(t, dict) and isinstance(t.get("system"), str)]
    preferred = [t["system"] for t in targets if t.get("role") == "preferred"]
    backups = [f"{t['system']} ({t['rank']})" if isinstance(t.get("rank"), int) else t["system"]
               for t in targets if t.get("role") == "backup"]
    line = f"{name}: {dvipa} port{'s' if len(ports) > 1 else ''} {', '.join(ports)}"
    if preferred:
        line += f"; new connections go to {preferred[0]}"
        if backups:
            line += ", then by BACKUP rank to " + ", ".join(backups)
    owner = d.get("distributor")
    if isinstance(owner, str):
        line += f"; owned by {owner}"
    return line


def _inside(path: Path, report: Path) -> bool:
    """A regular file that really lives in the report (no symlink leading out)."""
    try:
        return path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(report.resolve())
    except OSError:
        return False


def _cited(evidence: str | None) -> tuple[str | None, int | None]:
    """``evidence/SYSA/a.txt:9`` -> ``("evidence/SYSA/a.txt", 9)``; a reference without a line keeps None."""
    if not evidence:
        return None, None
    match = _EVIDENCE_REF.match(evidence)
    if not match:
        return None, None
    line = match.group("line")
    return match.group("path"), int(line) if line and int(line) > 0 else None


def _group(rel: str) -> str:
    if rel.startswith(SOURCES + "/"):
        return "sources"
    if rel.startswith("notebooks/"):
        return "notebooks"
    if rel.startswith("generated/profiles/"):
        return "profiles"
    if rel.startswith("generated/workflow/"):
        return "workflow"
    if rel.startswith("generated/"):
        return "generated"
    if rel.startswith("inputs/"):
        return "inputs"
    return "checks" if rel == "check.json" else "other"


def _findings(report: Path, listed: bool) -> list[dict[str, Any]]:
    path = report / "check.json"
    if not path.is_file():
        return []
    data = _load_json(path, str(path))
    raw = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise InputError(Problem(str(path), None, "findings", "expected a list of findings"))
    out = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        out.append({
            "requirement": _text(item.get("requirement"), "?"),
            "system": _text(item.get("system")) or None,
            "status": known_status(item.get("status")),
            "message": _text(item.get("message")),
            "evidence": _text(item.get("evidence")) or None,
            "fix": _text(item.get("fix")) or None,
        })
    return out


def requirement_outcomes(findings: list[dict[str, Any]], notebooks: list[Notebook]) -> dict[str, str]:
    """Status per requirement id from check findings and notebook steps named after requirements."""
    seen: dict[str, list[str]] = {}
    for f in findings:
        seen.setdefault(f["requirement"], []).append(f["status"])
    for nb in notebooks:
        for step in nb.steps:
            rid = step.get("id")
            if isinstance(rid, str) and rid in REQUIREMENTS:
                seen.setdefault(rid, []).append(known_status(step.get("status")))
    ordered = [r for r in REQUIREMENTS if r in seen] + sorted(r for r in seen if r not in REQUIREMENTS)
    return {r: worst(seen[r]) for r in ordered}
