"""Which sysplex requirements apply to a change, per Zowe release.

The list of things a sysplex needs before Zowe can run highly available has
changed between Zowe releases, and so has the supported Node.js level. A
check that used one fixed list would fail a healthy v3 site for lacking VSAM
RLS it never uses, or pass a v1 site on a Node.js level it cannot run. So
the rules are keyed to the record's ``change.zowe_release``.

Sources (rows of /work/shared/reference, zos-tcpip-and-sysplex.md 3.1 and 3.5,
zowe-ha-config-and-pain-points.md 2.1):

* v1: the original "Configuring Sysplex for high availability" page and the
  2021 zowe-install-packaging wiki: VSAM RLS required; Node.js v8.x (except
  8.16.1), v12.x or v14.x, recommended on a shared file system. A later copy
  of the same page says "v14.x except v14.17.2, or v16.x"; those two cases are
  warnings because the sources disagree.
* v2: docs v2.15.x list Node.js v16 and v18, v2.18.x list v18 and v20; the
  current page lists 20 or 22 for the v2 LTS line. Pass 18 and 20; 16 and 22
  are warnings (supported only by some v2 levels). The record does not say
  which v2.x level runs, so Node.js always applies for v2 (v2.16.0+ can run
  without it when the Desktop is off, earlier levels cannot).
* v3: docs v3.1.x and stable: Node.js 20 or 22, needed only when the Desktop
  (app-server) is enabled. VSAM RLS (v2 and v3) is needed only when the
  Caching Service stores its data in VSAM.
"""

from __future__ import annotations

import re
from typing import Any

from ..record.model import RELEASES
from ..record.zowe_yaml import effective_components
from .findings import REQUIREMENTS

# Node.js major versions per release: (pass, warn-with-reason).
_NODE_PASS: dict[str, tuple[int, ...]] = {"v1": (8, 12, 14), "v2": (18, 20), "v3": (20, 22)}
_NODE_WARN: dict[str, dict[int, str]] = {
    "v1": {16: "a later copy of the v1 sysplex page allows v16.x, the original page does not; confirm with your Zowe v1 level's documentation"},
    "v2": {
        16: "only Zowe v2.15 and earlier list v16.x, and IBM withdrew it from marketing in 2023; plan a move to v18 or v20",
        22: "only the newest Zowe documentation lists v22.x for the v2 LTS line; confirm your v2 level supports it",
    },
    "v3": {},
}
# Exact versions a release's documentation excludes: (version, status, reason).
_NODE_EXCLUDED: dict[str, dict[tuple[int, int, int], tuple[str, str]]] = {
    "v1": {
        (8, 16, 1): ("fail", "the Zowe v1 documentation excludes v8.16.1 explicitly"),
        (14, 17, 2): ("warn", "a later copy of the v1 sysplex page excludes v14.17.2 (the original does not)"),
    },
    "v2": {},
    "v3": {},
}
_NODE_TEXT = {
    "v1": "v8.x (except v8.16.1), v12.x or v14.x",
    "v2": "v18.x or v20.x",
    "v3": "v20.x or v22.x",
}
_VERSION = re.compile(r"(?<![\w.])v?(\d{1,3})\.(\d{1,4})\.(\d{1,4})(?![\w.])")
_MAJOR_ONLY = re.compile(r"(?<![\w.])v(\d{1,3})(?:\.(\d{1,4}))?(?![\w.])")


def _release(release: str) -> str:
    rel = str(release).strip().lower()
    if rel not in RELEASES:
        raise ValueError(f"unknown Zowe release {release!r}; expected one of {', '.join(RELEASES)}")
    return rel


def node_requirement(release: str) -> str:
    """Human text of the supported Node.js levels for ``release``."""
    return _NODE_TEXT[_release(release)]


def parse_node_version(text: str) -> tuple[int, int | None, int | None] | None:
    """The first Node.js version in ``text`` (``v20.11.1``, ``20.11.1``, ``node: v18.20.3``), or None.

    A full ``major.minor.patch`` triple wins over a bare ``v20`` so that a
    prompt or path such as ``/usr/lpp/IBM/cnj/v20`` followed by the real
    ``v20.11.1`` line reads the real version.
    """
    match = _VERSION.search(text or "")
    if match:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    match = _MAJOR_ONLY.search(text or "")
    if match:
        minor = match.group(2)
        return int(match.group(1)), int(minor) if minor is not None else None, None
    return None


