"""The change record as typed, validated values.

Everything downstream (generation, lint comparison, checks, notebooks, the
report) reads these objects, never the raw YAML, so a value is normalised
once: SYSNAMEs upper case, addresses without leading zeros, masks dotted,
defaults applied. Build them with :func:`zowe_ha_lib.record.load_record`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .release import LINES

ROLES = ("zowe-gateway", "zosmf", "other")
RELEASES = LINES
"""The Zowe release lines; change.zowe_release may also name a level of one (record/release.py)."""


def backup_ranks(count: int) -> list[int]:
    """Ranks for ``count`` backups in order of preference, highest first.

    Hot-standby BACKUP and VIPABACKUP ranks are 1-254 and a larger rank is
    preferred. Spacing them (two backups get 100 and 50, as in IBM's example)
    leaves room to slot a system in later without renumbering the others.
    """
    if count <= 0:
        return []
    step = min(50, 254 // count)
    return [(count - i) * step for i in range(count)]


@dataclass(frozen=True)
class System:
    """One z/OS system (LPAR) of the sysplex that runs a Zowe instance."""

    name: str
    dynamic_xcf: str
    ip_version: int = 4
    hostname: str | None = None
    tcpip_proc: str = "TCPIP"
    obeyfile: str | None = None


@dataclass(frozen=True)
class Sysplex:
    name: str
    systems: tuple[System, ...]
    dynamic_xcf_mask: str = "255.255.255.0"
    dynamic_xcf_cost: int = 1

    @property
    def system_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.systems)


@dataclass(frozen=True)
class Target:
    """One DESTIP of a hot-standby distribution."""

    system: str
    destip: str
    role: str  # "preferred" or "backup"
    rank: int | None


@dataclass(frozen=True)
class Distribution:
    """One VIPADISTRIBUTE: a DVIPA, its ports and its hot-standby targets."""

    name: str
    role: str
    dvipa: str
    ports: tuple[int, ...]
    preferred: str
    backups: tuple[str, ...]
    distributor: str
    distributor_backups: tuple[str, ...]
    mask: str | None = "255.255.255.0"
    ip_version: int = 4
    interface: str | None = None
    hostname: str | None = None
    autoswitchback: bool = True
    healthswitch: bool = True

    def backup_rank(self, system: str) -> int:
        """VIPADISTRIBUTE ``BACKUP rank`` of a backup target."""
        return dict(zip(self.backups, backup_ranks(len(self.backups)), strict=True))[system]

    def distributor_backup_rank(self, system: str) -> int:
        """``VIPABACKUP rank`` of a stack that takes the DVIPA over."""
        ranks = backup_ranks(len(self.distributor_backups))
        return dict(zip(self.distributor_backups, ranks, strict=True))[system]


@dataclass(frozen=True)
class Ticket:
    """The change ticket a record carries out: its id and, when given, a link to it."""

    id: str
    url: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"id": self.id, "url": self.url}


@dataclass(frozen=True)
class ChangeRecord:
    """A validated change record and where it lives."""

    id: str
    title: str
    zowe_release: str
    sysplex: Sysplex
    distributions: tuple[Distribution, ...]
    folder: Path
    path: Path
    zowe_config: str | None = None
    #: what restarts the Zowe started tasks after a failure: "arm" (the kit checks D XCF,ARMSTATUS) or
    #: "automation" (the site's automation product; the kit takes the record's word for it)
    restarted_by: str | None = None
    ticket: Ticket | None = None
    display_path: str = "change.yaml"
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    lines: dict[tuple, int] = field(default_factory=dict, compare=False, repr=False)

    def system(self, name: str) -> System:
        for s in self.sysplex.systems:
            if s.name == name.upper():
                return s
        raise KeyError(name)

    def system_by_xcf(self, address: str) -> System | None:
        for s in self.sysplex.systems:
            if s.dynamic_xcf == address:
                return s
        return None

    def targets(self, dist: Distribution) -> list[Target]:
        """Hot-standby targets of ``dist``: the preferred first, then backups by rank."""
        out = [Target(dist.preferred, self.system(dist.preferred).dynamic_xcf, "preferred", None)]
        out += [Target(b, self.system(b).dynamic_xcf, "backup", dist.backup_rank(b)) for b in dist.backups]
        return out

    def gateway(self) -> Distribution | None:
        """The Zowe gateway distribution, if the record has one."""
        return next((d for d in self.distributions if d.role == "zowe-gateway"), None)

    @property
    def evidence_dir(self) -> Path:
        return self.folder / "evidence"

    @property
    def report_dir(self) -> Path:
        return self.folder / "report"

    @property
    def zowe_config_path(self) -> Path | None:
        return self.folder / self.zowe_config if self.zowe_config else None

    def line_of(self, *path: str | int) -> int | None:
        """Line in change.yaml of a key path (for findings that point at the record)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return None

    def where(self, *path: str | int) -> str:
        """``change.yaml:12`` style location of a key path."""
        line = self.line_of(*path)
        return f"{self.display_path}:{line}" if line else self.display_path
