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
  the string ``"true"`` (any case) enables a component too;
* with ``components.apiml.enabled`` (Zowe v3.3 and later) one single-service
  API Mediation Layer per instance replaces the separate gateway, discovery,
  API catalog, caching service and ZAAS: zwe skips those even when they are
  enabled ("apiml wins"). It listens on ``components.gateway.port``, then
  ``components.apiml.port``, default 7554, and on the discovery port, and
  reads its caching settings from ``components.caching-service.storage.*``,
  then ``components.apiml.storage.*`` (the api-layer start script). So the
  rules ask :meth:`ZoweConfig.services` what an instance *runs*, never
  which keys say ``enabled``.

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

APIML_INTERNAL: tuple[str, ...] = ("gateway", "discovery", "api-catalog", "caching-service", "zaas")
"""Standalone components that single-service API ML runs inside its own address space (zwe skips them)."""

DEFAULT_GATEWAY_PORT = 7554  # apiml start.sh: ${ZWE_components_gateway_port:-${ZWE_configs_port:-7554}}
DEFAULT_DISCOVERY_PORT = 7553  # apiml start.sh: apiml.internal-discovery.port
DEFAULT_JGROUPS_PORT = 7600  # caching-service schema and both start scripts
DEFAULT_KEY_EXCHANGE_PORT = 7601  # idem
MODE_DEFAULT_STANDALONE = "inMemory"  # caching-service schema default and start.sh ${ZWE_configs_storage_mode:-inMemory}
MODE_DEFAULT_SINGLE = "infinispan"  # apiml start.sh ${...storage_mode:-${ZWE_configs_storage_mode:-infinispan}}

_OFFSET = re.compile(r"^\s*([+-])\s*(\d{1,5})\s*$")
_REFERENCE = re.compile(r"^\s*\$\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}\s*$")
_MAX_REFERENCES = 8  # a chain of ${{ a }} -> ${{ b }} longer than this is treated as unresolved (cycles)


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


_ZWE_ID = re.compile(r"[^a-zA-Z0-9]")


def zwe_instance_id(iid: str) -> str:
    """The id zwe uses for an haInstances key: lower-cased, every character but a-z A-Z 0-9 made ``_``.

    zwe's ``sanitizeHaInstanceId`` (zowe-install-packaging bin/libs/config.ts)
    applies ``sanitizeAlphanum(id.toLowerCase())`` (bin/libs/string.ts) to the
    ``--ha-instance`` it is given, then looks that up in ``haInstances``; an
    id that this changes is never found again (issue 4704).
    """
    return _ZWE_ID.sub("_", iid.lower())


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


@dataclass(frozen=True)
class Setting:
    """An effective value and where it comes from.

    ``path`` is the key path the value was read from, or, for a default,
    the key to write to change it; ``defaulted`` says the file does not set
    it and the start script's default applies.
    """

    value: Any
    path: tuple
    defaulted: bool = False

    @property
    def source(self) -> str:
        """The key path as dotted text."""
        return ".".join(map(str, self.path))


