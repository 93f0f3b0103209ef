"""The requirements registry: one entry per thing a sysplex needs before Zowe runs highly available.

Each entry holds everything the kit says about a requirement: its id and
titles, what it is, why Zowe HA needs it and how to verify it (per Zowe
release where the documentation differs), the displays it rests on, the
fix, the report notebook that explains it, and when it applies. The checks,
the runbook steps, the notebooks, the command line and the site all read
these entries, so adding a requirement means one entry here, its check
(registered with :func:`zowe_ha_lib.checks.check`) and its tests.

Text that differs by Zowe release is a :data:`PerRelease` mapping with the
release line (``v1``, ``v2``, ``v3``) as key, optionally levels of a line
(``v2.16``: from that level on) and ``*`` as the default;
:meth:`Requirement.text` picks the right one (:func:`releases.choose`). A bare
line's text is what the kit assumes when the record names no level.

Every statement here rests on a source: the Zowe documentation of the
release (docs.zowe.org, zowe/docs-site), IBM's z/OS documentation, or the
Zowe code that does the thing (zowe-install-packaging, api-layer). Each entry
names them in ``sources`` so that a reader can check the text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..record.release import parse as parse_release
from ..record.zowe_yaml import MISSING, ZoweConfig
from . import releases
from .displays import Display, display

PerRelease = str | Mapping[str, str]
"""A text, or a mapping of release line (``v1``/``v2``/``v3``), level (``v2.16``) or ``*`` (default) to text."""

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
    sources: PerRelease = ""  # where the text comes from: the pages and code a reader can check
    #: beyond what the page asks: its findings say warn at most (never fail, never unknown), so it never
    #: fails a record nor keeps it from being ready, however little evidence there is
    advisory: bool = False

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
            "sources": self.text("sources", release),
            "notebook": self.notebook,
        }


def pick(value: PerRelease, release: str) -> str:
    """The text of ``value`` for ``release``: its level's or line's entry, else the default ``*``.

    ValueError for a release the kit does not know, even for plain text, so a
    typo never reads as the default.
    """
    rel = parse_release(release)
    if isinstance(value, str):
        return value
    return releases.lookup(value, rel, "")


# --------------------------------------------------------------------------- applicability


def _zowe_config_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    if not getattr(record, "zowe_config", None):
        return "the change record names no zowe.yaml (zowe.config), so there is nothing to cross-check"
    return None


def _vsam_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    """VSAM RLS: every v1 HA setup; v2 and v3 only when a caching service stores in VSAM.

    The storage modes are what the instances run (ZoweConfig.caching_modes):
    an unset mode is inMemory for the standalone Caching Service and
    infinispan for single-service API ML, never VSAM, as in the zowe.yaml rules.
    """
    rel = parse_release(record.zowe_release)
    if rel.line == "v1" or zowe is None:
        return None
    modes = zowe.caching_modes(releases.single_service_known(rel))
    if "vsam" in modes:
        return None
    shown = ", ".join(sorted(modes)) or "no instance runs a caching service"
    return (f"Zowe {rel} needs VSAM RLS only when the Caching Service stores data in VSAM; "
            f"what the zowe.yaml instances run: {shown}")


def _nodejs_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    rel = parse_release(record.zowe_release)
    if releases.node_needed_only_for_desktop(rel) and zowe is not None and not zowe.enabled_anywhere("app-server"):
        return (f"a running Zowe {rel} needs Node.js only for the Desktop (app-server), which zowe.yaml does not enable "
                "(installing Zowe still needs it)")
    return None


def _zosmf_applies(record: Any, zowe: ZoweConfig | None) -> str | None:
    """z/OSMF is optional for Zowe: n/a when neither zowe.yaml nor the record uses it."""
    uses = any(d.role == "zosmf" for d in record.distributions)
    if zowe is not None and not uses and zowe.dig("zOSMF") is MISSING:
        return "zowe.yaml configures no z/OSMF (zOSMF) and the record distributes none: z/OSMF is optional for Zowe"
    return None


def _node_key(key: str) -> str:
    return f"Node.js {releases.NODE_RULES[key].text}"


# --------------------------------------------------------------------------- the entries

SYSPLEX_NOTEBOOK = "10-requirements"
CONFIG_NOTEBOOK = "30-zowe-zosmf"

# Where the text comes from. The Zowe pages are on docs.zowe.org under each release (for example
# docs.zowe.org/v2.18.x/user-guide/configure-sysplex); their source is zowe/docs-site.
_ZOWE_SYSPLEX = "Zowe 'Configuring Sysplex for high availability' (user-guide/configure-sysplex) of the release"
_ZOWE_ZOSMF_HA = "Zowe 'Configuring z/OSMF high availability in Sysplex' (user-guide/systemrequirements-zosmf-ha)"
_IBM_SYSPLEX = "IBM z/OS MVS Setting Up a Sysplex"
_IBM_COMMANDS = "IBM z/OS MVS System Commands"

REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        id="cf-connectivity",
        short="Coupling facility connectivity",
        title="Every processor can reach a coupling facility",
        what="Each processor (CPC) that hosts a system of the sysplex needs coupling links (CF channel paths) to the "
             "coupling facility. The links carry XCF signals and every request to a CF structure.",
        why="XCF signalling and every request to a CF structure travel through CF links: RACF data sharing's cache structures, "
            "VSAM RLS's lock structure (IGWLOCK00) and cache structures, GRS star. A system without a working link cannot take "
            "part in data sharing, so an instance on it cannot take over from one that failed.",
        verify="Display each coupling facility's connected systems (D XCF,CF,CFNAME=ALL) or, on each system, the CFs it is "
               "attached to with their path status (D CF): every system must be connected to a CF. D XCF,CF alone lists the "
               "CFs of the policy and proves nothing about one system's links.",
        displays=("d-xcf-cf-detail", "d-cf", "d-xcf-s-all", "d-xcf-cf"),
        fix="Define and vary online the CF channel paths (CHPIDs) to the coupling facility in HCD, then re-display with D CF.",
        notebook=SYSPLEX_NOTEBOOK,
        sources=f"{_ZOWE_SYSPLEX} (CPCs that can attach to a CF); {_IBM_SYSPLEX}; IBM RACF System Programmer's Guide "
                f"(RACF uses CF cache structures, one per database data set); {_IBM_COMMANDS} (D XCF,CF lists the CFs of the "
                f"CFRM policy; D XCF,CF,CFNAME= the connected systems; D CF the CFs attached to the issuing system and its "
                f"CHPID status); IBM Health Checker XCF_CF_CONNECTIVITY, XCF_CF_SYSPLEX_CONNECTIVITY.",
    ),
    Requirement(
        id="coupling-facility",
        short="Coupling facility structures",
        title="At least one coupling facility with an active CFRM policy",
        what="A coupling facility is a special LPAR whose storage holds the shared structures of the sysplex: lock tables, "
             "caches and lists. The CFRM policy says which structures may live in which CF.",
        why="The structures of RACF data sharing (cache structures), VSAM RLS (the IGWLOCK00 lock structure and cache "
            "structures) and GRS star live in a CF. An empty CFRM policy means no structure can be allocated, even when the "
            "CF hardware is there.",
        verify="D XCF,CF must list at least one CF and must not say the CFRM active policy is empty.",
        displays=("d-xcf-cf",),
        fix="Define the CFs and structures in a CFRM policy with IXCMIAPU, then start it: SETXCF START,POLICY,TYPE=CFRM,POLNAME=name.",
        notebook=SYSPLEX_NOTEBOOK,
        sources=f"{_ZOWE_SYSPLEX} (at least one coupling facility); {_IBM_SYSPLEX} (CFRM policy, IXCMIAPU); IBM RACF "
                f"System Programmer's Guide 'Defining RACF structures for the coupling facility'; {_IBM_COMMANDS} (D XCF,CF, IXC361I).",
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
        sources=f"{_ZOWE_SYSPLEX} (at least one Sysplex timer); {_IBM_SYSPLEX} (STP, timing modes); {_IBM_COMMANDS} (D ETR).",
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
        sources=f"{_ZOWE_SYSPLEX} (connection to shared DASD); IBM z/OS MVS Planning: Global Resource Serialization; "
                f"{_IBM_COMMANDS} (D GRS, ISG343I).",
    ),
    Requirement(
        id="shared-saf",
        short="Shared SAF database",
        title="One SAF (RACF) database shared in data-sharing mode",
        what="All systems use one security database. For RACF this is data sharing mode: the database is shared and RACF "
             "keeps it in coupling facility cache structures (one per database data set), so every system reads the same profiles.",
        why="A user who logs on through one gateway and is routed to another after a failover must be known with the same "
            "rights everywhere; the JWT and PassTicket checks Zowe does need the same profiles on every system.",
        verify="RVARY LIST shows data sharing mode and the same database on every system; D XCF,GROUP,IRRXCF00,ALL shows every "
               "system's member ACTIVE.",
        displays=("rvary-list", "d-xcf-group-irrxcf00"),
        fix="Enable RACF sysplex communication and data sharing (RACF data set name table, ICHRDSNT, flags) and RVARY "
            "DATASHARE; IPL any system that is not in IRRXCF00.",
        notebook=SYSPLEX_NOTEBOOK,
        sources=f"{_ZOWE_SYSPLEX} (shared SAF database, with IBM's 'Sharing a database with sysplex communication in data "
                "sharing mode'); IBM RACF System Programmer's Guide (data sharing, RVARY, CF cache structures).",
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
        sources=f"{_ZOWE_SYSPLEX} (the VIPADISTRIBUTE HOTSTANDBY sample; the port is zowe.externalPort); IBM z/OS Communications "
                "Server IP Configuration Guide and Reference (VIPADYNAMIC, hot standby, VIPABACKUP); IBM IP System Administrator's "
                "Commands (NETSTAT VIPADCFG, VDPT, D TCPIP,,SYSPLEX,VIPADYN).",
    ),
    Requirement(
        id="vsam-rls",
        short="VSAM record-level sharing",
        title="VSAM record-level sharing (SMSVSAM) on every system",
        what="VSAM record-level sharing lets several systems update one VSAM data set at once, with locking in the coupling "
             "facility (structure IGWLOCK00) and the SMSVSAM server on each system.",
        why="When the Caching Service stores its data in VSAM, every instance opens the same data set. The Zowe documentation "
            "recommends record-level sharing (RLS) for a sysplex deployment (NONRLS is also allowed); RLS needs the SMSVSAM server "
            "on every system and the IGWLOCK00 lock structure in the coupling facility.",
        when={"v1": "Zowe v1 lists it for every HA setup (the v1.28.x sysplex page).",
              "v2": "Zowe v2 needs it only when a caching service stores in VSAM (components.caching-service.storage.mode: VSAM). "
                    "VSAM storage is deprecated from v2.18, and the v2.18.x sysplex page says VSAM RLS is 'not required if "
                    "using infinispan'. An unset storage mode is never VSAM: the Caching Service then runs inMemory.",
              "v3": "Zowe v3 needs it only when a caching service stores in VSAM; VSAM storage is deprecated (since v2.18) and "
                    "infinispan is recommended. An unset storage mode is never VSAM: the standalone Caching Service then runs "
                    "inMemory, single-service API ML (v3.3 and later) infinispan."},
        verify="D SMS,SMSVSAM: the server is active on every system of the change.",
        displays=("d-sms-smsvsam",),
        fix="Set RLSINIT(YES) in IGDSMSxx and start SMSVSAM (V SMS,SMSVSAM,ACTIVE); define IGWLOCK00 in the CFRM policy; or "
            "move the Caching Service to infinispan.",
        notebook=SYSPLEX_NOTEBOOK,
        applies=_vsam_applies,
        sources={"v1": f"{_ZOWE_SYSPLEX} v1.28.x (VSAM RLS listed); IBM 'Preparing for VSAM record-level sharing'; "
                       f"{_IBM_COMMANDS} (D SMS,SMSVSAM).",
                 "*": f"{_ZOWE_SYSPLEX} v2.18.x ('not required if using infinispan'); Zowe 'Configuring the Caching Service for "
                      "high availability' v2.18.x (VSAM deprecated; RLS recommended for sysplex, NONRLS allowed); api-layer "
                      "caching-service schema and start script (unset mode: inMemory) and apiml start script (unset mode: "
                      f"infinispan); IBM 'Preparing for VSAM record-level sharing'; {_IBM_COMMANDS} (D SMS,SMSVSAM)."},
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
        sources=f"{_ZOWE_SYSPLEX} (USS shared file system; Node.js on a shared file system 'highly recommended'); IBM z/OS UNIX "
                f"System Services Planning (sharing file systems in a sysplex); {_IBM_COMMANDS} (D OMVS).",
    ),
    Requirement(
        id="jes2-mas",
        short="JES2 multi-access spool",
        title="JES2 multi-access spool (one JESplex)",
        what="A JES2 multi-access spool: all systems share one spool and job queue, so started tasks and jobs of every Zowe "
             "instance are visible and manageable from any system.",
        why="Both Zowe HA pages, the sysplex page and the z/OSMF HA page, list a JES2 multi-access spool. 'zwe start "
            "--ha-instance' starts each instance's ZWESLSTC on its own system with the MVS ROUTE command (RO sysname,S ...); "
            "with one spool and job queue, every instance's started task and job output can be seen and managed from any "
            "system, and a job submitted through one system can be followed through another after a failover. A system "
            "outside the MAS cannot see the same jobs.",
        verify="$D MEMBER shows every system ACTIVE in one MAS; $D MASDEF shows the same XCF group on all.",
        displays=("jes2-d-masdef", "jes2-d-member"),
        fix="Add the system to the MAS with a MEMBER statement in the JES2 initialisation deck and warm start it; keep "
            "XCFGRPNM equal on all members.",
        notebook=SYSPLEX_NOTEBOOK,
        sources=f"{_ZOWE_SYSPLEX} (JESPlex/JES2 MAS); {_ZOWE_ZOSMF_HA} (JES2 MAS); zowe-install-packaging "
                "bin/commands/start/index.ts (RO <sysname>,S <STC>,HAINST=<id>); IBM z/OS JES2 Commands ($D MASDEF, $D MEMBER).",
    ),
    Requirement(
        id="zosmf-ha",
        short="z/OSMF high availability",
        title="z/OSMF REST services in hot standby behind a DVIPA (where Zowe uses z/OSMF)",
        what="IBM: 'In general, z/OSMF cannot be implemented in a high-availability cluster' (each server owns its persistence "
             "data). It supports high availability for a subset of its functions, the z/OS jobs REST services and the data set "
             "service 'Retrieve the contents of a z/OS data set or member', with a server on each of several systems, each in "
             "its own autostart group, behind a workload router such as Sysplex Distributor. Zowe's z/OSMF HA page builds its "
             "layout on that: one server per system, all bound to one DVIPA that Sysplex Distributor hands to one of them in "
             "hot standby.",
        why="z/OSMF is optional for Zowe: without it Zowe still provides single sign-on with its own JWT and SAF calls. Where "
            "Zowe uses z/OSMF, for logon when the API ML authentication provider is zosmf, or for the z/OSMF REST services its "
            "applications call, those requests fail while the only z/OSMF server is down. One server per system in separate "
            "autostart groups, all on the same DVIPA host name, port and key ring, keeps the jobs and data set retrieve "
            "services available when a system goes down; IBM's HA does not cover the other z/OSMF functions.",
        verify="Compare the IZUPRMxx members in use on every system (the IZUPRM= parameter of each z/OSMF server's start names "
               "them; F <server>,DISPLAY IZU shows the settings the running server started with, message IZUG013I): unique "
               "AUTOSTART_GROUP, SERVER_PROC and USER_DIR; the same HOSTNAME (the DVIPA), HTTP_SSL_PORT, KEYRING_NAME and "
               "SAF_PREFIX; AUTOSTART(LOCAL). Zowe's page also lists an Extended MCS console.",
        when="Where Zowe uses z/OSMF: the kit marks it n/a when zowe.yaml configures no zOSMF and the record distributes "
             "no z/OSMF.",
        displays=("izuprm",),
        fix="Edit the IZUPRMxx members as listed in the finding, then stop and start the z/OSMF server of the affected system "
            "by its own SERVER_PROC (for example P IZUSVRA, then S IZUSVRA).",
        notebook=CONFIG_NOTEBOOK,
        applies=_zosmf_applies,
        sources="IBM z/OS 2.5 'Configuring z/OSMF for high availability' (what HA covers, autostart groups, workload router); "
                f"{_ZOWE_ZOSMF_HA} (hot standby on one DVIPA, the IZUPRMxx rules, EMCS); Zowe 'Addressing z/OS requirements' "
                "(z/OSMF optional: SSO without it); IBM 'Displaying the z/OSMF server settings' (F <server>,DISPLAY IZU) and "
                "'IZUSVR reference information' (IZUPRM=).",
    ),
    Requirement(
        id="nodejs",
        short="Node.js level",
        title={key: _node_key(key) for key in releases.NODE_RULES},
        what="The Node.js runtime some Zowe components use. The supported levels depend on the Zowe release, so the rule "
             "comes from the release named in the change record: the last documentation of its line, or of its level.",
        why="The Zowe Desktop (app-server) runs on Node.js, and installing Zowe needs it too (the v2.18.x and v3.0.x system "
            "requirements: 'required during installation'). The docs recommend installing it once on the shared file system "
            "so every instance runs the same level.",
        when={"v1": "Zowe v1 needs Node.js on every system that runs an instance. Support for Zowe v1 ended on 30 September 2024.",
              "v2": "A running Zowe v2 needs Node.js for the Desktop; from v2.16.0 it can be skipped when app-server is disabled, "
                    "but the record names only v2, so the kit always checks it (name the level, e.g. v2.18, to let it skip).",
              "v2.0": "Zowe v2 before v2.16.0 needs Node.js on every system that runs an instance.",
              "v2.16": "From v2.16.0 a running Zowe needs Node.js only for the Desktop (components.app-server); installing "
                       "Zowe still needs it.",
              "v3": "A running Zowe v3 needs Node.js only when the Desktop (components.app-server) is enabled; installing Zowe "
                    "still needs it."},
        verify={key: f"Run node --version from the z/OS UNIX shell of every system (with the node.home of zowe.yaml on the PATH); "
                     f"the kit judges the level by {rule.pages}."
                     + (f" When the pages disagree, the levels only some list are warnings. {rule.assumed[:1].upper()}{rule.assumed[1:]}."
                        if rule.assumed else " When the pages disagree, the levels only some list are warnings.")
                for key, rule in releases.NODE_RULES.items()},
        displays=("node-version",),
        fix={key: f"Install IBM SDK for Node.js {rule.text} on the shared file system and point zowe.yaml node.home at it."
             for key, rule in releases.NODE_RULES.items()},
        notebook=SYSPLEX_NOTEBOOK,
        applies=_nodejs_applies,
        sources={"v1": "Zowe v1.28.x 'System requirements' (v12.x, v14.x except v14.17.2, v16.x) and its sysplex page (copies "
                       "differ: v12.x/v14.x/v16.x, or v16.x or higher); the docs-site banner of v1 pages (support ended "
                       "30 September 2024).",
                 "v2": "Zowe v2.0.x and v2.18.x 'Addressing z/OS requirements', v2.15.x and v2.18.x 'Addressing Node.js "
                       "requirements', v2.18.x sysplex page (Node.js not needed without app-server from v2.16.0).",
                 "v3": "Zowe v3.0.x 'Addressing z/OS requirements' (v20.x required during installation; afterwards only for "
                       "app-server); v3.1.x and current 'Addressing Node.js requirements'."},
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
        when="Always. Every finding is a pass or a warning, also when nothing was captured: this requirement never fails a "
             "record nor keeps it from being ready.",
        advisory=True,
        sources=f"{_IBM_SYSPLEX} (an alternate for every couple data set, on a different device, control unit and channel; "
                f"more than one CF in the preference list of a structure that must be rebuilt); IBM z/OS MVS System Messages "
                f"(IXC358I couple data sets, IXC392I ARM status) and {_IBM_COMMANDS} (D XCF,COUPLE, SETXCF COUPLE); IBM Health "
                f"Checker XCF_CF_STR_AVAILABILITY (a preference list with CFs in different CECs) and XCF_SFM_*; IBM z/OS JES2 "
                f"Commands ($T CKPTDEF: DUPLEX=ON on every member); IBM z/OS Communications Server SNA Resource Definition "
                f"Reference (XCFINIT, XCFGRPID) and IP System Administrator's Commands (D TCPIP,,SYSPLEX,GROUP).",
    ),
    Requirement(
        id="zowe-config",
        short="zowe.yaml configuration",
        title="zowe.yaml matches the sysplex design",
        what="The Zowe configuration file: the external domain and port clients use, one haInstances entry per system, "
             "the caching service, z/OSMF's host name and the certificate's names.",
        why="Most Zowe HA outages in the field were configuration mismatches: externalPort not equal to the distributed port, "
            "a certificate without the LPAR host names, an Infinispan peer missing from initialHosts, inMemory caching, an "
            "haInstances id zwe cannot find again.",
        verify="The kit compares zowe.yaml with the change record, from what each instance runs: with single-service API ML "
               "(components.apiml, v3.3 and later) one API ML service per instance is the gateway and the caching service, "
               "listening on components.gateway.port, then components.apiml.port, default 7554. It checks zowe.externalPort "
               "against the gateway's distributed port and every instance's gateway port; zowe.externalDomains holding the "
               "DVIPA host name; haInstances with one entry per system (one gateway per LPAR, host names matching) and ids zwe "
               "uses unchanged (lower case letters, digits, _); the caching storage not inMemory and, with Infinispan, "
               "initialHosts naming every instance (or, from v3.6, derived by Zowe) and no Java 21 on v3.4 and v3.5; "
               "zOSMF.host being the z/OSMF DVIPA host name; the certificate's subject alternative names covering the external "
               "domain and every instance's host name; no two listeners on one port of an LPAR.",
        displays=("zowe-yaml",),
        fix="Edit zowe.yaml as each finding says, re-run 'zwe init certificate' if the SAN changed, and start every instance "
            "with 'zwe start --ha-instance <id>'.",
        notebook=CONFIG_NOTEBOOK,
        applies=_zowe_config_applies,
        sources="Zowe 'Zowe YAML server configuration file reference' and example-zowe.yaml; Zowe 'High availability overview' "
                "(one gateway per LPAR); Zowe 'Enabling single-service deployment of API Mediation Layer' and "
                "zowe-install-packaging PRs 4254, 4433, 4565; api-layer apiml and caching-service start scripts (ports, "
                "caching defaults, initialHosts); zowe-install-packaging bin/libs/config.ts and string.ts (HA instance ids) "
                "and issue 4704; Zowe v3.4.x 'Known issues with API ML' (Java 21 stall).",
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
