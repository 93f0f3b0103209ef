"""Building ``REC/report/``: run the notebooks, add the generated files, scrub, hash, publish.

The order matters. Everything is written into a staging folder; every file is
scrubbed *before* it is hashed (so the manifest vouches for the clean bytes);
the bytes are checked once more for secrets; only then does the staging
folder replace the report (:mod:`zowe_ha_lib.report.history`).
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks import run_checks
from ..export.workflow import export_files
from ..record.load import display_name, load_record
from ..requirements import readiness
from ..requirements.status import is_ready, outcome
from ..runbook import steps
from ..runbook.sheetview import banner, with_banner
from ..tcpip.outputs import render_outputs
from ..util import jsontext, term
from ..util.errors import Failure, InputError
from ..util.fsutil import Staging
from ..util.text import safe_terminal as safe
from . import history, runner, sources
from . import manifest as manifest_mod
from .scrub import Scrubber
from .trust import default_allowed_signers

NOTEBOOKS = "notebooks"
GENERATED = "generated"
WORKFLOW = f"{GENERATED}/workflow"  # the z/OSMF workflow export, signed with the rest of the report
CHECK = "check.json"
SHEET = "operator-sheet.md"


class LeakError(Failure):
    """A secret or local path survived scrubbing; the report is not published."""


@dataclass
class RunSummary:
    """What ``zowe-ha run`` did: the report folder, every notebook's result, extra notes."""

    report: Path
    results: list[runner.NotebookResult]
    outcome: str
    previous: history.Published
    notes: list[str] = field(default_factory=list)
    failed_extras: bool = False

    @property
    def ready(self) -> bool:
        """The report says the change may be applied: every notebook passed (warnings allowed)."""
        return is_ready(self.outcome) and not self.failed_extras

    @property
    def failed(self) -> bool:
        """What ``run`` exits 1 on: not ready (a failure, an error, or a requirement without evidence)."""
        return not self.ready

    @property
    def readiness(self) -> readiness.Readiness:
        """The verdict on the steps of every notebook (an error names its notebook)."""
        steps = [s for r in self.results for s in r.steps if isinstance(s, dict)]
        steps += [{"id": r.name, "status": r.status} for r in self.results if not r.steps and r.status != "error"]
        return readiness.from_steps(steps, errors=[r.name for r in self.results if r.status == "error"])


def run_record(
    arg: str | Path,
    notebooks: Path | None = None,
    jobs: int = 2,
    timeout: float = runner.DEFAULT_TIMEOUT,
    on_done: Callable[[runner.NotebookResult], None] | None = None,
) -> RunSummary:
    """Validate the record, run its report and put it in place (InputError on bad input)."""
    record = load_record(arg)
    folder = Path(record.folder)
    specs = runner.discover(notebooks or runner.default_notebook_dir())
    with history.record_lock(folder, display_name(folder), "run"):
        history.refuse_links(folder, display_name(folder), [history.REPORT, history.HISTORY])
        history.clean_stale(folder)
        try:
            with history.new_staging(folder) as stage:  # removed on the way out unless published
                return _build(record, folder, stage, specs, jobs, timeout, on_done)
        except OSError as exc:
            # A full disk or a folder that went read-only: say so in one line; the staging folder is gone.
            why = exc.strerror or type(exc).__name__
            full = " (the disk is full or a size limit was reached)" if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else ""
            raise Failure(f"cannot write the report: {why}{full}; nothing was written (any previous report is unchanged)") from None


def _build(record: Any, folder: Path, stage: Staging, specs: list[runner.NotebookSpec], jobs: int,
           timeout: float, on_done: Callable[[runner.NotebookResult], None] | None) -> RunSummary:
    staging = stage.path
    nb_dir = staging / NOTEBOOKS
    results = runner.execute_all(specs, nb_dir, folder.resolve(), jobs, timeout, on_done)
    for result in results:
        if result.file:
            result.file = f"{NOTEBOOKS}/{result.file}"
            _annotate(staging / result.file, result)
    notes: list[str] = []
    failed_extras = _extras(record, stage, notes)
    scrubber = Scrubber.for_run(folder, {str(staging): "report"})
    for rel in manifest_mod.report_files(staging):
        path = staging / rel
        path.write_bytes(scrubber.file(rel, path.read_bytes()))
        leaks = scrubber.leaks(path.read_bytes())
        if leaks:
            raise LeakError(f"{rel} would still hold {', '.join(leaks)}; the report was not written")
    for r in results:  # these lines reach the terminal and the manifest
        r.summary, r.steps = scrubber.text(r.summary), scrubber.value(r.steps)
        r.error = scrubber.text(r.error) if r.error else None
    outcome_word = outcome([r.status for r in results])
    notebooks_json = [r.to_json() for r in results]
    manifest = manifest_mod.build(record, notebooks_json, manifest_mod.file_entries(staging), outcome_word, runner.PARAMETERS)
    data = manifest_mod.write(staging, manifest)
    if scrubber.leaks(data):
        raise LeakError("manifest.json would hold a secret or local path; the report was not written")
    previous = history.publish(stage, folder)
    return RunSummary(folder / history.REPORT, results, outcome_word, previous, notes, failed_extras)


