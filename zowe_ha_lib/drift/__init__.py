"""Drift: what changed in a change record since its signed baseline (``zowe-ha diff``).

A sysplex that passed on the day of the change drifts: a GRS member is
quiesced, a profile is edited, a zowe.yaml port changes. :func:`diff_record`
compares the record as it is now (change.yaml, zowe.yaml, the evidence
folder, and the checks run now) with its signed baseline
(:mod:`.baseline`), and lists each difference (:mod:`.compare`), worse
first:

* a requirement whose status on a system got worse or better (the checks
  run now against the baseline's ``check.json``): the only verdicts drawn;
* edits to change.yaml and zowe.yaml, by key path;
* values the displays show that changed (a member's state, a rank, a port),
  compared as parsed values, not as text.

Today's values go through the same scrubbing as the report's copies did
(:class:`~zowe_ha_lib.report.scrub.Scrubber`), so that a path or a name the
report shows as ``<home>`` is not reported as an edit.

Layers: ``baseline`` finds and reads the baseline, ``compare`` compares;
this module puts them together. ``zowe-ha diff`` and the site use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..checks import run_checks
from ..evidence.values import display_key, evidence_values, item_ids, label
from ..record.load import display_name, load_record
from ..record.model import ChangeRecord
from ..record.tree import READER_WAIT_S, record_lock
from ..record.zowe_yaml import load_zowe_yaml
from ..report import inputs
from ..report.inputs import json_values
from ..report.scrub import Scrubber
from ..report.trust import default_allowed_signers
from ..signoff.signoffs import check_allowed_signers
from .baseline import Baseline, Kept, find_baseline, read_kept
from .compare import (
    CHANGED,
    EFFECTS,
    WORSE,
    Change,
    by_name,
    edits,
    finding_changes,
    show,
    sort_changes,
    value_changes,
)

__all__ = ["Drift", "diff_record"]


@dataclass
class Drift:
    """The changes since a signed baseline, worse first, and what could not be compared."""

    change: str
    baseline: Baseline
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {effect: sum(1 for c in self.changes if c.effect == effect) for effect in EFFECTS}

    @property
    def worse(self) -> bool:
        """What ``diff`` exits 1 on: anything got worse."""
        return any(c.effect == WORSE for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        return {"change": self.change, "baseline": self.baseline.to_json(),
                "changes": [c.to_json() for c in self.changes], "summary": self.summary(), "notes": self.notes}


def diff_record(arg: str | Path, against: Path | None = None, allowed_signers: Path | None = None,
                wait: float | None = READER_WAIT_S, locked: bool = True) -> Drift:
    """Compare the record ``arg`` with its signed baseline; InputError when there is none (or bad input).

    ``allowed_signers`` defaults to the file beside the record folder, as
    for ``verify``. The record is read under its shared lock (``locked``),
    so a run or a sign is never seen half done; ``publish``, which holds it
    already, passes ``locked=False``.
    """
    record = load_record(arg)
    folder = Path(record.folder)
    allowed = Path(allowed_signers) if allowed_signers else default_allowed_signers(folder)
    if allowed is not None:
        check_allowed_signers(allowed)
    if not locked:
        return _diff(record, folder, against, allowed)
    with record_lock(folder, display_name(folder), "diff", shared=True, wait=wait):
        return _diff(record, folder, against, allowed)


def _diff(record: ChangeRecord, folder: Path, against: Path | None, allowed: Path | None) -> Drift:
    baseline, skipped = find_baseline(folder, against, allowed, record.id)
    kept = read_kept(baseline, record.sysplex.system_names)
    result = run_checks(record)
    scrub = Scrubber.for_run(folder)
    drift = Drift(record.id, baseline, notes=[f"skipped {s}" for s in skipped] + kept.notes)
    if kept.kit and kept.kit != __version__:
        drift.notes.append(f"evidence: the baseline's values were read by kit {kept.kit}, today's by {__version__}: "
                           "a display the kits read differently may show as a change")
    changes: list[Change] = []
    if kept.findings is not None:
        changes += finding_changes(kept.findings, result.findings)
    if kept.has_change:
        changes += value_changes("record", json_values(kept.change), scrub.value(json_values(record.raw)), by_name,
                                 positions=True, prefix="change.yaml ")
    if kept.has_zowe:
        changes += _zowe_changes(record, kept, scrub)
    if kept.evidence is not None:
        now = scrub.value(json_values(evidence_values(result.evidence))) if result.evidence is not None else []
        changes += evidence_changes(kept.evidence, now)
    drift.changes = sort_changes(changes)
    return drift


def _zowe_changes(record: ChangeRecord, kept: Kept, scrub: Scrubber) -> list[Change]:
    config = load_zowe_yaml(record)
    now = scrub.value(json_values(inputs.zowe_document(record, config)["values"]))
    out: list[Change] = []
    if kept.zowe_file != record.zowe_config:
        out.append(Change("zowe", CHANGED, kept.zowe_file, record.zowe_config,
                          f"zowe.config: {show(kept.zowe_file)} -> {show(record.zowe_config)}", key="(file)", edit="changed"))
    if kept.zowe is None or now is None:
        if kept.zowe != now:
            gone = now is None
            out.append(Change("zowe", CHANGED, None if kept.zowe is None else "(values)", None if gone else "(values)",
                              "zowe.yaml: " + ("no longer read (the record names none, or the file is gone)" if gone
                                               else "read now, not in the baseline"), key="(file)",
                              edit="removed" if gone else "added"))
        return out
    return out + value_changes("zowe", kept.zowe, now, by_name, positions=True, prefix="zowe.yaml ")


def _index(displays: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Displays by :func:`display_key`; a second capture of the same display gets ``#2``."""
    out: dict[str, dict[str, Any]] = {}
    for d in displays:
        values = d.get("values") if isinstance(d.get("values"), dict) else {}
        system = d.get("system") if isinstance(d.get("system"), str) else None
        key = display_key(str(d.get("display")), system, values)
        n, unique = 1, key
        while unique in out:
            n += 1
            unique = f"{key}#{n}"
        out[unique] = d
    return out


def evidence_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Change]:
    """The values of matching displays, compared; a display captured then and not now (or now only) is one change."""
    then, now = _index(before), _index(after)
    out: list[Change] = []
    for key in [*now, *(k for k in then if k not in now)]:
        b, a = then.get(key), now.get(key)
        d = a or b or {}
        kind = str(d.get("display"))
        system = d.get("system") if isinstance(d.get("system"), str) else None
        where = str((a or {}).get("where") or (b or {}).get("where") or "")
        on = f"{label(kind)} on {system or 'the sysplex'}"
        if b is None:
            out.append(Change("evidence", CHANGED, None, a["values"] if a else None, f"{on}: captured now, not in the baseline",
                              display=kind, command=label(kind), system=system, key="", evidence=where, edit="added"))
            continue
        if a is None:
            out.append(Change("evidence", CHANGED, b["values"], None, f"{on}: in the baseline, not in the evidence now",
                              display=kind, command=label(kind), system=system, key="", evidence=where, edit="removed"))
            continue
        for e in edits(b["values"], a["values"], item_ids):
            bv, av = e.value(e.before), e.value(e.after)
            said = (f"{show(bv)} -> {show(av)}" if e.edit == "changed" else f"added: {show(av)}" if e.edit == "added"
                    else f"removed (was {show(bv)})")
            out.append(Change("evidence", CHANGED, bv, av, f"{on}: {e.key}: {said}", display=kind, command=label(kind),
                              system=system, key=e.key, evidence=where, edit=e.edit))
    return out
