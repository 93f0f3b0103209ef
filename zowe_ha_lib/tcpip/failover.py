"""Hot-standby failover model: which target gets new connections after each event.

A Sysplex Distributor in DISTMETHOD HOTSTANDBY sends every new connection to
one target, the *active* one. The rules modelled here are IBM's documented
ones (z/OS Communications Server, "Hot standby distribution method"):

* the PREFERRED target is active when it is listening;
* when the active target becomes unavailable, the highest-ranked available
  BACKUP takes over (a larger rank wins; equal ranks: the first listed wins,
  an assumption of this model since IBM does not say; a BACKUP coded without
  a rank, as in the Zowe sample, counts as rank 1, because the default rank
  is UNSURE, and the explanation says so);
* AUTOSWITCHBACK (the default) moves new connections back to the preferred
  target as soon as it listens again; NOAUTOSWITCHBACK stays on the active
  target until that becomes unavailable;
* HEALTHSWITCH (the default) leaves an active target that is listening but
  unhealthy; NOHEALTHSWITCH stays on it;
* with no target listening there is no active target (``None``).

Modelling choices, stated so nobody mistakes them for IBM's words:

* Start: every target is listening and healthy, and the preferred one is
  active. With NOAUTOSWITCHBACK IBM says the *first ready listener* wins, so
  on a real cold start a backup may win; the model assumes the preferred
  target was ready first. Use events to model anything else.
* ``TARGET:up`` means its server listens again and starts healthy.
* With HEALTHSWITCH, when no healthy target listens, an unhealthy listener
  still gets the connections (the distributor has nowhere better to send
  them); which one follows the same rules. This detail is UNSURE.
* With NOHEALTHSWITCH health is ignored entirely, also when choosing a new
  active target.

Existing connections stay where they are in every case; the model is about
new connections only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..record.addresses import parse_ip
from ..record.model import ChangeRecord, Distribution

CHANGES = ("down", "up", "unhealthy", "healthy")
STATES = ("listening", "unhealthy", "down")


@dataclass(frozen=True)
class Target:
    """One DESTIP of the distribution, named by its system when that is known."""

    destip: str
    role: str  # "preferred" or "backup"
    rank: int | None
    system: str | None = None

    @property
    def name(self) -> str:
        return self.system or self.destip


@dataclass(frozen=True)
class HotStandby:
    """What the model needs of one VIPADISTRIBUTE ... DISTMETHOD HOTSTANDBY."""

    dvipa: str
    ports: tuple[int, ...]
    targets: tuple[Target, ...]
    autoswitchback: bool = True
    healthswitch: bool = True
    name: str | None = None

    @property
    def preference(self) -> list[Target]:
        """Preferred first, then backups by rank, highest first; ties keep the listed order."""
        preferred = [t for t in self.targets if t.role == "preferred"]
        backups = [t for t in self.targets if t.role != "preferred"]
        backups.sort(key=lambda t: -(t.rank if t.rank is not None else 1))
        return preferred + backups

    def find(self, text: str) -> Target | None:
        """The target a user means by a system name or a DESTIP address."""
        wanted = text.strip()
        for t in self.targets:
            if t.system and t.system.upper() == wanted.upper():
                return t
        try:
            _v, addr = parse_ip(wanted)
        except ValueError:
            return None
        return next((t for t in self.targets if t.destip == addr), None)


def from_record(record: ChangeRecord, dist: Distribution) -> HotStandby:
    targets = tuple(Target(t.destip, t.role, t.rank, t.system) for t in record.targets(dist))
    return HotStandby(dist.dvipa, tuple(dist.ports), targets, dist.autoswitchback, dist.healthswitch, dist.name)


def from_lint(item: dict[str, Any], names: dict[str, str] | None = None) -> HotStandby:
    """From a ``lint --json`` distribution; ``names`` maps DESTIP -> system name where known."""
    names = names or {}
    targets = tuple(
        Target(t["destip"], t["role"], t.get("rank"), names.get(t["destip"]) or t.get("system"))
        for t in item.get("targets", [])
    )
    return HotStandby(
        item["dvipa"], tuple(item.get("ports") or ()), targets,
        bool(item.get("autoswitchback", True)), bool(item.get("healthswitch", True)), item.get("name"),
    )


@dataclass(frozen=True)
class Event:
    target: Target
    change: str
    text: str


def parse_event(text: str, model: HotStandby) -> Event:
    """``TARGET:down|up|unhealthy|healthy`` -> Event; ValueError with a one-line reason.

    The change is after the *last* colon, so IPv6 DESTIPs work
    (``2001:db8::11:down``).
    """
    raw = text.strip()
    who, sep, change = raw.rpartition(":")
    if not sep or not who or not change:
        raise ValueError(f"event {raw!r} is not TARGET:CHANGE (for example SYSA:down); CHANGE is one of {', '.join(CHANGES)}")
    change = change.lower()
    if change not in CHANGES:
        raise ValueError(f"event {raw!r}: {change!r} is not one of {', '.join(CHANGES)}")
    target = model.find(who)
    if target is None:
        known = ", ".join(f"{t.system} ({t.destip})" if t.system else t.destip for t in model.targets)
        raise ValueError(f"event {raw!r}: {who!r} is not a target of {model.dvipa}; targets: {known}")
    label = who.upper() if target.system and who.upper() == target.system.upper() else target.destip
    return Event(target, change, f"{label}:{change}")


@dataclass
class _State:
    up: dict[str, bool] = field(default_factory=dict)
    healthy: dict[str, bool] = field(default_factory=dict)

    def state(self, t: Target) -> str:
        if not self.up[t.destip]:
            return "down"
        return "listening" if self.healthy[t.destip] else "unhealthy"


def _choose(model: HotStandby, state: _State, current: Target | None) -> tuple[Target | None, str]:
    """The active target after a change, and a short reason in plain words."""
    order = model.preference
    listening = [t for t in order if state.up[t.destip]]
    if not listening:
        return None, "no target is listening"
    if model.healthswitch:
        pool = [t for t in listening if state.healthy[t.destip]]
        if not pool:
            if current in listening:
                return current, "no healthy target is listening; stays on the active one"
            return listening[0], "no healthy target is listening; the best-placed listening one"
    else:
        pool = listening
    preferred = order[0]
    if model.autoswitchback and preferred in pool:
        if current is not None and current != preferred:
            return preferred, "AUTOSWITCHBACK: back to the preferred target"
        if not state.healthy[preferred.destip]:
            return preferred, "NOHEALTHSWITCH: stays on the unhealthy preferred target"
        return preferred, "the preferred target is listening"
    if current is not None and current in pool:
        if not state.healthy[current.destip]:
            return current, "NOHEALTHSWITCH: stays on the unhealthy active target"
        if current == preferred:
            return current, "the preferred target is listening"
        if model.autoswitchback:
            return current, "stays on the active backup: the preferred target is unavailable"
        return current, "NOAUTOSWITCHBACK: stays on the active target"
    best = pool[0]
    rank = f"rank {best.rank}" if best.rank is not None else "no rank coded: z/OS's default is UNSURE, the model assumes 1"
    what = "the preferred target" if best == preferred else f"the highest-ranked available backup ({rank})"
    if current is not None and current in listening:
        return best, f"HEALTHSWITCH: leaves the unhealthy active target for {what}"
    if best == preferred:
        return best, "the preferred target is listening"
    return best, what


def simulate(model: HotStandby, events: list[Event]) -> list[dict[str, Any]]:
    """The timeline: one entry for the start and one after each event.

    Each entry: ``event``, ``active`` (system name when known, else the
    DESTIP, or None), ``reason`` and ``states`` (target name -> listening,
    unhealthy or down).
    """
    state = _State({t.destip: True for t in model.targets}, {t.destip: True for t in model.targets})
    active, reason = _choose(model, state, None)
    if active is not None and active.role == "preferred" and not model.autoswitchback:
        reason = "start: the model assumes the preferred target was the first ready listener"

    def entry(label: str) -> dict[str, Any]:
        return {
            "event": label,
            "active": active.name if active else None,
            "reason": reason,
            "states": {t.name: state.state(t) for t in model.targets},
        }

    timeline = [entry("start")]
    for ev in events:
        key = ev.target.destip
        if ev.change == "down":
            state.up[key] = False
        elif ev.change == "up":
            state.up[key] = True
            state.healthy[key] = True
        elif ev.change == "unhealthy":
            state.healthy[key] = False
        else:
            state.healthy[key] = True
        active, reason = _choose(model, state, active)
        timeline.append(entry(ev.text))
    return timeline


def run(model: HotStandby, event_texts: list[str]) -> dict[str, Any]:
    """Parse the events and simulate; ValueError names the first bad event."""
    events = [parse_event(text, model) for text in event_texts]
    return {
        "distribution": {
            "name": model.name,
            "dvipa": model.dvipa,
            "ports": list(model.ports),
            "autoswitchback": model.autoswitchback,
            "healthswitch": model.healthswitch,
            "targets": [
                {"name": t.name, "system": t.system, "destip": t.destip, "role": t.role, "rank": t.rank}
                for t in model.targets
            ],
        },
        "timeline": simulate(model, events),
    }
