"""Cross-checks of a Zowe ``zowe.yaml`` against the change record (requirement ``zowe-config``).

The Zowe configuration schema checks each key on its own; it cannot see that
``externalPort`` disagrees with the port Sysplex Distributor spreads, that a
peer is missing from the Infinispan ``initialHosts`` list, or that the
certificate does not name the LPAR host names. Those cross-field mistakes are
what the Zowe HA pain points are made of, so each rule below names the
failure it prevents.

The rules work from what each instance *runs* (:meth:`ZoweConfig.services`):
with single-service API ML (Zowe v3.3 and later, the default for new
installations from v3.4) one API ML service per instance is the gateway and
the caching service, whatever ``components.gateway`` and
``components.caching-service`` say. Rules that differ by Zowe level read the
record's ``change.zowe_release`` (:mod:`zowe_ha_lib.requirements.releases`)
and, for a bare line such as ``v3``, say which level they assumed.

Every finding carries requirement ``zowe-config``, evidence ``zowe.yaml:LINE``
(the file name as the record gives it) and a fix. Rules that the documents
only imply are warnings and say so. The file itself is read through
:class:`zowe_ha_lib.record.zowe_yaml.ZoweConfig`.

Public API: :func:`check_zowe_yaml` and :func:`rule_results` (the same
findings tagged with a rule id).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from ..record.load import display_name
from ..record.release import parse as parse_release
from ..record.zowe_yaml import (
    DEFAULT_JGROUPS_PORT,
    MISSING,
    Instance,
    Services,
    Setting,
    ZoweConfig,
    as_int,
    host_key,
    is_template,
    load_zowe_yaml,
    zwe_instance_id,
)
from ..requirements import releases
from ..requirements.findings import Finding
from .context import Ctx, check, finding

REQ = "zowe-config"
_HOST_PORT = re.compile(r"^\s*([^\s\[\],]+)\s*\[\s*(\d{1,5})\s*\]\s*$")
_INFERENCE = "(inference from the Zowe documentation, so a warning)"


class _Ctx:
    """What every rule needs: the record and the parsed zowe.yaml."""

    def __init__(self, record: Any, cfg: ZoweConfig):
        self.record = record
        self.cfg = cfg
        self.data = cfg.data
        self.systems = {s.name.upper(): s for s in record.sysplex.systems}
        self.instances = cfg.instances
        self.release = parse_release(record.zowe_release)
        self.apiml = releases.single_service_known(self.release)

    def run_instances(self) -> list[Instance]:
        return self.cfg.run_instances()

    def at(self, *path: Any) -> str:
        return self.cfg.at(*path)

    def system_of(self, inst: Instance) -> str | None:
        return inst.sysname if inst.sysname in self.systems else None

    def services(self, inst: Instance) -> Services:
        """What ``inst`` runs at the record's Zowe release."""
        return self.cfg.services(inst.id, self.apiml)

    def caching(self, inst: Instance, *path: str) -> Setting | None:
        return self.cfg.caching_setting(inst.id, *path, apiml=self.apiml)

    def mode(self, inst: Instance) -> Setting:
        return self.cfg.caching_mode(inst.id, self.apiml)


Rule = Callable[[_Ctx], list[Finding]]


def _f(status: str, message: str, evidence: str, fix: str | None, system: str | None = None) -> Finding:
    return Finding(REQ, system, status, message, evidence, fix)


# --------------------------------------------------------------------------- rules


def _rule_ha_instances(ctx: _Ctx) -> list[Finding]:
    """haInstances must exist, cover every system of the record, and name only its systems."""
    raw = ctx.data.get("haInstances", MISSING)
    names = ", ".join(ctx.systems)
    if raw is MISSING or not isinstance(raw, dict) or not raw:
        where = ctx.at("haInstances") if raw is not MISSING else ctx.at()
        return [_f("fail", f"haInstances is {'missing' if raw is MISSING else 'not a mapping of instances'}; Zowe HA needs one instance per system ({names})",
                   where, f"Add haInstances with one entry per system, each with hostname and sysname ({names}), and start each with 'zwe start --ha-instance <id>'.")]
    out: list[Finding] = []
    covered: set[str] = set()
    for inst in ctx.instances:
        base = ("haInstances", inst.id)
        if not isinstance(raw.get(inst.id), dict):
            out.append(_f("fail", f"{inst.label} is not a mapping with hostname and sysname", ctx.at(*base), "Give the instance a hostname and a sysname."))
            continue
        for key, value in (("hostname", inst.hostname), ("sysname", inst.sysname)):
            if value is None or not str(value).strip():
                out.append(_f("fail", f"{inst.label} has no {key} (the Zowe schema requires it)", ctx.at(*base),
                              f"Add {key} to {inst.label}."))
        if inst.sysname is None:
            continue
        system = ctx.systems.get(inst.sysname)
        if system is None:
            out.append(_f("fail", f"{inst.label}.sysname {inst.sysname} is not a system of the change record ({names}); Zowe routes the start command there",
                          ctx.at(*base, "sysname"), f"Set sysname to one of {names}, or add the system to the change record."))
            continue
        covered.add(system.name)
        if inst.hostname and system.hostname and host_key(inst.hostname) != host_key(system.hostname):
            out.append(_f("warn", f"{inst.label}.hostname {inst.hostname} differs from the record's host name {system.hostname} for {system.name}; fine if it is an alias of the same LPAR {_INFERENCE}",
                          ctx.at(*base, "hostname"), f"Use {system.hostname}, or correct the host name in change.yaml.", system.name))
    for name in ctx.systems:
        if name not in covered:
            out.append(_f("fail", f"no haInstances entry has sysname {name}; that system of the change would run no Zowe instance",
                          ctx.at("haInstances"), f"Add an haInstances entry with sysname: {name} and its hostname.", name))
    if not out:
        out.append(_f("pass", f"haInstances has {len(ctx.instances)} instance(s) covering {names}, each with hostname and sysname", ctx.at("haInstances"), None))
    return out


