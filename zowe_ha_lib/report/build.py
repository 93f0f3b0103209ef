"""Building ``REC/report/``: run the notebooks, add the generated files, scrub, hash, publish.

The order matters. Everything is written into a staging folder; every file is
scrubbed *before* it is hashed (so the manifest vouches for the clean bytes);
the bytes are checked once more for secrets; only then does the staging
folder replace the report (:mod:`zowe_ha_lib.report.history`).
"""

from __future__ import annotations

import contextlib
import errno
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks import run_checks
from ..export.workflow import export_files
from ..record.load import RECORD_FILE, display_name, load_record, locate
from ..requirements import readiness
from ..requirements.status import is_ready, outcome
from ..runbook import steps
from ..runbook.sheetview import banner, with_banner
from ..tcpip.outputs import render_outputs
from ..util import jsontext, term
from ..util.errors import Failure, InputError, environment_error
from ..util.fsutil import Staging
from ..util.text import safe_terminal as safe
from . import history, inputs, runner, sources
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


class RecordRun:
    """One record of a run (:class:`zowe_ha_lib.report.runner.Group`): its lock, staging folder and report.

    Nothing happens to the record until its first notebook is about to run
    (:meth:`start`): then it is validated, locked and given a staging folder,
    exactly as a run of that record alone does, and it keeps them until its
    report is in place (:meth:`complete`) or the run ends (:meth:`close`). So a
    run of many records holds only the few records it is working on, and a
    record whose run is interrupted keeps its previous report.
    """

    def __init__(self, arg: str | Path, specs: list[runner.NotebookSpec],
                 on_skip: Callable[[RecordRun], None] | None = None) -> None:
        self.arg = arg
        self.specs = specs
        self.on_skip = on_skip  # told when the record cannot start (its notebooks will not run)
        self.summary: RunSummary | None = None
        self.error: BaseException | None = None  # InputError, Failure, or a bug in the kit
        self.seconds = 0.0
        self.results: list[runner.NotebookResult] = []
        self._stack = contextlib.ExitStack()
        self._record: Any = None
        self._stage: Staging | None = None
        self._started = 0.0

    @property
    def name(self) -> str:
        """The record as the user named it (its folder when it is the change.yaml)."""
        folder = Path(self.arg)
        return display_name(folder.parent if folder.name == RECORD_FILE else folder)

    def start(self) -> tuple[Path, Path] | None:
        self._started = time.monotonic()
        try:
            record = load_record(self.arg)
            folder = Path(record.folder)
            self._stack.enter_context(history.record_lock(folder, display_name(folder), "run"))
            history.refuse_links(folder, display_name(folder), [history.REPORT, history.HISTORY])
            history.clean_stale(folder)
            self._stage = self._stack.enter_context(history.new_staging(folder))  # removed unless published
            (self._stage.path / NOTEBOOKS).mkdir()
        except (InputError, Failure, OSError) as exc:  # this record's; the others still run
            self._fail(exc)
            if self.on_skip:
                self.on_skip(self)
            return None
        self._record = record
        return self._stage.path / NOTEBOOKS, folder.resolve()

    def complete(self, results: list[runner.NotebookResult], error: OSError | None) -> None:
        self.results = results
        try:
            if error is not None:
                raise error
            assert self._stage is not None
            self.summary = _build(self._record, Path(self._record.folder), self._stage, results)
        except OSError as exc:
            # A full disk or a folder that went read-only: say so in one line; the staging folder is gone.
            why = exc.strerror or type(exc).__name__
            full = " (the disk is full or a size limit was reached)" if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else ""
            self._fail(Failure(f"cannot write the report: {why}{full}; nothing was written (any previous report is unchanged)"))
        except Exception as exc:  # LeakError, or a bug: this record's
            self._fail(exc)
        finally:
            self.close()

    def _fail(self, exc: BaseException) -> None:
        self.error = exc
        self.close()

    def close(self) -> None:
        """Give the lock back and remove the staging folder (a published one is gone already)."""
        if self._started and not self.seconds:
            self.seconds = time.monotonic() - self._started
        self._stack.close()

    @property
    def code(self) -> int:
        """The exit code this record alone would give: 0 ready, 1 not (or stopped short), 2 bad input, 3 a bug."""
        if self.summary is not None:
            return 1 if self.summary.failed else 0
        if isinstance(self.error, InputError):
            return 2
        if isinstance(self.error, OSError):
            return 2 if isinstance(environment_error(self.error), InputError) else 1
        if isinstance(self.error, Failure):
            return 1
        return 3 if self.error is not None else 1  # never started: the run was stopped


