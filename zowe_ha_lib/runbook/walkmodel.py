"""The guided walk without widgets: its steps, where their evidence goes, and how far the change is.

The walk (:mod:`.walk`) leads a person through every requirement of the
registry and every DVIPA step of the operator sheet. Everything it decides
lives here, so it is tested without a browser and the widgets only show it:

* **steps** come from the registry (one per requirement, in registry order,
  so a requirement added there appears in the walk by itself) and from the
  sheet (one per system in apply order, then one verification per DVIPA);
* **where evidence goes**: a response saved from the walk becomes
  ``evidence/<SYSNAME>/walk-<what>.txt``, an ordinary evidence file that
  ``zowe-ha check`` and ``zowe-ha run`` read like any capture;
* **progress** is computed from the record folder alone: a requirement
  step's state is its checks' verdict over the evidence on disk, a DVIPA
  step's state is the verdict on its saved walk file. Nothing is kept in the
  notebook or the kernel, so closing the notebook, reopening it, or another
  person opening the record shows the same progress;
* **saving** is atomic and never replaces a file without the caller saying
  so (the walk asks the person first);
* **the report**: the exact ``zowe-ha run`` and ``zowe-ha sign`` commands,
  and running the former in a subprocess with its progress lines.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import run_checks
from ..collect import endpoint
from ..collect.client import ZosmfClient, tls_context
from ..collect.collector import Settings
from ..collect.collector import run as run_collection
from ..collect.commands import plan
from ..collect.credentials import ENV_PASSWORD, ENV_USER, Credentials
from ..evidence.reader import Evidence, read_evidence
from ..record.load import load_record
from ..record.model import ChangeRecord
from ..record.zowe_yaml import ZoweConfig, load_zowe_yaml
from ..requirements import registry
from ..requirements.displays import Display
from ..requirements.findings import Finding
from ..requirements.status import Status, worst
from ..util.errors import InputError, one_line
from ..util.fsutil import atomic_write, create_exclusive
from .applysteps import (
    ApplyStep,
    StepVerdict,
    VerifyStep,
    apply_steps,
    judge_apply,
    judge_verify,
    read_paste,
    verify_steps,
)
from .formtext import repository_root, terminal_path

WALK_PREFIX = "walk-"
"""Names of the files the walk saves start with this (the evidence reader reads them like any capture)."""

FILE_DISPLAYS = frozenset({"zowe-yaml"})
"""Display keys that are files the record names, not captures: nothing to paste, the check reads the file."""

DONE, FAILED, TODO = "done", "failed", "to do"


# --------------------------------------------------------------------------- file names


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def requirement_file(req_id: str, system: str) -> str:
    """Where the walk saves ``system``'s response for requirement ``req_id`` (relative to the record folder)."""
    return f"evidence/{system}/{WALK_PREFIX}{_safe(req_id)}.txt"


def apply_file(step: ApplyStep) -> str:
    return f"evidence/{step.system}/{WALK_PREFIX}apply.txt"


def verify_file(step: VerifyStep) -> str:
    return f"evidence/{step.owner}/{WALK_PREFIX}verify-{_safe(step.group.dvipa)}.txt"


def pasteable(requirement: registry.Requirement) -> list[Display]:
    """The requirement's displays a person can paste (files the record names are read from disk)."""
    return [d for d in requirement.display_list() if d.key not in FILE_DISPLAYS]


def state_of(status: str) -> str:
    """A step's place in the progress: pass, warn and n/a are done; fail is failed; the rest is to do."""
    if status in (Status.PASS, Status.WARN, Status.NA):
        return DONE
    if status == Status.FAIL:
        return FAILED
    return TODO


# --------------------------------------------------------------------------- the record as the walk sees it


@dataclass
class Progress:
    """Every step's status, from disk, and the counts the walk's header shows."""

    statuses: dict[str, str]  # step id -> status word
    titles: dict[str, str]

    def ids(self, state: str) -> list[str]:
        return [k for k, s in self.statuses.items() if state_of(s) == state]

    @property
    def counts(self) -> dict[str, int]:
        return {state: len(self.ids(state)) for state in (DONE, FAILED, TODO)}

    def summary(self) -> str:
        c = self.counts
        return f"{c[DONE]} done, {c[FAILED]} failed, {c[TODO]} to do (of {len(self.statuses)} steps)"


