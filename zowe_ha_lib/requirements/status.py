"""The status words of findings, steps and notebook outcomes: their order and their labels.

Every verdict the kit shows, on the terminal, in a notebook or on the site,
is one of these words, and every place that picks "the worst" of several
uses the one order defined here: ``error > fail > unknown > warn > pass > n/a``.
``error`` is not a finding status: it is what the runner records for a
notebook that could not finish, and it outranks every finding.

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

OUTCOME_STATUSES: tuple[str, ...] = (*FINDING_STATUSES, "error")
"""What a notebook outcome or a whole report may say."""

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


def label(status: str) -> str:
    """``FAIL`` for ``fail``; an unknown word is shown upper-cased as it is."""
    return LABELS.get(status, str(status).upper())


def css(status: str) -> str:
    """A CSS class suffix for any word (letters only; ``unknown`` for nothing usable)."""
    return "".join(c for c in str(status).lower() if "a" <= c <= "z") or "unknown"
