"""What each stack does in a change, and how a profile line is laid out.

Both the profile statements (:mod:`.generate`) and the operator sheet
(:mod:`.sheet`) are built from the same plan: the distributions grouped by
DVIPA, which stack owns each DVIPA and which back it up at what rank. Both
also write z/OS text in the same 71-column layout (statements that wrap onto
continuation lines, ``;`` comments on lines of their own). Keeping those here
lets the sheet quote the generated statements without the two modules
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..record.model import ChangeRecord, Distribution

COLUMNS = 71
INDENT = "  "
CONTINUE = "    "


# --------------------------------------------------------------------------- layout


def _fit(words: list[str], first: str, rest: str, width: int = COLUMNS) -> list[str]:
    """Greedy word wrap: ``first`` prefixes line one, ``rest`` the others."""
    lines: list[str] = []
    current = first
    has_word = False
    for word in words:
        candidate = f"{current} {word}" if has_word else current + word
        if has_word and len(candidate) > width:
            lines.append(current)
            current = rest + word
        else:
            current = candidate
        has_word = True
    lines.append(current)
    return [line.rstrip() for line in lines]


def statement(groups: list[list[str]], indent: str = "") -> list[str]:
    """Lay out one statement: each group starts a line; long groups wrap.

    Groups are the parts a reader expects on a line of their own (the
    statement head, ``PORT ... DESTIP``, one target per line), as in IBM's
    and Zowe's samples.
    """
    lines: list[str] = []
    for number, group in enumerate(groups):
        prefix = indent if number == 0 else indent + CONTINUE
        lines += _fit(group, prefix, indent + CONTINUE)
    return lines


def comment(text: str, indent: str = "") -> list[str]:
    """A ``;`` comment wrapped to the column limit (ASCII only: the data set is EBCDIC)."""
    clean = "".join(c if 32 <= ord(c) < 127 else "?" for c in " ".join(text.split()))
    return _fit(clean.split(), indent + "; ", indent + "; ")


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class DvipaGroup:
    """The distributions sharing one DVIPA: one VIPADEFINE owner, one set of VIPABACKUPs."""

    dvipa: str
    distributions: tuple[Distribution, ...]

    @property
    def first(self) -> Distribution:
        return self.distributions[0]

    @property
    def owner(self) -> str:
        return self.first.distributor

    @property
    def backups(self) -> tuple[str, ...]:
        return self.first.distributor_backups

    def rank(self, system: str) -> int:
        return self.first.distributor_backup_rank(system)


def dvipa_groups(record: ChangeRecord) -> list[DvipaGroup]:
    """Distributions grouped by DVIPA, in the order the record first names each DVIPA."""
    order: dict[str, list[Distribution]] = {}
    for dist in record.distributions:
        order.setdefault(dist.dvipa, []).append(dist)
    return [DvipaGroup(dvipa, tuple(dists)) for dvipa, dists in order.items()]


def roles(record: ChangeRecord, system_name: str) -> list[tuple[DvipaGroup, str]]:
    """``(group, "owner" | "backup")`` for every DVIPA this system defines or backs up."""
    name = system_name.upper()
    out = []
    for group in dvipa_groups(record):
        if group.owner == name:
            out.append((group, "owner"))
        elif name in group.backups:
            out.append((group, "backup"))
    return out


def distribute_address(dist: Distribution) -> str:
    """VIPADISTRIBUTE names an IPv4 DVIPA by address and an IPv6 one by interface name."""
    return dist.interface or dist.dvipa if dist.ip_version == 6 else dist.dvipa