def _rule_ha_instance_ids(ctx: _Ctx) -> list[Finding]:
    """Ids zwe can find again: lower case, a-z 0-9 _, and distinct once zwe has sanitised them."""
    if not ctx.instances:
        return []
    out: list[Finding] = []
    by_zwe: dict[str, list[Instance]] = {}
    for inst in ctx.instances:
        iid = str(inst.id)
        zwe = zwe_instance_id(iid)
        by_zwe.setdefault(zwe, []).append(inst)
        where, system = ctx.at("haInstances", inst.id), ctx.system_of(inst)
        if iid != iid.lower():
            out.append(_f("warn", f"{inst.label} has upper-case letters: zwe lower-cases the id to {zwe} and then misses this entry, "
                                  "so the instance's hostname falls back to zowe.externalDomains[0] (zowe-install-packaging issue 4704) "
                                  "and 'zwe start' may not route the start to its sysname",
                          where, f"Rename the instance to {zwe} and start it with 'zwe start --ha-instance {zwe}'.", system))
        elif zwe != iid:
            out.append(_f("warn", f"{inst.label} has characters other than a-z, 0-9 and _: zwe turns them into _ ({zwe}) and then misses "
                                  "this entry (its hostname falls back to zowe.externalDomains[0], as for upper case, issue 4704)",
                          where, f"Rename the instance to {zwe} (letters, digits and _ only).", system))
    for zwe, insts in by_zwe.items():
        if len(insts) > 1:
            ids = ", ".join(str(i.id) for i in insts)
            out.append(_f("warn", f"haInstances {ids} are one id to zwe ({zwe}): it lower-cases ids and makes other characters _, so "
                                  "only one of them can be started and found (the schema accepts them, zwe does not)",
                          ctx.at("haInstances", insts[1].id), "Give every instance an id that differs in letters or digits, in lower case."))
    if not out:
        out.append(_f("pass", f"haInstances ids ({', '.join(str(i.id) for i in ctx.instances)}) are lower case, letters, digits and _ only: zwe uses them unchanged",
                      ctx.at("haInstances"), None))
    return out


def _rule_gateway_per_lpar(ctx: _Ctx) -> list[Finding]:
    """One gateway per LPAR, and one on every system the gateway DVIPA can route to."""
    if not ctx.instances:
        return []
    by_lpar: dict[str, list[Instance]] = {}
    shapes: dict[str, list[str]] = {}
    both: list[str] = []
    ignored: list[Instance] = []
    for inst in ctx.instances:
        svc = ctx.services(inst)
        if svc.gateway:
            key = inst.sysname or (host_key(inst.hostname) if inst.hostname else f"?{inst.id}")
            by_lpar.setdefault(key, []).append(inst)
            shapes.setdefault(svc.shape, []).append(str(inst.id))
        if svc.gateway_also:
            both.append(str(inst.id))
        if not ctx.apiml and ctx.cfg.enabled(inst.id, "apiml"):
            ignored.append(inst)
    out: list[Finding] = []
    for lpar, insts in by_lpar.items():
        if len(insts) > 1:
            ids = ", ".join(str(i.id) for i in insts)
            out.append(_f("fail", f"{len(insts)} instances run a gateway on {lpar} ({ids}); Zowe supports only one gateway per LPAR",
                          ctx.at("haInstances", insts[1].id),
                          f"Run the API Mediation Layer in only one of {ids}: set components.gateway.enabled: false "
                          "(and components.apiml.enabled: false) in the others.", lpar if lpar in ctx.systems else None))
    dist = ctx.record.gateway()
    if dist is not None:
        for target in (dist.preferred, *dist.backups):
            if target not in by_lpar:
                out.append(_f("fail", f"{target} is a target of the gateway DVIPA {dist.dvipa} but no haInstance on {target} runs a gateway "
                                      "(neither components.apiml nor components.gateway is enabled there); a failover to it finds no listener",
                              ctx.at("haInstances"), f"Enable the API Mediation Layer in the haInstance with sysname {target}, or drop {target} from the distribution's targets.", target))
    by_path: dict[tuple, list[Instance]] = {}
    for inst in ignored:
        by_path.setdefault(ctx.cfg.lookup(inst.id, "apiml", "enabled")[1], []).append(inst)
    for path, insts in by_path.items():
        who = ", ".join(i.label for i in insts)
        out.append(_f("warn", f"{'.'.join(map(str, path))} is true for {who}, but Zowe {ctx.release} has no single-service API ML (it came in v3.3); "
                              "the kit reads the separate gateway and caching service",
                      ctx.at(*path), "Remove components.apiml, or correct change.zowe_release if the systems run v3.3 or later.",
                      ctx.system_of(insts[0]) if len(insts) == 1 else None))
    if len(shapes) > 1:
        detail = "; ".join(f"{shape}: {', '.join(ids)}" for shape, ids in shapes.items())
        out.append(_f("warn", f"the instances mix API ML shapes ({detail}); the documentation describes one shape for all instances {_INFERENCE}",
                      ctx.at("components", "apiml"), "Enable components.apiml for every instance, or for none."))
    if not out:
        shape = next(iter(shapes), "gateway")
        note = ""
        if both:
            note = (f"; {', '.join(both)} also enable components.gateway, which zwe skips: the single-service API ML runs instead "
                    "of the separate gateway and discovery (apiml wins)")
        if shapes.get("single-service API ML") and ctx.release.between((3, 0), (4, 0)):
            note += "; single-service API ML is a technical preview in Zowe v3.3, recommended from v3.4"
        out.append(_f("pass", f"one {shape} gateway per LPAR: {', '.join(sorted(by_lpar))}{note}", ctx.at("haInstances"), None))
    return out


