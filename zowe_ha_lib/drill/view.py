"""Drills in notebooks: the latest drill record for the report, and a plan preview for the guided setup.

The report notebook (``50-drill``) shows the newest record under
``REC/drills/``, so that ``zowe-ha run`` signs and publishes it with the rest
of the report: the verdict, every step with the modelled and the observed
distributor and active target, the restore and how it was proven, the probe
and its outage, and the reachability picture. Its outcome is the drill's
verdict; with no drill it says so and is ``n/a``. A drill that ran against a
distribution the record no longer has (change.yaml changed since) passes
only as a warning: it proved something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..record.model import ChangeRecord
from ..runbook import blocks
from ..tcpip.choose import ChoiceError
from ..util.errors import InputError
from . import store
from .plan import PlanError, build


@dataclass
class Latest:
    """The newest drill record of a change record (``doc`` is its drill.json)."""

    folder: Path
    doc: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name


def latest(record: ChangeRecord) -> Latest | None:
    """The newest drill record, or None when the record has none."""
    folder = store.latest(record.folder)
    return Latest(folder, store.load(folder)) if folder is not None else None


def _stale(record: ChangeRecord, drill: Latest) -> str | None:
    """Why the drill no longer describes the record (None: it still does)."""
    doc = drill.doc
    dist = doc.get("distribution") or {}
    try:
        now = build(record, str(doc.get("scenario")), dvipa=dist.get("dvipa"), port=dist.get("port"))
    except (PlanError, ChoiceError, InputError, ValueError) as exc:
        return f"the record no longer has that distribution ({exc})"
    current = now.to_json()["distribution"]
    changed = sorted(k for k in current if current.get(k) != dist.get(k))
    return f"the distribution changed since the drill ({', '.join(changed)})" if changed else None


def outcome(record: ChangeRecord, drill: Latest | None) -> tuple[str, str, list[dict[str, str]]]:
    """(status, summary, steps) of the drill notebook's outcome record."""
    if drill is None:
        message = ("no drill recorded: run 'zowe-ha drill REC --scenario NAME --execute' on the sysplex, then "
                   "'zowe-ha run' again to put it into the report")
        return "n/a", "no failover drill recorded", [blocks.step("drill", "Failover drill", "n/a", message)]
    doc = drill.doc
    verdict = "pass" if doc.get("verdict") == "pass" else "fail"
    stale = _stale(record, drill)
    status = "warn" if verdict == "pass" and stale else verdict
    summary = (f"{doc.get('scenario')} on {doc.get('sysplex')} at {doc.get('started')}: {verdict}, outage "
               f"{float(doc.get('outage_s') or 0):.1f} s, restore {'proven' if (doc.get('restore') or {}).get('proven') else 'NOT proven'}")
    out = []
    for step in doc.get("steps", []):
        observed = step.get("observed") or {}
        expected = step.get("expected") or {}
        msg = (f"{step.get('command')} on {step.get('system')}: model {expected.get('distributor')}/{expected.get('active')}, "
               f"observed {observed.get('distributor')}/{observed.get('active')}")
        if step.get("rejected"):
            msg = f"{step.get('command')} on {step.get('system')} was rejected: {step.get('rejected')}"
        out.append(blocks.step(f"drill-{step.get('step')}", f"Drill step {step.get('step')}", "pass" if step.get("matched") else "fail", msg))
    restore = doc.get("restore") or {}
    out.append(blocks.step("drill-restore", "Drill restore", "pass" if restore.get("proven") else "fail",
                           "proven by the displays" if restore.get("proven") else f"NOT proven: {restore.get('problem')}"))
    out.append(blocks.step("drill", "Failover drill", status, summary + (f"; {stale}" if stale else "")))
    return status, summary + (f" ({stale})" if stale else ""), out


def _who(value: Any) -> str:
    return str(value) if value else "none"


def report_blocks(record: ChangeRecord, drill: Latest | None) -> list[blocks.Html | blocks.Svg]:
    """What the report shows of the latest drill (or that there is none)."""
    status, summary, _steps = outcome(record, drill)
    if drill is None:
        return [blocks.status_line("n/a", "No failover drill has been recorded for this change. " + _steps[0]["message"] + ".")]
    doc = drill.doc
    out: list[blocks.Html | blocks.Svg] = [blocks.status_line(status, summary)]
    dist = doc.get("distribution") or {}
    out.append(blocks.table(["", ""], [
        ["scenario", f"{doc.get('scenario')}: {doc.get('title')}"],
        ["distribution", f"{dist.get('name')} DVIPA {dist.get('dvipa')} port {dist.get('port')}"],
        ["ran", f"{doc.get('started')} to {doc.get('finished')}"],
        ["record", f"drills/{drill.name}/ (drill.json, displays/, probe.csv, reachability.svg)"],
    ], caption="The drill"))
    rows = []
    for step in [*doc.get("steps", []), *(doc.get("restore") or {}).get("steps", [])]:
        exp, obs = step.get("expected") or {}, step.get("observed") or {}
        verdict = "pass" if step.get("matched") else ("fail" if step.get("matched") is False or step.get("rejected") or step.get("error") else "n/a")
        rows.append([step.get("step"), step.get("system"), step.get("command"),
                     f"{_who(exp.get('distributor'))} / {_who(exp.get('active'))}",
                     f"{_who(obs.get('distributor'))} / {_who(obs.get('active'))}" if obs else "(not observed)",
                     verdict, step.get("rejected") or step.get("error") or ""])
    out.append(blocks.table(["step", "on", "command", "model: distributor / active", "observed", "result", "note"],
                            rows, caption="Steps and restore: the model beside the displays", status_column=5))
    reasons = doc.get("reasons") or []
    if reasons:
        out.append(blocks.problems_list(reasons, "Why the drill did not pass"))
    manual = (doc.get("restore") or {}).get("manual") or []
    if manual:
        out.append(blocks.code("\n".join(manual), title="The restore was NOT proven: restore by hand, in this order"))
    picture = drill.folder / store.PICTURE
    if picture.is_file():
        out.append(blocks.svg(picture.read_text(encoding="utf-8"), "reachability of the DVIPA during the drill"))
    probe = doc.get("probe") or {}
    tcp = probe.get("tcp") or {}
    outage = tcp.get("outage") or {}
    out.append(blocks.para(
        f"Probe: TCP connects to {probe.get('target')} every {probe.get('interval_s')} s from the machine that ran the drill; "
        f"{tcp.get('samples')} samples, {tcp.get('failed')} failed; longest outage {float(outage.get('seconds') or 0):.1f} s"
        + ("" if outage.get("ended", True) else " (it had not ended when the probe stopped)") + "; "
        + ("reachable again after the restore." if probe.get("recovered") else "NOT reachable again after the restore.")))
    return out


def plan_preview(record: ChangeRecord, scenario: str) -> blocks.Html:
    """The dry-run plan as the command line prints it (for the guided setup)."""
    try:
        return blocks.code(build(record, scenario).text(), title=f"Drill plan: {scenario} (nothing is issued)")
    except (PlanError, ChoiceError) as exc:
        return blocks.status_line("fail", f"No drill plan: {exc}")
