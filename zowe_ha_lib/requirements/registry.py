"""The requirements registry: one entry per thing a sysplex needs before Zowe runs highly available.

Each entry holds everything the kit says about a requirement: its id and
titles, what it is, why Zowe HA needs it and how to verify it (per Zowe
release where the documentation differs), the displays it rests on, the
fix, the report notebook that explains it, and when it applies. The checks,
the runbook steps, the notebooks, the command line and the site all read
these entries, so adding a requirement means one entry here, its check
(registered with :func:`zowe_ha_lib.checks.check`) and its tests.

Text that differs by Zowe release is a :data:`PerRelease` mapping with the
release line (``v1``, ``v2``, ``v3``) as key and ``*`` as the default;
:meth:`Requirement.text` picks the right one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..record.zowe_yaml import ZoweConfig
from . import releases
from .displays import Display, display

PerRelease = str | Mapping[str, str]
"""A text, or a mapping of release line (``v1``/``v2``/``v3``, ``*`` default) to text."""

Applies = Callable[[Any, "ZoweConfig | None"], "str | None"]
"""``applies(record, zowe)``: None when the requirement applies, else the reason it does not."""

EVIDENCE = "evidence"
"""The extra id of findings about evidence files the kit could not tie to a requirement."""


def _always(record: Any, zowe: ZoweConfig | None) -> str | None:
    return None


@dataclass(frozen=True)
class Requirement:
    """One requirement and everything the kit says about it."""

    id: str
    short: str  # a few words: table headings, the site's navigation
    title: PerRelease  # the claim a pass proves, as a sentence fragment
    what: str  # what it is, for someone who has not met it
    why: PerRelease  # why Zowe HA needs it
    verify: PerRelease  # how to verify it by hand
    displays: tuple[str, ...]  # keys of the display catalogue, in the order to capture them
    fix: PerRelease  # what to do when it fails
    notebook: str  # the report notebook that explains it
    applies: Applies = _always
    when: PerRelease = ""  # when it applies, when that depends on the release or the configuration

    def text(self, field: str, release: str) -> str:
        """One text field for a Zowe release (``v3``, ``v3.4``...)."""
        return pick(getattr(self, field), release)

    def display_list(self) -> list[Display]:
        return [display(k) for k in self.displays]

    def describe(self, release: str) -> dict[str, Any]:
        """The entry as plain values for one release (what notebooks, JSON and the site show)."""
        return {
            "id": self.id,
            "short": self.short,
            "title": self.text("title", release),
            "what": self.what,
            "why": self.text("why", release),
            "verify": self.text("verify", release),
            "when": self.text("when", release),
            "displays": [d.shown for d in self.display_list()],
            "fix": self.text("fix", release),
            "notebook": self.notebook,
        }


def pick(value: PerRelease, release: str) -> str:
    """The text of ``value`` for ``release``: its release line's entry, else the default ``*``."""
    if isinstance(value, str):
        return value
    line = releases.release_line(release)
    return value.get(line, value.get("*", ""))


# --------------------------------------------------------------------------- applicability


def _zowe_config_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    if not getattr(record, "zowe_config", None):
        return "the change record names no zowe.yaml (zowe.config), so there is nothing to cross-check"
    return None


def _vsam_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    line = releases.release_line(record.zowe_release)
    if line == "v1" or zowe is None:
        return None
    modes = zowe.caching_modes()
    if "vsam" in {m.strip().lower() for m in modes}:
        return None
    shown = ", ".join(sorted(m or "unset" for m in modes)) or "not enabled"
    return (f"Zowe {line} needs VSAM RLS only when the Caching Service stores data in VSAM; "
            f"zowe.yaml caching-service storage mode: {shown}")


def _nodejs_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    if releases.release_line(record.zowe_release) == "v3" and zowe is not None and not zowe.enabled_anywhere("app-server"):
        return "Zowe v3 needs Node.js only for the Desktop (app-server), which zowe.yaml does not enable"
    return None


def _node_title(line: str) -> str:
    return f"Node.js {releases.node_requirement(line)}"


# --------------------------------------------------------------------------- the entries

SYSPLEX_NOTEBOOK = "10-requirements"
CONFIG_NOTEBOOK = "30-zowe-zosmf"

REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        id="cf-connectivity",
        short="Coupling facility connectivity",
        title="Every processor can reach a coupling facility",
        what="Each processor (CPC) that hosts a system of the sysplex needs coupling links (CF channel paths) to the "
             "coupling facility. The links carry XCF signals and every request to a CF structure.",
        why="XCF signalling, the lock structures of VSAM RLS and RACF, and GRS star all travel through CF links. A system "
            "without a working link cannot take part in data sharing, so an instance on it cannot take over from one that failed.",
        verify="Display each coupling facility's connected systems (D XCF,CF,CFNAME=ALL) or, on each system, the CFs it is "
               "attached to with their path status (D CF): every system must be connected to a CF. D XCF,CF alone lists the "
               "CFs of the policy and proves nothing about one system's links.",
        displays=("d-xcf-cf-detail", "d-cf", "d-xcf-s-all", "d-xcf-cf"),
        fix="Define and vary online the CF channel paths (CHPIDs) to the coupling facility in HCD, then re-display with D CF.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="coupling-facility",
        short="Coupling facility structures",
        title="At least one coupling facility with an active CFRM policy",
        what="A coupling facility is a special LPAR whose storage holds the shared structures of the sysplex: lock tables, "
             "caches and lists. The CFRM policy says which structures may live in which CF.",
        why="Structures for RACF data sharing, VSAM RLS (IGWLOCK00) and GRS star live in a CF. An empty CFRM policy means no "
            "structure can be allocated, even when the CF hardware is there.",
        verify="D XCF,CF must list at least one CF and must not say the CFRM active policy is empty.",
        displays=("d-xcf-cf",),
        fix="Define the CFs and structures in a CFRM policy with IXCMIAPU, then start it: SETXCF START,POLICY,TYPE=CFRM,POLNAME=name.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="sysplex-timer",
        short="Sysplex timer (STP)",
        title="A common time source (Server Time Protocol or Sysplex Timer)",
        what="All systems of a sysplex must run from one time source, today the Server Time Protocol (STP) timing network "
             "(the external Sysplex Timer, ETR, on old hardware). Without it the systems cannot order shared updates.",
        why="Systems of a sysplex order shared updates by time stamps. In LOCAL timing mode the clocks are not synchronised, "
            "which is not allowed for a multi-CPC sysplex and breaks the ordering Zowe's shared data relies on.",
        verify="D ETR on every system: the synchronisation mode must be STP (or ETR on old hardware), never LOCAL on a "
               "sysplex that spans CPCs. D XCF,S,ALL shows the CPC (serial) of each system: systems that all run on one CPC "
               "share its clock, so LOCAL is allowed there (a warning).",
        displays=("d-etr", "d-xcf-s-all"),
        fix="Join the CPC to the STP coordinated timing network (HMC: System (Sysplex) Time) and make sure CLOCKxx specifies "
            "STPMODE YES / ETRMODE as appropriate.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="shared-dasd",
        short="Shared DASD and GRS",
        title="Shared DASD with GRS serialisation across the systems",
        what="The volumes that hold Zowe, its workspace, the SAF database and the file systems are online to every system, "
             "and GRS serialises access to them across the sysplex (a GRS ring or, preferred, a GRS star).",
        why="The Zowe runtime, its data sets and the shared file system sit on DASD every system must reach. GRS is what "
            "stops two systems updating the same data set at once; a QUIESCED or missing system has no current view of who "
            "holds what.",
        verify="D GRS on a system: every system of the change must be ACTIVE (ring) or CONNECTED (star). A GRS star (the "
               "ISGLOCK structure allocated) is the better choice in a sysplex.",
        displays=("d-grs",),
        fix="In a GRS ring, bring a quiesced system back with VARY GRS(sysname),RESTART. In a GRS star there is no restart: "
            "a system that lost its connection to the ISGLOCK structure leaves the sysplex; fix its CF links and re-IPL it. "
            "A missing system needs GRS=STAR (or TRYJOIN for a ring) in IEASYSxx and a re-IPL into the complex.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="shared-saf",
        short="Shared SAF database",
        title="One SAF (RACF) database shared in data-sharing mode",
        what="All systems use one security database. For RACF this is data sharing mode: the database is shared and RACF "
             "keeps its buffers coherent through the coupling facility.",
        why="A user who logs on through one gateway and is routed to another after a failover must be known with the same "
            "rights everywhere; the JWT and PassTicket checks Zowe does need the same profiles on every system.",
        verify="RVARY LIST shows data sharing mode and the same database on every system; D XCF,GROUP,IRRXCF00,ALL shows every "
               "system's member ACTIVE.",
        displays=("rvary-list", "d-xcf-group-irrxcf00"),
        fix="Enable RACF sysplex communication and data sharing (RACF data set name table, ICHRDSNT, flags) and RVARY "
            "DATASHARE; IPL any system that is not in IRRXCF00.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="sysplex-distributor",
        short="Sysplex Distributor",
        title="Sysplex Distributor with a hot-standby DVIPA for the gateway",
        what="The TCP/IP function that owns a dynamic VIPA (DVIPA) and hands each new connection to a server on one of the "
             "target systems. In hot-standby mode one preferred target gets all new work and backups wait. The notebook "
             "20-dvipa generates and explains the statements; here the kit checks what the running stacks display.",
        why="Clients reach Zowe by one DVIPA and port. The distributor sends new connections to the preferred gateway and, "
            "when it fails, to a backup (connections open on the failed gateway are lost, clients reconnect); the port must "
            "equal zowe.externalPort or clients reach nothing. A VIPABACKUP on another stack keeps the DVIPA itself alive "
            "when the distributing stack fails.",
        verify="NETSTAT VIPADCFG and VDPT on the distributor, D TCPIP,,SYSPLEX,VIPADYN from any system: the DVIPA is active "
               "on one stack and backed up on another, the targets and ranks match the change record.",
        displays=("d-tcpip-sysplex-vipadyn", "d-tcpip-netstat-vipadcfg", "d-tcpip-netstat-vdpt", "d-tcpip-netstat-vipadyn"),
        fix="Apply the generated VIPADYNAMIC block with V TCPIP,,OBEYFILE on each stack (see the operator sheet) and correct "
            "any EZZ message it reports.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="vsam-rls",
        short="VSAM record-level sharing",
        title="VSAM record-level sharing (SMSVSAM) on every system",
        what="VSAM record-level sharing lets several systems update one VSAM data set at once, with locking in the coupling "
             "facility (structure IGWLOCK00) and the SMSVSAM server on each system.",
        why="A VSAM Caching Service data set opened by several instances at once is only safe in RLS mode, which needs the "
            "SMSVSAM server and the IGWLOCK00 structure on every system.",
        when={"v1": "Zowe v1 lists it for every HA setup.",
              "*": "Zowe v2 and v3 need it only when components.caching-service.storage.mode is VSAM (deprecated in v3; "
                   "infinispan is recommended)."},
        verify="D SMS,SMSVSAM: the server is active on every system of the change.",
        displays=("d-sms-smsvsam",),
        fix="Set RLSINIT(YES) in IGDSMSxx and start SMSVSAM (V SMS,SMSVSAM,ACTIVE); define IGWLOCK00 in the CFRM policy; or "
            "move the Caching Service to infinispan.",
        notebook=SYSPLEX_NOTEBOOK,
        applies=_vsam_applies,
    ),
    Requirement(
        id="shared-uss",
        short="Shared z/OS UNIX file system",
        title="A sysplex-wide shared z/OS UNIX file system",
        what="A sysplex-aware z/OS UNIX file system (BPXPRMxx SYSPLEX(YES)), so every system sees the same Zowe runtime, "
             "workspace and extension directories, mounted once for the whole sysplex.",
        why="All instances read one runtime, one workspace and one set of extensions; the docs strongly recommend Node.js "
            "there too. Without SYSPLEX(YES) each system sees its own copy and instances drift apart.",
        verify="D OMVS,F on each system shows the Zowe file systems mounted with an OWNER; D XCF,GROUP,SYSBPX,ALL shows every "
               "system's member ACTIVE.",
        displays=("d-omvs-f", "d-omvs-o", "d-xcf-group-sysbpx"),
        fix="Set SYSPLEX(YES) and a common VERSION in BPXPRMxx, mount the Zowe file systems with AUTOMOVE, and IPL any "
            "system that is not in SYSBPX.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="jes2-mas",
        short="JES2 multi-access spool",
        title="JES2 multi-access spool (one JESplex)",
        what="A JES2 multi-access spool: all systems share one spool and job queue, so started tasks and jobs of every Zowe "
             "instance are visible and manageable from any system.",
        why="Zowe routes its start and stop commands to each LPAR through JES2 and the Explorer shows jobs of the whole MAS; "
            "z/OSMF HA also needs it. A system outside the MAS cannot see or run the same jobs.",
        verify="$D MEMBER shows every system ACTIVE in one MAS; $D MASDEF shows the same XCF group on all.",
        displays=("jes2-d-masdef", "jes2-d-member"),
        fix="Add the system to the MAS with a MEMBER statement in the JES2 initialisation deck and warm start it; keep "
            "XCFGRPNM equal on all members.",
        notebook=SYSPLEX_NOTEBOOK,
    ),
    Requirement(
        id="zosmf-ha",
        short="z/OSMF high availability",
        title="z/OSMF in hot standby behind its own DVIPA",
        what="One z/OSMF server per system, each in its own autostart group, all bound to one DVIPA that Sysplex Distributor "
             "hands to one of them in hot standby.",
        why="The gateway logs users on through z/OSMF. One z/OSMF server per system in separate autostart groups, all on the "
            "same DVIPA host name, port and key ring, keeps logon working when a system goes down.",
        verify="Compare the IZUPRMxx member of every system: unique AUTOSTART_GROUP, SERVER_PROC and USER_DIR; the same "
               "HOSTNAME (the DVIPA), HTTP_SSL_PORT, KEYRING_NAME and SAF_PREFIX; AUTOSTART(LOCAL). An Extended MCS console "
               "is also needed.",
        displays=("izuprm",),
        fix="Edit the IZUPRMxx members as listed in the finding, then stop and start the z/OSMF server of the affected system "
            "by its own SERVER_PROC (for example P IZUSVRA, then S IZUSVRA).",
        notebook=CONFIG_NOTEBOOK,
    ),
    Requirement(
        id="nodejs",
        short="Node.js level",
        title={line: _node_title(line) for line in releases.RELEASE_LINES},
        what="The Node.js runtime some Zowe components use. The supported levels depend on the Zowe release, so the rule "
             "comes from the release named in the change record.",
        why="The Zowe Desktop (app-server) runs on Node.js. The docs recommend installing it once on the shared file system "
            "so every instance runs the same level.",
        when={"v1": "Zowe v1 needs Node.js on every system that runs an instance.",
              "v2": "Zowe v2 needs Node.js for the Desktop; from v2.16.0 it can be skipped when app-server is disabled, but "
                    "the record does not say which v2 level runs, so the kit always checks it.",
              "v3": "Zowe v3 needs Node.js only when the Desktop (components.app-server) is enabled."},
        verify="Run node --version from the z/OS UNIX shell of every system (with the node.home of zowe.yaml on the PATH).",
        displays=("node-version",),
        fix={line: f"Install IBM SDK for Node.js {releases.node_requirement(line)} on the shared file system and point "
                   f"zowe.yaml node.home at it." for line in releases.RELEASE_LINES},
        notebook=SYSPLEX_NOTEBOOK,
        applies=_nodejs_applies,
    ),
    Requirement(
        id="resilience",
        short="Single points of failure",
        title="No single point of failure behind the requirements",
        what="The page's requirements say what must be shared; a pass does not say that the sharing survives one failure. "
             "This requirement looks behind it: alternate couple data sets for the sysplex and CFRM, an active sysplex "
             "failure management (SFM) policy, a restart for the Zowe started tasks (ARM or automation), a duplexed JES2 "
             "checkpoint, the RACF data-sharing structures and IGWLOCK00 able to move to a coupling facility on another CPC, "
             "VTAM's XCF support (XCFINIT) that dynamic XCF relies on, and one TCP/IP sysplex group for all stacks.",
        why="Each item is one failure away from an outage of every Zowe instance at once: losing the only CFRM couple data "
            "set or the only JES2 checkpoint stops the sysplex or the MAS; without an SFM policy the removal of a failed "
            "system can wait for an operator while the others wait for it; a structure that can be rebuilt only in a CF on the same CPC dies with that CPC; without "
            "XCFINIT there are no dynamic XCF links, so the distributor cannot reach its targets. The findings are warnings: "
            "the page does not ask for them, and some sites cover them differently.",
        verify="D XCF,COUPLE (an ALTERNATE DSN for SYSPLEX and CFRM), D XCF,POLICY,TYPE=SFM (a policy started), "
               "D XCF,ARMSTATUS (the Zowe jobs registered) or a note in change.yaml (zowe.restarted_by: automation), "
               "$D CKPTDEF (CKPT2 in use and DUPLEX=ON, or MODE=DUAL), D XCF,STR,STRNAME=ALL (each RACF structure and "
               "IGWLOCK00 with a CF on another CPC in its preference list), D NET,VTAMOPTS,OPTION=XCFINIT (YES or DEFINE) "
               "and D TCPIP,,SYSPLEX,GROUP (the same group on every stack). IBM Health Checker output (SDSF CK or HZSPRINT) "
               "corroborates these and the other requirements.",
        displays=("d-xcf-couple", "d-xcf-policy-sfm", "d-xcf-armstatus", "jes2-d-ckptdef", "d-xcf-str", "d-net-vtamopts",
                  "d-tcpip-sysplex-group", "health-checks"),
        fix="Each finding names its own fix: format and add the alternate couple data set (IXCL1DSU, SETXCF COUPLE,ACOUPLE=), "
            "start an SFM policy, define an ARM policy or automation for the Zowe started tasks, add CKPT2 with DUPLEX=ON, "
            "list a CF on another CPC in the structure's preference list and rebuild it, set XCFINIT=YES, or make every stack "
            "join one TCP/IP sysplex group.",
        notebook=SYSPLEX_NOTEBOOK,
        when="Always. Every finding is a warning (or unknown when nothing was captured); this requirement never fails a record.",
    ),
    Requirement(
        id="zowe-config",
        short="zowe.yaml configuration",
        title="zowe.yaml matches the sysplex design",
        what="The Zowe configuration file: the external domain and port clients use, one haInstances entry per system, "
             "the caching service, z/OSMF's host name and the certificate's names.",
        why="Most Zowe HA outages in the field were configuration mismatches: externalPort not equal to the distributed port, "
            "a certificate without the LPAR host names, an Infinispan peer missing from initialHosts, inMemory caching.",
        verify="The kit compares zowe.yaml with the change record: zowe.externalPort against the gateway's distributed port and "
               "every HA instance's gateway port; zowe.externalDomains holding the DVIPA host name; haInstances with one entry "
               "per system (one gateway per LPAR, host names matching); the Caching Service not inMemory and, with Infinispan, "
               "initialHosts naming every instance; zOSMF.host being the z/OSMF DVIPA host name; the certificate's subject "
               "alternative names covering the external domain and every instance's host name.",
        displays=("zowe-yaml",),
        fix="Edit zowe.yaml as each finding says, re-run 'zwe init certificate' if the SAN changed, and start every instance "
            "with 'zwe start --ha-instance <id>'.",
        notebook=CONFIG_NOTEBOOK,
        applies=_zowe_config_applies,
    ),
)