def run_records(
    args: list[str | Path],
    notebooks: Path | None = None,
    jobs: int = 2,
    timeout: float = runner.DEFAULT_TIMEOUT,
    on_done: Callable[[RecordRun, runner.NotebookResult], None] | None = None,
    on_skip: Callable[[RecordRun], None] | None = None,
) -> list[RecordRun]:
    """Run the report of every record on one pool of kernels; one record's failure stops no other.

    A record named twice (its folder and its change.yaml) runs once. The
    notebooks are read once for all records; bad notebooks are bad input for
    the whole run (InputError), before any record is touched.
    """
    specs = runner.discover(notebooks or runner.default_notebook_dir())
    runs = [RecordRun(arg, specs, on_skip) for arg in unique_records(args)]
    try:
        runner.run_groups(runs, jobs, timeout, on_done)  # type: ignore[arg-type]
    finally:
        for run in runs:
            run.close()
    return runs


def unique_records(args: list[str | Path]) -> list[str | Path]:
    """``args`` without a second name of a record already named (its folder and its change.yaml, ``./A`` and ``A``)."""
    seen: dict[Path, str | Path] = {}
    for arg in args:
        seen.setdefault(locate(arg)[0].resolve(), arg)
    return list(seen.values())


def run_record(
    arg: str | Path,
    notebooks: Path | None = None,
    jobs: int = 2,
    timeout: float = runner.DEFAULT_TIMEOUT,
    on_done: Callable[[runner.NotebookResult], None] | None = None,
) -> RunSummary:
    """Validate the record, run its report and put it in place (InputError on bad input)."""
    load_record(arg)  # bad input is reported before the notebooks are read
    each = (lambda _run, result: on_done(result)) if on_done else None
    (run,) = run_records([arg], notebooks, jobs, timeout, each)
    if run.error is not None:
        raise run.error
    assert run.summary is not None
    return run.summary


def _build(record: Any, folder: Path, stage: Staging, results: list[runner.NotebookResult]) -> RunSummary:
    """Add the generated files to the executed notebooks in ``stage``, scrub, hash and publish them."""
    staging = stage.path
    annotated: dict[str, dict[str, Any]] = {}
    for result in results:
        if result.file:
            result.file = f"{NOTEBOOKS}/{result.file}"
            nb = _annotated(staging / result.file, result)
            if nb is not None:
                annotated[result.file] = nb
    notes: list[str] = []
    failed_extras = _extras(record, stage, notes)
    scrubber = Scrubber.for_run(folder, {str(staging): "report"})
    for rel in manifest_mod.report_files(staging):
        path = staging / rel
        if rel in annotated:  # read once: annotated, scrubbed and written in one go
            data = scrubber.notebook_bytes(annotated[rel])
            path.write_bytes(data)
        else:
            raw = path.read_bytes()
            data = scrubber.file(rel, raw)
            if data != raw:
                path.write_bytes(data)
        leaks = scrubber.leaks(data)
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


def _annotated(path: Path, result: runner.NotebookResult) -> dict[str, Any] | None:
    """The executed notebook with the runner's verdict in it and papermill's "completed" lie undone.

    After a timeout or a dead kernel papermill marks cells that never ran as
    completed; a code cell without an execution count did not run. None when
    the file is no notebook any more (its result already says the run failed).
    """
    try:
        nb = jsontext.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(nb, dict):
        return None
    meta = nb.setdefault("metadata", {}).setdefault("zowe_ha", {})
    meta["run"] = {"status": result.status, "summary": result.summary, "error": result.error,
                   "duration_s": round(result.duration_s, 3)}
    for cell in nb.get("cells", []):
        pm = (cell.get("metadata") or {}).get("papermill")
        if cell.get("cell_type") == "code" and cell.get("execution_count") is None and isinstance(pm, dict) \
                and pm.get("status") == "completed" and result.status == "error":
            pm["status"] = "not-run"
    return nb