def check_node_version(release: str, version_text: str) -> tuple[str, str]:
    """Judge ``node --version`` output against ``release``'s supported levels.

    Returns ``(status, message)`` with status ``pass``, ``warn`` or ``fail``,
    or ``unknown`` when the text holds no version number at all.
    """
    rel = _release(release)
    parsed = parse_node_version(version_text)
    wanted = _NODE_TEXT[rel]
    if parsed is None:
        return "unknown", f"no Node.js version found in {version_text.strip()[:60]!r}; Zowe {rel} needs Node.js {wanted}"
    major, minor, patch = parsed
    shown = "v" + ".".join(str(p) for p in parsed if p is not None)
    if minor is not None and patch is not None and (major, minor, patch) in _NODE_EXCLUDED[rel]:
        status, why = _NODE_EXCLUDED[rel][(major, minor, patch)]
        return status, f"Node.js {shown}: {why}; Zowe {rel} needs Node.js {wanted}"
    if major in _NODE_PASS[rel]:
        return "pass", f"Node.js {shown} is supported by Zowe {rel} ({wanted})"
    if major in _NODE_WARN[rel]:
        return "warn", f"Node.js {shown}: {_NODE_WARN[rel][major]} (UNSURE: sources differ)"
    return "fail", f"Node.js {shown} is not supported by Zowe {rel}; install {wanted}"