BY_ID: dict[str, Requirement] = {r.id: r for r in REQUIREMENTS}
IDS: tuple[str, ...] = tuple(r.id for r in REQUIREMENTS)
"""Every requirement id, in the order the kit reports them."""
ORDER: tuple[str, ...] = (*IDS, EVIDENCE)
"""Requirement ids as findings are sorted: the registry's order, then evidence problems."""


def requirement(req_id: str) -> Requirement:
    """The entry for ``req_id`` (KeyError names it)."""
    try:
        return BY_ID[req_id]
    except KeyError:
        raise KeyError(f"no requirement {req_id!r} in the registry") from None


def short_title(req_id: str) -> str:
    """The short title of a requirement id, or the id itself for one the registry does not hold."""
    entry = BY_ID.get(req_id)
    return entry.short if entry else ("Evidence files" if req_id == EVIDENCE else req_id)


def for_notebook(notebook: str) -> tuple[Requirement, ...]:
    """The requirements a report notebook explains, in registry order."""
    return tuple(r for r in REQUIREMENTS if r.notebook == notebook)


def applicability(record: Any, zowe: ZoweConfig | None) -> dict[str, str | None]:
    """Every requirement id -> None when it applies to this record, else the reason it does not.

    Without a zowe.yaml the conditional requirements apply, because nothing
    shows they can be skipped.
    """
    return {r.id: r.applies(record, zowe) for r in REQUIREMENTS}


def describe(release: str) -> list[dict[str, Any]]:
    """Every entry as plain values for ``release``, in registry order."""
    return [r.describe(release) for r in REQUIREMENTS]
