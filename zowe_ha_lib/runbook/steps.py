"""The runbook's steps and their verdicts, computed outside the notebooks.

Each report notebook explains one part of the change and ends with an
outcome record. The verdicts themselves (which requirement failed, whether
the generated profiles lint clean, whether every single-system loss leaves a
target for new connections) are computed here, so the notebooks stay thin,
the summary notebook can list every step without reading other notebooks'
output, and the rules are unit-tested without starting a kernel.

The requirement checks (evidence parsers, zowe.yaml rules: about 80 ms of
imports) load inside the functions that run them, so 20-dvipa and the
guided-setup form, which never check requirements, do not pay for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..record.model import ChangeRecord, Distribution
from ..requirements import readiness, registry
from ..requirements.findings import Finding
from ..requirements.status import ORDER, outcome, worst
from ..tcpip import failover
from ..tcpip.generate import generate_profile, ipconfig_lines
from ..tcpip.lint import lint
from ..tcpip.parse import parse_profile

# The sysplex requirements of the original page. zowe-config and zosmf-ha compare
# configuration files rather than the sysplex, so 30-zowe-zosmf covers them.
SYSPLEX_REQUIREMENTS = tuple(r.id for r in registry.for_notebook(registry.SYSPLEX_NOTEBOOK))
CONFIG_REQUIREMENTS = tuple(r.id for r in registry.for_notebook(registry.CONFIG_NOTEBOOK))
# Lint severities mapped to outcome statuses.
_SEVERITY = {"error": "fail", "warning": "warn", "info": "pass"}


def step(step_id: str, title: str, status: str, message: str) -> dict[str, str]:
    """One entry of an outcome record's ``steps``."""
    return {"id": step_id, "title": title, "status": status, "message": message}


def overall(steps: list[dict[str, Any]]) -> str:
    """The outcome of a list of steps: the worst step decides, a step without evidence makes it ``incomplete``."""
    return outcome([s["status"] for s in steps])


def _count_words(statuses: list[str]) -> str:
    counts = {s: statuses.count(s) for s in ORDER if s in statuses}
    return ", ".join(f"{n} {s}" for s, n in counts.items()) or "nothing to check"


# ------------------------------------------------------------------ requirements (10)


@dataclass
class RequirementResult:
    findings: list[Finding]
    rows: list[dict[str, Any]]  # registry.describe() rows, in requirement order
    steps: list[dict[str, str]]

    @property
    def status(self) -> str:
        return overall(self.steps)

    def findings_for(self, requirement: str) -> list[Finding]:
        return [f for f in self.findings if f.requirement == requirement]

    @property
    def readiness(self) -> readiness.Readiness:
        return readiness.from_steps(self.steps)

    def summary(self) -> str:
        """``10 requirements: 9 pass, 1 n/a``; when one has no evidence, the verdict says which."""
        counts = f"{len(self.steps)} requirements: " + _count_words([s["status"] for s in self.steps])
        missing = self.readiness.missing_ids
        return f"{counts}; no evidence for {', '.join(missing)}" if missing else counts

    def views(self) -> list[tuple[dict[str, Any], list[Finding], dict[str, str] | None]]:
        """``(row, findings, step)`` of every requirement stepped through, in order (a notebook shows each)."""
        return [requirement_view(self, str(row.get("id"))) for row in self.rows]


