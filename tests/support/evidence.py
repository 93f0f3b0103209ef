"""Builders for evidence text in the capture forms the reader understands, and IBM-layout samples."""

from __future__ import annotations

from zowe_ha_lib.evidence.base import Response
from zowe_ha_lib.evidence.reader import decode, parse_response, scan_text

from .paths import EXAMPLE, FAULTY


def syslog_first(rtype: str, system: str, text: str, time: str = "13:45:01.12", job: str = "") -> str:
    return f"{rtype}R0000000 {system:<8} 24330 {time} {job:<8} 00000090  {text}"


def syslog_cont(rtype: str, cid: int, text: str) -> str:
    return f"{rtype}R{'':<38}{cid:>4} 00000090   {text}"


def syslog_multi(system: str, lines: list[str], cid: int, end: bool = True) -> list[str]:
    """A multi-line message: M line ending in the message number, D lines, E line (unless cut off)."""
    out = [syslog_first("M", system, f"{lines[0]} {cid}")]
    body = lines[1:]
    for i, text in enumerate(body):
        rtype = "E" if end and i == len(body) - 1 else "D"
        out.append(syslog_cont(rtype, cid, text))
    return out


def responses(text: str, folder: str | None = "SYSA", systems=("SYSA", "SYSB", "SYSC")) -> list[Response]:
    found, _, _ = scan_text(text, "evidence/SYSA/x.txt", folder, systems)
    return found


def displays(text: str, folder: str | None = "SYSA"):
    return [parse_response(r) for r in responses(text, folder)]


def one(text: str, folder: str | None = "SYSA"):
    found = displays(text, folder)
    assert len(found) == 1, found
    return found[0]


# -- a corpus of displays in IBM's layout ---------------------------------------------------------

# Table layouts the example records do not use, after IBM's documented formats (the reference notes say
# which are confirmed): the variants the header-driven reader must handle.
SYSPLEX_MASKS = (
    "EZZ8260I SYSPLEX CS V2R1 263",
    "VIPA DYNAMIC DISPLAY FROM TCPCS    AT VIC142",
    "IPADDR: 203.0.113.11  LINKNAME: VIPLC9020A0B",
    "  ORIGIN: VIPADEFINE",
    "  TCPNAME  MVSNAME  STATUS RANK ADDRESS MASK    NETWORK PREFIX  DIST",
    "  -------- -------- ------ ---- --------------- --------------- ----",
    "  TCPCS    VIC142   ACTIVE      255.255.255.192 203.0.113.0      BOTH",
    "  TCPCS2   VIC143   BACKUP 100                                  DEST",
    "  TCPCS3   VIC144   MOVING      255.255.255.192 203.0.113.0      DEST",
    "IPADDR: 2001:DB8::1",
    "  ORIGIN: VIPADEFINE",
    "  TCPNAME  MVSNAME  STATUS RANK DIST",
    "  -------- -------- ------ ---- ----",
    "  TCPCS    VIC142   ACTIVE      DIST",
    "  TCPCS4   VIC145   QUIESCING   DEST",
    "5 OF 5 RECORDS DISPLAYED",
    "END OF THE REPORT",
)
GRS_STAR = ("ISG343I 13.45.07 GRS STATUS 348", " SYSTEM    STATE               SYSTEM    STATE",
            " SYSA      CONNECTED           SYSB      CONNECTED", " SYSC      CONNECTED", " GRS STAR MODE INFORMATION",
            "   LOCK STRUCTURE (ISGLOCK) CONTAINS 1048576 LOCKS.", "   THE CONTENTION NOTIFYING SYSTEM IS SYSA")
GRS_RING = ("18.40.07 ISG343I 18:40:06 GRS STATUS 340", "SYSTEM    STATE               SYSTEM    STATE",
            "SYS2      ACTIVE              SYS1      ACTIVE", "SYS3      QUIESCED            SYS4      QUIESCED")
