"""``D XCF,STR,STRNAME=name|ALL`` -> IXC360I: one coupling facility structure in detail.

Reference 2.5 (confirmed field set): ``STRNAME:``, ``STATUS:``, ``TYPE:``,
``POLICY SIZE``, ``PREFERENCE LIST``, ``ALLOCATION TIME``, ``CFNAME:`` and the
connection list. The message repeats per structure, each starting with
``STRNAME:``. UNSURE: the exact spacing and that the preference list may
continue on the next line; both are handled (the list is read as the CF names
after ``PREFERENCE LIST`` and on following lines of names only). Where a
structure is allocated is the ``CFNAME`` of its ``ACTIVE STRUCTURE`` section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import NAME, Display, DisplayError, Response, start

IDS = {"IXC360I": "xcf-structure"}
REQUIREMENTS = {"xcf-structure": "resilience"}

_FIELD = re.compile(r"^\s*([A-Z][A-Z /]*?)\s*:\s*(.*)$")
# Words of the lines that may follow the preference list; a line of CF names holds none of them.
_NOT_CF = frozenset({"EXCLUSION", "LIST", "IS", "EMPTY", "ACTIVE", "STRUCTURE", "ENFORCEORDER", "POLICY", "INFORMATION",
                     "CONNECTION", "CONNECTIONS", "ALLOCATION", "STATUS", "NAME", "PENDING", "REBUILD", "DUPLEX"})


@dataclass
class Structure:
    name: str
    line: int
    status: str | None = None
    type: str | None = None
    preference: list[str] = field(default_factory=list)
    preference_line: int | None = None
    cf: str | None = None  # where the active instance is allocated
    cf_line: int | None = None
    duplex: str | None = None


@dataclass
class Structures(Display):
    structures: list[Structure] = field(default_factory=list)

    def named(self, name: str) -> Structure | None:
        return next((s for s in self.structures if s.name == name), None)


def parse(resp: Response) -> Structures:
    d = start(resp, Structures, "xcf-structure")
    current: Structure | None = None
    in_preference = False
    for number, text in resp.lines:
        up = text.upper()
        m = _FIELD.match(up)
        if m is None:
            tokens = up.split()
            if in_preference and current is not None and tokens and all(NAME.match(t) and t not in _NOT_CF for t in tokens):
                current.preference += tokens
            else:
                in_preference = False
            continue
        key, value = " ".join(m.group(1).split()), m.group(2).strip()
        in_preference = False
        if key == "STRNAME":
            name = value.split()[0] if value.split() else ""
            current = Structure(name, number)
            d.structures.append(current)
            continue
        if current is None:
            continue
        first = value.split()[0] if value.split() else ""
        if key == "STATUS" and current.status is None:
            current.status = value
        elif key == "TYPE" and current.type is None:
            current.type = first or None
        elif key == "PREFERENCE LIST":
            current.preference = [t for t in value.split() if NAME.match(t)]
            current.preference_line, in_preference = number, True
        elif key == "CFNAME" and NAME.match(first):
            current.cf, current.cf_line = first, number
        elif key == "DUPLEX" and current.duplex is None:
            current.duplex = first or None
    if not d.structures:
        raise DisplayError("no 'STRNAME:' line; the response looks cut off")
    return d
