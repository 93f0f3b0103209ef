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
