"""Running a drill plan through the z/OSMF console API, probing the DVIPA, and always restoring.

The order of things, and why:

1. **Pre-flight** (:meth:`Drill.preflight`): every system answers a display,
   the displays parse, the sysplex is in the model's start state (the owner
   distributes, the preferred target is active, every target listens) and
   the probe reaches the DVIPA. Only displays are issued, which change
   nothing; any problem raises :class:`PreflightError` (exit 2) before a
   single operator command.
2. **Steps**: before each, the displays are captured; then the command is
   issued, its reply judged (a rejected command stops the drill), and the
   displays are repeated until they show what the model expects or the
   settle time passes (a takeover takes a moment; a gateway takes longer to
   stop and start). A mismatch stops the drill.
3. **Restore**, always, in a ``finally``: after a pass, a failure, an
   error, Ctrl-C or SIGTERM. It undoes every change still outstanding,
   newest first (:meth:`zowe_ha_lib.drill.plan.Plan.restore_after`; a
   command whose reply was lost counts as issued), and then displays must
   prove it: the owner distributes again and every target listens. While
   the restore runs, Ctrl-C and SIGTERM are noted and ignored, so a second
   Ctrl-C cannot leave the sysplex half restored. A restore that cannot be
   proven names the commands to run by hand.
4. The probe must reach the DVIPA again within the recovery time.

The verdict is ``pass`` only when every step ran and showed the modelled
distributor and active target, the restore was proven and showed the
model's state, and the probe recovered.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..collect.client import CollectError, FatalError, TransportError, ZosmfClient, console_exchange
from ..collect.collector import scrubber as reply_scrubber
from ..util.clock import utc_now
from ..util.errors import one_line
from .observe import (
    Capture,
    Observation,
    ObservationError,
    connections_of,
    displays_in,
    distributor_of,
    targets_of,
)
from .plan import Plan, Step
from .probe import Probe, longest_outage

# Replies that say the system refused the command (MVS command processing; reference 1.10).
REJECTIONS = ("IEE305I", "IEE345I", "IEE311I", "IEE342I", "IEE309I", "IEE535I")
REJECTION_WORDS = ("FAILED", "REJECTED", "NOT VALID", "INVALID", "NOT AUTHORIZED", "NOT FOUND")


class PreflightError(Exception):
    """The drill cannot start; nothing was issued but displays (exit 2)."""


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM arrived during the steps (a BaseException, like KeyboardInterrupt)."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


@dataclass
class Timing:
    """How long to wait for what. Real sysplexes need the defaults; the simulated one in the tests much less."""

    settle: float = 120.0  # seconds for the displays to show the expected state after a command
    poll: float = 3.0  # seconds between display rounds while waiting
    recover: float = 60.0  # seconds for the probe to reach the DVIPA again after the restore
    pause: float = 5.0  # seconds to watch the new state (and the probe) before the next step
    follow_ups: int = 3  # console follow-up reads per command
    poll_interval: float = 1.0  # seconds between follow-up reads


def rejected(reply: str) -> str | None:
    """Why a command's reply says it was refused (None: not refused; the displays judge it)."""
    lines = [ln.strip() for ln in reply.replace("\r", "\n").split("\n") if ln.strip()]
    for line in lines:
        tokens = line.split()
        if any(t.lstrip("*@+-") in REJECTIONS for t in tokens[:4]):
            return one_line(line, 160)
        upper = line.upper()
        if any(w in upper for w in REJECTION_WORDS):
            return one_line(line, 160)
    return None


class Console:
    """Commands through z/OSMF, every reply scrubbed of the password before anyone sees it."""

    def __init__(self, client: ZosmfClient, name: str = "defcn", timing: Timing | None = None):
        self.client = client
        self.name = name
        self.timing = timing or Timing()
        self.scrub = reply_scrubber(client)

    def issue(self, system: str, command: str) -> str:
        try:
            text = console_exchange(self.client, self.name, command, system, follow_ups=self.timing.follow_ups,
                                    poll_interval=self.timing.poll_interval)
        except CollectError as exc:
            raise type(exc)(self.scrub(str(exc))) from None
        return self.scrub(text)


