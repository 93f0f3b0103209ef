"""The Zowe configuration (``zowe.yaml``) of a change record, as the kit reads it.

Three parts of the kit ask questions of zowe.yaml: the release profiles (does
this configuration use VSAM caching? the Desktop?), the requirement checks
(the zowe.yaml directories for the shared file system, externalPort for the
distributor) and the zowe.yaml cross-check rules. They all go through
:class:`ZoweConfig`, so there is one answer to "is this component enabled on
that instance" and one way to point at the line a value came from.

How Zowe reads the file, and so how this model reads it:

* ``haInstances.<id>.components.<name>.*`` overrides ``components.<name>.*``
  for that instance (a deep merge);
* a component port may be a number or an offset string ``"+n"``/``"-n"``
  from the gateway port;
* ``enabled`` is a boolean; zwe's start scripts see every value as text, so
  the string ``"true"`` (any case) enables a component too.

The file is parsed once per file version: several checks read it, and the
parsed data is shared (treat it as read-only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..util.errors import InputError, Problem
from .load import display_name
from .yamlsrc import Located, load_file

MISSING: Any = object()
"""Returned by :meth:`ZoweConfig.dig` for a key path that is not in the file."""

_OFFSET = re.compile(r"^\s*([+-])\s*(\d{1,5})\s*$")


# --------------------------------------------------------------------------- values


def as_int(value: Any) -> int | None:
    """A whole number written as a number or as digits; None for anything else (booleans too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def is_enabled(value: Any) -> bool:
    """``enabled: true`` or ``enabled: "true"`` (zwe passes every value to its scripts as text)."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def host_key(value: Any) -> str:
    """A host name compared as DNS does: case-insensitive, without a final dot."""
    return str(value).strip().rstrip(".").lower()


def is_template(value: Any) -> bool:
    """A ``${{ ... }}`` expression that zwe resolves at start-up; the kit cannot."""
    return isinstance(value, str) and "${{" in value


def resolve_port(value: Any, gateway: int | None) -> int | None:
    """A component port: a number, or an offset ``"+n"``/``"-n"`` from the gateway port."""
    number = as_int(value)
    if number is not None:
        return number
    if isinstance(value, str) and gateway is not None:
        match = _OFFSET.match(value)
        if match:
            delta = int(match.group(2))
            return gateway + delta if match.group(1) == "+" else gateway - delta
    return None


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    return over


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Instance:
    """One Zowe instance: an ``haInstances`` entry, or (``id`` None) the single non-HA instance."""

    id: str | None
    hostname: str | None
    sysname: str | None

    @property
    def label(self) -> str:
        return f"haInstances.{self.id}" if self.id is not None else "the single (non-HA) instance"


class ZoweConfig:
    """A parsed zowe.yaml with the line of every key, and the questions the kit asks of it."""

    def __init__(self, data: dict, located: Located | None = None, name: str = "zowe.yaml"):
        self.data = data
        self.located = located
        self.name = name
        self.instances: list[Instance] = [self._instance(i) for i in self.instance_ids()]

    # ------------------------------------------------------------ reading values

    def dig(self, *path: Any) -> Any:
        """The value at a key path, or :data:`MISSING`."""
        data: Any = self.data
        for key in path:
            if not isinstance(data, dict) or key not in data:
                return MISSING
            data = data[key]
        return data

    def get(self, *path: Any) -> Any:
        """The value at a key path, or None."""
        value = self.dig(*path)
        return None if value is MISSING else value

    def at(self, *path: Any) -> str:
        """``zowe.yaml:LINE`` of a key path (the nearest key that exists), for a finding's evidence."""
        line = self.located.line(tuple(path)) if self.located else None
        return f"{self.name}:{line}" if line else self.name

    # ------------------------------------------------------------ instances

    def instance_ids(self) -> list[str]:
        """The haInstances ids, in file order (empty when there is no usable section)."""
        inst = self.data.get("haInstances")
        return [str(k) for k in inst] if isinstance(inst, dict) else []

    def _instance(self, iid: str) -> Instance:
        raw = self.get("haInstances", iid)
        host = raw.get("hostname") if isinstance(raw, dict) else None
        sysname = raw.get("sysname") if isinstance(raw, dict) else None
        return Instance(iid, str(host) if host is not None else None, str(sysname).upper() if sysname is not None else None)

    def run_instances(self) -> list[Instance]:
        """The instances that run: the haInstances, or the top level as one instance."""
        return self.instances or [Instance(None, None, None)]

    # ------------------------------------------------------------ components

    def components(self, instance_id: str | None) -> dict:
        """``components`` as one instance sees it: the top level deep-merged with its overrides."""
        base = self.get("components")
        base = base if isinstance(base, dict) else {}
        if instance_id is None:
            return base
        over = self.get("haInstances", instance_id, "components")
        return _merge(base, over) if isinstance(over, dict) else base

    def lookup(self, instance_id: str | None, *path: str) -> tuple[Any, tuple]:
        """An effective ``components.<path>`` value and the key path it comes from (override first)."""
        if instance_id is not None:
            value = self.dig("haInstances", instance_id, "components", *path)
            if value is not MISSING:
                return value, ("haInstances", instance_id, "components", *path)
        value = self.dig("components", *path)
        return (None if value is MISSING else value), ("components", *path)

    def enabled(self, instance_id: str | None, component: str) -> bool:
        """Whether ``component`` is enabled for the instance."""
        value, _ = self.lookup(instance_id, component, "enabled")
        return is_enabled(value)

    def enabled_anywhere(self, component: str) -> bool:
        """Whether any instance that runs enables ``component``."""
        return any(self.enabled(i.id, component) for i in self.run_instances())

    def gateway_port(self, instance_id: str | None = None) -> int | None:
        """The gateway port an instance listens on (its override, else ``components.gateway.port``)."""
        value, _ = self.lookup(instance_id, "gateway", "port")
        return as_int(value)

    def caching_modes(self) -> set[str]:
        """Storage modes (as written, ``""`` when unset) of every instance that runs the Caching Service."""
        modes = set()
        for inst in self.run_instances():
            if self.enabled(inst.id, "caching-service"):
                mode, _ = self.lookup(inst.id, "caching-service", "storage", "mode")
                modes.add(str(mode) if mode is not None else "")
        return modes


# --------------------------------------------------------------------------- loading

_CACHE: dict[tuple, ZoweConfig] = {}


def load_zowe_yaml(record: Any) -> ZoweConfig | None:
    """The zowe.yaml named by the record, parsed with line numbers.

    None when the record names no zowe.yaml or the named file does not exist
    (the zowe-config check reports the latter as a finding). A file that is
    not valid YAML, or whose top level is not a mapping, raises
    :class:`InputError` naming file and line.
    """
    path: Path | None = getattr(record, "zowe_config_path", None)
    if path is None or not path.exists():
        return None
    name = display_name(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, name, record.zowe_config)
    if key in _CACHE:
        return _CACHE[key]
    try:
        located = load_file(path, name)
    except yaml.YAMLError as exc:
        # yamlsrc reports syntax errors itself; PyYAML's reader still raises
        # for control characters before parsing starts.
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(Problem(name, line, "", f"not YAML text: {' '.join(str(getattr(exc, 'reason', exc)).split())}")) from None
    if located.data is None:
        raise InputError(Problem(located.file, None, "", "file is empty; expected a Zowe configuration mapping (zowe:, components:, haInstances: ...)"))
    if not isinstance(located.data, dict):
        raise InputError(Problem(located.file, located.line(()), "", "expected a mapping at the top level (zowe:, components:, haInstances: ...)"))
    if len(_CACHE) > 32:
        _CACHE.clear()
    config = ZoweConfig(located.data, located, record.zowe_config or "zowe.yaml")
    _CACHE[key] = config
    return config