@dataclass
class WalkRecord:
    """A change record loaded for the walk: its steps and what is on disk now."""

    record: ChangeRecord
    cwd: Path
    evidence: Evidence = field(default_factory=Evidence)
    zowe: ZoweConfig | None = None
    zowe_problem: str = ""
    applies: dict[str, str | None] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    dvipa_steps: list[ApplyStep] = field(default_factory=list)
    verify_steps: list[VerifyStep] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path, cwd: str | Path | None = None) -> WalkRecord:
        """Load the record at ``path`` (relative to ``cwd``, the notebook's folder); InputError as the CLI says it."""
        base = Path(cwd) if cwd is not None else Path.cwd()
        target = Path(path)
        record = load_record(target if target.is_absolute() else base / target)
        walk = cls(record, base)
        walk.dvipa_steps = apply_steps(record)
        walk.verify_steps = verify_steps(record)
        walk.refresh()
        return walk

    @property
    def folder(self) -> Path:
        return self.record.folder

    def refresh(self) -> None:
        """Read the evidence and zowe.yaml again: the disk is the walk's only memory."""
        rec = self.record
        self.evidence = read_evidence(rec.evidence_dir, rec.sysplex.system_names, base=rec.folder)
        try:
            self.zowe = load_zowe_yaml(rec)
            self.zowe_problem = ""
        except InputError as exc:
            self.zowe, self.zowe_problem = None, one_line(str(exc))
        self.applies = registry.applicability(rec, self.zowe)
        try:
            self.findings = run_checks(rec).findings
        except InputError as exc:  # a zowe.yaml that cannot be parsed: every other requirement is still judged
            self.zowe_problem = one_line(str(exc))
            self.findings = []

    # -- steps ----------------------------------------------------------------------------------

    @property
    def requirements(self) -> tuple[registry.Requirement, ...]:
        return registry.REQUIREMENTS

    def requirement_status(self, req_id: str) -> tuple[str, list[Finding]]:
        """The requirement's status over the evidence on disk, and its findings."""
        mine = [f for f in self.findings if f.requirement == req_id]
        if self.applies.get(req_id) is not None:
            return Status.NA, mine
        return (worst(f.status for f in mine) if mine else Status.UNKNOWN), mine

    def saved_text(self, rel: str) -> str | None:
        """The text of a walk file the record holds, or None."""
        try:
            return (self.folder / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    def apply_verdict(self, step: ApplyStep, text: str | None = None) -> StepVerdict | None:
        """The verdict on ``text``, or on the step's saved file when ``text`` is None (None: nothing saved)."""
        rel = apply_file(step)
        text = self.saved_text(rel) if text is None else text
        if text is None:
            return None
        return judge_apply(self.record, step, read_paste(self.record, text, rel, step.system))

    def verify_verdict(self, step: VerifyStep, text: str | None = None) -> StepVerdict | None:
        rel = verify_file(step)
        text = self.saved_text(rel) if text is None else text
        if text is None:
            return None
        return judge_verify(self.record, step, read_paste(self.record, text, rel, step.owner))

    def progress(self) -> Progress:
        """Every step's status from the disk: requirements, then the DVIPA steps."""
        statuses: dict[str, str] = {}
        titles: dict[str, str] = {}
        for req in self.requirements:
            statuses[req.id], _ = self.requirement_status(req.id)
            titles[req.id] = req.short
        for step in self.dvipa_steps:
            verdict = self.apply_verdict(step)
            statuses[step.id] = verdict.status if verdict else Status.UNKNOWN
            titles[step.id] = f"DVIPA step {step.number} ({step.system})"
        for vstep in self.verify_steps:
            verdict = self.verify_verdict(vstep)
            statuses[vstep.id] = verdict.status if verdict else Status.UNKNOWN
            titles[vstep.id] = f"verify {vstep.group.dvipa}"
        return Progress(statuses, titles)

    # -- commands -------------------------------------------------------------------------------

    def shown_folder(self) -> tuple[str, str]:
        """The record folder as typed in a terminal, and where that terminal is."""
        return terminal_path(self.folder, self.cwd)

    def run_command(self) -> str:
        return f"zowe-ha run {self.shown_folder()[0]}"

    def sign_command(self) -> str:
        return (f"zowe-ha sign {self.shown_folder()[0]} --key ~/.ssh/id_ed25519 --signer YOU@example.com "
                "--role implementer")


# --------------------------------------------------------------------------- saving


@dataclass
class Saved:
    """What a save did: ``saved``, ``unchanged`` (the same text is there) or ``exists`` (asks first)."""

    outcome: str
    path: str
    question: str = ""


def save(folder: Path, rel: str, text: str, replace: bool = False) -> Saved:
    """Write ``text`` to ``folder/rel`` atomically; an existing different file is replaced only when ``replace``."""
    path = folder / rel
    data = text if text.endswith("\n") else text + "\n"
    if replace:
        atomic_write(path, data)
        return Saved("saved", rel)
    try:
        create_exclusive(path, data)
        return Saved("saved", rel)
    except FileExistsError:
        pass
    try:
        old = path.read_bytes()
        stat = path.stat()
    except OSError as exc:
        return Saved("exists", rel, f"{rel} is there but cannot be read ({exc.strerror or exc}). Replace it?")
    if old == data.encode("utf-8"):
        return Saved("unchanged", rel)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(stat.st_mtime))
    return Saved("exists", rel, f"{rel} already exists ({len(old)} bytes, written {when}) and holds other text. "
                                "Replace it with the response above?")


