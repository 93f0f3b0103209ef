"""What every requirement check gets, how a check registers, and how it says a finding.

A check is a function ``check(ctx) -> list[Finding]`` decorated with
:func:`check` and the requirement id it judges; :func:`zowe_ha_lib.checks.run_checks`
runs the registered check of every requirement in the registry that applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..evidence.base import Display
from ..evidence.reader import Evidence
from ..record.model import ChangeRecord
from ..record.zowe_yaml import ZoweConfig
from ..requirements.findings import Finding
from ..requirements.registry import BY_ID

Check = Callable[["Ctx"], list[Finding]]
CHECKS: dict[str, Check] = {}
"""Requirement id -> its check, filled by :func:`check` as the check modules load."""


def check(req_id: str) -> Callable[[Check], Check]:
    """Register ``fn`` as the check of requirement ``req_id`` (which must be in the registry)."""
    if req_id not in BY_ID:
        raise KeyError(f"check for {req_id!r}, which is not in the requirements registry")

    def register(fn: Check) -> Check:
        if req_id in CHECKS:
            raise ValueError(f"{req_id} already has a check ({CHECKS[req_id].__qualname__})")
        CHECKS[req_id] = fn
        return fn

    return register


@dataclass
class Ctx:
    record: ChangeRecord
    evidence: Evidence
    zowe: ZoweConfig | None
    applicable: dict[str, str | None] = field(default_factory=dict)

    @property
    def systems(self) -> tuple[str, ...]:
        return self.record.sysplex.system_names

    def of(self, *kinds: str, system: str | None = None) -> list[Display]:
        return self.evidence.of(*kinds, system=system)

    def latest_each(self, out: list[Finding], req: str, kind: str, what: str, command: str) -> Iterator[tuple[str, Display]]:
        """Each system of the record with its newest ``kind`` display, for a check judged system by system.

        A system that shows none gets its ``unknown`` finding (:func:`no_evidence`,
        naming ``what`` and the ``command`` to capture) in ``out`` instead, so
        every system ends up with a finding, in the record's order.
        """
        for system in self.systems:
            shown = self.of(kind, system=system)
            if shown:
                yield system, shown[-1]
            else:
                out.append(no_evidence(req, system, what, command))

    def applies(self, req_id: str) -> bool:
        """Whether another requirement applies to this record (some checks widen when it does)."""
        return self.applicable.get(req_id) is None


def finding(req: str, system: str | None, status: str, message: str, evidence: str | None = None, fix: str | None = None) -> Finding:
    return Finding(requirement=req, system=system, status=status, message=message, evidence=evidence, fix=None if status in ("pass", "n/a") else fix)


def record_where(record: ChangeRecord, *path: str | int) -> str:
    """``change.yaml:LINE`` of a key path, relative to the record folder like every evidence location."""
    line = record.line_of(*path)
    return f"{record.path.name}:{line}" if line else record.path.name


def no_evidence(req: str, system: str | None, what: str, command: str) -> Finding:
    """The ``unknown`` finding for a display nobody captured."""
    where = f"evidence/{system}/" if system else "evidence/<SYSNAME>/"
    return finding(req, system, "unknown", f"no {what} in the evidence{' from ' + system if system else ''}",
                   None, f"Capture '{command}'{' on ' + system if system else ''} and save the response under {where}.")
