"""``D ETR``: the timing mode of the system (Sysplex Timer or STP).

IEA282I is the ETR-mode reply, ``SYNCHRONIZATION MODE=mode`` with mode ETR
or LOCAL, plus ``THIS SERVER IS PART OF TIMING NETWORK ctnid`` on an STP
server (reference 2.7, confirmed). IEA386I is the STP-mode reply
(reference 6, confirmed by IBM's message page and a captured reply):
``SYNCHRONIZATION MODE = STP``, ``THIS SERVER IS A STRATUM n``, ``CTN ID =
...``; read by field name with any spacing around ``=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Display, DisplayError, Response, start

IDS = {"IEA282I": "etr", "IEA386I": "etr"}
REQUIREMENTS = {"etr": "sysplex-timer"}

_MODE = re.compile(r"SYNCHRONIZATION\s+MODE\s*=\s*([A-Z]+)")
_CTN = re.compile(r"(?:TIMING\s+NETWORK|CTN\s+ID\s*=)\s*([A-Z0-9_\-]+)")
_STRATUM = re.compile(r"STRATUM\s+([0-9]{1,9})\b")


@dataclass
class Timing(Display):
    mode: str | None = None
    mode_line: int | None = None
    ctn: str | None = None
    stratum: int | None = None


def parse(resp: Response) -> Timing:
    d = start(resp, Timing, "etr")
    for number, text in resp.lines:
        up = text.upper()
        m = _MODE.search(up)
        if m and d.mode is None:
            d.mode, d.mode_line = m.group(1), number
        m = _CTN.search(up)
        if m and d.ctn is None:
            d.ctn = m.group(1)
        m = _STRATUM.search(up)
        if m and d.stratum is None:
            d.stratum = int(m.group(1))
    if d.mode is None:
        raise DisplayError("no 'SYNCHRONIZATION MODE' line; the response looks cut off")
    return d