def _rule_external_port(ctx: _Ctx) -> list[Finding]:
    """externalPort = the distributed gateway port = the gateway port of every HA instance."""
    raw = ctx.data.get("zowe", {}).get("externalPort", MISSING) if isinstance(ctx.data.get("zowe"), dict) else MISSING
    dist = ctx.record.gateway()
    if raw is MISSING:
        return [_f("fail", "zowe.externalPort is not set; clients reach the gateway on the Sysplex Distributor port, which must be given here",
                   ctx.at("zowe"), f"Set zowe.externalPort: {dist.ports[0] if dist else 7554}.")]
    raw = ctx.cfg.resolve(raw)
    port = as_int(raw)
    if port is None and is_template(raw):
        return [_f("warn", f"zowe.externalPort is a template expression ({raw}) the kit cannot resolve; check it gives "
                           f"{dist.ports[0] if dist else 'the gateway DVIPA port'} on every system",
                   ctx.at("zowe", "externalPort"), f"Set zowe.externalPort: {dist.ports[0] if dist else 7554} (a number), or check what zwe resolves it to.")]
    if port is None or not 0 < port < 65536:
        return [_f("fail", f"zowe.externalPort {raw!r} is not a port number", ctx.at("zowe", "externalPort"), "Set zowe.externalPort to the gateway DVIPA port, e.g. 7554.")]
    out: list[Finding] = []
    if dist is not None and port not in dist.ports:
        shown = "/".join(str(p) for p in dist.ports)
        out.append(_f("fail", f"zowe.externalPort {port} is not the port Sysplex Distributor spreads for {dist.dvipa} ({shown}); clients would be sent to a port no one distributes",
                      ctx.at("zowe", "externalPort"), f"Set zowe.externalPort: {dist.ports[0]} (or change the distribution's ports in change.yaml and the TCP/IP profile)."))
    groups: dict[tuple, list[Instance]] = {}
    for inst in ctx.run_instances():
        if ctx.services(inst).gateway:
            setting = ctx.cfg.gateway_setting(inst.id, ctx.apiml)
            value = setting.value if isinstance(setting.value, int | str) or setting.value is None else repr(setting.value)
            groups.setdefault((setting.path, value, setting.defaulted), []).append(inst)
    defaulted = False
    for (path, value, is_default), members in groups.items():
        gw = as_int(value)
        who = ", ".join(i.label for i in members)
        system = ctx.system_of(members[0]) if len(members) == 1 else None
        src = ".".join(map(str, path))
        defaulted = defaulted or is_default
        if gw is None and is_template(value):
            out.append(_f("warn", f"the gateway port of {who} is a template expression ({value}) the kit cannot resolve; it must give {port}",
                          ctx.at(*path), f"Set {src}: {port}, or ${{{{ zowe.externalPort }}}}.", system))
        elif gw is None:
            out.append(_f("fail", f"the gateway port of {who} is {'not set' if value is None else repr(value)}; it must be the number {port}",
                          ctx.at(*path), f"Set {src}: {port}.", system))
        elif gw != port and is_default:
            out.append(_f("fail", f"the single-service API ML of {who} listens on its default port {gw} (neither components.gateway.port nor "
                                  f"components.apiml.port is set) but zowe.externalPort is {port}",
                          ctx.at("components"), f"Set components.gateway.port: {port}.", system))
        elif gw != port:
            out.append(_f("fail", f"the gateway of {who} listens on {gw} ({src}) but zowe.externalPort is {port}; every gateway must listen on the distributed port",
                          ctx.at(*path), f"Set {src}: {port} (all gateways share the Sysplex Distributor port).", system))
    if not out:
        where = f" = the distributed port of {dist.dvipa}" if dist else ""
        note = " (the single-service API ML default, 7554, where no port is set)" if defaulted else ""
        out.append(_f("pass", f"zowe.externalPort {port}{where} = the gateway port of every instance{note}", ctx.at("zowe", "externalPort"), None))
    return out