SYSTEMS = ("IXC335I  13.45.03  DISPLAY XCF 343", "SYSTEM   TYPE SERIAL LPAR STATUS TIME          SYSTEM STATUS",
           "SYSA     3906 04A1B2  0E  11/25/2024 13:45:02  ACTIVE     TM=STP",
           "SYSB     3906 04A1B2  0F  11/25/2024 13:45:01  MONITOR-DETECTED STOP  TM=STP",
           "SYSC     3906 04C3D4  0A  11/25/2024 13:45:02  BEING REMOVED  TM=LOCAL",
           "SYSPLEX INITIALIZATION TIME: 10/02/2024 06:11:52")
GROUP = ("IXC333I 13.45.05 DISPLAY XCF 345", "INFORMATION FOR GROUP IRRXCF00", "    MEMBER NAME:        SYSTEM:    JOB ID:    STATUS:",
         "    SYSA                SYSA       RACF       ACTIVE", "    SYSB                SYSB       RACF       FAILED",
         "    SYSC_IRR00          SYSC       RACF       QUIESCED")
CF_LIST = ("IXC361I  13.45.01  DISPLAY XCF 341", "  CFNAME     COUPLING FACILITY                SITE",
           "  CF01       003906.IBM.02.00000004A1B2      N/A", "             PARTITION: 0E  CPCID: 00",
           "  CF02       003906.IBM.02.00000004C3D4", "             MAINTENANCE MODE")
D_CF = ("IXL150I  13.45.20  DISPLAY CF 520", "COUPLING FACILITY 003906.IBM.02.00000004A1B2", "                  PARTITION: 0E  CPCID: 00",
        "NAMED CF01", "COUPLING FACILITY SPACE UTILIZATION", " SENDER PATH      PHYSICAL   LOGICAL   CHANNEL TYPE   AID  PORT",
        "  80               ONLINE     ONLINE     CS5          0001 01", "  81               OFFLINE    OFFLINE    CS5          0001 02",
        "COUPLING FACILITY 003906.IBM.02.00000004C3D4", "NAMED CF02", " SENDER PATH      PHYSICAL   LOGICAL   CHANNEL TYPE",
        "  90               OFFLINE    ONLINE     CL5")
ARM = ("IXC392I 13.45.08 DISPLAY XCF 352", "ARM RESTARTS ARE ENABLED",
       "-------------- ELEMENT STATE SUMMARY --------------  -TOTAL-   -MAX-", "STARTING AVAILABLE   FAILED RESTARTING RECOVERING",
       "       0         2        0          0          0        2     200", "RESTART GROUP:ZOWE             PACING :    0  FREECSA:    2048    2048",
       "ELEMENT NAME       STATE     CURR     INIT     JOBNAME  ASID LEVEL", "                             SYS      SYS",
       "ZWESYSA            AVAILABLE SYSA     SYSA     ZWE1SV   0051     2", "ZWESYSB            FAILED    N/A      SYSB     N/A      N/A      2")
ARM_DETAIL = ("IXC392I 13.45.08 DISPLAY XCF 353", "ARM RESTARTS ARE ENABLED", "ELEMENT NAME :ZWESYSA          JOBNAME :ZWE1SV   STATE   :AVAILABLE",
              " CURR SYS :SYSA     JOBTYPE :STC      ASID    :0051", " INIT SYS :SYSA     JESGROUP:XCFJES2  TERMTYPE:ELEMTERM")
CK_PANEL = ("SDSF HEALTH CHECKS  SYSB                                 LINE 1-4 (4)",
            "NP   NAME                             CheckOwner       State              Status",
            "     GRS_MODE                         IBMGRS           ACTIVE(ENABLED)    EXCEPTION-MED",
            "     XCF_CF_CONNECTIVITY              IBMXCF           INACTIVE(ENABLED)  INACTIVE",
            "     XCF_SFM_ACTIVE                   IBMXCF           ACTIVE(DISABLED)   ENV N/A",
            "     USS_FILESYS_CONFIG               IBMUSS           ACTIVE(ENABLED)    SUCCESSFUL")
