"""Load and validate a change record (``change.yaml``).

Two layers: the JSON Schema (:mod:`zowe_ha_lib.schema`) catches shape and
type mistakes; the semantic rules here catch what a schema cannot say, such
as a preferred system that is not in the sysplex or a DVIPA that is also a
dynamic XCF address. Every problem is collected before anything is raised,
so a person fixes the file in one pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..util.errors import InputError, Problem
from . import schema as schema_mod
from .addresses import mask_bits, normalise_mask, parse_ip
from .model import ROLES, ChangeRecord, Distribution, Sysplex, System, Ticket
from .yamlsrc import Located, format_path, load_file

RECORD_FILE = "change.yaml"
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def display_name(path: Path) -> str:
    """A path as short as it can be for messages: relative to the cwd when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def locate(arg: str | os.PathLike[str]) -> tuple[Path, Path]:
    """``(folder, change.yaml)`` for a record given as its folder or its file."""
    path = Path(arg)
    if path.is_dir():
        return path, path / RECORD_FILE
    return path.parent, path


def existing_record(arg: str | os.PathLike[str]) -> tuple[Path, Path]:
    """``(folder, change.yaml)`` of a change record that is there, without reading it; InputError otherwise.

    For commands that look at a record's report rather than its parameters
    (verify): a mistyped path must not verify the current folder, or a stray
    file's folder, as "report invalid".
    """
    given = Path(arg)
    folder, file = locate(arg)
    if not folder.is_dir() or not given.exists():
        raise InputError(Problem(display_name(given), None, "", "no such change record folder"))
    if file.is_file() and file.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(Problem(display_name(file), None, "", "not a change record: give its folder or its change.yaml"))
    if not file.is_file():
        raise InputError(Problem(display_name(file), None, "", "no such file; a change record folder holds a change.yaml"))
    return folder, file


def load_record(arg: str | os.PathLike[str]) -> ChangeRecord:
    """Read, validate and normalise a change record; raise InputError listing every problem."""
    given = Path(arg)
    if not given.exists() and given.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(Problem(display_name(given), None, "", "no such change record folder"))
    folder, file = locate(arg)
    shown = display_name(file)
    if not file.exists():
        raise InputError(Problem(shown, None, "", "no such file; a change record folder holds a change.yaml"))
    located = load_file(file, shown)
    return build_record(located, folder, file)


def check_mapping(data: Any, folder: Path | None = None, file: str = RECORD_FILE) -> tuple[ChangeRecord | None, list[Problem]]:
    """Validate an in-memory mapping (the guided-setup form uses this).

    Returns the record, or ``None`` and the problems; never raises InputError.
    """
    located = Located(data=data, file=file)
    folder = folder or Path(".")
    try:
        return build_record(located, folder, folder / file), []
    except InputError as exc:
        return None, exc.problems


def build_record(located: Located, folder: Path, file: Path) -> ChangeRecord:
    """Schema and semantic validation of a parsed document."""
    name = located.file
    if located.data is None:
        raise InputError(Problem(name, None, "", "file is empty; expected a mapping with keys change, sysplex and distributions"))
    if not isinstance(located.data, dict):
        raise InputError(
            Problem(name, located.line(()), "", f"expected a mapping with keys change, sysplex and distributions, got {schema_mod._describe(located.data)}")
        )
    problems = schema_mod.validate(located)
    if problems:
        raise InputError(problems)
    rules = _Rules(located, folder)
    record = rules.build(file)
    if rules.problems:
        rules.problems.sort(key=lambda p: p.line or 0)
        raise InputError(rules.problems)
    return record