def _rule_external_domains(ctx: _Ctx) -> list[Finding]:
    """externalDomains is an array holding the DVIPA host name."""
    raw = ctx.cfg.dig("zowe", "externalDomains")
    dist = ctx.record.gateway()
    want = dist.hostname if dist and dist.hostname else None
    fix = f"Set zowe.externalDomains: [{want or 'the gateway DVIPA host name'}]."
    if raw is MISSING:
        return [_f("fail", "zowe.externalDomains is not set; it must hold the DVIPA host name clients use", ctx.at("zowe"), fix)]
    if not isinstance(raw, list) or not raw:
        return [_f("fail", f"zowe.externalDomains must be a non-empty array, got {type(raw).__name__} {raw!r}", ctx.at("zowe", "externalDomains"), fix)]
    names = {host_key(d) for d in raw if d is not None}
    if dist is None:
        return [_f("pass", "zowe.externalDomains is a non-empty array (the record has no gateway distribution to compare)", ctx.at("zowe", "externalDomains"), None)]
    if (want and host_key(want) in names) or dist.dvipa in names:
        return [_f("pass", f"zowe.externalDomains contains the gateway DVIPA {'host name ' + want if want and host_key(want) in names else 'address ' + dist.dvipa}",
                   ctx.at("zowe", "externalDomains"), None)]
    if want is None:
        return [_f("warn", f"the record gives no host name for the gateway DVIPA {dist.dvipa}, and zowe.externalDomains does not list the address; cannot confirm clients use the DVIPA",
                   ctx.at("zowe", "externalDomains"), "Add hostname to the zowe-gateway distribution in change.yaml.")]
    return [_f("fail", f"zowe.externalDomains ({', '.join(map(str, raw))}) does not contain the gateway DVIPA host name {want}; services would advertise a name that bypasses Sysplex Distributor",
               ctx.at("zowe", "externalDomains"), f"Add {want} to zowe.externalDomains (first entry).")]


_MODES = {"inmemory": "inMemory", "infinispan": "infinispan", "vsam": "VSAM", "redis": "redis"}


def _caching_instances(ctx: _Ctx) -> list[Instance]:
    return [i for i in ctx.run_instances() if ctx.services(i).caching]


def _rule_caching_mode(ctx: _Ctx) -> list[Finding]:
    """Caching storage: not inMemory in HA, infinispan preferred, VSAM deprecated (RLS recommended)."""
    insts = _caching_instances(ctx)
    if not insts:
        if len(ctx.instances) > 1:
            return [_f("warn", f"the Caching Service is enabled in no instance; HA instances then keep no shared state {_INFERENCE}",
                       ctx.at("components"), "Enable components.caching-service with storage.mode: infinispan (or use single-service API ML, which runs it).")]
        return []
    groups: dict[tuple, list[Instance]] = {}
    for inst in insts:
        mode = ctx.mode(inst)
        groups.setdefault((mode.path, str(mode.value), mode.defaulted, ctx.services(inst).single), []).append(inst)
    out: list[Finding] = []
    for (path, value, defaulted, single), members in groups.items():
        who = ", ".join(i.label for i in members)
        system = ctx.system_of(members[0]) if len(members) == 1 else None
        src = ".".join(map(str, path))
        mode = _MODES.get(value.strip().lower())
        if defaulted and single:
            out.append(_f("pass", f"{src} is not set for {who}: single-service API ML then stores in infinispan (its start script's default; "
                                  "the documentation: 'the default is infinispan')", ctx.at("components"), None, system))
        elif defaulted:
            out.append(_f("warn", f"{src} is not set for {who}: the Caching Service then runs inMemory (the default of its schema and start script), "
                                  "which shares nothing between instances; the v3 documentation names infinispan instead, so the sources disagree and the kit warns",
                          ctx.at(*path), f"Set {src}: infinispan.", system))
        elif mode is None:
            out.append(_f("fail", f"{src} is {value!r}, which is no Caching Service storage mode (inMemory, infinispan, VSAM, redis)",
                          ctx.at(*path), f"Set {src}: infinispan.", system))
        elif mode == "inMemory" and len(insts) > 1:
            out.append(_f("fail", f"{src} is inMemory for {who}: each instance keeps its own cache and loses it on restart, so tokens and state are not shared in HA",
                          ctx.at(*path), f"Set {src}: infinispan, with jgroups.port and initialHosts listing every instance.", system))
        elif mode == "inMemory":
            out.append(_f("warn", f"{src} is inMemory: development use only, the cache is lost on restart", ctx.at(*path), f"Set {src}: infinispan.", system))
        elif mode == "redis":
            out.append(_f("warn", f"{src} is redis for {who}: Zowe supports redis only off-platform; the kit cannot check the redis servers",
                          ctx.at(*path), f"Use {src}: infinispan on z/OS.", system))
        elif mode == "VSAM":
            out.extend(_vsam(ctx, src, path, who, system))
        else:
            out.append(_f("pass", f"{src} is infinispan for {who} (recommended for HA)", ctx.at(*path), None, system))
    return out


