"""Requirement findings: the common result type of every check.

A finding says, for one requirement and (where it applies) one system,
whether the evidence shows it met, with the evidence location and a fix.
The JSON form is the contract's ``check --json`` item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

STATUSES = ("pass", "warn", "fail", "unknown", "n/a")
REQUIREMENTS = (
    "cf-connectivity",
    "coupling-facility",
    "sysplex-timer",
    "shared-dasd",
    "shared-saf",
    "sysplex-distributor",
    "vsam-rls",
    "shared-uss",
    "jes2-mas",
    "zosmf-ha",
    "nodejs",
    "zowe-config",
)


@dataclass(frozen=True)
class Finding:
    requirement: str
    system: str | None
    status: str
    message: str
    evidence: str | None = None
    fix: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"bad status {self.status!r}")

    def to_json(self) -> dict:
        return asdict(self)


def summarise(findings: list[Finding]) -> dict[str, int]:
    """Count of findings per status, every status present."""
    counts = Counter(f.status for f in findings)
    return {s: counts.get(s, 0) for s in STATUSES}


# Worst first. "error" is not a finding status: it is what the runner records for a
# notebook that could not finish, and it outranks every finding.
ORDER = ("error", "fail", "unknown", "warn", "pass", "n/a")


def worst(statuses: list[str]) -> str:
    """The status that decides an outcome: error > fail > unknown > warn > pass > n/a."""
    for s in ORDER:
        if s in statuses:
            return s
    return "n/a"


def rank(status: str) -> int:
    """Sort key, worst first; an unknown word sorts last."""
    return ORDER.index(status) if status in ORDER else len(ORDER)