def requirements(record: ChangeRecord, ids: tuple[str, ...] = SYSPLEX_REQUIREMENTS,
                 findings: list[Finding] | None = None) -> RequirementResult:
    """Condense the requirement checks to one step per requirement of ``ids``.

    ``findings`` are the findings of :func:`zowe_ha_lib.checks.run_checks`
    when the caller already has them (the summary does); otherwise the
    checks run here. Every finding is kept, so a notebook can show more than
    the requirements it steps through.
    """
    if findings is None:
        from ..checks import (
            run_checks,  # local: ~80 ms of evidence parsers that 20-dvipa and the form never need
        )

        findings = list(run_checks(record).findings)
    rows = {r["id"]: r for r in registry.describe(record.zowe_release)}
    steps = []
    ordered = []
    for req in ids:
        row = rows.get(req, {"id": req, "title": req})
        ordered.append(row)
        mine = [f for f in findings if f.requirement == req]
        status = worst([f.status for f in mine]) if mine else "unknown"
        if not mine:
            message = "no finding: the checks produced nothing for this requirement"
        elif status in ("pass", "n/a"):
            message = mine[0].message if len(mine) == 1 else f"{len(mine)} findings, all {status}"
        else:
            bad = [f for f in mine if f.status == status]
            where = f"{bad[0].system}: " if bad[0].system else ""
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            message = f"{where}{bad[0].message}{more}"
        steps.append(step(req, str(row.get("title", req)), status, message))
    return RequirementResult(findings, ordered, steps)


def requirement_view(result: RequirementResult, requirement: str) -> tuple[dict[str, Any], list[Finding], dict[str, str] | None]:
    """``(describe row, findings, step)`` of one requirement: the arguments of ``nb.requirement_block``."""
    row = next((r for r in result.rows if r.get("id") == requirement), {"id": requirement, "title": requirement})
    entry = next((s for s in result.steps if s["id"] == requirement), None)
    return row, result.findings_for(requirement), entry


# ------------------------------------------------------------------ profiles and lint (20)


@dataclass
class LintOutcome:
    profiles: dict[str, str]  # system -> generated text
    findings: list[Any]  # LintFinding objects (severity, rule, file, line, message)
    distributions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return worst([_SEVERITY.get(f.severity, "warn") for f in self.findings]) if self.findings else "pass"

    def summary(self) -> str:
        if not self.findings:
            return f"the generated profiles of {len(self.profiles)} systems lint clean against the record"
        sev = [f.severity for f in self.findings]
        parts = [f"{sev.count(s)} {s}(s)" for s in ("error", "warning", "info") if s in sev]
        return "lint of the generated profiles: " + ", ".join(parts)


def generated_profiles(record: ChangeRecord) -> dict[str, str]:
    """Every system's generated statements, in the record's system order."""
    return {s.name: generate_profile(record, s.name) for s in record.sysplex.systems}


def ipconfig_statements(record: ChangeRecord) -> list[tuple[str, str, str]]:
    """``(system, dynamic XCF address, statement)`` for every IPCONFIG statement the kit generates.

    The generated text carries comments and wraps long statements over
    continuation lines; the step-1 table shows each statement whole, on one
    line (an IPv6 stack has two statements, so two rows).
    """

    rows = []
    for system in record.sysplex.systems:
        statements: list[str] = []
        for line in ipconfig_lines(record, system.name):
            if line.lstrip().startswith(";"):
                continue
            if line[:1].isspace() and statements:  # a continuation line
                statements[-1] += " " + line
            else:
                statements.append(line)
        rows += [(system.name, system.dynamic_xcf, " ".join(text.split())) for text in statements]
    return rows


def lint_generated(record: ChangeRecord) -> LintOutcome:
    """Generate every system's profile, parse it back and lint the set against the record.

    A round trip through the same parser and lint the operator would use on
    a hand-written profile: if the kit's own output did not pass, nothing
    else in the report could be trusted.
    """
    profiles = generated_profiles(record)
    parsed = [parse_profile(text, f"{name}.tcpip") for name, text in profiles.items()]
    result = lint(parsed, record)
    return LintOutcome(profiles, list(result.findings), list(result.distributions))


# ------------------------------------------------------------------ failover (20)


@dataclass
class Drill:
    """One failover scenario of one distribution and what the model says happens.

    ``expected`` and ``expected_distributors`` are what IBM's rules predict,
    written out independently of the model (:func:`_expected`); a drill
    passes when the model agrees on both the active target and the
    distributing stack after every event.
    """

    distribution: Distribution
    title: str
    events: list[str]
    timeline: list[dict[str, Any]]
    expected: list[str | None]
    rows: list[str] = field(default_factory=list)  # target names in preference order (the picture's rows)
    expected_distributors: list[str | None] = field(default_factory=list)

    @property
    def actives(self) -> list[str | None]:
        return [t.get("active") for t in self.timeline]

    @property
    def distributors(self) -> list[str | None]:
        return [t.get("distributor") for t in self.timeline]

    @property
    def status(self) -> str:
        agree = self.actives == self.expected and self.distributors == self.expected_distributors
        return "pass" if agree else "fail"