def _vsam(ctx: _Ctx, src: str, path: tuple, who: str, system: str | None) -> list[Finding]:
    out: list[Finding] = []
    deprecated = releases.vsam_deprecated(ctx.release)
    if deprecated is not False:
        since = "deprecated since Zowe v2.18" if deprecated else "deprecated from Zowe v2.18 (the record names only v2)"
        out.append(_f("warn", f"{src} is VSAM for {who}: {since} and to be removed; Personal Access Tokens need infinispan",
                      ctx.at(*path), f"Move to {src}: infinispan.", system))
    setup_mode = ctx.cfg.get("zowe", "setup", "vsam", "mode")
    storage_class = ctx.cfg.get("zowe", "setup", "vsam", "storageClass")
    setup_where = ctx.at("zowe", "setup", "vsam") if ctx.cfg.dig("zowe", "setup", "vsam") is not MISSING else ctx.at(*path)
    rls = str(setup_mode or "").upper() == "RLS"
    if not rls:
        out.append(_f("warn", f"zowe.setup.vsam.mode is {setup_mode or 'not set'}, not RLS: the documentation recommends RLS for a sysplex "
                              "deployment (NONRLS is allowed) when several instances share the Caching Service data set",
                      setup_where, "Set zowe.setup.vsam.mode: RLS and storageClass: <an SMS storage class>, then re-run 'zwe init vsam'."))
    elif not storage_class or not str(storage_class).strip():
        out.append(_f("fail", "zowe.setup.vsam.mode is RLS but zowe.setup.vsam.storageClass is empty; RLS needs an SMS storage class",
                      setup_where, "Set zowe.setup.vsam.storageClass: <an SMS storage class>, then re-run 'zwe init vsam'."))
    setup_name = ctx.cfg.get("zowe", "setup", "vsam", "name")
    value, vpath = ctx.cfg.lookup(None, "caching-service", "storage", "vsam", "name")
    if value is None or not str(value).strip():
        # example-zowe.yaml: "your VSAM data set created by 'zwe init vsam' ... this is required if storage mode is VSAM"
        out.append(_f("fail", f"{src} is VSAM but components.caching-service.storage.vsam.name is {'empty' if value is not None else 'not set'}: "
                              "the Caching Service has no data set to store in (the Zowe example: required if storage mode is VSAM)",
                      ctx.at(*vpath), f"Set components.caching-service.storage.vsam.name: {setup_name or '<the data set zwe init vsam created>'}.", system))
    elif setup_name and str(setup_name).upper() != str(value).upper():
        out.append(_f("fail", f"components.caching-service.storage.vsam.name {value} is not the data set zwe init created (zowe.setup.vsam.name {setup_name})",
                      ctx.at(*vpath), f"Set components.caching-service.storage.vsam.name: {setup_name}."))
    if not out:
        out.append(_f("pass", f"{src} is VSAM in RLS mode with storage class {storage_class}", ctx.at(*path), None, system))
    return out


def _host_list(value: Any) -> list[str] | None:
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.split(",")) if p]
    return None


def _infinispan_instances(ctx: _Ctx) -> list[Instance]:
    return [i for i in _caching_instances(ctx) if str(ctx.mode(i).value).strip().lower() == "infinispan"]


def _rule_infinispan(ctx: _Ctx) -> list[Finding]:
    """Every infinispan instance lists every peer as hostname[jgroups.port]."""
    if not ctx.instances:
        return []  # no haInstances: the ha-instances rule already fails, peers are unknown
    insts = _infinispan_instances(ctx)
    if not insts:
        return []
    out: list[Finding] = []
    peers: dict[tuple[str, int], Instance] = {}
    ports: set[int] = set()
    for inst in insts:
        found = ctx.caching(inst, "infinispan", "jgroups", "port")
        port = as_int(found.value) if found else DEFAULT_JGROUPS_PORT
        host = inst.hostname
        if port is None:
            out.append(_f("fail", f"infinispan jgroups.port of {inst.label} is {found.value!r}, not a port number; peers cannot find each other",
                          ctx.at(*found.path), f"Set {found.source}: {DEFAULT_JGROUPS_PORT}.", ctx.system_of(inst)))
        elif host:
            peers[(host_key(host), port)] = inst
            ports.add(port)
        bound = ctx.caching(inst, "infinispan", "jgroups", "host")
        if bound and host and not is_template(bound.value) and host_key(bound.value) != host_key(host):
            out.append(_f("warn", f"{inst.label} binds jgroups to {bound.value}, not its hostname {host}; peers reach it by the name in initialHosts {_INFERENCE}",
                          ctx.at(*bound.path), f"Set jgroups.host: {host} for {inst.label}.", ctx.system_of(inst)))
    wanted = [f"{h}[{p}]" for h, p in peers]
    # Who reads which initialHosts: an instance need not list itself (the
    # documentation: "a list of all the members ... or just the replica"), so a
    # list must name every peer of every instance that reads it, except that
    # instance itself; a list shared by two or more instances so names them all.
    readers: dict[tuple, list[Instance]] = {}
    for inst in insts:
        found = ctx.caching(inst, "infinispan", "initialHosts")
        readers.setdefault(found.path if found else ("components", "caching-service", "storage", "infinispan", "initialHosts"), []).append(inst)
    seen_paths: set[tuple] = set()
    for inst in insts:
        found = ctx.caching(inst, "infinispan", "initialHosts")
        path = found.path if found else ("components", "caching-service", "storage", "infinispan", "initialHosts")
        if path in seen_paths:
            continue
        seen_paths.add(path)
        needed = {key for key, owner in peers.items() if any(owner is not r for r in readers[path])}
        src = ".".join(map(str, path))
        system = ctx.system_of(inst) if path[0] == "haInstances" else None
        fix = f"Set {src}: {','.join(wanted)}"
        if found is None:
            out.append(_missing_initial_hosts(ctx, src, ctx.at(*path), fix, system, ports))
            continue
        value = found.value
        if is_template(value):
            out.append(_f("warn", f"{src} is a template expression ({value}); the kit cannot resolve it, check it expands to {','.join(wanted)}",
                          ctx.at(*path), fix, system))
            continue
        entries = _host_list(value)
        if entries is None:
            out.append(_f("fail", f"{src} must be a comma-separated list of hostname[port], got {value!r}", ctx.at(*path), fix, system))
            continue
        listed: set[tuple[str, int]] = set()
        bad = []
        for entry in entries:
            match = _HOST_PORT.match(entry)
            if match:
                listed.add((host_key(match.group(1)), int(match.group(2))))
            else:
                bad.append(entry)
        if bad:
            out.append(_f("fail", f"{src} has entries not in the hostname[port] form: {', '.join(bad)}", ctx.at(*path), fix, system))
        missing = [f"{h}[{p}]" for (h, p) in peers if (h, p) in needed and (h, p) not in listed]
        if missing:
            out.append(_f("fail", f"{src} does not list {', '.join(missing)}; a peer missing from initialHosts cannot join the cache cluster (split brain after a failover)",
                          ctx.at(*path), fix, system))
        elif not bad:
            reach = ", ".join(f"{h}[{p}]" for (h, p) in peers if (h, p) in needed)
            out.append(_f("pass", f"{src} lists every peer its instance(s) must reach ({reach}; an instance need not list itself)",
                          ctx.at(*path), None, system))
    top_loc = ctx.cfg.dig("components", "caching-service", "storage", "infinispan", "persistence", "dataLocation")
    if top_loc is not MISSING and len(insts) > 1:
        shared = [i.label for i in insts
                  if ctx.cfg.lookup(i.id, "caching-service", "storage", "infinispan", "persistence", "dataLocation")[1][0] == "components"]
        if len(shared) > 1:
            out.append(_f("warn", f"infinispan persistence.dataLocation {top_loc} is shared by {', '.join(shared)}; on a shared file system each instance needs its own (the docs disagree on this; key deprecated) {_INFERENCE}",
                          ctx.at("components", "caching-service", "storage", "infinispan", "persistence", "dataLocation"),
                          "Override persistence.dataLocation per haInstance, or remove it."))
    return out