@dataclass(frozen=True)
class Services:
    """What one instance runs, as zwe starts it."""

    instance: Instance
    single: bool  # single-service API ML (components.apiml.enabled, where the release knows it)
    gateway: bool  # a gateway listens: the API ML service, or the standalone gateway
    gateway_also: bool  # single, and components.gateway.enabled too (zwe skips the separate gateway)
    caching: bool  # a caching service runs (always, inside single-service API ML)

    @property
    def shape(self) -> str:
        return "single-service API ML" if self.single else "multi-service API ML"


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

    def resolve(self, value: Any) -> Any:
        """``value`` with a plain ``${{ a.b.c }}`` reference replaced by the value at that key path.

        zwe's configuration manager evaluates ``${{ ... }}`` as a JavaScript
        expression over the whole configuration (example-zowe.yaml: "allows
        templating in zowe.yaml by putting references within ${{ }} blocks"),
        so ``components.gateway.port: ${{ zowe.externalPort }}`` is the number
        ``zowe.externalPort`` holds. The kit follows plain references only;
        anything else (``zos.resolveSymbol('&SYSNAME')``, arithmetic, text
        around the braces) stays a template, which the rules report as a
        value they cannot check rather than as a wrong value.
        """
        for _ in range(_MAX_REFERENCES):
            match = _REFERENCE.match(value) if isinstance(value, str) else None
            if match is None:
                return value
            found = self.dig(*match.group(1).split("."))
            if found is MISSING:
                return value
            value = found
        return value

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
                return self.resolve(value), ("haInstances", instance_id, "components", *path)
        value = self.dig("components", *path)
        return (None if value is MISSING else self.resolve(value)), ("components", *path)

    def enabled(self, instance_id: str | None, component: str) -> bool:
        """Whether ``component`` is enabled for the instance."""
        value, _ = self.lookup(instance_id, component, "enabled")
        return is_enabled(value)

    def enabled_anywhere(self, component: str) -> bool:
        """Whether any instance that runs enables ``component``."""
        return any(self.enabled(i.id, component) for i in self.run_instances())

    def setting(self, instance_id: str | None, *path: str) -> Setting | None:
        """The effective ``components.<path>`` as a :class:`Setting`, or None when the file does not set it."""
        value, where = self.lookup(instance_id, *path)
        return None if value is None else Setting(value, where)

    # ------------------------------------------------------------ what an instance runs

    def single_service(self, instance_id: str | None, apiml: bool = True) -> bool:
        """Whether the instance runs single-service API ML (``apiml``: the release knows it, v3.3+)."""
        return apiml and self.enabled(instance_id, "apiml")

    def services(self, instance_id: str | None, apiml: bool = True) -> Services:
        """What the instance runs: single-service API ML replaces the separate API ML components."""
        inst = next((i for i in self.instances if i.id == instance_id), Instance(instance_id, None, None))
        single = self.single_service(instance_id, apiml)
        gateway = self.enabled(instance_id, "gateway")
        return Services(inst, single, gateway=single or gateway, gateway_also=single and gateway,
                        caching=single or self.enabled(instance_id, "caching-service"))

    def gateway_setting(self, instance_id: str | None = None, apiml: bool = True) -> Setting:
        """The port the instance's gateway listens on.

        Multi-service: ``components.gateway.port`` (value None when unset).
        Single-service: ``components.gateway.port``, then ``components.apiml.port``,
        then the default 7554.
        """
        gw = self.setting(instance_id, "gateway", "port")
        if gw is not None or not self.single_service(instance_id, apiml):
            return gw or Setting(None, self.lookup(instance_id, "gateway", "port")[1])
        own = self.setting(instance_id, "apiml", "port")
        return own or Setting(DEFAULT_GATEWAY_PORT, ("components", "gateway", "port"), defaulted=True)

    def gateway_port(self, instance_id: str | None = None, apiml: bool = True) -> int | None:
        """The gateway port an instance listens on (see :meth:`gateway_setting`)."""
        return as_int(self.gateway_setting(instance_id, apiml).value)

    def caching_setting(self, instance_id: str | None, *path: str, apiml: bool = True) -> Setting | None:
        """An effective ``storage.<path>`` of the instance's caching service, or None when unset.

        ``components.caching-service.storage.*`` first; single-service API ML
        then reads its own ``components.apiml.storage.*``.
        """
        found = self.setting(instance_id, "caching-service", "storage", *path)
        if found is None and self.single_service(instance_id, apiml):
            found = self.setting(instance_id, "apiml", "storage", *path)
        return found

    def caching_mode(self, instance_id: str | None, apiml: bool = True) -> Setting:
        """The storage mode the instance's caching service runs with; an unset mode gets the start script's default.

        An unset mode has one meaning: ``inMemory`` for the standalone Caching
        Service (its schema and start script), ``infinispan`` for single-service
        API ML (its start script). Never VSAM.
        """
        found = self.caching_setting(instance_id, "mode", apiml=apiml)
        if found is not None:
            return found
        default = MODE_DEFAULT_SINGLE if self.single_service(instance_id, apiml) else MODE_DEFAULT_STANDALONE
        return Setting(default, ("components", "caching-service", "storage", "mode"), defaulted=True)

    def caching_modes(self, apiml: bool = True) -> set[str]:
        """Effective storage modes (lower case, defaults applied) of every instance that runs a caching service."""
        return {str(self.caching_mode(i.id, apiml).value).strip().lower()
                for i in self.run_instances() if self.services(i.id, apiml).caching}

    def listeners(self, instance_id: str | None, apiml: bool = True) -> list[tuple[str, int, tuple]]:
        """``(what, port, key path)`` of every port the instance listens on, offsets and defaults resolved."""
        single = self.single_service(instance_id, apiml)
        gw = self.gateway_setting(instance_id, apiml)
        gw_port = as_int(gw.value)
        out: list[tuple[str, int, tuple]] = []
        if single and gw_port is not None:
            out.append(("apiml (gateway port)", gw_port, gw.path))
            disc = self.setting(instance_id, "discovery", "port")
            port = resolve_port(disc.value, gw_port) if disc else DEFAULT_DISCOVERY_PORT
            if port is not None:
                out.append(("apiml (discovery port)", port, disc.path if disc else ("components", "discovery", "port")))
        for name, comp in self.components(instance_id).items():
            if not isinstance(comp, dict) or not is_enabled(comp.get("enabled")) or name == "apiml":
                continue
            if single and name in APIML_INTERNAL:
                continue
            value, path = self.lookup(instance_id, str(name), "port")
            port = resolve_port(value, gw_port)
            if port is not None:
                out.append((str(name), port, path))
        services = self.services(instance_id, apiml)
        if services.caching and str(self.caching_mode(instance_id, apiml).value).lower() == "infinispan":
            for sub, default in ((("jgroups", "port"), DEFAULT_JGROUPS_PORT),
                                 (("jgroups", "keyExchange", "port"), DEFAULT_KEY_EXCHANGE_PORT)):
                found = self.caching_setting(instance_id, "infinispan", *sub, apiml=apiml)
                port = as_int(found.value) if found else default
                if port is not None:
                    where = found.path if found else ("components", "caching-service", "storage", "infinispan", *sub)
                    out.append((f"caching {'.'.join(sub)}", port, where))
        return out


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