def timeline(record: ChangeRecord, dist: Distribution, events: list[str]) -> list[dict[str, Any]]:
    """The failover model's timeline (the ``failover --json`` items) for ``events``."""

    return failover.run(failover.from_record(record, dist), events)["timeline"]


def timeline_rows(record: ChangeRecord, dist: Distribution) -> list[str]:
    """Target names in preference order: the rows of the timeline picture."""
    return [t.system for t in record.targets(dist)]


def _expected(dist: Distribution, events: list[str]) -> tuple[list[str | None], list[str | None]]:
    """What IBM's rules predict, written out independently of the model: (active targets, distributors).

    The generated statements make the owner's VIPADEFINE MOVEABLE IMMEDIATE
    and give every VIPABACKUP stack MOVEABLE IMMEDIATE, a mask and the same
    VIPADISTRIBUTE. So: the owner distributes whenever its stack is up; else
    the stack that already has the DVIPA keeps it while it is up; else the
    first stack of ``distributor_backups`` (highest rank) that is up takes it.
    New connections go to the preferred target while its server listens (and
    AUTOSWITCHBACK brings them back to it); else they stay on the active
    target while it listens; else the first listening backup in order.
    """
    targets = [dist.preferred, *dist.backups]
    stacks = [dist.distributor, *dist.distributor_backups]
    system_up = set(targets) | set(stacks)
    server_up = set(targets)
    holder: str | None = dist.distributor
    active: str | None = dist.preferred
    actives: list[str | None] = [active]
    holders: list[str | None] = [holder]
    for event in events:
        name, what = event.rsplit(":", 1)
        if what == "down":
            system_up.discard(name)
        elif what == "up":
            system_up.add(name)
            server_up.add(name)
        elif what == "server-down":
            server_up.discard(name)
        elif what == "server-up":
            server_up.add(name)
        if dist.distributor in system_up:
            holder = dist.distributor
        elif holder not in system_up:
            holder = next((b for b in dist.distributor_backups if b in system_up), None)
        listening = [t for t in targets if t in system_up and t in server_up]
        if holder is None:
            active = None
        elif dist.autoswitchback and dist.preferred in listening:
            active = dist.preferred
        elif active not in listening:
            active = listening[0] if listening else None
        actives.append(active)
        holders.append(holder)
    return actives, holders


def drills(record: ChangeRecord) -> list[Drill]:
    """The scenarios every report shows, per distribution.

    1. the preferred system is lost and comes back: the whole system, so when
       it is also the distributor the DVIPA moves to the first VIPABACKUP stack
       and back (AUTOSWITCHBACK decides where new connections go afterwards);
    2. only the preferred server stops and starts again: the distributor
       stays, the target switches;
    3. the preferred and then the first backup are lost (the next backup by
       rank must take over) — only when there are two backups or more.
    """
    out = []
    for dist in record.distributions:
        first = dist.preferred
        scenarios = [
            (f"{first} fails and comes back", [f"{first}:down", f"{first}:up"]),
            (f"only {first}'s server stops and starts", [f"{first}:server-down", f"{first}:server-up"]),
        ]
        if len(dist.backups) >= 2:
            scenarios.append((f"{first}, then {dist.backups[0]} fail", [f"{first}:down", f"{dist.backups[0]}:down"]))
        for title, events in scenarios:
            actives, holders = _expected(dist, events)
            out.append(Drill(dist, title, events, timeline(record, dist, events), actives,
                             timeline_rows(record, dist), holders))
    return out