class _Rules:
    """The semantic rules, collecting problems instead of stopping at the first."""

    def __init__(self, located: Located, folder: Path):
        self.located = located
        self.folder = folder
        self.problems: list[Problem] = []

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.located.file, self.located.line(path), format_path(path), message))

    def address(self, path: tuple, value: str) -> tuple[int, str] | None:
        try:
            version, addr = parse_ip(value)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None
        if version == 4:
            first = int(addr.split(".")[0])
            if addr in ("0.0.0.0", "255.255.255.255") or first == 127 or first >= 224:
                self.problem(path, f"{value!r} is not a usable unicast address")
                return None
        return version, addr

    def mask(self, path: tuple, value: str) -> str | None:
        try:
            bits = mask_bits(value)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None
        if bits == 0:
            self.problem(path, f"{value!r} is an empty mask")
            return None
        return normalise_mask(value)

    def build(self, file: Path) -> ChangeRecord:
        data = self.located.data
        change, plex = data["change"], data["sysplex"]
        systems: list[System] = []
        names: dict[str, int] = {}
        xcfs: dict[str, int] = {}
        for i, raw in enumerate(plex["systems"]):
            sysname = raw["name"].upper()
            if sysname in names:
                self.problem(("sysplex", "systems", i, "name"), f"system {sysname} is listed twice (also systems[{names[sysname]}])")
            names.setdefault(sysname, i)
            parsed = self.address(("sysplex", "systems", i, "dynamic_xcf"), raw["dynamic_xcf"])
            version, xcf = parsed or (4, str(raw["dynamic_xcf"]))
            if parsed and xcf in xcfs:
                self.problem(("sysplex", "systems", i, "dynamic_xcf"), f"{xcf} is also the dynamic XCF address of systems[{xcfs[xcf]}]; each stack needs its own")
            xcfs.setdefault(xcf, i)
            host = raw.get("hostname")
            if host is not None and not _HOSTNAME.match(host):
                self.problem(("sysplex", "systems", i, "hostname"), f"{host!r} is not a valid host name")
            systems.append(
                System(sysname, xcf, version, host, raw.get("tcpip_proc", "TCPIP").upper(), raw.get("obeyfile"))
            )
        xcf_mask = self.mask(("sysplex", "dynamic_xcf_mask"), plex.get("dynamic_xcf_mask", "255.255.255.0"))
        if len({s.ip_version for s in systems}) > 1:
            self.problem(("sysplex", "systems"), "systems mix IPv4 and IPv6 dynamic XCF addresses; give them all the same IP version")
        sysplex = Sysplex(plex["name"].upper(), tuple(systems), xcf_mask or "255.255.255.0", plex.get("dynamic_xcf_cost", 1))
        by_name = {s.name: s for s in systems}
        known = ", ".join(by_name)

        def member(path: tuple, value: str) -> str | None:
            upper = value.upper()
            if upper not in by_name:
                self.problem(path, f"{value!r} is not a system of this record ({known})")
                return None
            return upper

        dists: list[Distribution] = []
        seen_names: dict[str, int] = {}
        for i, raw in enumerate(data["distributions"]):
            base = ("distributions", i)
            if raw["name"] in seen_names:
                self.problem((*base, "name"), f"distribution name {raw['name']!r} is used twice (also distributions[{seen_names[raw['name']]}])")
            seen_names.setdefault(raw["name"], i)
            role = raw.get("role") or (raw["name"] if raw["name"] in ROLES else "other")
            parsed = self.address((*base, "dvipa"), raw["dvipa"])
            version, dvipa = parsed or (4, str(raw["dvipa"]))
            if parsed and dvipa in xcfs:
                self.problem((*base, "dvipa"), f"{dvipa} is the dynamic XCF address of {systems[xcfs[dvipa]].name}; a DVIPA must be an address of its own")
            mask: str | None = None
            if version == 4:
                mask = self.mask((*base, "mask"), raw.get("mask", "255.255.255.0"))
                if "interface" in raw:
                    self.problem((*base, "interface"), "interface is for IPv6 DVIPAs only")
            else:
                if "mask" in raw:
                    self.problem((*base, "mask"), "an IPv6 DVIPA takes no mask (give interface instead)")
                if "interface" not in raw:
                    self.problem(base, "an IPv6 DVIPA needs 'interface' (the ipv6_intfname of VIPADEFINE)")
            preferred = member((*base, "preferred"), raw["preferred"])
            backups = [member((*base, "backups", j), b) for j, b in enumerate(raw["backups"])]
            if preferred and preferred in backups:
                self.problem((*base, "backups"), f"{preferred} is the preferred system and cannot also be a backup (z/OS rejects it: EZZ0830I)")
            for j, b in enumerate(backups):
                if b and backups.index(b) != j:
                    self.problem((*base, "backups", j), f"{b} is listed twice")
            distributor = member((*base, "distributor"), raw["distributor"]) if "distributor" in raw else preferred
            if "distributor_backups" in raw:
                dbackups = [member((*base, "distributor_backups", j), b) for j, b in enumerate(raw["distributor_backups"])]
                if distributor and distributor in dbackups:
                    self.problem((*base, "distributor_backups"), f"{distributor} owns the DVIPA (distributor) and cannot also back it up")
            else:
                dbackups = [s for s in (preferred, *backups) if s and s != distributor]
            for role_name, target in (("preferred", preferred), *((f"backups[{j}]", b) for j, b in enumerate(backups))):
                if target and parsed and by_name[target].ip_version != version:
                    self.problem(
                        (*base, "dvipa"),
                        f"one IP version throughout a distribution: the DVIPA is IPv{version} but {role_name} {target}'s dynamic XCF address is IPv{by_name[target].ip_version}",
                    )
                    break
            host = raw.get("hostname")
            if host is not None and not _HOSTNAME.match(host):
                self.problem((*base, "hostname"), f"{host!r} is not a valid host name")
            dists.append(
                Distribution(
                    name=raw["name"], role=role, dvipa=dvipa, ports=tuple(raw["ports"]),
                    preferred=preferred or raw["preferred"], backups=tuple(b or "?" for b in backups),
                    distributor=distributor or "?", distributor_backups=tuple(b or "?" for b in dbackups),
                    mask=mask, ip_version=version, interface=raw.get("interface"), hostname=host,
                    autoswitchback=raw.get("autoswitchback", True), healthswitch=raw.get("healthswitch", True),
                )
            )
        self.shared_dvipas(dists)
        zowe_config = None
        if "zowe" in data and "config" in data["zowe"]:
            zowe_config = self.inside(("zowe", "config"), data["zowe"]["config"])
        restarted_by = data.get("zowe", {}).get("restarted_by")
        ticket = Ticket(change["ticket"]["id"], change["ticket"].get("url")) if "ticket" in change else None
        return ChangeRecord(
            id=change["id"], title=change["title"], zowe_release=change.get("zowe_release", "v3"),
            sysplex=sysplex, distributions=tuple(dists), folder=self.folder, path=file,
            zowe_config=zowe_config, restarted_by=restarted_by, ticket=ticket, display_path=self.located.file, raw=data,
            lines=dict(self.located.lines),
        )

    def shared_dvipas(self, dists: list[Distribution]) -> None:
        """Distributions on one DVIPA share one VIPADEFINE/VIPABACKUP, so they must agree."""
        first: dict[str, int] = {}
        ports: dict[tuple[str, int], int] = {}
        for i, d in enumerate(dists):
            for port in d.ports:
                if (d.dvipa, port) in ports:
                    self.problem(("distributions", i, "ports"), f"port {port} of {d.dvipa} is already distributed by distributions[{ports[(d.dvipa, port)]}]")
                ports.setdefault((d.dvipa, port), i)
            if d.dvipa not in first:
                first[d.dvipa] = i
                continue
            other = dists[first[d.dvipa]]
            for attr in ("mask", "distributor", "distributor_backups"):
                if getattr(d, attr) != getattr(other, attr):
                    self.problem(
                        ("distributions", i, attr),
                        f"shares DVIPA {d.dvipa} with distributions[{first[d.dvipa]}] but has a different {attr} "
                        f"({_show(getattr(d, attr))} vs {_show(getattr(other, attr))}); one DVIPA has one VIPADEFINE owner and one set of VIPABACKUPs",
                    )

    def inside(self, path: tuple, value: str) -> str | None:
        """A relative path that stays inside the record folder, even through symlinks."""
        candidate = Path(value)
        if candidate.is_absolute() or ".." in candidate.parts or value.startswith("~"):
            self.problem(path, f"{value!r} leaves the change record folder; give a path relative to it")
            return None
        try:
            resolved = (self.folder / candidate).resolve()
            resolved.relative_to(self.folder.resolve())
        except (ValueError, OSError):
            self.problem(path, f"{value!r} resolves outside the change record folder")
            return None
        return candidate.as_posix()


