"""``RVARY LIST``: the RACF database in use and whether it is shared in data sharing mode.

UNSURE (reference 2.11): the layout is from memory: ``ICH15013I RACF DATABASE
STATUS:``, a table ``ACTIVE USE NUM VOLUME DATASET`` with rows such as ``YES
PRIM 1 RACF01 SYS1.RACF.PRIM``, a line naming the mode (``DATA SHARING MODE``
or ``NON-DATA SHARING MODE``), and ``ICH15020I`` at the end. Rows are found by
their shape (YES/NO, PRIM/BACK, a number, a volume, a data set name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Display, DisplayError, Response, start

IDS = {"ICH15013I": "rvary"}
REQUIREMENTS = {"rvary": "shared-saf"}

_ROW = re.compile(r"^\s*(YES|NO)\s+(PRIM|BACK)\s+([0-9]{1,9})\s+([A-Z0-9$#@*]{1,6})\s+([A-Z0-9$#@.\-]{1,44})\s*$")


@dataclass
class RacfDataset:
    active: bool
    use: str
    num: int
    volume: str
    dsn: str
    line: int


@dataclass
class RacfStatus(Display):
    datasets: list[RacfDataset] = field(default_factory=list)
    sharing: str | None = None  # "data-sharing", "non-data-sharing" or None when not shown
    sharing_line: int | None = None

    def primaries(self) -> list[RacfDataset]:
        return [r for r in self.datasets if r.use == "PRIM" and r.active]


def parse(resp: Response) -> RacfStatus:
    d = start(resp, RacfStatus, "rvary")
    for number, text in resp.lines[1:]:
        up = text.upper()
        m = _ROW.match(up)
        if m:
            d.datasets.append(RacfDataset(m.group(1) == "YES", m.group(2), int(m.group(3)), m.group(4), m.group(5), number))
            continue
        if "SHARING" in up and d.sharing is None:
            squashed = up.replace("-", " ")
            if re.search(r"\bNON\s*DATA\s+SHARING\b", squashed):
                d.sharing, d.sharing_line = "non-data-sharing", number
            elif re.search(r"\bDATA\s+SHARING\b", squashed):
                d.sharing, d.sharing_line = "data-sharing", number
    if not d.datasets:
        raise DisplayError("no RACF data set row (ACTIVE USE NUM VOLUME DATASET); the response looks cut off")
    return d
