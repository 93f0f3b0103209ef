"""Is the change ready to apply? The one place that decides it.

A change board reads one sentence, so every place that states a verdict (the
40-operations summary, the notebooks' outcomes, ``zowe-ha check`` and ``run``,
the site) asks this module rather than counting statuses itself:

* ready only when every applicable requirement and step passed; warnings are
  allowed, and listed so that someone reads them;
* a failure (or a notebook that ended in error) makes it "not ready" and names
  what failed;
* a requirement without evidence (``unknown``) makes it "not ready" too: the
  kit cannot vouch for what it has not seen. The verdict names each such
  requirement with the displays to capture (from the display catalogue) or
  ``zowe-ha collect``, and the outcome word is ``incomplete``, never ``pass``.

Inputs are plain ``(id, status)`` pairs, so the same rule serves findings
(``check``), notebook steps (the notebooks, the manifest the site reads) and
notebook outcomes (``run``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import registry
from .displays import Display
from .status import Status, is_ready, outcome

COLLECT_HINT = "zowe-ha collect {rec} --zosmf URL issues every console display through z/OSMF"


@dataclass(frozen=True)
class Missing:
    """A requirement (or step) without usable evidence, and what to capture for it."""

    id: str
    displays: tuple[Display, ...] = ()

    @property
    def console(self) -> list[str]:
        """The console displays to capture, as typed (``D XCF,CF``)."""
        return [d.shown for d in self.displays if d.console]

    @property
    def manual(self) -> list[str]:
        """What a person copies by hand (an IZUPRMxx member, ``node --version``)."""
        return [d.shown for d in self.displays if not d.console]

    @property
    def advice(self) -> str:
        """``cf-connectivity: capture D XCF,CF and D XCF,CF,CFNAME=ALL from each system into evidence/<SYSNAME>/``."""
        parts = []
        if self.console:
            parts.append(f"capture {_and(self.console)} from each system into evidence/<SYSNAME>/")
        if self.manual:
            parts.append(f"copy into evidence/<SYSNAME>/ by hand: {_and(self.manual)}")
        return f"{self.id}: " + ("; ".join(parts) if parts else "capture the evidence it rests on into evidence/<SYSNAME>/")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class Readiness:
    """The verdict on a change: its outcome word, what stops it and what to read."""

    status: str  # an outcome word: error, fail, incomplete, warn, pass or n/a
    failed: tuple[str, ...] = ()
    missing: tuple[Missing, ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # notebooks that could not finish

    @property
    def ready(self) -> bool:
        return is_ready(self.status)

    @property
    def missing_ids(self) -> list[str]:
        return [m.id for m in self.missing]

    @property
    def verdict(self) -> str:
        """One sentence: ``ready to apply``, or ``not ready: ...`` naming what stops it."""
        if self.ready:
            if self.warnings:
                return f"ready to apply; read {_plural(len(self.warnings), 'warning', 'warnings')} first ({', '.join(self.warnings)})"
            return "ready to apply"
        parts = []
        if self.errors:
            parts.append(f"{_plural(len(self.errors), 'notebook', 'notebooks')} ended in error ({', '.join(self.errors)})")
        if self.failed:
            parts.append(f"{len(self.failed)} failed ({', '.join(self.failed)})")
        if self.missing:
            parts.append(f"{_plural(len(self.missing), 'requirement has', 'requirements have')} no evidence "
                         f"({', '.join(self.missing_ids)})")
        return "not ready: " + "; ".join(parts)

    @property
    def advice(self) -> list[str]:
        """What to capture, one line per requirement without evidence (empty when none is missing)."""
        return self.advice_for("REC")

    def advice_for(self, rec: str) -> list[str]:
        """:attr:`advice`, with ``rec`` (the record as the reader reaches it) in the ``collect`` command."""
        lines = [m.advice for m in self.missing]
        if any(m.console for m in self.missing):
            lines.append("or let the kit capture them: " + COLLECT_HINT.format(rec=rec))
        return lines


def assess(items: Iterable[tuple[str, str]], errors: Iterable[str] = ()) -> Readiness:
    """The readiness of ``(id, status)`` pairs (an id may come several times: its worst status counts).

    ``n/a`` items do not apply and are ignored; ``errors`` names notebooks
    that could not finish.
    """
    seen: dict[str, list[str]] = {}
    for item_id, status in items:
        seen.setdefault(item_id, []).append(status)
    worst_of = {item_id: outcome(statuses) for item_id, statuses in seen.items()}
    failed = tuple(i for i, s in worst_of.items() if s in (Status.FAIL, Status.ERROR))
    missing = tuple(Missing(i, _displays(i)) for i, s in worst_of.items() if s == Status.INCOMPLETE)
    warnings = tuple(i for i, s in worst_of.items() if s == Status.WARN)
    errors = tuple(errors)
    status = outcome([*worst_of.values(), *(Status.ERROR.value for _ in errors)])
    return Readiness(status, failed, missing, warnings, errors)


def _displays(item_id: str) -> tuple[Display, ...]:
    req = registry.BY_ID.get(item_id)
    return tuple(req.display_list()) if req else ()


def from_steps(steps: Iterable[Mapping[str, Any]], errors: Iterable[str] = ()) -> Readiness:
    """Readiness of notebook steps (``{"id", "status", ...}``), as outcome records and manifests hold them."""
    return assess(((str(s.get("id", "?")), str(s.get("status", "unknown"))) for s in steps), errors)


def from_findings(findings: Iterable[Any]) -> Readiness:
    """Readiness of requirement findings (``check``): one verdict per requirement of the registry.

    Findings about evidence files that belong to no requirement (an
    unrecognised file) are shown by ``check`` but do not decide readiness.
    """
    return assess((f.requirement, f.status) for f in findings if f.requirement in registry.BY_ID)