def _get(mapping: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def _instances(zowe_yaml: dict) -> list[dict]:
    """Per-instance component maps: the top level merged with each haInstance's overrides."""
    inst = zowe_yaml.get("haInstances")
    if isinstance(inst, dict) and inst:
        return [effective_components(zowe_yaml, i) for i in inst]
    return [effective_components(zowe_yaml, None)]


def component_enabled_anywhere(zowe_yaml: dict, component: str) -> bool:
    """Whether any instance (or the top level, without haInstances) enables ``component``."""
    return any(_enabled(c.get(component)) for c in _instances(zowe_yaml))


def _enabled(comp: Any) -> bool:
    return isinstance(comp, dict) and comp.get("enabled") is True


def caching_modes(zowe_yaml: dict) -> set[str]:
    """Storage modes (as written) of every instance that runs the Caching Service."""
    modes = set()
    for comps in _instances(zowe_yaml):
        cache = comps.get("caching-service")
        if _enabled(cache):
            mode = _get(cache, "storage", "mode")
            modes.add(str(mode) if mode is not None else "")
    return modes


def requirements(record: Any, zowe_yaml: dict | None) -> dict[str, str | None]:
    """Applicability of every requirement id for this record.

    ``None`` means the requirement applies; a string is the reason it does
    not (shown as the message of an ``n/a`` finding). Without a zowe.yaml the
    conditional requirements apply, because nothing shows they can be skipped.
    """
    rel = _release(record.zowe_release)
    out: dict[str, str | None] = {req: None for req in REQUIREMENTS}
    if not getattr(record, "zowe_config", None):
        out["zowe-config"] = "the change record names no zowe.yaml (zowe.config), so there is nothing to cross-check"
    if rel in ("v2", "v3") and isinstance(zowe_yaml, dict):
        modes = caching_modes(zowe_yaml)
        if "vsam" not in {m.strip().lower() for m in modes}:
            shown = ", ".join(sorted(m or "unset" for m in modes)) or "not enabled"
            out["vsam-rls"] = (
                f"Zowe {rel} needs VSAM RLS only when the Caching Service stores data in VSAM; "
                f"zowe.yaml caching-service storage mode: {shown}"
            )
    if rel == "v3" and isinstance(zowe_yaml, dict) and not component_enabled_anywhere(zowe_yaml, "app-server"):
        out["nodejs"] = "Zowe v3 needs Node.js only for the Desktop (app-server), which zowe.yaml does not enable"
    return out


def _rows(rel: str) -> list[dict[str, Any]]:
    vsam_when = (
        "Zowe v1 lists it for every HA setup."
        if rel == "v1"
        else f"Zowe {rel} needs it only when components.caching-service.storage.mode is VSAM (deprecated in v3; infinispan is recommended)."
    )
    node_when = {
        "v1": "Zowe v1 needs Node.js on every system that runs an instance.",
        "v2": "Zowe v2 needs Node.js for the Desktop; from v2.16.0 it can be skipped when app-server is disabled, but the record does not say which v2 level runs, so the kit always checks it.",
        "v3": "Zowe v3 needs Node.js only when the Desktop (components.app-server) is enabled.",
    }[rel]
    return [
        {
            "id": "cf-connectivity",
            "title": "Every processor can reach a coupling facility",
            "why": "XCF signalling, the lock structures of VSAM RLS and RACF, and GRS star all travel through CF links. A system without a working link cannot take part in data sharing, so an instance on it cannot take over from one that failed.",
            "verify": "On each system, display the coupling facilities XCF can use and confirm the CF is listed with no 'failed' or 'allocation not permitted' condition.",
            "displays": ["D XCF,CF", "D CF"],
            "fix": "Define and vary online the CF channel paths (CHPIDs) to the coupling facility in HCD, then re-display with D CF.",
        },
        {
            "id": "coupling-facility",
            "title": "At least one coupling facility with an active CFRM policy",
            "why": "Structures for RACF data sharing, VSAM RLS (IGWLOCK00) and GRS star live in a CF. An empty CFRM policy means no structure can be allocated, even when the CF hardware is there.",
            "verify": "D XCF,CF must list at least one CF and must not say the CFRM active policy is empty.",
            "displays": ["D XCF,CF", "D XCF,POLICY,TYPE=CFRM"],
            "fix": "Define the CFs and structures in a CFRM policy with IXCMIAPU, then start it: SETXCF START,POLICY,TYPE=CFRM,POLNAME=name.",
        },
        {
            "id": "sysplex-timer",
            "title": "A common time source (Server Time Protocol or Sysplex Timer)",
            "why": "Systems of a sysplex order shared updates by time stamps. In LOCAL timing mode the clocks are not synchronised, which is not allowed for a multi-CPC sysplex and breaks the ordering Zowe's shared data relies on.",
            "verify": "D ETR on every system: the synchronisation mode must be STP (or ETR on old hardware), never LOCAL.",
            "displays": ["D ETR"],
            "fix": "Join the CPC to the STP coordinated timing network (HMC: System (Sysplex) Time) and make sure CLOCKxx specifies STPMODE YES / ETRMODE as appropriate.",
        },
        {
            "id": "shared-dasd",
            "title": "Shared DASD with GRS serialisation across the systems",
            "why": "The Zowe runtime, its data sets and the shared file system sit on DASD every system must reach. GRS is what stops two systems updating the same data set at once; a QUIESCED or missing system has no current view of who holds what.",
            "verify": "D GRS on a system: every system of the change must be ACTIVE (ring) or CONNECTED (star).",
            "displays": ["D GRS", "D GRS,SYSTEM"],
            "fix": "Bring the quiesced system back with VARY GRS(sysname),RESTART, or make sure GRS=STAR/TRYJOIN in IEASYSxx on the missing one and re-IPL it into the complex.",
        },
        {
            "id": "shared-saf",
            "title": "One SAF (RACF) database shared in data-sharing mode",
            "why": "A user who logs on through one gateway and is routed to another after a failover must be known with the same rights everywhere; the JWT and PassTicket checks Zowe does need the same profiles on every system.",
            "verify": "RVARY LIST shows data sharing mode and the same database on every system; D XCF,GROUP,IRRXCF00 lists every system.",
            "displays": ["RVARY LIST", "D XCF,GROUP,IRRXCF00"],
            "fix": "Enable RACF sysplex communication and data sharing (RACF data set name table, ICHRDSNT, flags) and RVARY DATASHARE; IPL any system that is not in IRRXCF00.",
        },
        {
            "id": "sysplex-distributor",
            "title": "Sysplex Distributor with a hot-standby DVIPA for the gateway",
            "why": "Clients reach Zowe by one DVIPA and port. The distributor sends new connections to the preferred gateway and, when it fails, to a backup (connections open on the failed gateway are lost, clients reconnect); the port must equal zowe.externalPort or clients reach nothing. A VIPABACKUP on another stack keeps the DVIPA itself alive when the distributing stack fails.",
            "verify": "NETSTAT VIPADCFG and VDPT on the distributor, D TCPIP,,SYSPLEX,VIPADYN from any system: the DVIPA is active on one stack and backed up on another, the targets and ranks match the change record.",
            "displays": ["D TCPIP,,SYSPLEX,VIPADYN", "NETSTAT VIPADCFG DETAIL", "NETSTAT VDPT DETAIL", "NETSTAT VIPADYN"],
            "fix": "Apply the generated VIPADYNAMIC block with V TCPIP,,OBEYFILE on each stack (see the operator sheet) and correct any EZZ message it reports.",
        },
        {
            "id": "vsam-rls",
            "title": "VSAM record-level sharing (SMSVSAM) on every system",
            "why": "A VSAM Caching Service data set opened by several instances at once is only safe in RLS mode, which needs the SMSVSAM server and the IGWLOCK00 structure on every system. " + vsam_when,
            "verify": "D SMS,SMSVSAM: the server is active on every system of the change.",
            "displays": ["D SMS,SMSVSAM", "D SMS,SMSVSAM,ALL"],
            "fix": "Set RLSINIT(YES) in IGDSMSxx and start SMSVSAM (V SMS,SMSVSAM,ACTIVE); define IGWLOCK00 in the CFRM policy; or move the Caching Service to infinispan.",
        },
        {
            "id": "shared-uss",
            "title": "A sysplex-wide shared z/OS UNIX file system",
            "why": "All instances read one runtime, one workspace and one set of extensions; the docs strongly recommend Node.js there too. Without SYSPLEX(YES) each system sees its own copy and instances drift apart.",
            "verify": "D OMVS,F on each system shows the Zowe file systems mounted with an OWNER; D XCF,GROUP,SYSBPX lists every system.",
            "displays": ["D OMVS,F", "D OMVS,O", "D XCF,GROUP,SYSBPX"],
            "fix": "Set SYSPLEX(YES) and a common VERSION in BPXPRMxx, mount the Zowe file systems with AUTOMOVE, and IPL any system that is not in SYSBPX.",
        },
        {
            "id": "jes2-mas",
            "title": "JES2 multi-access spool (one JESplex)",
            "why": "Zowe routes its start and stop commands to each LPAR through JES2 and the Explorer shows jobs of the whole MAS; z/OSMF HA also needs it. A system outside the MAS cannot see or run the same jobs.",
            "verify": "$D MEMBER shows every system ACTIVE in one MAS; $D MASDEF shows the same XCF group on all.",
            "displays": ["$D MASDEF", "$D MEMBER"],
            "fix": "Add the system to the MAS with a MEMBER statement in the JES2 initialisation deck and warm start it; keep XCFGRPNM equal on all members.",
        },
        {
            "id": "zosmf-ha",
            "title": "z/OSMF in hot standby behind its own DVIPA",
            "why": "The gateway logs users on through z/OSMF. One z/OSMF server per system in separate autostart groups, all on the same DVIPA host name, port and key ring, keeps logon working when a system goes down.",
            "verify": "Compare the IZUPRMxx member of every system: unique AUTOSTART_GROUP, SERVER_PROC and USER_DIR; the same HOSTNAME (the DVIPA), HTTP_SSL_PORT, KEYRING_NAME and SAF_PREFIX; AUTOSTART(LOCAL). An Extended MCS console is also needed.",
            "displays": ["the IZUPRMxx member of each system (copy from SYS1.PARMLIB)", "D IPLINFO"],
            "fix": "Edit the IZUPRMxx members as listed in the finding, then stop and start the z/OSMF server of the affected system by its own SERVER_PROC (for example P IZUSVRA, then S IZUSVRA).",
        },
        {
            "id": "nodejs",
            "title": f"Node.js {_NODE_TEXT[rel]}",
            "why": "The Zowe Desktop (app-server) runs on Node.js. " + node_when + " The docs recommend installing it once on the shared file system so every instance runs the same level.",
            "verify": "Run node --version from the z/OS UNIX shell of every system (with the node.home of zowe.yaml on the PATH).",
            "displays": ["node --version"],
            "fix": f"Install IBM SDK for Node.js {_NODE_TEXT[rel]} on the shared file system and point zowe.yaml node.home at it.",
        },
        {
            "id": "zowe-config",
            "title": "zowe.yaml matches the sysplex design",
            "why": "Most Zowe HA outages in the field were configuration mismatches: externalPort not equal to the distributed port, a certificate without the LPAR host names, an Infinispan peer missing from initialHosts, inMemory caching.",
            "verify": "The kit compares zowe.yaml with the change record (ports, domains, haInstances, caching service, z/OSMF host, certificate SAN).",
            "displays": ["zowe.yaml (named by zowe.config in change.yaml)"],
            "fix": "Edit zowe.yaml as each finding says, re-run 'zwe init certificate' if the SAN changed, and start every instance with 'zwe start --ha-instance <id>'.",
        },
    ]


def describe(release: str) -> list[dict[str, Any]]:
    """Requirement table for ``release``: id, title, why, verify, displays, fix.

    Notebooks render this as the explanation next to each finding; the text
    is written for the system programmer who has to make the change.
    """
    return _rows(_release(release))
