"""``D NET,VTAMOPTS`` -> IST1188I: the VTAM start options in effect.

Confirmed (z/OS Communications Server SNA Messages, IST1188I): the group is
``IST1188I VTAM level STARTED AT ...``, ``IST1349I``, ``IST1348I``, then
``IST1189I option = current_value [option = current_value]`` lines and
``IST314I END``; with FORMAT=COMPLETE or MODIFIED, IST1310I rows ``option
current original origin`` instead. Options are read as ``NAME = value`` pairs,
or from IST1310I rows, whatever the spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Display, DisplayError, Response, start

IDS = {"IST1188I": "vtamopts"}
REQUIREMENTS = {"vtamopts": "resilience"}
INNER = re.compile(r"^IST\d{3,4}[A-Z]$")
"""The other ids of the IST1188I group: lines with them continue the response."""

_PAIR = re.compile(r"\b([A-Z][A-Z0-9]{1,15})\s*=\s*([^\s,]+)")
_ROW = re.compile(r"\bIST1310I\s+([A-Z][A-Z0-9]{1,15})\s+(\S+)")


@dataclass
class VtamOptions(Display):
    options: dict[str, tuple[str, int]] = field(default_factory=dict)
    ended: bool = False

    def get(self, name: str) -> str | None:
        item = self.options.get(name.upper())
        return item[0] if item else None

    def at_option(self, name: str) -> str:
        item = self.options.get(name.upper())
        return self.at(item[1] if item else None)


def parse(resp: Response) -> VtamOptions:
    d = start(resp, VtamOptions, "vtamopts")
    for number, text in resp.lines:
        up = text.upper()
        if "IST314I" in up:
            d.ended = True
        row = _ROW.search(up)
        if row:
            d.options.setdefault(row.group(1), (row.group(2), number))
            continue
        if "IST1188I" in up:
            continue
        for key, value in _PAIR.findall(up):
            d.options.setdefault(key, (value, number))
    if not d.options:
        raise DisplayError("no 'option = value' line; the response looks cut off")
    return d