def failover_step(all_drills: list[Drill]) -> dict[str, str]:
    bad = [d for d in all_drills if d.status != "pass"]
    if bad:
        d = bad[0]
        msg = (f"{d.distribution.name}: '{d.title}' gives distributors {d.distributors} and targets {d.actives}; "
               f"IBM's rules give {d.expected_distributors} and {d.expected}")
        return step("failover", "Failover behaviour", "fail", msg)
    names = sorted({d.distribution.name for d in all_drills})
    return step("failover", "Failover behaviour", "pass",
                f"{len(all_drills)} drills on {', '.join(names)}: a backup takes new connections whenever the preferred "
                "server is lost, and a VIPABACKUP stack takes the DVIPA over whenever the distributor's system is lost")


def dynamic_xcf_step(record: ChangeRecord) -> dict[str, str]:
    """Step 1 is decided by the record: every system has its own dynamic XCF address (validated)."""
    systems = record.sysplex.systems
    return step("dynamic-xcf", "Step 1: dynamic XCF on every system", "pass",
                f"{len(systems)} systems, IPCONFIG DYNAMICXCF {record.sysplex.dynamic_xcf_mask} cost {record.sysplex.dynamic_xcf_cost}: "
                + ", ".join(f"{s.name} {s.dynamic_xcf}" for s in systems))


def dvipa_steps(record: ChangeRecord) -> tuple[LintOutcome, list[Drill], list[dict[str, str]]]:
    """Everything 20-dvipa decides: lint of the generated profiles and the failover drills."""
    lint_out = lint_generated(record)
    all_drills = drills(record)
    dvipas = sorted({d.dvipa for d in record.distributions})
    steps = [
        dynamic_xcf_step(record),
        step("vipadynamic", "Step 2: hot-standby VIPADYNAMIC block", lint_out.status,
             f"DVIPA {', '.join(dvipas)}; {lint_out.summary()}"),
        failover_step(all_drills),
    ]
    return lint_out, all_drills, steps


# ------------------------------------------------------------------ zowe.yaml and z/OSMF (30)


def zowe_and_zosmf(record: ChangeRecord, requirement_findings: list[Finding] | None = None) -> RequirementResult:
    """The configuration requirements (zowe.yaml cross-checks, z/OSMF HA), one step each."""
    return requirements(record, CONFIG_REQUIREMENTS, requirement_findings)


# ------------------------------------------------------------------ summary (40)


def all_steps(record: ChangeRecord) -> list[dict[str, str]]:
    """Every step of the report, in the notebooks' order (for the summary)."""
    reqs = requirements(record)
    _lint, _drills, dvipa = dvipa_steps(record)
    zowe = zowe_and_zosmf(record, reqs.findings)
    return reqs.steps + dvipa + zowe.steps


@dataclass
class Summary:
    """The verdict of the whole runbook: ready to apply, or which steps stop it (see :mod:`..requirements.readiness`)."""

    change: str
    steps: list[dict[str, str]]

    @property
    def readiness(self) -> readiness.Readiness:
        return readiness.from_steps(self.steps)

    @property
    def status(self) -> str:
        return self.readiness.status

    @property
    def ready(self) -> bool:
        return self.readiness.ready

    @property
    def missing(self) -> list[str]:
        """The steps that have no evidence (the operator sheet says "do not apply yet")."""
        return self.readiness.missing_ids

    @property
    def failing(self) -> list[str]:
        """Ids of the failed steps, in the runbook's order."""
        return [s["id"] for s in self.steps if s["status"] == "fail"]

    @property
    def verdict(self) -> str:
        """A failure or a step without evidence stops the change; warnings are listed to be read."""
        return self.readiness.verdict

    @property
    def headline(self) -> str:
        return f"{self.change}: {self.verdict}"


def operator_sheet_step(record: ChangeRecord) -> dict[str, str]:
    """The operator sheet is generated from the validated record, so this step passes whenever the record loads."""
    return step("operator-sheet", "Apply, verify and roll-back sheet", "pass",
                "generated for " + ", ".join(record.sysplex.system_names))


def summary(record: ChangeRecord) -> Summary:
    """Every step of the report, the operator sheet first, and the verdict on them (40-operations)."""
    return Summary(record.id, [operator_sheet_step(record), *all_steps(record)])
