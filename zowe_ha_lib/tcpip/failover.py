"""Hot-standby failover model: which stack distributes the DVIPA, and which target gets new connections.

Two things can fail in a Sysplex Distributor design, and they are modelled
apart:

* the **distributor**: the TCP/IP stack that owns the DVIPA and distributes
  it. The stack with the VIPADEFINE owns it; when that stack fails, the
  highest-ranked VIPABACKUP stack that is up takes the DVIPA over and keeps
  distributing, with its own VIPADISTRIBUTE or, lacking one, the owner's,
  which it inherits (IBM). Backups do not take the DVIPA from each other.
  When the owner's stack returns, VIPADEFINE MOVEABLE IMMEDIATE takes the
  DVIPA back at once (a takeback); MOVEABLE WHENIDLE only once the backup has
  no connections to it, which the model cannot know, so the model keeps it on
  the backup and says so. With no stack holding the DVIPA (all of them were
  down), the first stack that can create it does: the owner, or a VIPABACKUP
  with MOVEABLE IMMEDIATE and a mask (IBM Q&A dwa1433874). Such a backup,
  without a VIPADISTRIBUTE of its own, has nothing to inherit: the DVIPA is
  then only its own address, and only its own server gets connections.
* the **target**: the server a distributor sends new connections to, chosen
  by IBM's hot-standby rules (z/OS Communications Server, "Hot standby
  distribution method"):

  - the PREFERRED target is active when it is listening;
  - when the active target becomes unavailable, the highest-ranked available
    BACKUP takes over (a larger rank wins; equal ranks: the first listed wins,
    an assumption, since IBM does not say; a BACKUP coded without a rank, as
    in the Zowe sample, counts as rank 1 because the default rank is UNSURE,
    and the explanation says so);
  - AUTOSWITCHBACK (the default) moves new connections back to the preferred
    target as soon as it listens again; NOAUTOSWITCHBACK stays on the active
    target until that becomes unavailable;
  - HEALTHSWITCH (the default) leaves an active target that is listening but
    unhealthy; NOHEALTHSWITCH stays on it;
  - with no target listening there is no active target (``None``).

Events name a system (or a DESTIP) and a change: ``down``/``up`` is the
whole system (its TCP/IP stack and its servers), ``server-down``/
``server-up`` only the server on the distributed port (the stack, and so the
DVIPA, stays), ``unhealthy``/``healthy`` the server's health, and
``deactivate``/``reactivate`` what ``VARY TCPIP,,SYSPLEX,DEACTIVATE,DVIPA=`` and
``REACTIVATE`` do on that stack: the DVIPA there "appears to have been
deleted", so a VIPABACKUP stack takes it over (a deactivated backup is not
eligible to), and REACTIVATE gives it back to the VIPADEFINE owner (IBM,
"Manually initiating takeover for an individual dynamic VIPA"). The system
and its server keep running; that the server stays a target of the new
distributor is UNSURE (IBM's page is silent), and the model assumes it.

Modelling choices, stated so nobody mistakes them for IBM's words:

* Start: every stack and server is up and healthy, the owner distributes and
  the preferred target is active. With NOAUTOSWITCHBACK IBM says the *first
  ready listener* wins, so on a real cold start a backup may win; the model
  assumes the preferred target was ready first.
* After a distributor takeover the new distributor keeps the active target
  while it still qualifies (UNSURE: IBM documents the takeover as
  non-disruptive but not which target a NOAUTOSWITCHBACK distributor picks).
* With HEALTHSWITCH, when no healthy target listens, an unhealthy listener
  still gets the connections (the distributor has nowhere better to send
  them); which one follows the same rules. This detail is UNSURE.

What happens to *existing* connections is said in words for each step
(``connections``): those to a failed server are lost; those that a failed
distributor had sent to servers that still run are kept, because the backup
stack takes the distribution over without disrupting them (IBM's
non-disruptive takeover of a distributed DVIPA).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..record.addresses import parse_ip
from ..record.model import ChangeRecord, Distribution

CHANGES = ("down", "up", "server-down", "server-up", "unhealthy", "healthy", "deactivate", "reactivate")
STATES = ("listening", "unhealthy", "stopped", "down")


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
class BackupStack:
    """A stack with a VIPABACKUP for the DVIPA.

    ``distributes``: it codes its own VIPADISTRIBUTE; ``creates``: MOVEABLE
    IMMEDIATE and a mask, so it can create the DVIPA when no stack has it.
    """

    name: str
    rank: int
    distributes: bool = True
    creates: bool = True


@dataclass(frozen=True)
class HotStandby:
    """What the model needs of one VIPADISTRIBUTE ... DISTMETHOD HOTSTANDBY and its DVIPA's stacks.

    ``owner`` is the VIPADEFINE stack (None when no stack has one);
    ``backup_stacks`` are the VIPABACKUP stacks, in takeover order.
    """

    dvipa: str
    ports: tuple[int, ...]
    targets: tuple[Target, ...]
    autoswitchback: bool = True
    healthswitch: bool = True
    name: str | None = None
    owner: str | None = None
    owner_moveable: str = "IMMEDIATE"
    backup_stacks: tuple[BackupStack, ...] = ()

    @property
    def preference(self) -> list[Target]:
        """Preferred first, then backups by rank, highest first; ties keep the listed order."""
        preferred = [t for t in self.targets if t.role == "preferred"]
        backups = [t for t in self.targets if t.role != "preferred"]
        backups.sort(key=lambda t: -(t.rank if t.rank is not None else 1))
        return preferred + backups

    @property
    def takeover(self) -> list[BackupStack]:
        """Backup stacks by rank, highest first (ties keep the given order)."""
        return sorted(self.backup_stacks, key=lambda b: -b.rank)

    @property
    def systems(self) -> list[str]:
        """Every system the model knows: targets in preference order, then the stacks that are not targets."""
        names = [t.name for t in self.preference]
        for name in [self.owner, *(b.name for b in self.takeover)]:
            if name is not None and name not in names:
                names.append(name)
        return names

    def find(self, text: str) -> str | None:
        """The system a user means by a system name or a DESTIP (or dynamic XCF) address."""
        wanted = text.strip()
        for name in self.systems:
            if name.upper() == wanted.upper():
                return name
        try:
            _v, addr = parse_ip(wanted)
        except ValueError:
            return None
        hit = next((t.name for t in self.targets if t.destip == addr), None)
        return hit or next((n for n in self.systems if n == addr), None)


def from_record(record: ChangeRecord, dist: Distribution) -> HotStandby:
    """The model of a record's distribution: owner and backups from ``distributor``/``distributor_backups``.

    The kit generates VIPADEFINE MOVEABLE IMMEDIATE on the owner and, on every
    backup stack, VIPABACKUP MOVEABLE IMMEDIATE with a mask and the same
    VIPADISTRIBUTE, so the record's stacks distribute and can create the DVIPA.
    """
    targets = tuple(Target(t.destip, t.role, t.rank, t.system) for t in record.targets(dist))
    stacks = tuple(BackupStack(b, dist.distributor_backup_rank(b)) for b in dist.distributor_backups)
    return HotStandby(dist.dvipa, tuple(dist.ports), targets, dist.autoswitchback, dist.healthswitch, dist.name,
                      owner=dist.distributor, backup_stacks=stacks)


def from_lint(item: dict[str, Any], names: dict[str, str] | None = None, ownership: dict[str, Any] | None = None) -> HotStandby:
    """From a ``lint --json`` distribution and lint's ownership of its DVIPA.

    ``names`` maps DESTIP (dynamic XCF address) -> system name where known.
    Without ``ownership`` (a bare ``lint --json`` item) the preferred
    target's stack is taken as the owner, as a record's ``distributor``
    defaults to its preferred system, and no stack backs it up.
    """
    names = names or {}
    targets = tuple(
        Target(t["destip"], t["role"], t.get("rank"), names.get(t["destip"]) or t.get("system"))
        for t in item.get("targets", [])
    )
    if ownership is None:
        preferred = next((t for t in targets if t.role == "preferred"), None)
        owner, moveable, stacks = (preferred.name if preferred else None), "IMMEDIATE", ()
    else:
        raw_owner = ownership.get("owner")
        owner = names.get(raw_owner, raw_owner) if raw_owner else None
        moveable = ownership.get("owner_moveable") or "IMMEDIATE"
        stacks = tuple(
            BackupStack(names.get(b["stack"], b["stack"]), int(b["rank"]), bool(b.get("distributes", True)),
                        bool(b.get("creates", True)))
            for b in ownership.get("backups", []) if b.get("stack")
        )
    return HotStandby(
        item["dvipa"], tuple(item.get("ports") or ()), targets,
        bool(item.get("autoswitchback", True)), bool(item.get("healthswitch", True)), item.get("name"),
        owner=owner, owner_moveable=moveable, backup_stacks=stacks,
    )


@dataclass(frozen=True)
class Event:
    system: str
    change: str
    text: str


def parse_event(text: str, model: HotStandby) -> Event:
    """``SYSTEM:CHANGE`` -> Event; ValueError with a one-line reason.

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
    system = model.find(who)
    if system is None:
        known = ", ".join(
            [f"{t.system} ({t.destip})" if t.system else t.destip for t in model.targets]
            + [n for n in model.systems if n not in {t.name for t in model.targets}]
        )
        raise ValueError(f"event {raw!r}: {who!r} is not a target or stack of {model.dvipa}; known: {known}")
    target = next((t for t in model.targets if t.name == system), None)
    if who.strip().upper() == system.upper():
        label = system
    else:
        label = target.destip if target is not None else system
    return Event(system, change, f"{label}:{change}")


