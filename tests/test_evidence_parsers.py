"""One test group per display family: layouts, spacing variants and cut-off responses."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.evidence import displays, one, syslog_multi


def _respace(lines: list[str], gaps: list[int]) -> str:
    """The same display with different runs of blanks (captures lose and gain them)."""
    out = []
    for i, line in enumerate(lines):
        n = gaps[i % len(gaps)] if gaps else 1
        out.append(re.sub(r" {2,}", " " * n, line))
    return "\n".join(out)


CF = ["IXC361I  13.45.01  DISPLAY XCF", "  CFNAME     COUPLING FACILITY                SITE",
      "  CF01       003906.IBM.02.00000004A1B2      N/A", "             PARTITION: 0E  CPCID: 00",
      "  CF02       003906.IBM.02.00000004C3D4      N/A", "             MAINTENANCE MODE"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(2, 9), min_size=1, max_size=6))
def test_xcf_cf_any_spacing(gaps):
    d = one(_respace(CF, gaps))
    assert [c.name for c in d.cfs] == ["CF01", "CF02"]
    assert d.cfs[1].conditions == [("MAINTENANCE MODE", 6)]


def test_xcf_cf_empty_policy_and_cut_off():
    d = one("IXC361I 13.45.01 DISPLAY XCF\n  THE CFRM ACTIVE POLICY IS EMPTY")
    assert d.usable and d.policy_empty_line == 2 and not d.cfs
    assert not one(CF[0] + "\n" + CF[1]).usable


def test_xcf_cf_detail_connected_systems():
    d = one("\n".join(["IXC362I 13.45.02 DISPLAY XCF", "CFNAME: CF01", "  CONNECTED SYSTEMS:", "     SYSA  SYSB",
                       "  STRUCTURES:", "     ISGLOCK", "CFNAME: CF02", "  CONNECTED SYSTEMS: SYSC"]))
    assert d.connected == {"CF01": (["SYSA", "SYSB"], 3), "CF02": (["SYSC"], 8)}


def test_xcf_sysplex_detail_and_summary():
    d = one("\n".join(["IXC335I  13.45.03  DISPLAY XCF", "SYSTEM   TYPE SERIAL LPAR STATUS TIME          SYSTEM STATUS",
                       "SYSA     3906 04A1B2  0E  11/25/2024 13:45:02  ACTIVE     TM=STP",
                       "SYSB  3906 04A1B2 0F 11/25/2024 13:45:01 MONITOR-DETECTED STOP  TM=STP",
                       "SYSPLEX INITIALIZATION TIME: 10/02/2024 06:11:52"]))
    assert [(m.name, m.status) for m in d.members] == [("SYSA", "ACTIVE"), ("SYSB", "MONITOR-DETECTED STOP")]
    s = one("IXC334I 13.45.04 DISPLAY XCF\nSYSPLEX PLEX1:  SYSA  SYSB\n   SYSC")
    assert s.sysplex == "PLEX1" and [m.name for m in s.members] == ["SYSA", "SYSB", "SYSC"]
    assert not one("IXC335I  13.45.03  DISPLAY XCF\nSYSTEM   TYPE SERIAL LPAR STATUS TIME").usable


def test_xcf_group_both_forms():
    d = one("IXC333I 13.45.05 DISPLAY XCF\nINFORMATION FOR GROUP SYSBPX\n MEMBER NAME:  SYSTEM:  JOB ID:  STATUS:\n"
            " SYSA  SYSA  OMVS  ACTIVE\n SYSB SYSB ACTIVE")
    assert d.group == "SYSBPX" and [(m.name, m.system, m.status) for m in d.members] == [("SYSA", "SYSA", "ACTIVE"), ("SYSB", "SYSB", "ACTIVE")]
    g = one("IXC332I 13.45.05 DISPLAY XCF\nGROUP IRRXCF00:  SYSA  SYSB\n    SYSC")
    assert g.group == "IRRXCF00" and [m.name for m in g.members] == ["SYSA", "SYSB", "SYSC"]


def test_etr_forms_and_cut_off():
    assert one("IEA282I 13.48.00 ETR STATUS\nSYNCHRONIZATION MODE=LOCAL   CPC SIDE=0").mode == "LOCAL"
    d = one("IEA386I 13.45.06 TIMING STATUS\nSYNCHRONIZATION  MODE  =  STP\n THIS SERVER IS A STRATUM 2\n CTN ID = PLEX1CTN")
    assert (d.mode, d.stratum, d.ctn) == ("STP", 2, "PLEX1CTN")
    assert not one("IEA386I 13.45.06 TIMING STATUS").usable


def test_grs_ring_star_and_cut_off():
    ring = one("ISG343I 13.45.07 GRS STATUS\n SYSTEM STATE SYSTEM STATE\n SYSA ACTIVE SYSB QUIESCED")
    assert ring.mode == "ring" and [(s.name, s.state) for s in ring.systems] == [("SYSA", "ACTIVE"), ("SYSB", "QUIESCED")]
    star = one("ISG343I 13.45.07 GRS STATUS\nGRS STAR MODE INFORMATION\n SYSTEM   STATE      SYSTEM  STATE\n SYSA  CONNECTED  SYSB  CONNECTED")
    assert star.mode == "star" and {s.state for s in star.systems} == {"CONNECTED"}
    assert not one("ISG343I 13.45.07 GRS STATUS\n SYSTEM STATE SYSTEM STATE").usable


def test_rvary_rows_and_modes():
    base = ["ICH15013I RACF DATABASE STATUS:", " ACTIVE USE  NUM VOLUME   DATASET", "   YES   PRIM    1 RACF01   SYS1.RACF.PRIM",
            "   NO    BACK    1 RACF02   SYS1.RACF.BACK"]
    d = one("\n".join([*base, " DATA SHARING MODE", "ICH15020I RVARY COMMAND HAS FINISHED PROCESSING."]))
    assert d.sharing == "data-sharing" and [(p.dsn, p.volume) for p in d.primaries()] == [("SYS1.RACF.PRIM", "RACF01")]
    assert one("\n".join([*base, " NON-DATA SHARING MODE"])).sharing == "non-data-sharing"
    assert one("\n".join(base)).sharing is None
    assert not one(base[0]).usable


def test_smsvsam_after_the_iee932i_wrapper():
    d = one("IEE932I 358\r IGW420I DISPLAY SMS,SMSVSAM - ALL SERVERS STATUS\r SYSNAME: SYSA  AVAILABLE  ASID: 0034\r SYSNAME:SYSB UNAVAILABLE")
    assert [(s.system, s.status) for s in d.servers] == [("SYSA", "AVAILABLE"), ("SYSB", "UNAVAILABLE")]


def test_omvs_filesystems_and_options():
    d = one("\n".join(["BPXO045I 13.45.10 DISPLAY OMVS 360", "OMVS     000E ACTIVE             OMVS=(00,SA)",
                       "TYPENAME   DEVICE ----------STATUS----------- MODE  MOUNTED    LATCHES",
                       "ZFS 47 ACTIVE RDWR 11/20/2024 L=58", "  NAME=ZOWE.ZFS", "  PATH=/global/zowe", "  OWNER=SYSA AUTOMOVE=Y CLIENT=N",
                       "ZFS 1 ACTIVE RDWR 10/02/2024 L=1", "  NAME=ROOT", "  PATH=/", "  OWNER=SYSB     AUTOMOVE=N CLIENT=Y"]))
    assert d.kernel_status == "ACTIVE"
    assert d.mount_of("/global/zowe/runtime").name == "ZOWE.ZFS"
    assert d.mount_of("/global/zowex").path == "/"
    assert d.mount_of("/u/x").automove == "N"
    o = one("BPXO043I 13.45.09 DISPLAY OMVS 359\nOMVS 000E ACTIVE OMVS=(00)\nSYSPLEX  =  NO   VERSION = Z25")
    assert o.sysplex is False and o.sysplex_line == 3


def test_jes2_member_continuations_and_masdef():
    text = "\n".join(["$HASP673 MEMBER(1)   NAME=SYSA,STATUS=ACTIVE,", "$HASP673             SYSNAME=SYSA,TIME=(2024.330,13:45:11.98)",
                      "$HASP673 MEMBER(2)   NAME=SYSB,STATUS=INACTIVE", "$HASP843 MASDEF  AUTOEMEM=OFF,", "$HASP843  XCFGRPNM=JESPLEX1"])
    m1, m2, mas = displays(text)
    assert (m1.member, m1.get("SYSNAME"), m1.get("TIME")) == ("1", "SYSA", "(2024.330,13:45:11.98)")
    assert (m2.get("NAME"), m2.get("STATUS")) == ("SYSB", "INACTIVE")
    assert mas.get("AUTOEMEM") == "OFF" and mas.values["XCFGRPNM"][1] == 5


def test_jes2_continuations_in_syslog_single_lines():
    from tests.support.evidence import syslog_first

    text = "\n".join([syslog_first("N", "SYSA", "$HASP673 MEMBER(1) NAME=SYSA,STATUS=ACTIVE,"),
                      syslog_first("N", "SYSB", "IEF403I X - STARTED"),
                      syslog_first("N", "SYSA", "$HASP673            SYSNAME=SYSA")])
    d = one(text)
    assert d.get("SYSNAME") == "SYSA" and d.values["SYSNAME"][1] == 3


VIPADCFG = ["MVS TCP/IP NETSTAT CS V2R5       TCPIP Name: TCPIPA          13:46:10", "Dynamic VIPA Information:",
            "  VIPA Backup:", "    IpAddr/PrefixLen: 203.0.113.050/24", "      Rank: 000100  Moveable: Immediate  SrvMgr: No",
            "  VIPA Distribute:", "    Dest:      203.0.113.50..7554", "      DestXCF: 198.51.100.011",
            "      DistMethod: HotStandby      SrvType: Backup  Rank: 050", "      AutoSwitchBack: No         HealthSwitch: Yes",
            "      SysPt:   No   TimAff: No    Flg:"]


def test_netstat_vipadcfg_tso_and_console_forms_agree():
    tso = one("\n".join(VIPADCFG))
    console = one("\n".join(["EZD0101I NETSTAT CS V2R5 TCPIPA 412", *[s.upper() for s in VIPADCFG[1:]], "END OF THE REPORT"]))
    for d in (tso, console):
        assert d.kind == "netstat-vipadcfg" and d.stack == "TCPIPA"
        assert [(b.ip, b.prefix, b.rank, b.moveable) for b in d.backups] == [("203.0.113.50", 24, 100, "IMMEDIATE")]
        e = d.distributes[0]
        assert (e.ip, e.port, e.destxcf, e.method, e.srvtype, e.rank, e.autoswitchback) == (
            "203.0.113.50", 7554, "198.51.100.11", "HOTSTANDBY", "BACKUP", 50, "NO")


def test_netstat_vdpt_vipadyn_and_cut_off_report():
    vdpt = one("\n".join(["MVS TCP/IP NETSTAT CS V2R5  TCPIP Name: TCPIP  13:46:12", "Dynamic VIPA Destination Port Table for TCP/IP stacks:",
                          "Dest:       203.0.113.50..7554", "  DestXCF:  198.51.100.11", "  TotalConn: 0000000042  Rdy: 000  WLM: 10  TSR: 0",
                          "  DistMethod: HotStandby  SrvType: Preferred", "  Flg: Active"]))
    e = vdpt.entries[0]
    assert (e.port, e.rdy, e.tsr, e.srvtype, e.flg) == (7554, 0, 0, "PREFERRED", "ACTIVE")
    dyn = one("\n".join(["MVS TCP/IP NETSTAT CS V2R5  TCPIP Name: TCPIP  13:46:12", "Dynamic VIPA:",
                         "  IP Address      AddressMask     Status    Origination     DistStat",
                         "  203.0.113.50    255.255.255.0   Backup    VIPABackup      Dest"]))
    assert [(x.ip, x.status, x.origin, x.diststat) for x in dyn.entries] == [("203.0.113.50", "BACKUP", "VIPABACKUP", "DEST")]
    assert not one(VIPADCFG[0]).usable


def test_sysplex_vipadyn_rows_and_not_in_sysplex():
    d = one("\r".join(["EZZ8260I SYSPLEX CS V2R5 361", "VIPA DYNAMIC DISPLAY FROM TCPIP    AT SYSA", "IPADDR: 203.0.113.50  LINKNAME: VIPLCB007132",
                       "  ORIGIN: VIPADEFINE", "  TCPNAME  MVSNAME  STATUS RANK DIST", "  TCPIP    SYSA     ACTIVE      BOTH",
                       "  TCPIP    SYSB     BACKUP 100  DEST", "1 OF 1 RECORDS DISPLAYED"]))
    assert [(r.mvsname, r.status, r.rank, r.dist) for r in d.rows] == [("SYSA", "ACTIVE", None, "BOTH"), ("SYSB", "BACKUP", 100, "DEST")]
    assert not one("EZZ8260I SYSPLEX CS V2R5 361\nVIPA DYNAMIC DISPLAY FROM TCPIP AT SYSA").usable
    n = one("EZZ8269I TCPIP SYSC IS NOT A MEMBER OF A SYSPLEX GROUP")
    assert n.kind == "tcpip-not-in-sysplex" and n.usable and n.msgid == "EZZ8269I"
    kinds = [x.kind for x in displays("EZZ2502I STACK IS NOT A MEMBER\nEZZ2503I ALL DVIPA CONFIGURATION INACTIVE\n" + "\n".join(VIPADCFG))]
    assert kinds == ["tcpip-not-in-sysplex", "tcpip-not-in-sysplex", "netstat-vipadcfg"]


def test_node_version_line():
    d = one("$ node --version\nv18.20.3\n")
    assert d.version == "v18.20.3" and d.line == 2


def test_same_display_in_syslog_form():
    d = one("\n".join(syslog_multi("SYSB", ["ISG343I 13.45.07 GRS STATUS", " SYSTEM STATE", " SYSB ACTIVE"], 12)))
    assert d.system == "SYSB" and d.systems[0].line == 3


def test_console_screen_prefixes_before_the_message_id():
    text = "- ISG343I 13.45.07 GRS STATUS\n SYSTEM STATE\n SYSA ACTIVE\n13.45.07 SYSA * IEA386I 13.45.06 TIMING STATUS\nSYNCHRONIZATION MODE = STP"
    assert [d.kind for d in displays(text)] == ["grs", "etr"]
