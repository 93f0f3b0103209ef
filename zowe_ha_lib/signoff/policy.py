"""The sign-off policy: who must approve a change before its report counts as approved.

A report signed only by the person who made the change is not an approved
change. A shop writes down what it asks for in ``signoff-policy.yaml``, kept
beside the change records (``runbooks/signoff-policy.yaml`` holds for every
record in ``runbooks/``) and, where one change needs something else, in the
record folder (``runbooks/CHG0001/signoff-policy.yaml``, which replaces the
repository's; ``verify`` says when it asks less than the one it replaces)::

    policy_version: 1
    roles: [implementer, reviewer]  # each of these roles approves
    min_signers: 2                  # at least this many distinct people approve
    independent: true               # the implementer may not be the only approver
    phases: [plan, result]          # the plan is approved before the change is applied, the result after
    ticket: true                    # the record names its change ticket (change.ticket: id and url)
    result:                         # optional: what one phase asks, where it differs
      roles: [reviewer, change-manager]

Only good, current sign-offs by signers an allowed_signers file vouches for
(state ``valid``) count as approvals: an ``unverified`` one is listed as not
counted, with the reason. With two phases, an approval of the plan counts
when it is of the plan the report holds now (the same plan files, byte for
byte; it may sit in an earlier run kept in ``history/``), and only when it
was made before the first approval of the result: the plan is approved
before the change is applied. The times are the signers' clocks, as signed.

``verify`` enforces the policy it finds (or the one given with ``--policy``;
``--no-policy`` turns it off) and prints one line per thing that is missing;
the site shows the policy and what it still lacks on the record's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record.load import display_name
from ..record.schema import validate
from ..record.yamlsrc import load_file
from ..report import history
from ..report import manifest as manifest_mod
from ..report.plan import plan_entries
from ..util.errors import InputError, Problem
from .signoffs import ReportStatus, SignoffCheck, kept_signoffs
from .terms import PHASES, POLICY_FILE, ROLES

POLICY_VERSION = 1
MAX_SIGNERS = 20

_RULE_PROPERTIES: dict[str, Any] = {
    "roles": {"type": "array", "uniqueItems": True, "items": {"type": "string", "enum": list(ROLES)},
              "description": "roles of which at least one good sign-off must approve"},
    "min_signers": {"type": "integer", "minimum": 1, "maximum": MAX_SIGNERS,
                    "description": "at least this many distinct signers approve"},
    "independent": {"type": "boolean", "description": "the implementer may not be the only approver (default true)"},
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["policy_version"],
    "properties": {
        "policy_version": {"type": "integer", "enum": [POLICY_VERSION]},
        **_RULE_PROPERTIES,
        "phases": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string", "enum": list(PHASES)},
                   "description": "what is approved: [result] (the whole report), or [plan, result]"},
        "ticket": {"type": "boolean", "description": "the record must name its change ticket (id and url)"},
        **{phase: {"type": "object", "additionalProperties": False, "properties": _RULE_PROPERTIES} for phase in PHASES},
    },
}


def _article(role: str) -> str:
    return f"an {role}" if role[:1] in "aeiou" else f"a {role}"


@dataclass(frozen=True)
class Rule:
    """What one phase asks: roles that approve, distinct signers, and an approver besides the implementer."""

    roles: tuple[str, ...] = ()
    min_signers: int = 1
    independent: bool = True

    def describe(self) -> str:
        parts = []
        if self.roles:
            parts.append("approved by " + " and ".join(_article(r) for r in self.roles))
        parts.append(f"at least {self.min_signers} distinct signer{'s' if self.min_signers != 1 else ''}")
        if self.independent:
            parts.append("not by the implementer alone")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"roles": list(self.roles), "min_signers": self.min_signers, "independent": self.independent}


@dataclass(frozen=True)
class Policy:
    """A loaded sign-off policy and the file it came from."""

    file: Path
    phases: tuple[str, ...] = ("result",)
    rules: dict[str, Rule] = field(default_factory=lambda: {"result": Rule()})
    ticket: bool = False
    label: str = ""  # where it is, for pages read elsewhere: "runbooks/signoff-policy.yaml", never a local path

    @property
    def shown(self) -> str:
        """The file as the terminal names it (relative to the current folder when inside it)."""
        return display_name(self.file)

    def describe(self) -> list[str]:
        """One line per demand, for ``verify`` and the site."""
        lines = []
        for phase in self.phases:
            when = " (before the change is applied)" if phase == "plan" else \
                   " (after the change is applied)" if "plan" in self.phases else ""
            lines.append(f"{phase}{when}: {self.rules[phase].describe()}")
        if "plan" in self.phases and "result" in self.phases:
            lines.append("order: the plan is approved before the result")
        if self.ticket:
            lines.append("ticket: the record names its change ticket (id and url)")
        return lines

    def weaker_than(self, other: Policy) -> list[str]:
        """What ``other`` asks that this policy does not (for a record's policy that replaces the repository's)."""
        out = []
        for phase in other.phases:
            if phase not in self.phases:
                out.append(f"no {phase} phase")
                continue
            mine, theirs = self.rules[phase], other.rules[phase]
            out += [f"{phase}: no approval by {_article(r)}" for r in theirs.roles if r not in mine.roles]
            if mine.min_signers < theirs.min_signers:
                out.append(f"{phase}: {mine.min_signers} distinct signer(s) instead of {theirs.min_signers}")
            if theirs.independent and not mine.independent:
                out.append(f"{phase}: the implementer may approve alone")
        if other.ticket and not self.ticket:
            out.append("no change ticket")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"file": self.shown, "label": self.label, "phases": list(self.phases), "ticket": self.ticket,
                "rules": {p: self.rules[p].to_json() for p in self.phases}}


def policy_files(folder: Path) -> tuple[Path, Path]:
    """``(REC/signoff-policy.yaml, REC/../signoff-policy.yaml)``, whether or not they exist."""
    folder = Path(folder)
    if folder.is_file():
        folder = folder.parent
    return folder / POLICY_FILE, folder.resolve().parent / POLICY_FILE


def load_policy(path: Path, label: str | None = None) -> Policy:
    """Read and check a policy file; InputError naming the file, line and key of every problem.

    ``label`` names the file on pages read on other machines (the site): the
    record's or repository folder's name and the file name, no local path.
    """
    shown = display_name(path)
    located = load_file(path, shown)
    data = located.data
    if data is None:
        raise InputError(Problem(shown, None, "", f"file is empty; expected policy_version: {POLICY_VERSION} and what "
                                 "the policy asks (roles, min_signers, independent, phases, ticket)"))
    if not isinstance(data, dict):
        raise InputError(Problem(shown, located.line(()), "", "expected a mapping (policy_version, roles, min_signers, "
                                 "independent, phases, ticket)"))
    problems = validate(located, SCHEMA)
    phases = tuple(data.get("phases") or ("result",))
    for phase in PHASES:
        if phase in data and phase not in phases and not problems:
            problems.append(Problem(shown, located.line((phase,)), phase,
                                    f"says what the {phase} phase asks, but phases does not name {phase}"))
    if problems:
        raise InputError(problems)
    base = Rule(tuple(data.get("roles") or ()), data.get("min_signers", 1), data.get("independent", True))
    rules = {}
    for phase in phases:
        over = data.get(phase) or {}
        rules[phase] = Rule(tuple(over.get("roles", base.roles)), over.get("min_signers", base.min_signers),
                            over.get("independent", base.independent))
    return Policy(Path(path), phases, rules, bool(data.get("ticket", False)), label or Path(path).name)


@dataclass
class Found:
    """The policy that applies to a record (or None), and what a person should know about the choice."""

    policy: Policy | None
    notes: list[str] = field(default_factory=list)


def find_policy(folder: Path, given: Path | None = None, use: bool = True) -> Found:
    """The policy for the record in ``folder``: ``given``, else the record's own, else the repository's.

    ``use`` False (``verify --no-policy``) means none. A record's own policy
    replaces the repository's; when it asks less, the notes say what.
    """
    if not use:
        return Found(None)
    if given is not None:
        if not Path(given).is_file():
            raise InputError(Problem(str(given), None, "--policy", "no such sign-off policy file"))
        return Found(load_policy(Path(given)))
    own, shared = policy_files(folder)
    own_label, shared_label = f"{own.parent.resolve().name}/{POLICY_FILE}", f"{shared.parent.name}/{POLICY_FILE}"
    if own.is_file():
        policy = load_policy(own, own_label)
        notes = []
        if shared.is_file():
            less = policy.weaker_than(load_policy(shared, shared_label))
            if less:
                notes.append(f"{own_label} replaces {shared_label} and asks less: {'; '.join(less)}")
        return Found(policy, notes)
    if shared.is_file():
        return Found(load_policy(shared, shared_label))
    return Found(None)


# ----------------------------------------------------------------------------- evaluation


@dataclass
class PhaseResult:
    """One phase of the policy against the sign-offs: who approved, what is missing, what did not count."""

    phase: str
    rule: Rule
    approved_by: list[SignoffCheck] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"phase": self.phase, "rule": self.rule.to_json(),
                "approved_by": [{"signer": c.signer, "role": c.role, "time": c.time, "file": c.file}
                                for c in self.approved_by],
                "missing": self.missing, "not_counted": self.not_counted}


@dataclass
class PolicyResult:
    """A policy checked against a record's report: ``met`` when nothing is missing."""

    policy: Policy
    phases: list[PhaseResult] = field(default_factory=list)
    ticket: dict[str, Any] | None = None
    general: list[str] = field(default_factory=list)  # missing lines that belong to no phase (ticket, no report)
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Every missing thing, one line each (ticket and report first, then phase by phase)."""
        return [*self.general, *(m for p in self.phases for m in p.missing)]

    @property
    def met(self) -> bool:
        return not self.missing

    def to_json(self) -> dict[str, Any]:
        return {**self.policy.to_json(), "met": self.met, "missing": self.missing, "notes": self.notes,
                "ticket_carried": self.ticket, "checked": [p.to_json() for p in self.phases]}


def _when(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _who(checks: list[SignoffCheck]) -> str:
    return ", ".join(sorted({c.signer or "?" for c in checks}))


def _ticket(manifest: dict[str, Any] | None) -> dict[str, Any] | None:
    ticket = (manifest or {}).get("ticket")
    return ticket if isinstance(ticket, dict) else None


def evaluate(policy: Policy, status: ReportStatus, manifest: dict[str, Any] | None, kept: list[SignoffCheck],
             rec: str = "REC", only: str | None = None) -> PolicyResult:
    """Check ``policy`` against a report's sign-offs (``status``) and those of earlier runs (``kept``).

    ``manifest`` is the report's manifest (None when there is no readable
    report); ``rec`` is how the record is named in the hints; ``only`` checks
    one phase (``verify --phase plan`` before the change is applied).
    """
    result = PolicyResult(policy, ticket=_ticket(manifest))
    if manifest is None:
        result.general.append("no report to approve: run 'zowe-ha run' on the record first")
        return result
    if policy.ticket:
        ticket = result.ticket or {}
        if not isinstance(ticket.get("id"), str):
            result.general.append("ticket: the report names no change ticket: add change.ticket (id and url) to "
                                  "change.yaml, then run the record again")
        elif not isinstance(ticket.get("url"), str):
            result.general.append(f"ticket: the report's ticket {ticket['id']} has no url: add change.ticket.url to "
                                  "change.yaml, then run the record again")
    plan_now = plan_entries(manifest)
    implementers = {c.signer for c in [*status.checks, *kept] if c.role == "implementer" and c.state == "valid"}
    results = {phase: PhaseResult(phase, policy.rules[phase]) for phase in policy.phases}
    for check in status.checks:
        if check.phase in results:
            _consider(results[check.phase], check, None)
    if "plan" in results:
        for check in kept:
            if check.phase == "plan":
                _consider(results["plan"], check, plan_now)
    if "plan" in results and "result" in results:
        _order(results["plan"], results["result"])
    for phase, res in results.items():
        if only is not None and phase != only:
            continue
        _judge(res, implementers, rec)
        result.phases.append(res)
    return result


def _consider(res: PhaseResult, check: SignoffCheck, plan_now: list[dict[str, str]] | None) -> None:
    """Count ``check`` as an approval of ``res.phase``, or say why not (``plan_now``: a kept plan sign-off)."""
    who = f"{check.signer or '?'} ({check.role or 'no role'}, {check.file})"
    if plan_now is not None and check.state in ("valid", "unverified") and check.plan_files != plan_now:
        if check.decision == "approve":
            res.not_counted.append(f"{who}: approved another plan (the plan files changed since)")
        return
    if check.decision == "reject" and check.state in ("valid", "unverified"):
        res.missing.append(f"{res.phase}: rejected by {who}: {check.comment or '(no comment)'}")
        return
    if check.decision != "approve":
        return
    if check.state != "valid":
        res.not_counted.append(f"{who}: not counted: {check.state} ({check.reason})")
        return
    if _when(check.time) is None:
        res.not_counted.append(f"{who}: not counted: its time {check.time!r} cannot be read")
        return
    res.approved_by.append(check)


def _order(plan: PhaseResult, result: PhaseResult) -> None:
    """Plan approvals made after the first approval of the result do not count: the plan comes first."""
    if not result.approved_by:
        return
    first = min(result.approved_by, key=lambda c: _when(c.time) or dt.datetime.max.replace(tzinfo=dt.UTC))
    start = _when(first.time)
    late = [c for c in plan.approved_by if start is not None and (_when(c.time) or start) >= start]
    for c in late:
        plan.approved_by.remove(c)
        plan.not_counted.append(f"{c.signer} ({c.role}, {c.file}): not counted: approved the plan at {c.time}, not "
                                f"before {first.signer} approved the result at {first.time}; the plan is approved "
                                "before the change is applied")


def _judge(res: PhaseResult, implementers: set[str | None], rec: str) -> None:
    rule, phase, approvals = res.rule, res.phase, res.approved_by
    if not approvals:
        how = (f"zowe-ha sign {rec} --phase plan ... before the change is applied" if phase == "plan"
               else f"zowe-ha sign {rec} --phase result ... on the report of the run after the change"
               if phase == "result" else f"zowe-ha sign {rec}")
        res.missing.append(f"{phase}: no approval that counts yet ({how})")
    roles = {c.role for c in approvals}
    for role in rule.roles:
        if role not in roles:
            res.missing.append(f"{phase}: no approval by {_article(role)}")
    signers = {c.signer for c in approvals}
    if approvals and len(signers) < rule.min_signers:
        res.missing.append(f"{phase}: {len(signers)} distinct signer{'s' if len(signers) != 1 else ''} approved "
                           f"({_who(approvals)}); the policy asks for at least {rule.min_signers}")
    if rule.independent and approvals and signers <= implementers:
        res.missing.append(f"{phase}: only the implementer ({_who(approvals)}) approved; the policy asks for an "
                           "approval by someone else")


def check_record(folder: Path, status: ReportStatus, found: Found, only: str | None = None,
                 rec: str | None = None) -> PolicyResult | None:
    """The policy of ``found`` checked against the record's report, or None when there is no policy.

    ``rec`` is how the hints name the record (default: its path from here).
    """
    if found.policy is None:
        return None
    report = Path(folder) / history.REPORT
    try:
        manifest, _data = manifest_mod.load(report)
    except InputError:
        manifest = None
    kept = kept_signoffs(folder, status.allowed_signers)
    result = evaluate(found.policy, status, manifest, kept, rec or display_name(Path(folder)), only)
    result.notes = list(found.notes)
    return result