# --------------------------------------------------------------------------- z/OSMF


class CollectFailed(Exception):
    """z/OSMF refused or could not be reached; the message is safe to show (it never holds the password)."""


def password_from_environment() -> str:
    """``ZOWE_HA_ZOSMF_PASSWORD`` when the kernel was started with it (as the command line reads it), else ''."""
    return os.environ.get(ENV_PASSWORD, "")


def user_from_environment() -> str:
    """``ZOWE_HA_ZOSMF_USER`` when set (as the command line reads it), else ''."""
    return os.environ.get(ENV_USER, "")


def collect_text(record: ChangeRecord, system: str, displays: list[Display], url: str, user: str, password: str,
                 ca_bundle: str = "", poll_interval: float = 1.0, timeout: float = 30.0) -> tuple[str, list[str]]:
    """Issue ``displays`` on ``system`` through z/OSMF; ``(the answers as one capture, notes)``.

    The password lives in this call only: the credentials object is dropped
    when it returns, and every text z/OSMF sent back is scrubbed of it by the
    collector. Nothing is written: the walk shows the text as if pasted, and
    the person saves it.
    """
    consoles = tuple(d for d in displays if d.console)
    if not consoles:
        raise CollectFailed("none of these displays is a console command z/OSMF can issue; capture them by hand")
    try:
        where = endpoint(url)
        context = tls_context(ca_bundle or None)
    except InputError as exc:
        raise CollectFailed(one_line(str(exc))) from None
    except (OSError, ValueError) as exc:
        raise CollectFailed(f"cannot load the CA bundle {ca_bundle}: {one_line(str(exc))}") from None
    client = ZosmfClient(where, Credentials(user, password, "prompt"), context=context, timeout=timeout)
    items = [i for i in plan(record, displays=consoles) if i.system == system]
    result = run_collection(client, items, record, Settings(poll_interval=poll_interval))
    del client
    if result.fatal:
        raise CollectFailed(result.fatal)
    text = "\n".join(result.files[i.target].rstrip("\n") for i in items if i.target in result.files)
    notes = [f"{m['what']}: {m['reason']}" for m in result.missing] + list(result.notes)
    return (text + "\n" if text else ""), notes


# --------------------------------------------------------------------------- the report


@dataclass
class ReportRun:
    """The end of ``zowe-ha run`` as the walk shows it."""

    exit_code: int
    outcome: str  # from the report's manifest ("" when no report was written)
    lines: list[str]

    @property
    def ready(self) -> bool:
        return self.exit_code == 0


def report_argv(walk: WalkRecord) -> tuple[list[str], Path]:
    """``zowe-ha run`` for the record, as this Python runs it, and the folder to run it in.

    It runs where a person's terminal would (the repository root of a
    checkout), so the paths it prints are the ones to type.
    """
    shown, _where = walk.shown_folder()
    root = repository_root(walk.cwd)
    cwd = root if root is not None and not Path(shown).is_absolute() else walk.folder
    return [sys.executable, "-m", "zowe_ha_lib", "run", shown], cwd


def run_report(walk: WalkRecord, on_line: Callable[[str], None]) -> ReportRun:
    """Run ``zowe-ha run`` in a subprocess, passing each output line to ``on_line`` as it comes."""
    argv, cwd = report_argv(walk)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    lines: list[str] = []
    with subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          encoding="utf-8", errors="replace", env=env) as proc:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            lines.append(line)
            on_line(line)
        code = proc.wait()
    return ReportRun(code, report_outcome(walk.folder), lines)


def report_outcome(folder: Path) -> str:
    """The outcome the record's current report states ('' without a readable report)."""
    try:
        manifest = json.loads((folder / "report" / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = manifest.get("outcome") if isinstance(manifest, dict) else None
    return value if isinstance(value, str) else ""