def _annotate(path: Path, result: runner.NotebookResult) -> None:
    """Record the runner's verdict in the notebook and undo papermill's "completed" lie.

    After a timeout or a dead kernel papermill marks cells that never ran as
    completed; a code cell without an execution count did not run.
    """
    try:
        nb = jsontext.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        return  # not a notebook any more; its result already says the run failed
    if not isinstance(nb, dict):
        return
    meta = nb.setdefault("metadata", {}).setdefault("zowe_ha", {})
    meta["run"] = {"status": result.status, "summary": result.summary, "error": result.error,
                   "duration_s": round(result.duration_s, 3)}
    for cell in nb.get("cells", []):
        pm = (cell.get("metadata") or {}).get("papermill")
        if cell.get("cell_type") == "code" and cell.get("execution_count") is None and isinstance(pm, dict) \
                and pm.get("status") == "completed" and result.status == "error":
            pm["status"] = "not-run"
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _extras(record: Any, stage: Staging, notes: list[str]) -> bool:
    """Write ``generated/`` (the z/OSMF workflow in ``generated/workflow/``) and ``check.json``; True when one failed.

    A record whose OBEYFILE data set is no data set name has no workflow
    export (``zowe-ha export workflow`` says why); that is a note, not a
    failed run, since every other generated file is still right.
    """
    failed = False
    summary = None
    try:
        outputs = render_outputs(record)
        # A failing record's sheet opens with "Do not apply" (runbook/sheetview.py).
        summary = steps.summary(record)
        outputs[SHEET] = with_banner(outputs[SHEET], summary.failing, summary.missing)
        stage.write({f"{GENERATED}/{rel}": content for rel, content in outputs.items()})
    except OSError:
        raise  # the disk, not the generator: the run stops (run_record)
    except Exception as exc:
        failed = True
        notes.append(f"generated/: failed: {type(exc).__name__}: {exc}")
    try:
        # The workflow carries the same warning as the sheet, in its description and its first step.
        summary = summary or steps.summary(record)
        warning = banner(summary.failing, summary.missing)
        stage.write({f"{WORKFLOW}/{name}": content for name, content in export_files(record, warning=warning).items()})
    except InputError as exc:
        notes.append(f"{WORKFLOW}/: not written: {exc.problems[0]}")
    except Exception as exc:
        failed = True
        notes.append(f"{WORKFLOW}/: failed: {type(exc).__name__}: {exc}")
    try:
        result = run_checks(record)
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False)
        stage.write({CHECK: text.rstrip("\n") + "\n"})
        # The files the findings were read from, as they are now (see report/sources.py).
        stage.write(sources.copies(Path(record.folder), result.findings, result.evidence_files))
    except OSError:
        raise
    except Exception as exc:
        failed = True
        notes.append(f"check.json: failed: {type(exc).__name__}: {exc}")
    return failed


def print_summary(summary: RunSummary, out: Any = None) -> None:
    """The closing lines of ``zowe-ha run``: report path, what happened before, every outcome, the verdict, the next step."""
    out = out or sys.stdout
    if summary.previous.previous == "kept":
        print(f"previous report had sign-offs: kept in {display_name(summary.previous.kept_at)}", file=out)
    elif summary.previous.previous == "replaced":
        print("previous report had no sign-offs: replaced", file=out)
    for note in summary.notes:
        print(safe(note), file=out)
    width = max((len(r.name) for r in summary.results), default=0)
    words = max((len(r.status) for r in summary.results), default=0)
    for r in summary.results:
        reason = r.error or r.summary  # a notebook's own words, quoting evidence: one line
        print(f"  {r.name:<{width}}  {term.status(r.status, max(7, words), out)} {safe(reason)}", file=out)
    folder = summary.report.parent
    verdict = summary.readiness
    said = verdict.verdict if summary.ready or not verdict.ready else "not ready: see the notes above"
    print(f"report: {display_name(summary.report)} (outcome {term.paint(summary.outcome, summary.outcome, out)}): {said}",
          file=out)
    for advice in verdict.advice_for(display_name(folder)):
        print("  " + safe(advice), file=out)
    for line in next_steps(folder, summary.ready, verdict):
        print(line, file=out)


def next_steps(folder: Path, ready: bool, verdict: readiness.Readiness | None = None) -> list[str]:
    """What to do after ``run``: the exact commands, with the record as the user reaches it from here."""
    rec = display_name(folder)
    allowed = default_allowed_signers(folder)
    verify = f"zowe-ha verify {rec}" + ("" if allowed else " --allowed-signers FILE")
    if ready:
        return [f"next: zowe-ha sign {rec} --key ~/.ssh/id_ed25519 --signer YOU@example.com --role implementer",
                f"then: {verify}"]
    todo = []
    if verdict is None or verdict.failed or verdict.errors or not verdict.missing:
        todo.append("fix what failed")
    if verdict is not None and verdict.missing:
        todo.append("capture the missing evidence")
    return [f"next: {' and '.join(todo)}, then zowe-ha run {rec} again;",
            f"      or record a decision on this report as it is: zowe-ha sign {rec} --key ~/.ssh/id_ed25519 "
            "--signer YOU@example.com --role reviewer --decision reject --comment \"why\""]
