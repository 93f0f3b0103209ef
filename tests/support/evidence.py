"""Builders for evidence text in the capture forms the reader understands."""

from __future__ import annotations

from zowe_ha_lib.evidence.base import Response
from zowe_ha_lib.evidence.reader import parse_response, scan_text


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

