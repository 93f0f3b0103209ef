"""What every requirement check gets: the record, the evidence, zowe.yaml, and how to say a finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..evidence.base import Display
from ..evidence.reader import Evidence
from ..record.model import ChangeRecord
from ..requirements.findings import Finding


@dataclass
class Ctx:
    record: ChangeRecord
    evidence: Evidence
    zowe_yaml: dict | None

    @property
    def systems(self) -> tuple[str, ...]:
        return self.record.sysplex.system_names

    def of(self, *kinds: str, system: str | None = None) -> list[Display]:
        return self.evidence.of(*kinds, system=system)

    def zowe(self, *path: str) -> Any:
        """A value of zowe.yaml by key path, or None."""
        value: Any = self.zowe_yaml
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value


def finding(req: str, system: str | None, status: str, message: str, evidence: str | None = None, fix: str | None = None) -> Finding:
    return Finding(requirement=req, system=system, status=status, message=message, evidence=evidence, fix=None if status in ("pass", "n/a") else fix)


def no_evidence(req: str, system: str | None, what: str, command: str) -> Finding:
    """The ``unknown`` finding for a display nobody captured."""
    where = f"evidence/{system}/" if system else "evidence/<SYSNAME>/"
    return finding(req, system, "unknown", f"no {what} in the evidence{' from ' + system if system else ''}",
                   None, f"Capture '{command}'{' on ' + system if system else ''} and save the response under {where}.")
