"""Which hot-standby distribution a failover question is about.

A change record or a set of TCP/IP profiles usually distributes more than
one DVIPA and port set (the Zowe gateway, z/OSMF, ...), and the failover
model answers for one of them. The rule: a DVIPA and/or a port select the
distributions that match; without either, a record's ``zowe-gateway``
distribution, or the only one there is. Anything else (no match, several
matches, several candidates and nothing to choose by) is an error whose
message lists the choices, so the user can copy one.

Profiles are read with the same parser and lint as ``zowe-ha lint``
(INCLUDEs followed the same way), and only what z/OS would accept is
modelled: the owner is the stack with the VIPADEFINE, the takeover order the
VIPABACKUP ranks. Systems are named by their dynamic XCF addresses.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..record.addresses import parse_ip
from ..record.model import ChangeRecord
from .failover import HotStandby, from_lint, from_record
from .lint import lint
from .parse import parse_files


class ChoiceError(ValueError):
    """The DVIPA and port given select no distribution, or more than one."""


class NoHotStandby(ValueError):
    """The profiles define no hot-standby distribution at all."""


def describe(item: dict[str, Any]) -> str:
    """``name DVIPA port P...``: how a distribution is named to the user."""
    ports = " ".join(str(p) for p in item.get("ports") or []) or "any port"
    name = f"{item['name']} " if item.get("name") else ""
    return f"{name}{item['dvipa']} port {ports}"


def choose(candidates: Sequence[dict[str, Any]], dvipa: str | None, port: int | None, default: int | None) -> int:
    """Index of the distribution ``dvipa`` and ``port`` select (``default`` when neither is given).

    ``candidates`` are dictionaries with ``dvipa``, ``ports`` and optionally
    ``name``. Raises :class:`ChoiceError` naming the choices, or ValueError
    for a ``dvipa`` that is no IP address.
    """
    if dvipa is not None:
        dvipa = parse_ip(dvipa)[1]
    choices = "; ".join(describe(c) for c in candidates) or "none"
    if dvipa is None and port is None:
        if default is not None:
            return default
        if len(candidates) == 1:
            return 0
        raise ChoiceError(f"several hot-standby distributions; choose one by DVIPA or port: {choices}")
    matches = [
        i for i, c in enumerate(candidates)
        if (dvipa is None or c["dvipa"] == dvipa) and (port is None or port in (c.get("ports") or []))
    ]
    if not matches:
        raise ChoiceError(f"no hot-standby distribution matches; the choices are: {choices}")
    if len(matches) > 1:
        names = "; ".join(describe(candidates[i]) for i in matches)
        raise ChoiceError(f"ambiguous: {names}; give the port (or the DVIPA) to choose one")
    return matches[0]


def from_record_choice(record: ChangeRecord, dvipa: str | None = None, port: int | None = None) -> HotStandby:
    """The model of the record's distribution that ``dvipa``/``port`` select (default: the Zowe gateway)."""
    items = [{"name": d.name, "dvipa": d.dvipa, "ports": list(d.ports)} for d in record.distributions]
    gateway = next((i for i, d in enumerate(record.distributions) if d.role == "zowe-gateway"), None)
    return from_record(record, record.distributions[choose(items, dvipa, port, gateway)])


def profile_distributions(paths: Sequence[str | os.PathLike[str]],
                          include_dirs: Sequence[str | os.PathLike[str]] = ()) -> tuple[list[dict[str, Any]], dict[str, dict]]:
    """The effective hot-standby distributions (``lint --json`` shape) and lint's ownership of their DVIPAs.

    Lint findings are not repeated here (``zowe-ha lint`` prints them); the
    model uses only the statements z/OS would accept. Raises InputError for
    a profile that cannot be read.
    """
    result = lint(parse_files([str(p) for p in paths], include_dirs))
    found = [d for d in result.distributions if str(d.get("method", "HOTSTANDBY")).upper() == "HOTSTANDBY"]
    return found, result.ownership


def from_profiles_choice(paths: Sequence[str | os.PathLike[str]], dvipa: str | None = None,
                         port: int | None = None, include_dirs: Sequence[str | os.PathLike[str]] = ()) -> HotStandby:
    """The model of the profiles' hot-standby distribution that ``dvipa``/``port`` select."""
    items, ownership = profile_distributions(paths, include_dirs)
    if not items:
        raise NoHotStandby("the profiles define no VIPADISTRIBUTE ... DISTMETHOD HOTSTANDBY")
    item = items[choose(items, dvipa, port, None)]
    return from_lint(item, None, ownership.get(item["dvipa"], {"owner": None, "backups": []}))
