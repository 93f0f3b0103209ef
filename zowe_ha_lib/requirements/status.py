"""The status words of findings, steps and notebook outcomes: their order and their labels.

Every verdict the kit shows, on the terminal, in a notebook or on the site,
is one of these words, and every place that picks "the worst" of several
uses the one order defined here:
``error > fail > incomplete > unknown > warn > pass > n/a``.

Two kinds of word share that order:

* a *finding* (and a step of a notebook) says ``pass``, ``warn``, ``fail``,
  ``unknown`` (no usable evidence) or ``n/a``;
* an *outcome* (of a notebook, of a whole report) says ``pass``, ``warn``,
  ``fail``, ``incomplete``, ``n/a`` or ``error``. ``incomplete`` is what a
  step without evidence makes of an outcome (:func:`outcome`): a report whose
  every requirement is unknown must never read "pass", and "unknown" would
  suggest the kit could not tell, when it can: the change is not ready
  because evidence is missing. It ranks below ``fail`` (evidence that shows a
  requirement broken is the stronger verdict) and above everything a change
  board may accept. ``error`` is what the runner records for a notebook that
  could not finish; it outranks everything.

``Status`` is a :class:`~enum.StrEnum`, so a member *is* its word: it
compares equal to ``"fail"``, serialises to JSON as ``"fail"`` and can be
used wherever the kit used plain strings before.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    """A verdict word; members are declared worst first, which *is* the order."""

    ERROR = "error"
    FAIL = "fail"
    INCOMPLETE = "incomplete"
    UNKNOWN = "unknown"
    WARN = "warn"
    PASS = "pass"
    NA = "n/a"

    @property
    def label(self) -> str:
        """The word as badges and tables print it (``N/A``, ``FAIL``)."""
        return self.value.upper()

    @property
    def rank(self) -> int:
        """Position in the worst-first order (0 is the worst)."""
        return ORDER.index(self.value)

    @property
    def css(self) -> str:
        """A class-name suffix (``n/a`` becomes ``na``)."""
        return self.value.replace("/", "")

    @property
    def settled(self) -> bool:
        """True for a verdict that asks nothing more of anyone (pass, n/a)."""
        return self in (Status.PASS, Status.NA)


ORDER: tuple[str, ...] = tuple(s.value for s in Status)
"""Every status word, worst first."""

FINDING_STATUSES: tuple[str, ...] = ("pass", "warn", "fail", "unknown", "n/a")
"""What a requirement finding may say (contract order, as ``check --json`` counts them)."""

OUTCOME_STATUSES: tuple[str, ...] = ("pass", "warn", "fail", "incomplete", "n/a", "error")
"""What a notebook outcome or a whole report may say (never ``unknown``: see :func:`outcome`)."""

READY_OUTCOMES: tuple[str, ...] = ("pass", "warn", "n/a")
"""Outcomes of a change that may be applied: everything passed (warnings are read, not blocking)."""

LABELS: dict[str, str] = {s.value: s.label for s in Status}


def is_status(value: object) -> bool:
    """Whether ``value`` is one of the status words."""
    return isinstance(value, str) and value in ORDER


def rank(status: str) -> int:
    """Sort key, worst first; a word that is no status sorts last."""
    return ORDER.index(status) if status in ORDER else len(ORDER)


def worst(statuses: Iterable[str]) -> str:
    """The status that decides an outcome; ``n/a`` when there is nothing (or only n/a)."""
    seen = set(statuses)
    for s in ORDER:
        if s in seen:
            return s
    return Status.NA.value


def outcome(statuses: Iterable[str]) -> str:
    """The outcome of steps or notebooks: the worst of them, where ``unknown`` counts as ``incomplete``.

    A notebook's outcome comes from its steps, a report's from its
    notebooks; either way one step without evidence keeps the change from
    being ready, and only a failure or an error says more than that.
    """
    return worst(Status.INCOMPLETE.value if s == Status.UNKNOWN else s for s in statuses)


def is_ready(outcome_word: str) -> bool:
    """Whether an outcome lets the change go ahead (pass, warn or n/a)."""
    return outcome_word in READY_OUTCOMES


def label(status: str) -> str:
    """``FAIL`` for ``fail``; an unknown word is shown upper-cased as it is."""
    return LABELS.get(status, str(status).upper())


def css(status: str) -> str:
    """A CSS class suffix for any word (letters only; ``unknown`` for nothing usable)."""
    return "".join(c for c in str(status).lower() if "a" <= c <= "z") or "unknown"