@dataclass
class _State:
    up: dict[str, bool] = field(default_factory=dict)
    server: dict[str, bool] = field(default_factory=dict)
    healthy: dict[str, bool] = field(default_factory=dict)
    deactivated: dict[str, bool] = field(default_factory=dict)

    def eligible(self, name: str) -> bool:
        """Whether the stack can hold the DVIPA: up, and the DVIPA not deactivated there by an operator."""
        return self.up[name] and not self.deactivated.get(name, False)

    def listening(self, name: str) -> bool:
        return self.up[name] and self.server[name]

    def state(self, name: str) -> str:
        if not self.up[name]:
            return "down"
        if not self.server[name]:
            return "stopped"
        return "listening" if self.healthy[name] else "unhealthy"


@dataclass
class _Distributor:
    """Which stack has the DVIPA and whether it knows the distribution."""

    stack: str | None
    distributing: bool
    reason: str


def _distributor(model: HotStandby, state: _State, current: _Distributor) -> _Distributor:
    owner = model.owner
    holder = current.stack
    if owner is not None and state.eligible(owner):
        if holder == owner:
            return _Distributor(owner, True, "the owner's stack (VIPADEFINE) distributes")
        if holder is None:
            return _Distributor(owner, True, "the owner's stack (VIPADEFINE) activates the DVIPA and distributes")
        if not state.eligible(holder):
            return _Distributor(owner, True, f"{holder} gave the DVIPA up; the owner's stack (VIPADEFINE) has it and distributes")
        if model.owner_moveable != "IMMEDIATE":
            return _Distributor(holder, current.distributing,
                                f"VIPADEFINE MOVEABLE WHENIDLE: {owner} takes the DVIPA back only when {holder} has no "
                                "connections to it; the model keeps it on the backup")
        return _Distributor(owner, True, f"takeback: {owner}'s VIPADEFINE MOVEABLE IMMEDIATE takes the DVIPA back from {holder}")
    if holder is not None and state.eligible(holder):
        return _Distributor(holder, current.distributing, current.reason)
    for backup in model.takeover:
        if not state.eligible(backup.name):
            continue
        if holder is not None:
            how = "its own VIPADISTRIBUTE" if backup.distributes else f"the distribution it inherits from {holder}"
            return _Distributor(backup.name, current.distributing or backup.distributes,
                                f"takeover: the highest-ranked VIPABACKUP stack that is up (rank {backup.rank}) takes the "
                                f"DVIPA over from {holder} and distributes with {how}")
        if backup.creates:
            if backup.distributes:
                return _Distributor(backup.name, True, f"no stack has the DVIPA: {backup.name}'s VIPABACKUP MOVEABLE "
                                                       "IMMEDIATE creates it and distributes with its own VIPADISTRIBUTE")
            return _Distributor(backup.name, False, f"no stack has the DVIPA: {backup.name}'s VIPABACKUP MOVEABLE IMMEDIATE "
                                                    "creates it, but it has no VIPADISTRIBUTE and nothing to inherit: "
                                                    "the DVIPA is not distributed")
    if holder is not None:
        return _Distributor(None, False, f"{holder} gave the DVIPA up and no VIPABACKUP stack is up (and not deactivated) "
                                         "to take it over: the DVIPA is gone")
    return _Distributor(None, False, "no stack that can activate the DVIPA is up")


