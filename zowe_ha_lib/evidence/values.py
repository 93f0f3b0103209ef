"""What a parsed display says, without where it said it: the values ``zowe-ha diff`` compares.

A display keeps the ``file:line`` of everything a check may quote, so that a
finding can send a person to the line. Those places change whenever a
capture is taken again (a SYSLOG extract of another day puts the same
response on another line), while what matters for drift is the value: a GRS
member's state, a backup rank, a port. :func:`display_values` turns a
display into plain JSON values with every place removed:

* the display's own ``kind``, ``system``, ``file``, ``line``, ``problem`` and
  ``internal`` (the first two identify it: :func:`display_key`);
* every field named ``line`` or ending in ``_line``, at any depth;
* a ``(value, line)`` pair (the parsers' way of keeping the line of a
  ``KEYWORD=value``) becomes its value, and a record that holds nothing but
  ``value`` once its line is gone (an IZUPRMxx keyword) becomes that value.

A few values change on every capture without saying anything about the
sysplex (the time a JES2 member last took the checkpoint, the connections a
distributor routes at that moment): :data:`VOLATILE` leaves them out.

A list of records (the systems of ``D GRS``, the targets of a VDPT table) is
matched item by item by a natural key (:func:`item_ids`), so that a member
that moved down a table is not reported as changed.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from .base import Display
from .izuprm import IzuPrm
from .reader import Evidence

#: the fields of every display that say where it is, not what it shows
PLACES = frozenset({"kind", "system", "file", "line", "problem", "internal"})
#: values that change on every capture: left out per display kind
VOLATILE: dict[str, frozenset[str]] = {
    "jes2-member": frozenset({"TIME", "LASTCKPT"}),
    "netstat-vcrt": frozenset({"connections"}),
}
#: fields that tell apart two displays of one kind on one system (two stacks, two XCF groups, two JES2 members)
DISCRIMINATORS = ("stack", "group", "member")
#: natural keys of list items, tried in this order; the first whose fields an item has all of wins
ITEM_KEYS: tuple[tuple[str, ...], ...] = (
    ("owner", "name"),                     # health checks
    ("ip", "port", "destxcf", "source"),   # VCRT connections
    ("ip", "port", "destxcf"),             # VIPADISTRIBUTE targets, VDPT entries
    ("ip", "mvsname", "tcpname"),          # SYSPLEX,VIPADYN rows
    ("name",),                             # GRS and XCF members, CFs, structures, mounts, ARM elements
    ("chpid",),                            # CF paths
    ("dsn",),                              # RACF data sets
    ("ip",),                               # VIPADEFINE/VIPABACKUP entries, VIPADYN entries
    ("system",),                           # SMSVSAM servers
    ("type",),
)
#: what a person types to get each display, by kind (the drift report names displays this way)
COMMANDS: dict[str, str] = {
    "cf-paths": "D CF",
    "xcf-couple": "D XCF,COUPLE",
    "xcf-policy": "D XCF,POLICY",
    "xcf-arm": "D XCF,ARMSTATUS",
    "etr": "D ETR",
    "grs": "D GRS",
    "hzs": "IBM Health Checker",
    "jes2-masdef": "$D MASDEF",
    "jes2-member": "$D MEMBER",
    "jes2-ckptdef": "$D CKPTDEF",
    "node": "node --version",
    "omvs-f": "D OMVS,F",
    "omvs-o": "D OMVS,O",
    "rvary": "RVARY LIST",
    "smsvsam": "D SMS,SMSVSAM",
    "xcf-structure": "D XCF,STR",
    "netstat-vipadcfg": "NETSTAT VIPADCFG",
    "netstat-vdpt": "NETSTAT VDPT",
    "netstat-vcrt": "NETSTAT VCRT",
    "netstat-vipadyn": "NETSTAT VIPADYN",
    "sysplex-vipadyn": "D TCPIP,,SYSPLEX,VIPADYN",
    "tcpip-group": "D TCPIP,,SYSPLEX,GROUP",
    "tcpip-not-in-sysplex": "D TCPIP,,SYSPLEX (not in the sysplex)",
    "vtamopts": "D NET,VTAMOPTS",
    "xcf-cf": "D XCF,CF",
    "xcf-cf-detail": "D XCF,CF,CFNAME=ALL",
    "xcf-sysplex": "D XCF,S,ALL",
    "xcf-group": "D XCF,GROUP",
    "izuprm": "IZUPRMxx",
}
IZUPRM = "izuprm"


def _is_place(name: str) -> bool:
    return name == "line" or name.endswith("_line")


def clean(value: Any) -> Any:
    """``value`` as plain JSON values, every line number removed (see the module notes)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: clean(getattr(value, f.name)) for f in dataclasses.fields(value) if not _is_place(f.name)}
        return out["value"] if set(out) == {"value"} else out
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], int) and not isinstance(value[1], bool) \
            and isinstance(value[0], str):
        return value[0]  # (value, line)
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def display_values(display: Display) -> dict[str, Any]:
    """The values a display shows, without its places and without values that change on every capture."""
    volatile = VOLATILE.get(display.kind, frozenset())
    out: dict[str, Any] = {}
    for f in dataclasses.fields(display):
        if f.name in PLACES or f.name in volatile or _is_place(f.name):
            continue
        value = clean(getattr(display, f.name))
        if isinstance(value, dict):  # KEYWORD=value displays: a volatile keyword goes too
            value = {k: v for k, v in value.items() if k not in volatile}
        out[f.name] = value
    return out