VDPT_SHORT = ("MVS TCP/IP NETSTAT CS V1R12       TCPIP Name: TCPCS           18:25:13", "Dynamic VIPA Destination Port Table for TCP/IP stacks:",
              "Dest IPaddr     DPort DestXCF Addr    Rdy TotalConn  WLM TSR Flg", "--------------- ----- --------------- --- ---------- --- --- ---",
              "203.0.113.15     05000 198.51.100.2     001 0000000004 01  100 Active", "203.0.113.15     05000 198.51.100.3     000 0000000000 01  000 Backup")
VCRT_SHORT = ("MVS TCP/IP NETSTAT CS V1R12       TCPIP Name: TCPCS           18:25:20", "Dynamic VIPA Connection Routing Table:",
              "Dest IPaddr     DPort Src IPaddr      SPort DestXCF Addr", "--------------- ----- --------------- ----- ---------------",
              "203.0.113.15     05000 198.51.100.77   01028 198.51.100.2", "203.0.113.15     05000 198.51.100.78   01029 198.51.100.2")
VCRT_LONG = ("MVS TCP/IP NETSTAT CS V2R5       TCPIP Name: TCPIP           13:46:30", "Dynamic VIPA Connection Routing Table:",
             "Dest:        203.0.113.50..7554", "  Source:    198.51.100.77..1028", "  DestXCF:   198.51.100.11")
VIPADYN_SHORT = ("MVS TCP/IP NETSTAT CS V2R5  TCPIP Name: TCPIP  13:46:12", "Dynamic VIPA:",
                 "  IP Address      Status    AddressMask     DistStat  Origination",
                 "  203.0.113.50    Backup    255.255.255.0   Dest      VIPABackup")



#: More displays the parsers read, beyond the examples, in the variants of IBM's layouts.
HZS_BUFFER = ("CHECK(IBMXCF,XCF_CDS_SEPARATION)", "SYSPLEX:    PLEX1     SYSTEM: SYSC", "START TIME: 11/25/2024 13:40:00.123456",
              "CHECK DATE: 20050720  CHECK SEVERITY: MEDIUM", "* Medium Severity Exception *",
              "IXCH0242E The sysplex and CFRM couple data sets share a volume.", "END TIME: 11/25/2024 13:40:00.234567  STATUS: EXCEPTION-MED")
LAYOUT_SAMPLES: tuple[tuple[str, ...], ...] = (
    SYSPLEX_MASKS, GRS_STAR, GRS_RING, SYSTEMS, GROUP, CF_LIST, D_CF, ARM, ARM_DETAIL, CK_PANEL, VDPT_SHORT, VCRT_SHORT, VCRT_LONG,
    VIPADYN_SHORT, HZS_BUFFER,
    ("HZS0002E CHECK(IBMXCF,XCF_CF_CONNECTIVITY): IXCH0448E SYSB HAS NO CONNECTIVITY TO CF02",),
    ("IXC362I  13.45.02  DISPLAY XCF 342", "  CFNAME: CF01", "    COUPLING FACILITY     : 003906.IBM.02.00000004A1B2",
     "                            PARTITION: 0E  CPCID: 00", "    CONNECTED SYSTEMS:", "       SYSA     SYSB",
     "    STRUCTURES:", "       IRRXCF00_P001(PND)   ISGLOCK        IXC_DEFAULT_1", "  CFNAME: CF02",
     "    CONNECTED SYSTEMS:     SYSC", "    STRUCTURES:", "       IRRXCF00_B001"),
    ("IXC358I  13.45.08  DISPLAY XCF", "CFRM COUPLE DATA SETS", "PRIMARY   DSN: SYS1.CFRM.CDS01", "          VOLSER: CDSVL1  DEVN: 1A10",
     "SFM NOT IN USE BY ANY SYSTEM"),
    ("IXC364I 13.45.08 DISPLAY XCF", "  TYPE: SFM", "  POLICY NOT STARTED"),
    ("IXC360I  13.45.09  DISPLAY XCF", "STRNAME: IGWLOCK00", " STATUS: ALLOCATED", " TYPE: LOCK", "  PREFERENCE LIST: CF01     CF02",
     "                   CF03", "  ENFORCEORDER   : NO", "  CFNAME         : CF02"),
    ("IST1188I VTAM CSV2R5 STARTED AT 06:12:40 ON 10/02/24", "IST1349I COMPONENT ID IS 5695-11701-250",
     "IST1189I XCFINIT  = NO                  XCFGRPID = ***NA***", "IST314I END"),
    ("EZZ8270I SYSPLEX GROUP FOR TCPCS AT VIC142 IS EZBT0102",),
    ("$HASP829 CKPTDEF  CKPT1=(DSNAME=SYS1.JESCKPT1,VOLSER=SPOOL1,INUSE=YES,", "$HASP829          VOLATILE=NO),",
     "$HASP829          CKPT2=(DSNAME=SYS1.JESCKPT2,VOLSER=SPOOL2,INUSE=NO),MODE=DUPLEX,DUPLEX=OFF"),
)

