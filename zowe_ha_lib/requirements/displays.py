"""The operator displays and other captures the requirement checks read.

One catalogue serves three readers: the requirements registry names the
displays each requirement rests on (so the notebooks and the site can tell a
person what to capture), ``zowe-ha collect`` issues every console display of
it through z/OSMF, and the evidence reader's parsers recognise the answers.
A new display registered here is therefore collected, explained and read
without another list to update.

Console displays are all read-only: issuing one twice (a retry after a
dropped connection) changes nothing on the system. Captures that are not
console commands (``node --version`` from a UNIX shell, a parmlib member,
zowe.yaml) are listed too, so a person knows what to copy by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..record.model import System

COLLECTED_PREFIX = "collected-"
"""Names of collected answers start with this, so a later collection replaces only its own files."""


@dataclass(frozen=True)
class Display:
    """One thing to capture; ``{proc}`` in ``template`` stands for the system's TCP/IP started task."""

    key: str
    template: str
    purpose: str
    #: message id z/OSMF should wait for (sent as ``sol-key``); only where the id is certain.
    sol_key: str | None = None
    #: message ids a normal answer starts with; anything else (IEE305I, IEE345I not authorised,
    #: a JES2 error) is kept as evidence but noted in the collection report.
    expect: tuple[str, ...] = ()
    #: ``console``: an MVS console command z/OSMF can issue; ``manual``: a person copies it.
    how: str = "console"

    def command(self, system: System | None = None) -> str:
        """The text to issue (or to copy) on ``system``."""
        proc = (system.tcpip_proc if system is not None else None) or "TCPIP"
        return self.template.format(proc=proc)

    @property
    def shown(self) -> str:
        """The display as a person types it, without a procedure name (``D TCPIP,,SYSPLEX,VIPADYN``)."""
        return self.template.replace("{proc}", "")

    @property
    def console(self) -> bool:
        return self.how == "console"

    def file_name(self) -> str:
        """The evidence file ``zowe-ha collect`` saves this display's answer in (per system folder)."""
        return f"{COLLECTED_PREFIX}{self.key}.txt"


DISPLAYS: tuple[Display, ...] = (
    Display("d-xcf-cf", "D XCF,CF", "the coupling facilities in the active CFRM policy", "IXC361I", ("IXC361I",)),
    Display("d-xcf-cf-detail", "D XCF,CF,CFNAME=ALL", "each coupling facility's connected systems and structures", None, ("IXC362I",)),
    Display("d-cf", "D CF", "the coupling facilities this system is attached to and the state of its CF links (paths)",
            None, ("IXL150I",)),
    Display("d-xcf-s-all", "D XCF,S,ALL", "sysplex members, the CPC (serial) each runs on and their status", None,
            ("IXC334I", "IXC335I", "IXC336I")),
    Display("d-xcf-group-irrxcf00", "D XCF,GROUP,IRRXCF00,ALL", "members of the RACF sysplex communication group and their states",
            None, ("IXC333I", "IXC332I")),
    Display("d-xcf-group-sysbpx", "D XCF,GROUP,SYSBPX,ALL", "members of the shared file system group and their states", None,
            ("IXC333I", "IXC332I")),
    Display("d-etr", "D ETR", "sysplex timer / STP synchronisation", None, ("IEA282I", "IEA386I")),
    Display("d-grs", "D GRS", "global resource serialization across the systems (ring or star)", "ISG343I", ("ISG343I",)),
    Display("rvary-list", "RVARY LIST", "RACF database and data sharing mode", None, ("ICH15013I",)),
    Display("d-sms-smsvsam", "D SMS,SMSVSAM", "VSAM RLS server status", None, ("IGW420I",)),
    Display("d-omvs-f", "D OMVS,F", "mounted file systems and their owners", "BPXO045I", ("BPXO045I",)),
    Display("d-omvs-o", "D OMVS,O", "UNIX System Services options (SYSPLEX)", None, ("BPXO043I",)),
    Display("jes2-d-masdef", "$D MASDEF", "JES2 multi-access spool definition", None, ("$HASP843",)),
    Display("jes2-d-member", "$D MEMBER", "JES2 MAS members and their status", None, ("$HASP673",)),
    Display("d-tcpip-netstat-vipadcfg", "D TCPIP,{proc},NETSTAT,VIPADCFG", "dynamic VIPA configuration of the stack",
            None, ("EZD0101I", "EZZ2502I")),
    Display("d-tcpip-netstat-vdpt", "D TCPIP,{proc},NETSTAT,VDPT", "Sysplex Distributor destination port table",
            None, ("EZD0101I", "EZZ2502I")),
    Display("d-tcpip-netstat-vipadyn", "D TCPIP,{proc},NETSTAT,VIPADYN", "this stack's dynamic VIPAs and their status",
            None, ("EZD0101I", "EZZ2502I")),
    Display("d-tcpip-sysplex-vipadyn", "D TCPIP,{proc},SYSPLEX,VIPADYN", "dynamic VIPAs across the sysplex",
            None, ("EZZ8260I", "EZZ8269I")),
    # What a pass rests on (the resilience requirement): single points of failure behind the page's list.
    Display("d-xcf-couple", "D XCF,COUPLE", "primary and alternate couple data sets of every type", None, ("IXC357I", "IXC358I")),
    Display("d-xcf-policy-sfm", "D XCF,POLICY,TYPE=SFM", "whether a sysplex failure management (SFM) policy is active",
            None, ("IXC364I",)),
    Display("d-xcf-armstatus", "D XCF,ARMSTATUS", "automatic restart manager status and the registered elements", None, ("IXC392I",)),
    Display("d-xcf-str", "D XCF,STR,STRNAME=ALL", "each structure's preference list and the coupling facility it is in",
            None, ("IXC360I",)),
    Display("jes2-d-ckptdef", "$D CKPTDEF", "JES2 checkpoint data sets and duplexing", None, ("$HASP829",)),
    Display("d-net-vtamopts", "D NET,VTAMOPTS,OPTION=XCFINIT", "VTAM's XCFINIT start option (XCF connectivity for dynamic XCF)",
            None, ("IST097I", "IST1188I")),
    Display("d-tcpip-sysplex-group", "D TCPIP,{proc},SYSPLEX,GROUP", "the TCP/IP sysplex group the stack joined",
            None, ("EZZ8270I", "EZZ8269I")),
    Display("health-checks", "IBM Health Checker output: the SDSF CK panel or HZSPRINT of the message buffer",
            "exceptions and inactive checks of the IBM Health Checker checks that bear on these requirements", how="manual"),
    Display("izuprm", "the active IZUPRMxx member (SYS1.PARMLIB or your parmlib concatenation)",
            "z/OSMF's parmlib settings of each system", how="manual"),
    Display("node-version", "node --version", "the Node.js level, from the z/OS UNIX shell with zowe.yaml's node.home on the PATH",
            how="manual"),
    Display("zowe-yaml", "zowe.yaml (named by zowe.config in change.yaml)", "the Zowe configuration", how="manual"),
)

BY_KEY: dict[str, Display] = {d.key: d for d in DISPLAYS}
CONSOLE_DISPLAYS: tuple[Display, ...] = tuple(d for d in DISPLAYS if d.console)
"""What ``zowe-ha collect`` issues on every system, in this order."""


def display(key: str) -> Display:
    """The display registered under ``key`` (KeyError names it)."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"no display {key!r} in the catalogue") from None