class _Guard:
    """Ctrl-C and SIGTERM: raise :class:`Interrupted` while armed (the steps), only note them while restoring."""

    def __init__(self, say: Callable[[str], None]):
        self.say = say
        self.armed = False
        self.seen: list[str] = []
        self._old: dict[int, Any] = {}

    def _handler(self, signum: int, _frame: Any) -> None:
        name = signal.Signals(signum).name
        self.seen.append(name)
        if self.armed:
            self.armed = False
            raise Interrupted(name)
        self.say(f"{name}: the restore is running and will finish first")

    def __enter__(self) -> _Guard:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


@dataclass
class StepResult:
    label: str
    title: str
    system: str
    command: str
    event: str
    restore: bool
    expect_distributor: str | None
    expect_active: str | None
    issued_at: str | None = None
    reply: str | None = None
    rejected: str | None = None
    error: str | None = None
    before: Observation | None = None
    observed: Observation | None = None
    matched: bool | None = None
    waited_s: float | None = None
    rounds: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.label, "title": self.title, "restore": self.restore, "system": self.system,
            "command": self.command, "event": self.event, "issued_at": self.issued_at, "reply": self.reply,
            "rejected": self.rejected, "error": self.error,
            "expected": {"distributor": self.expect_distributor, "active": self.expect_active},
            "before": self.before.to_json() if self.before else None,
            "observed": self.observed.to_json() if self.observed else None,
            "matched": self.matched, "waited_s": None if self.waited_s is None else round(self.waited_s, 3),
            "display_rounds": self.rounds,
        }


@dataclass
class DrillResult:
    plan: Plan
    started: str = ""
    finished: str = ""
    preflight: Observation | None = None
    steps: list[StepResult] = field(default_factory=list)
    restore: list[StepResult] = field(default_factory=list)
    restore_proven: bool | None = None
    restore_problem: str | None = None
    restore_observed: Observation | None = None
    manual: list[str] = field(default_factory=list)
    probe_recovered: bool | None = None
    interrupted: str | None = None
    error: str | None = None
    reasons: list[str] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        complete = len([s for s in self.steps if s.matched]) == len(self.plan.steps)
        restored = self.restore_proven and (not self.restore or bool(self.restore[-1].matched))
        good = (complete and restored and self.probe_recovered
                and not self.interrupted and not self.error and not self.reasons)
        return "pass" if good else "fail"