def _extras(record: Any, stage: Staging, notes: list[str]) -> bool:
    """Write ``generated/`` (the z/OSMF workflow in ``generated/workflow/``), ``check.json``, the evidence
    copies in ``sources/`` and what the run read in ``inputs/``; True when one failed.

    A record whose OBEYFILE data set is no data set name has no workflow
    export (``zowe-ha export workflow`` says why); that is a note, not a
    failed run, since every other generated file is still right.
    """
    failed = False
    checked, check_note = None, None
    try:  # once: the sheet's banner, the workflow's warning and check.json all come from these findings
        checked = run_checks(record)
    except OSError:
        raise
    except Exception as exc:
        failed = True
        check_note = f"check.json, sources/ and inputs/: failed: {type(exc).__name__}: {exc}"
    findings = list(checked.findings) if checked is not None else None
    summary = None
    try:
        outputs = render_outputs(record)
        # A failing record's sheet opens with "Do not apply" (runbook/sheetview.py).
        summary = steps.summary(record, findings)
        outputs[SHEET] = with_banner(outputs[SHEET], summary.failing, summary.missing)
        stage.write({f"{GENERATED}/{rel}": content for rel, content in outputs.items()})
    except OSError:
        raise  # the disk, not the generator: the run stops (run_record)
    except Exception as exc:
        failed = True
        notes.append(f"generated/: failed: {type(exc).__name__}: {exc}")
    try:
        # The workflow carries the same warning as the sheet, in its description and its first step.
        summary = summary or steps.summary(record, findings)
        warning = banner(summary.failing, summary.missing)
        stage.write({f"{WORKFLOW}/{name}": content for name, content in export_files(record, warning=warning).items()})
    except InputError as exc:
        notes.append(f"{WORKFLOW}/: not written: {exc.problems[0]}")
    except Exception as exc:
        failed = True
        notes.append(f"{WORKFLOW}/: failed: {type(exc).__name__}: {exc}")
    try:
        if checked is not None:
            text = json.dumps(checked.to_json(), indent=2, ensure_ascii=False)
            stage.write({CHECK: text.rstrip("\n") + "\n"})
            # The files the findings were read from, as they are now (see report/sources.py).
            stage.write(sources.copies(Path(record.folder), checked.findings, checked.evidence_files))
            # What the run read, as values, for 'zowe-ha diff' (see report/inputs.py).
            stage.write(inputs.files(record, checked.evidence, checked.zowe))
    except OSError:
        raise
    except Exception as exc:
        failed = True
        check_note = f"check.json, sources/ and inputs/: failed: {type(exc).__name__}: {exc}"
    if check_note:
        notes.append(check_note)
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


def problem_lines(run: RecordRun) -> list[str]:
    """Why a record has no report, one line per problem, as ``zowe-ha run`` of that record alone says it."""
    exc = run.error
    if isinstance(exc, InputError):
        return [str(p) for p in exc.problems]
    if isinstance(exc, OSError):
        error = environment_error(exc)
        return [str(p) for p in error.problems] if isinstance(error, InputError) else [str(error)]
    if isinstance(exc, Failure):
        return [str(exc)]
    if exc is not None:
        return [f"internal error: {type(exc).__name__}: {exc} (set ZOWE_HA_DEBUG=1 and run this record alone for a traceback)"]
    return ["not run: the run was stopped first"]


def print_batch(runs: list[RecordRun], out: Any = None, err: Any = None) -> None:
    """The end of ``zowe-ha run`` of several records: why some have no report, then one row per record."""
    out, err = out or sys.stdout, err or sys.stderr
    for run in runs:
        if run.summary is None:
            for line in problem_lines(run):
                print(safe(f"{run.name}: {line}"), file=err)
    rows = [(run.name, *_row(run)) for run in runs]
    heads = ("record", "outcome", "notebooks", "time")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)) + "  verdict", file=out)
    for name, word, notebooks, took, said in rows:
        painted = term.paint(word.ljust(widths[1]), word if word in _WORDS else "fail", out)
        print(f"{safe(name).ljust(widths[0])}  {painted}  {notebooks.ljust(widths[2])}  {took.rjust(widths[3])}  {safe(said)}",
              file=out)
    ready = sum(1 for r in runs if r.code == 0)
    bad = sum(1 for r in runs if r.code == 2)
    counts = [f"{ready} ready to apply", f"{len(runs) - ready - bad} not ready"] + ([f"{bad} bad input"] if bad else [])
    print(f"{len(runs)} records: {', '.join(counts)}", file=out)
    if any(r.summary is not None for r in runs):
        names = " ".join(r.name for r in runs if r.summary is not None)
        print(f"next: review the reports together: zowe-ha publish {names}", file=out)


_WORDS = ("pass", "warn", "fail", "error", "incomplete", "n/a")


def _row(run: RecordRun) -> tuple[str, str, str, str]:
    """(outcome, notebooks, time, verdict) of one record's row."""
    took = f"{run.seconds:.1f} s"
    if run.summary is None:
        word = "bad input" if run.code == 2 else ("error" if run.error is not None else "not run")
        return word, "-", took, (problem_lines(run) or [""])[0]
    counts: dict[str, int] = {}
    for r in run.summary.results:
        counts[r.status] = counts.get(r.status, 0) + 1
    notebooks = f"{len(run.summary.results)}: " + ", ".join(f"{n} {w}" for w, n in counts.items())
    verdict = run.summary.readiness
    said = verdict.verdict if run.summary.ready or not verdict.ready else "not ready: " + "; ".join(run.summary.notes)
    return run.summary.outcome, notebooks, took, said


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