#: Families the example records do not capture, in the layouts the parsers document.
EXTRA_DISPLAYS: tuple[tuple[str, ...], ...] = (
    ("IXC332I 13.45.05 DISPLAY XCF", "GROUP IRRXCF00:  SYSA  SYSB", "    SYSC"),
    ("IXC336I  13.45.03  DISPLAY XCF", "SYSTEM   TYPE SERIAL LPAR STATUS TIME          SYSTEM STATUS",
     "SYSA     3906 4A1B   0E   11/25/2024 13:45:01  ACTIVE   TM=STP",
     "SYSB     3906 4A1B   0F   11/25/2024 13:45:02  ACTIVE   TM=STP"),
    ("EZZ8269I TCPIP SYSC IS NOT A MEMBER OF A SYSPLEX GROUP",),
    ("EZZ2502I STACK IS NOT A MEMBER OF THE SYSPLEX GROUP",),
    ("EZZ2503I ALL DVIPA CONFIGURATION INACTIVE",),
    ("MVS TCP/IP NETSTAT CS V2R5  TCPIP Name: TCPIP  13:46:12", "Dynamic VIPA:",
     "  IP Address      AddressMask     Status    Origination     DistStat",
     "  203.0.113.50    255.255.255.0   Backup    VIPABackup      Dest"),
    # NETSTAT VCRT (read by the failover drills): the TSO form and the console form
    ("MVS TCP/IP NETSTAT CS V2R5  TCPIP Name: TCPIP  13:46:14", "Dynamic VIPA Connection Routing Table:",
     "Dest:       203.0.113.50..7554", "  Source:   192.0.2.10..40123", "  DestXCF:  198.51.100.11",
     "Dest:       203.0.113.50..7554", "  Source:   192.0.2.11..40124", "  DestXCF:  198.51.100.12"),
    ("EZD0101I NETSTAT CS V2R5 TCPIP 416", "DYNAMIC VIPA CONNECTION ROUTING TABLE:", "DEST:       203.0.113.50..443",
     "  SOURCE:   192.0.2.10..40123", "  DESTXCF:  198.51.100.11", "1 OF 1 RECORDS DISPLAYED", "END OF THE REPORT"),
    *LAYOUT_SAMPLES,
)


def ibm_layout_displays() -> list[tuple[str, ...]]:
    """Every response in the example records' evidence (prefixes removed), plus :data:`EXTRA_DISPLAYS`.

    Each is the text lines of one command response as IBM prints it, the
    seed for the mutation properties of the evidence tests.
    """
    found: list[tuple[str, ...]] = []
    for record in (EXAMPLE, FAULTY):
        for path in sorted((record / "evidence").rglob("*.txt")):
            folder = path.parent.name
            text = decode(path.read_bytes())
            for resp in scan_text(text, path.name, folder, ("SYSA", "SYSB", "SYSC"))[0]:
                found.append(tuple(line for _n, line in resp.lines))
    return [*dict.fromkeys(found), *EXTRA_DISPLAYS]