def _missing_initial_hosts(ctx: _Ctx, src: str, where: str, fix: str, system: str | None, ports: set[int]) -> Finding:
    """initialHosts unset: the instance alone before v3.6; from v3.6 the start scripts derive the list."""
    derived = releases.infinispan_peers_derived(ctx.release)
    if derived and len(ports) <= 1:
        return _f("pass", f"{src} is not set: from Zowe v3.6 the start scripts derive it from the discovery services of every instance "
                          f"(each host with jgroups port {next(iter(ports), DEFAULT_JGROUPS_PORT)})", where, None, system)
    if derived:
        return _f("fail", f"{src} is not set, and the instances use different jgroups ports ({', '.join(map(str, sorted(ports)))}): the list "
                          "Zowe v3.6+ derives gives every peer this instance's own port, so some peers cannot be reached", where, fix, system)
    assumed = ""
    if derived is None:
        assumed = (" (the record names only v3, so the kit assumes a level before v3.6; from v3.6 the start scripts derive the list "
                   "from the discovery services: name the level, e.g. v3.6, if you run it)")
    return _f("fail", f"{src} is not set: the start script then defaults it to localhost[port], the instance itself, so each instance "
                      f"forms its own cache cluster (split brain){assumed}", where, fix, system)


_JAVA = re.compile(r"(?:\bJ|java|jdk|semeru|openjdk|jre)[-_ /]?v?(\d{1,2})(?:\.\d+)*(?:_64)?(?:/|$|[^0-9])", re.IGNORECASE)


def java_major(home: Any) -> int | None:
    """The Java major version a ``java.home`` path names (``/usr/lpp/java/J21.0_64`` -> 21), or None."""
    if not isinstance(home, str):
        return None
    match = _JAVA.search(home)
    return int(match.group(1)) if match else None


def _rule_java21(ctx: _Ctx) -> list[Finding]:
    """Infinispan in HA stalls on Java 21 in Zowe v3.4 and v3.5 (fixed in v3.6)."""
    insts = _infinispan_instances(ctx)
    if len(insts) < 2:
        return []
    affected = releases.java21_stall(ctx.release)
    home = ctx.cfg.get("java", "home")
    where = ctx.at("java", "home") if home is not None else ctx.at()
    if affected is False:
        if ctx.release.line == "v3" and ctx.release.at_least(6):
            return [_f("pass", f"Zowe {ctx.release}: the start scripts turn Infinispan's virtual threads off on z/OS with Java 21, so HA does not stall",
                       where, None)]
        return []
    major = java_major(home)
    if major is not None and major < 21:
        return [_f("pass", f"java.home {home} is Java {major}: the Infinispan stall of Zowe v3.4 and v3.5 needs Java 21 or later", where, None)]
    level = (f"Zowe {ctx.release}" if affected else
             "the record names only v3, so the kit assumes it may be v3.4 or v3.5 (v3.6 fixes this; name the level to settle it), and that level")
    java = f"java.home {home} is Java {major}" if major is not None else f"java.home ({home or 'not set'}) does not say its Java level"
    return [_f("warn", f"{java}: on z/OS with Java 21, Infinispan 16's virtual threads stall JGroups and the Caching Service freezes in HA; "
                       f"{level} does not turn them off (a known issue of v3.4 and v3.5; the sources disagree on whether v3.4 ships Infinispan 16)",
               where, "Run Zowe on Java 17 (java.home), or upgrade to Zowe v3.6 or later.")]