def _choose(model: HotStandby, state: _State, current: Target | None) -> tuple[Target | None, str]:
    """The active target after a change, and a short reason in plain words."""
    order = model.preference
    listening = [t for t in order if state.listening(t.name)]
    if not listening:
        return None, "no target is listening"
    if model.healthswitch:
        pool = [t for t in listening if state.healthy[t.name]]
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
        if not state.healthy[preferred.name]:
            return preferred, "NOHEALTHSWITCH: stays on the unhealthy preferred target"
        return preferred, "the preferred target is listening"
    if current is not None and current in pool:
        if not state.healthy[current.name]:
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


def _active(model: HotStandby, state: _State, dist: _Distributor, current: Target | None) -> tuple[Target | None, str]:
    if dist.stack is None:
        return None, "no stack has the DVIPA, so no connection reaches a target"
    if not dist.distributing:
        own = next((t for t in model.targets if t.name == dist.stack), None)
        if own is not None and state.listening(own.name):
            return own, f"the DVIPA is not distributed: only {dist.stack}'s own server gets connections"
        return None, f"the DVIPA is not distributed and {dist.stack}'s own server does not listen"
    return _choose(model, state, current)


def _connections(ev: Event, before: tuple[str | None, str | None], after: tuple[str | None, str | None],
                 was_listening: bool) -> str:
    """What happens to existing connections, in words."""
    (dist_before, active_before), (dist_after, _active_after) = before, after
    who = ev.system
    parts: list[str] = []
    if ev.change in ("down", "server-down") and was_listening and active_before == who:
        parts.append(f"connections to {who}'s server are lost (clients reconnect)")
    if ev.change == "deactivate" and dist_before == who and dist_after is not None:
        parts.append(f"new connections go through {dist_after}; IBM keeps the DVIPA QUIESCING on {who} until the last "
                     "connection to it there ends")
    elif ev.change == "down" and dist_before == who:
        if dist_after is None:
            parts.append("the DVIPA is gone, so every connection through it is lost")
        else:
            parts.append(f"connections {who} had distributed to servers that still run are kept: {dist_after} takes the "
                         "distribution over without disrupting them (IBM's non-disruptive takeover)")
    elif dist_after != dist_before and dist_before is not None and dist_after is not None:
        parts.append(f"the DVIPA moves from {dist_before} to {dist_after}; connections through it are kept (UNSURE for a "
                     "takeback: IBM documents DVIPA moves that keep existing connections)")
    if not parts:
        if ev.change in ("up", "server-up", "healthy", "unhealthy") or not was_listening:
            parts.append("existing connections stay where they are; only new ones follow the active target")
        else:
            parts.append("existing connections stay where they are")
    if ev.change == "unhealthy" and active_before == who:
        parts.append(f"connections already on {who} stay on the unhealthy server")
    return "; ".join(parts)


