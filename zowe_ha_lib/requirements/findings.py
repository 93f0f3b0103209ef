"""Requirement findings: the common result type of every check.

A finding says, for one requirement and (where it applies) one system,
whether the evidence shows it met, with the evidence location and a fix.
The JSON form is the ``check --json`` item. Status words and their order
live in :mod:`.status`; requirement ids in :mod:`.registry`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .status import FINDING_STATUSES

COLUMNS = {
    "requirement": "Requirement",
    "system": "System",
    "status": "Status",
    "message": "What the evidence shows",
    "evidence": "Evidence (file:line)",
    "fix": "Fix",
}
"""The column headings of every findings table (notebooks, record pages, requirement pages), by finding field."""


@dataclass(frozen=True)
class Finding:
    requirement: str
    system: str | None
    status: str
    message: str
    evidence: str | None = None
    fix: str | None = None

    def __post_init__(self) -> None:
        if self.status not in FINDING_STATUSES:
            raise ValueError(f"bad status {self.status!r}")

    def to_json(self) -> dict:
        return asdict(self)


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """Count of findings per status, every status present (the ``check --json`` summary)."""
    counts = Counter(f.status for f in findings)
    return {s: counts.get(s, 0) for s in FINDING_STATUSES}