class Drill:
    """One execution of a plan; :meth:`preflight` first, then :meth:`run`."""

    def __init__(self, plan: Plan, console: Console, probe: Probe, timing: Timing | None = None,
                 say: Callable[[str], None] | None = None):
        self.plan = plan
        self.console = console
        self.probe = probe
        self.timing = timing or Timing()
        self.say = say or (lambda _line: None)
        self.result = DrillResult(plan)
        self._probing = False

    # ------------------------------------------------------------------ displays

    def _capture(self, label: str, system: str, command: str, into: list[Capture]) -> str:
        text = self.console.issue(system, command)
        into.append(Capture(system, command, text, utc_now(), label))
        return text

    def observe(self, label: str) -> Observation:
        """One round of displays: who distributes, which target is active, which listen."""
        plan, record = self.plan, self.plan.record
        captures: list[Capture] = []
        observer = record.system(plan.observer)
        command = f"D TCPIP,{observer.tcpip_proc},SYSPLEX,VIPADYN"
        text = self._capture(label, observer.name, command, captures)
        displays = displays_in(text, observer.name, command, record.sysplex.system_names)
        distributor = distributor_of(displays, plan.distribution.dvipa, observer.name, command)
        if distributor is not None and distributor not in record.sysplex.system_names:
            raise ObservationError(f"{command} on {observer.name}: DVIPA {plan.distribution.dvipa} is distributed by "
                                   f"{distributor}, which is not a system of {record.id}")
        obs = Observation(distributor, None, captures=captures)
        if distributor is None:
            return obs
        proc = record.system(distributor).tcpip_proc
        vdpt = f"D TCPIP,{proc},NETSTAT,VDPT"
        text = self._capture(label, distributor, vdpt, captures)
        obs.active, obs.ready = targets_of(displays_in(text, distributor, vdpt, record.sysplex.system_names), record,
                                           plan.distribution.dvipa, plan.port, distributor, vdpt)
        vcrt = f"D TCPIP,{proc},NETSTAT,VCRT"
        text = self._capture(label, distributor, vcrt, captures)
        try:
            obs.connections = connections_of(displays_in(text, distributor, vcrt, record.sysplex.system_names),
                                             plan.distribution.dvipa, plan.port)
        except ObservationError as exc:  # information only: never stops a drill
            obs.notes.append(f"VCRT not read: {exc}")
        return obs

    def settle(self, label: str, distributor: str | None, active: str | None,
               ready: tuple[str, ...] = ()) -> tuple[Observation, bool, float, int]:
        """Repeat the displays until they show the expected state (and ``ready`` targets listen) or time runs out."""
        started = time.monotonic()
        rounds = 0
        while True:
            rounds += 1
            obs = self.observe(label)
            ok = obs.matches(distributor, active) and all((obs.ready.get(n) or 0) >= 1 for n in ready)
            waited = time.monotonic() - started
            if ok or waited >= self.timing.settle:
                self.result.captures.extend(obs.captures)
                return obs, ok, waited, rounds
            time.sleep(min(self.timing.poll, max(0.0, self.timing.settle - waited)))

    # ------------------------------------------------------------------ pre-flight

    def preflight(self) -> Observation:
        """Check every system, the start state and the probe; PreflightError (nothing issued) otherwise."""
        plan, record = self.plan, self.plan.record
        self.result.started = utc_now()
        try:
            for system in record.sysplex.systems:
                command = f"D TCPIP,{system.tcpip_proc},SYSPLEX,VIPADYN"
                text = self._capture("pre-flight", system.name, command, self.result.captures)
                distributor_of(displays_in(text, system.name, command, record.sysplex.system_names),
                               plan.distribution.dvipa, system.name, command)
            obs = self.observe("pre-flight")
        except (CollectError, ObservationError) as exc:
            raise PreflightError(f"pre-flight: {exc}; nothing was issued") from None
        self.result.captures.extend(obs.captures)
        self.result.preflight = obs
        targets = [t.name for t in plan.model.targets]
        if not obs.matches(plan.start_distributor, plan.start_active):
            raise PreflightError(
                f"pre-flight: the sysplex is not in the model's start state: {obs.distributor or 'no stack'} distributes "
                f"and {obs.active or 'no target'} is active, the model starts with {plan.start_distributor} and "
                f"{plan.start_active}; bring it there first (nothing was issued)")
        idle = [n for n in targets if (obs.ready.get(n) or 0) < 1]
        if idle:
            raise PreflightError(f"pre-flight: no ready listener (Rdy 0 or no entry in NETSTAT VDPT) on "
                                 f"{', '.join(idle)}; the model starts with every server listening (nothing was issued)")
        self.probe.start()
        self._probing = True
        if not self.probe.wait_up(self.timing.recover):
            self.probe.stop()
            self._probing = False
            raise PreflightError(f"pre-flight: the probe cannot reach {self.probe.host}:{self.probe.port} from this "
                                 "machine; check --probe (nothing was issued)")
        return obs

    # ------------------------------------------------------------------ the drill

    def run(self) -> DrillResult:
        """Run the steps and always the restore; never raises for the sysplex's or z/OSMF's trouble."""
        result, plan = self.result, self.plan
        if not self._probing:
            self.probe.start()
            self._probing = True
        issued: list[str] = []
        with _Guard(self.say) as guard:
            try:
                guard.armed = True
                for n, step in enumerate(plan.steps):
                    if n:
                        self.say(f"watching the new state for {self.timing.pause:g} s before the next step")
                        time.sleep(self.timing.pause)
                    if not self._step(step, issued):
                        break
            except (Interrupted, KeyboardInterrupt) as exc:
                result.interrupted = exc.name if isinstance(exc, Interrupted) else "SIGINT"
                result.reasons.append(f"interrupted by {result.interrupted} during the steps")
                self.say(f"{result.interrupted}: stopping the drill and restoring")
            except (CollectError, ObservationError) as exc:
                result.error = one_line(str(exc), 300)
                result.reasons.append(f"stopped: {result.error}")
                self.say(f"error: {result.error}; restoring")
            finally:
                guard.armed = False
                self._restore(issued)
                self.probe.stop()
                self._probing = False
                result.finished = utc_now()
        return result

    def _step(self, step: Step, issued: list[str]) -> bool:
        result = self.result
        sr = StepResult(step.label, step.title, step.command.system, step.command.text, step.command.event, False,
                        step.expect_distributor, step.expect_active)
        result.steps.append(sr)
        before = self.observe(f"{step.label}-before")
        result.captures.extend(before.captures)
        sr.before = before
        self.say(f"step {step.label}: {step.command.text}  (on {step.command.system})")
        self.probe.mark(f"step {step.label}: {step.command.text} on {step.command.system}")
        issued.append(step.label)
        sr.issued_at = utc_now()
        sr.reply = self.console.issue(step.command.system, step.command.text)
        sr.rejected = rejected(sr.reply)
        if sr.rejected:
            sr.matched = False
            result.reasons.append(f"step {step.label}: {step.command.system} rejected {step.command.text}: {sr.rejected}")
            self.say(f"  rejected: {sr.rejected}")
            return False
        obs, ok, waited, rounds = self.settle(step.label, step.expect_distributor, step.expect_active)
        sr.observed, sr.matched, sr.waited_s, sr.rounds = obs, ok, waited, rounds
        if not ok:
            result.reasons.append(
                f"step {step.label}: after {waited:.1f} s the displays show {obs.distributor or 'no stack'} distributing and "
                f"{obs.active or 'no target'} active; the model says {step.expect_distributor or 'no stack'} and "
                f"{step.expect_active or 'no target'} ({step.reason})")
            self.say(f"  not as modelled: {result.reasons[-1]}")
            return False
        self.say(f"  as modelled after {waited:.1f} s: {obs.distributor} distributes, {obs.active or 'no target'} active")
        return True

    def _restore(self, issued: list[str]) -> None:
        result, plan = self.result, self.plan
        steps = plan.restore_after(issued)
        if not issued:
            result.restore_proven = True
            self.probe_recovery()
            return
        unreachable: str | None = None
        failures: list[str] = []
        for rs in steps:
            sr = StepResult(rs.label, rs.title, rs.command.system, rs.command.text, rs.command.event, True,
                            rs.expect_distributor, rs.expect_active)
            result.restore.append(sr)
            if unreachable:
                sr.error = f"not issued: {unreachable}"
                failures.append(f"{rs.command.text} on {rs.command.system} was not issued")
                continue
            self.say(f"restore {rs.label}: {rs.command.text}  (on {rs.command.system})")
            self.probe.mark(f"restore {rs.label}: {rs.command.text} on {rs.command.system}")
            sr.issued_at = utc_now()
            try:
                sr.reply = self.console.issue(rs.command.system, rs.command.text)
            except (TransportError, FatalError) as exc:
                unreachable = sr.error = one_line(str(exc), 300)
                failures.append(f"{rs.command.text} on {rs.command.system}: {unreachable}")
                continue
            except CollectError as exc:
                sr.error = one_line(str(exc), 300)
                failures.append(f"{rs.command.text} on {rs.command.system}: {sr.error}")
                continue
            sr.rejected = rejected(sr.reply)
            if sr.rejected:
                failures.append(f"{rs.command.system} rejected {rs.command.text}: {sr.rejected}")
        expect_dist, expect_active = plan.state_after(issued + [r.label for r in steps])
        targets = tuple(t.name for t in plan.model.targets)
        obs: Observation | None = None
        if unreachable:
            failures.append("the proving displays were not issued: z/OSMF cannot be reached")
        else:
            try:
                obs, _ok, _waited, _rounds = self.settle("restore", expect_dist, expect_active, targets)
            except (CollectError, ObservationError) as exc:
                failures.append(f"the proving displays could not be read: {one_line(str(exc), 200)}")
        result.restore_observed = obs
        if obs is not None:
            if obs.distributor != expect_dist:
                failures.append(f"the displays show {obs.distributor or 'no stack'} distributing, not {expect_dist}")
            idle = [n for n in targets if (obs.ready.get(n) or 0) < 1]
            if idle:
                failures.append(f"no ready listener on {', '.join(idle)}")
            if result.restore:
                last = result.restore[-1]
                last.observed, last.matched = obs, obs.matches(expect_dist, expect_active)
            if obs.active != expect_active:
                result.reasons.append(f"after the restore {obs.active or 'no target'} is active; the model says "
                                      f"{expect_active or 'no target'}")
        result.restore_proven = not failures
        if failures:
            result.restore_problem = "; ".join(failures)
            result.manual = [f"on {c.system}: {c.text}" for c in plan.restore_commands(issued)]
            result.manual += [f"then on {plan.observer}: D TCPIP,{plan.record.system(plan.observer).tcpip_proc},SYSPLEX,VIPADYN"
                              f" must show {expect_dist} ACTIVE with DIST or BOTH for {plan.distribution.dvipa}, and NETSTAT "
                              f"VDPT there Rdy 001 or more on every target"]
            result.reasons.append(f"the restore was not proven: {result.restore_problem}")
            self.say(f"restore NOT proven: {result.restore_problem}")
        else:
            self.say(f"restore proven: {obs.distributor if obs else expect_dist} distributes, every target listens")
        self.probe_recovery()

    def probe_recovery(self) -> None:
        result = self.result
        if not self._probing:
            result.probe_recovered = None
            return
        result.probe_recovered = self.probe.wait_up(self.timing.recover)
        if not result.probe_recovered:
            result.reasons.append(f"the probe did not reach {self.probe.host}:{self.probe.port} again within "
                                  f"{self.timing.recover:g} s after the restore")
            self.say(result.reasons[-1])

    # ------------------------------------------------------------------ the record

    def document(self) -> dict[str, Any]:
        """``drill.json``: the plan, what happened, the probe and the verdict."""
        result, plan, probe = self.result, self.plan, self.probe
        samples = probe.snapshot()
        outage = longest_outage(samples, "tcp")
        return {
            "kind": "zowe-ha failover drill",
            "change": plan.record.id,
            "sysplex": plan.sysplex,
            "scenario": plan.scenario,
            "title": plan.title,
            "started": result.started,
            "finished": result.finished,
            "verdict": result.verdict,
            "reasons": list(result.reasons),
            "interrupted": result.interrupted,
            "error": result.error,
            "distribution": plan.to_json()["distribution"],
            "plan": plan.to_json(),
            "preflight": result.preflight.to_json() if result.preflight else None,
            "steps": [s.to_json() for s in result.steps],
            "restore": {"proven": result.restore_proven, "problem": result.restore_problem,
                        "steps": [s.to_json() for s in result.restore],
                        "observed": result.restore_observed.to_json() if result.restore_observed else None,
                        "manual": list(result.manual)},
            "probe": {**probe.summary(), "recovered": result.probe_recovered,
                      "marks": [{"t": round(m.t, 3), "utc": m.utc, "label": m.label} for m in probe.marks],
                      "samples": [[round(s.t, 3), s.kind, int(s.ok), round(s.ms, 1)] for s in samples]},
            "outage_s": round(outage.seconds, 3),
            "displays": [],
        }


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Ignore Ctrl-C and SIGTERM for a moment that must not be cut (writing the record)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
