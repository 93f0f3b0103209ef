"""``D SMS,SMSVSAM``: is the SMSVSAM (VSAM RLS) server up on each system.

UNSURE (reference 2.8): the layout is from memory: ``IGW420I DISPLAY
SMS,SMSVSAM - ALL SERVERS STATUS`` (often after a bare IEE932I line), then
one ``SYSNAME: name  status ...`` line per system. Rows are found by the
``SYSNAME:`` field name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Display, DisplayError, Response, start

IDS = {"IGW420I": "smsvsam"}
REQUIREMENTS = {"smsvsam": "vsam-rls"}

_ROW = re.compile(r"SYSNAME\s*:\s*([A-Z0-9$#@]{1,8})\s+([A-Z][A-Z\-]*)")
GOOD = frozenset({"AVAILABLE", "ACTIVE"})


@dataclass
class Server:
    system: str
    status: str
    line: int


@dataclass
class SmsVsam(Display):
    servers: list[Server] = field(default_factory=list)


def parse(resp: Response) -> SmsVsam:
    d = start(resp, SmsVsam, "smsvsam")
    for number, text in resp.lines:
        m = _ROW.search(text.upper())
        if m:
            d.servers.append(Server(m.group(1), m.group(2), number))
    if not d.servers:
        raise DisplayError("no 'SYSNAME:' server line; the response looks cut off")
    return d