def _rule_zosmf(ctx: _Ctx) -> list[Finding]:
    """zOSMF.host/port point at the z/OSMF DVIPA, never at one LPAR."""
    zosmf = ctx.data.get("zOSMF", MISSING)
    dist = next((d for d in ctx.record.distributions if d.role == "zosmf"), None)
    if zosmf is MISSING or not isinstance(zosmf, dict):
        if dist is None:
            return []
        return [_f("warn", f"zOSMF is not configured, but the record distributes z/OSMF at {dist.hostname or dist.dvipa}: z/OSMF is optional for Zowe, "
                           "so this is right only if Zowe should not use it (for logon when the API ML authentication provider is zosmf, "
                           "or for the z/OSMF REST services some applications call)",
                   ctx.at("zOSMF") if zosmf is not MISSING else ctx.at(),
                   f"If Zowe should use z/OSMF, add zOSMF: {{host: {dist.hostname or dist.dvipa}, port: {dist.ports[0]}}}.")]
    host, port = zosmf.get("host"), as_int(zosmf.get("port"))
    out: list[Finding] = []
    lpar_hosts = {host_key(i.hostname): i for i in ctx.instances if i.hostname}
    lpar_hosts.update({host_key(s.hostname): s for s in ctx.record.sysplex.systems if s.hostname})
    if dist is not None:
        want = {host_key(dist.dvipa)} | ({host_key(dist.hostname)} if dist.hostname else set())
        if host is None or host_key(host) not in want:
            out.append(_f("fail", f"zOSMF.host is {host or 'not set'}, not the z/OSMF DVIPA {dist.hostname or dist.dvipa}; what Zowe asks of z/OSMF (logon with the zosmf authentication provider, REST requests) fails when that one system is down",
                          ctx.at("zOSMF", "host"), f"Set zOSMF.host: {dist.hostname or dist.dvipa}."))
        if port is None or port not in dist.ports:
            out.append(_f("fail", f"zOSMF.port is {zosmf.get('port', 'not set')}, not the distributed z/OSMF port {'/'.join(map(str, dist.ports))}",
                          ctx.at("zOSMF", "port"), f"Set zOSMF.port: {dist.ports[0]}."))
    elif host is not None and host_key(host) in lpar_hosts:
        out.append(_f("warn", f"zOSMF.host {host} is one LPAR's host name; when that system is down, what Zowe asks of z/OSMF (logon with the zosmf authentication provider, REST requests) fails {_INFERENCE}",
                      ctx.at("zOSMF", "host"), "Run z/OSMF in hot standby behind a DVIPA (add a zosmf distribution to change.yaml) and point zOSMF.host at it."))
    if not out:
        out.append(_f("pass", f"zOSMF.host {host}, port {zosmf.get('port')}" + (f" = the z/OSMF DVIPA {dist.hostname or dist.dvipa}" if dist else ""),
                      ctx.at("zOSMF"), None))
    return out


def _covers(san: set[str], name: str) -> bool:
    name = host_key(name)
    if name in san:
        return True
    if "." in name:
        return "*." + name.split(".", 1)[1] in san
    return False


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _rule_certificate_san(ctx: _Ctx) -> list[Finding]:
    """The certificate names the DVIPA and every LPAR host name (pain points 10 and 11)."""
    domains = ctx.cfg.get("zowe", "externalDomains")
    needed = [str(d) for d in domains] if isinstance(domains, list) else []
    needed += [i.hostname for i in ctx.instances if i.hostname]
    needed = list(dict.fromkeys(n for n in needed if n))
    if not needed:
        return []
    cert = ctx.cfg.get("zowe", "setup", "certificate")
    san_raw = ctx.cfg.dig("zowe", "setup", "certificate", "san")
    fix = "Add the missing names to zowe.setup.certificate.san and re-run 'zwe init certificate' (or re-issue the CA-signed certificate with them)."
    if san_raw is MISSING:
        imported = isinstance(cert, dict) and any(
            isinstance(cert.get(kind), dict) and (cert[kind].get("import") or cert[kind].get("connect") or cert[kind].get("dsName"))
            for kind in ("pkcs12", "keyring"))
        if imported:
            return [_f("warn", f"the certificate is imported, so the kit cannot read its SAN; make sure it names {', '.join(needed)} (an external CA certificate without the LPAR host names is a known HA failure)",
                       ctx.at("zowe", "setup", "certificate"), "Ask the CA for a certificate whose SAN holds every name listed.")]
        san = {host_key(d) for d in domains if d is not None} if isinstance(domains, list) else set()
        source = "zowe.externalDomains (zwe init uses them when certificate.san is not set)"
        where = ctx.at("zowe", "externalDomains")
    elif isinstance(san_raw, list):
        san = {host_key(s) for s in san_raw if s is not None}
        source = "zowe.setup.certificate.san"
        where = ctx.at("zowe", "setup", "certificate", "san")
    else:
        return [_f("fail", f"zowe.setup.certificate.san must be an array of names, got {san_raw!r}", ctx.at("zowe", "setup", "certificate", "san"), fix)]
    missing = [n for n in needed if not _covers(san, n)]
    if missing:
        return [_f("warn", f"the certificate SAN ({source}) does not cover {', '.join(missing)}; with verifyCertificates STRICT the instances reject each other's certificate, and so do clients that use those names {_INFERENCE}",
                   where, fix)]
    extra = "" if any(_is_ip(s) for s in san) else " (no IP address in it; fine unless clients connect by address)"
    return [_f("pass", f"the certificate SAN ({source}) covers {', '.join(needed)}{extra}", where, None)]