def _show(value: Any) -> str:
    return "[" + ", ".join(value) + "]" if isinstance(value, tuple) else str(value)


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML text for a change record mapping, keys in the order written."""
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, allow_unicode=True, width=100)


def record_to_mapping(record: ChangeRecord) -> dict[str, Any]:
    """The canonical mapping of a record (what the guided form saves)."""
    systems = []
    for s in record.sysplex.systems:
        item: dict[str, Any] = {"name": s.name, "dynamic_xcf": s.dynamic_xcf}
        if s.hostname:
            item["hostname"] = s.hostname
        if s.tcpip_proc != "TCPIP":
            item["tcpip_proc"] = s.tcpip_proc
        if s.obeyfile:
            item["obeyfile"] = s.obeyfile
        systems.append(item)
    dists = []
    for d in record.distributions:
        item = {"name": d.name}
        if d.role != (d.name if d.name in ROLES else "other"):
            item["role"] = d.role
        item["dvipa"] = d.dvipa
        if d.mask:
            item["mask"] = d.mask
        if d.interface:
            item["interface"] = d.interface
        if d.hostname:
            item["hostname"] = d.hostname
        item.update(ports=list(d.ports), preferred=d.preferred, backups=list(d.backups),
                    autoswitchback=d.autoswitchback, healthswitch=d.healthswitch)
        if d.distributor != d.preferred:
            item["distributor"] = d.distributor
        if list(d.distributor_backups) != [s for s in (d.preferred, *d.backups) if s != d.distributor]:
            item["distributor_backups"] = list(d.distributor_backups)
        dists.append(item)
    change: dict[str, Any] = {"id": record.id, "title": record.title, "zowe_release": record.zowe_release}
    if record.ticket:
        change["ticket"] = {k: v for k, v in record.ticket.to_json().items() if v is not None}
    out: dict[str, Any] = {
        "change": change,
        "sysplex": {"name": record.sysplex.name, "systems": systems,
                    "dynamic_xcf_mask": record.sysplex.dynamic_xcf_mask, "dynamic_xcf_cost": record.sysplex.dynamic_xcf_cost},
        "distributions": dists,
    }
    if record.zowe_config:
        out["zowe"] = {"config": record.zowe_config}
    if record.restarted_by:
        out.setdefault("zowe", {})["restarted_by"] = record.restarted_by
    return out