def evidence_values(evidence: Evidence) -> list[dict[str, Any]]:
    """Every usable display and IZUPRMxx member of ``evidence`` as ``{display, system, where, values}``, in file order.

    ``where`` (``file:line``) is kept for people, never compared. Displays
    that could not be read are left out: the checks report them, and a
    display that says nothing has no values to compare.
    """
    out = [{"display": d.kind, "system": d.system, "where": d.where, "values": display_values(d)}
           for d in evidence.displays if d.usable]
    out += [{"display": IZUPRM, "system": m.system, "where": m.file, "values": izuprm_values(m)} for m in evidence.izuprm]
    return out


def izuprm_values(member: IzuPrm) -> dict[str, Any]:
    """An IZUPRMxx member's keywords and values (the file it came from is its place)."""
    return {"values": clean(member.values), "duplicates": list(member.duplicates)}


def display_key(kind: str, system: str | None, values: dict[str, Any]) -> str:
    """``grs@SYSA``, ``netstat-vdpt@SYSA:TCPIP``: which display this is, for matching a baseline's with today's."""
    parts = [str(values[d]) for d in DISCRIMINATORS if isinstance(values.get(d), str | int) and values.get(d) != ""]
    return f"{kind}@{system or '-'}" + "".join(f":{p}" for p in parts)


def label(kind: str) -> str:
    """How a person knows the display of ``kind`` (its command), or the kind itself."""
    return COMMANDS.get(kind, kind)


def _item_key(item: dict[str, Any]) -> tuple[str, ...] | None:
    for names in ITEM_KEYS:
        if all(n in item for n in names):
            return names
    return None


def item_ids(items: list[Any]) -> list[str] | None:
    """A label per list item (``SYSB``, ``203.0.113.50,7554,198.51.100.12``); None when the list is not of records.

    The label is the item's natural key (:data:`ITEM_KEYS`); an item whose key
    another item of the list also has gets ``#2``, ``#3``... in list order.
    """
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    ids: list[str] = []
    for position, item in enumerate(items):
        names = _item_key(item)
        if names is None:
            ids.append(str(position))
            continue
        ids.append(",".join("-" if item.get(n) in (None, "") else str(item[n]) for n in names))
    seen: Counter[str] = Counter()
    out = []
    for ident in ids:
        seen[ident] += 1
        out.append(ident if seen[ident] == 1 else f"{ident}#{seen[ident]}")
    return out