def simulate(model: HotStandby, events: list[Event]) -> list[dict[str, Any]]:
    """The timeline: one entry for the start and one after each event.

    Each entry: ``event``, ``distributor`` (the stack that has the DVIPA, or
    None), ``active`` (the target that gets new connections: its system name
    when known, else the DESTIP, or None), ``reason`` (why that target),
    ``distributor_reason``, ``connections`` (what happens to existing ones),
    ``states`` (target name -> listening, unhealthy, stopped or down) and
    ``stacks`` (every system of the model -> up, deactivated (the DVIPA given up by
    an operator) or down).
    """
    names = model.systems
    state = _State({n: True for n in names}, {n: True for n in names}, {n: True for n in names})
    dist = _distributor(model, state, _Distributor(None, False, ""))
    active, reason = _active(model, state, dist, None)
    if active is not None and active.role == "preferred" and not model.autoswitchback and dist.distributing:
        reason = "start: the model assumes the preferred target was the first ready listener"

    def entry(label: str, connections: str) -> dict[str, Any]:
        return {
            "event": label,
            "distributor": dist.stack,
            "active": active.name if active else None,
            "reason": reason,
            "distributor_reason": dist.reason,
            "connections": connections,
            "states": {t.name: state.state(t.name) for t in model.targets},
            "stacks": {n: ("deactivated" if state.deactivated.get(n) else "up") if state.up[n] else "down" for n in names},
        }

    timeline = [entry("start", "no connections yet")]
    for ev in events:
        key = ev.system
        before = (dist.stack, active.name if active else None)
        was_listening = state.listening(key)
        if ev.change == "down":
            state.up[key] = False
        elif ev.change == "up":
            state.up[key] = state.server[key] = state.healthy[key] = True
        elif ev.change == "server-down":
            state.server[key] = False
        elif ev.change == "server-up":
            state.server[key] = state.healthy[key] = True
        elif ev.change == "unhealthy":
            state.healthy[key] = False
        elif ev.change == "deactivate":
            state.deactivated[key] = True
        elif ev.change == "reactivate":
            state.deactivated[key] = False
        else:
            state.healthy[key] = True
        dist = _distributor(model, state, dist)
        active, reason = _active(model, state, dist, active)
        if ev.change == "server-up" and not state.up[key]:
            reason = f"{key}'s system is down, so its server cannot start; " + reason
        if ev.change == "deactivate" and any(t.name == key for t in model.targets) and state.up[key]:
            reason += f" (the model keeps {key} a target after it gave the DVIPA up: UNSURE, IBM does not say)"
        timeline.append(entry(ev.text, _connections(ev, before, (dist.stack, active.name if active else None), was_listening)))
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
            "distributor": model.owner,
            "distributor_backups": [
                {"name": b.name, "rank": b.rank, "distributes": b.distributes, "creates": b.creates} for b in model.takeover
            ],
            "targets": [
                {"name": t.name, "system": t.system, "destip": t.destip, "role": t.role, "rank": t.rank}
                for t in model.targets
            ],
        },
        "timeline": simulate(model, events),
    }
