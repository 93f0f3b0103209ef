"""``D GRS``: which systems take part in global resource serialisation.

ISG343I (reference 2.12, confirmed sample) lists ``SYSTEM STATE`` pairs, two
per line: ACTIVE in a ring, QUIESCED when suspended after a ring disruption.
UNSURE: star mode shows ``GRS STAR MODE`` and CONNECTED states; it is read
with the same pair rule, and the mode is taken from the word STAR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import NAME, Display, DisplayError, Response, start

IDS = {"ISG343I": "grs"}
REQUIREMENTS = {"grs": "shared-dasd"}

STATES = frozenset({"ACTIVE", "QUIESCED", "INACTIVE", "JOINING", "CONNECTED", "DISCONNECTED", "LEAVING",
                    "RESTARTING", "MIGRATING", "ACTIVE+DRAIN", "ACTIVE+DRAINED", "ACTIVE+QUIESCED", "RING"})


@dataclass
class GrsSystem:
    name: str
    state: str
    line: int


@dataclass
class GrsStatus(Display):
    mode: str = "ring"
    systems: list[GrsSystem] = field(default_factory=list)


def parse(resp: Response) -> GrsStatus:
    d = start(resp, GrsStatus, "grs")
    in_table = False
    for number, text in resp.lines:
        up = text.upper()
        if "STAR" in up and "GRS" in up:
            d.mode = "star"
        tokens = up.split()
        if tokens[:2] == ["SYSTEM", "STATE"]:
            in_table = True
            continue
        if not in_table:
            continue
        if len(tokens) % 2 == 0 and tokens and all(
            NAME.match(tokens[i]) and tokens[i + 1] in STATES for i in range(0, len(tokens), 2)
        ):
            d.systems += [GrsSystem(tokens[i], tokens[i + 1], number) for i in range(0, len(tokens), 2)]
        else:
            in_table = False
    if not d.systems:
        raise DisplayError("no SYSTEM/STATE rows; the response looks cut off")
    return d