def _rule_port_conflicts(ctx: _Ctx) -> list[Finding]:
    """Two listeners on one LPAR must not share a port (what each instance runs: offsets, defaults, jgroups)."""
    by_lpar: dict[str, dict[int, list[tuple[str, tuple]]]] = {}
    for inst in ctx.run_instances():
        lpar = inst.sysname or (host_key(inst.hostname) if inst.hostname else str(inst.id))
        ports = by_lpar.setdefault(lpar, {})
        for what, port, path in ctx.cfg.listeners(inst.id, ctx.apiml):
            ports.setdefault(port, []).append((f"{what} of {inst.label}", path))
    out: list[Finding] = []
    for lpar, ports in by_lpar.items():
        clashes = [(port, users) for port, users in sorted(ports.items()) if len(users) > 1]
        if not clashes:
            continue
        shown = [f"{port} ({', '.join(u for u, _ in users)})" for port, users in clashes[:4]]
        if len(clashes) > 4:
            shown.append(f"and {len(clashes) - 4} more")
        out.append(_f("warn", f"{len(clashes)} port(s) on {lpar} have more than one listener, so only the first can bind: {'; '.join(shown)} {_INFERENCE}",
                      ctx.at(*clashes[0][1][1][1]), "Give the second instance on the LPAR its own ports under haInstances.<id>.components (or disable what it does not need).",
                      lpar if lpar in ctx.systems else None))
    if not out:
        out.append(_f("pass", "no two listeners share a port on one LPAR", ctx.at("components"), None))
    return out


def _rule_zss_overrides(ctx: _Ctx) -> list[Finding]:
    """ZSS reads only the top-level components.zss (zowe/zss#737): per-instance settings are silently lost."""
    out: list[Finding] = []
    for inst in ctx.instances:
        over = ctx.cfg.get("haInstances", inst.id, "components", "zss")
        keys = sorted(str(k) for k in over if k != "enabled") if isinstance(over, dict) else []
        if keys:
            out.append(_f("warn", f"{inst.label} overrides components.zss ({', '.join(keys)}); ZSS has been reported to ignore haInstances overrides and use the top-level values (zowe/zss issue 737; check your Zowe level)",
                          ctx.at("haInstances", inst.id, "components", "zss"),
                          "Put the ZSS settings under the top-level components.zss (one value for every instance), or confirm your Zowe level honours the override.",
                          ctx.system_of(inst)))
    if not out and ctx.instances:
        out.append(_f("pass", "no haInstance overrides ZSS settings (ZSS reads only the top-level components.zss)", ctx.at("haInstances"), None))
    return out


RULES: dict[str, Rule] = {
    "ha-instances": _rule_ha_instances,
    "ha-instance-ids": _rule_ha_instance_ids,
    "gateway-per-lpar": _rule_gateway_per_lpar,
    "external-port": _rule_external_port,
    "external-domains": _rule_external_domains,
    "caching-mode": _rule_caching_mode,
    "infinispan-peers": _rule_infinispan,
    "infinispan-java21": _rule_java21,
    "zosmf-host": _rule_zosmf,
    "certificate-san": _rule_certificate_san,
    "port-conflicts": _rule_port_conflicts,
    "zss-overrides": _rule_zss_overrides,
}


# --------------------------------------------------------------------------- entry points


def _record_where(record: Any, *path: str) -> str:
    """``change.yaml:LINE``, relative to the record folder like every evidence location."""
    line = record.line_of(*path)
    name = record.path.name
    return f"{name}:{line}" if line else name


def rule_results(record: Any) -> list[tuple[str, Finding]]:
    """Every zowe.yaml finding tagged with the id of the rule that made it."""
    if not getattr(record, "zowe_config", None):
        return []
    cfg = load_zowe_yaml(record)
    if cfg is None:
        path = record.zowe_config_path
        return [("file", _f("fail", f"{record.zowe_config} (named by zowe.config) does not exist at {display_name(path)}",
                            _record_where(record, "zowe", "config"), "Copy the Zowe configuration into the change record folder, or correct zowe.config."))]
    ctx = _Ctx(record, cfg)
    out: list[tuple[str, Finding]] = []
    for rule_id, rule in RULES.items():
        out.extend((rule_id, f) for f in rule(ctx))
    return out


def check_zowe_yaml(record: Any) -> list[Finding]:
    """zowe.yaml cross-checks (requirement ``zowe-config``).

    Empty when the record names no zowe.yaml (``releases.requirements`` then
    marks the requirement n/a); one ``fail`` when the named file is missing;
    raises :class:`InputError` when it is not valid YAML.
    """
    return [f for _, f in rule_results(record)]


@check("zowe-config")
def zowe_config(ctx: Ctx) -> list[Finding]:
    """The zowe.yaml rules; a clean file is one visible pass."""
    found = check_zowe_yaml(ctx.record)
    if not any(f.status != "pass" for f in found):
        found = [f for f in found if f.status == "pass"] or [
            finding(REQ, None, "pass", f"{ctx.record.zowe_config}: no cross-check found a problem", ctx.record.zowe_config)]
    return found
