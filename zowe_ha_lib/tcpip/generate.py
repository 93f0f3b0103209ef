"""TCP/IP profile statements for one system of a change record.

The output is meant to be copied unchanged into an OBEYFILE data set (and,
once tested, into PROFILE.TCPIP), so it follows the safe layout rules rather
than the loosest ones z/OS accepts:

* every line fits in columns 1-71 (FB-80 data sets may read 72-80 as data,
  and TCP/IP profiles forbid sequence numbers, so nothing goes there);
* a statement longer than a line continues on the next line, which needs no
  continuation character in a TCP/IP profile;
* comments sit on lines of their own and start with ``;``, so no argument is
  ever followed by a ``;`` without the blank z/OS requires;
* keywords are written in full and upper case, so that a reader searching
  IBM's documentation finds them.

The statements themselves follow the Zowe page's hot-standby sample, with
two deliberate additions explained in the generated comments: VIPADEFINE and
VIPABACKUP say ``MOVEABLE IMMEDIATE mask`` explicitly, and every stack that
backs the distributor up gets a VIPABACKUP and the same VIPADISTRIBUTE.

Who owns and backs up each DVIPA, and the layout helpers, are in
:mod:`.plan` (the operator sheet uses them too); :mod:`.outputs` puts the
statements, the sheet and the JSON form together.
"""

from __future__ import annotations

from ..record.model import ChangeRecord, Distribution
from .plan import INDENT, DvipaGroup, comment, distribute_address, roles, statement

# --------------------------------------------------------------------------- statements


def _address_part(dist: Distribution) -> list[str]:
    """``mask dvipa`` for IPv4, ``intfname dvipa`` for IPv6 (VIPADEFINE/VIPABACKUP)."""
    if dist.ip_version == 6:
        return [dist.interface or "", dist.dvipa]
    return [dist.mask or "255.255.255.255", dist.dvipa]


def ipconfig_lines(record: ChangeRecord, system_name: str) -> list[str]:
    """``IPCONFIG SYSPLEXROUTING DYNAMICXCF addr mask cost`` (IPv6: IPCONFIG6 DYNAMICXCF)."""
    system = record.system(system_name)
    plex = record.sysplex
    if system.ip_version == 6:
        return (
            comment("Join the sysplex routing and the IPv6 dynamic XCF network; the address is this stack's DESTIP.")
            + statement([["IPCONFIG", "SYSPLEXROUTING"]])
            + statement([["IPCONFIG6", "DYNAMICXCF", system.dynamic_xcf]])
        )
    return comment(
        "Join sysplex routing and dynamic XCF; this address is this stack's DESTIP."
    ) + statement([["IPCONFIG", "SYSPLEXROUTING", "DYNAMICXCF", system.dynamic_xcf, plex.dynamic_xcf_mask, str(plex.dynamic_xcf_cost)]])


def vipadefine_lines(group: DvipaGroup) -> list[str]:
    text = (
        f"Owner and distributor of DVIPA {group.dvipa}. MOVEABLE IMMEDIATE: when this stack"
        " starts again after a backup took the DVIPA over, it takes it back at once."
    )
    return comment(text, INDENT) + statement([["VIPADEFINE", "MOVEABLE", "IMMEDIATE", *_address_part(group.first)]], INDENT)


def vipabackup_lines(group: DvipaGroup, system: str) -> list[str]:
    rank = group.rank(system)
    text = (
        f"Takes DVIPA {group.dvipa} over if {group.owner}'s stack fails (rank {rank}, higher first)."
        " The Zowe sample has no VIPABACKUP: losing that stack loses the DVIPA."
        " MOVEABLE IMMEDIATE and the mask let this stack create it when IPLed first."
    )
    return comment(text, INDENT) + statement(
        [["VIPABACKUP", str(rank), "MOVEABLE", "IMMEDIATE", *_address_part(group.first)]], INDENT
    )


def distribute_options(dist: Distribution) -> list[str]:
    """The pre-address options: method plus the non-default switches only."""
    options = ["DISTMETHOD", "HOTSTANDBY"]
    if not dist.autoswitchback:
        options.append("NOAUTOSWITCHBACK")
    if not dist.healthswitch:
        options.append("NOHEALTHSWITCH")
    return options


def vipadistribute_lines(record: ChangeRecord, dist: Distribution, backup_distributor: bool) -> list[str]:
    targets = record.targets(dist)
    why = f"{dist.name}, port {' '.join(str(p) for p in dist.ports)}: {dist.preferred} first, then backups by rank."
    if backup_distributor:
        why += " Same as on the owner: used after a takeover."
    groups = [["VIPADISTRIBUTE", "DEFINE", *distribute_options(dist), distribute_address(dist)]]
    groups.append(["PORT", *(str(p) for p in dist.ports), "DESTIP"])
    for t in targets:
        groups.append([t.destip, "PREFERRED"] if t.role == "preferred" else [t.destip, "BACKUP", str(t.rank)])
    return comment(why, INDENT) + statement(groups, INDENT)


# --------------------------------------------------------------------------- whole profiles


def vipadynamic_lines(record: ChangeRecord, system_name: str) -> list[str]:
    """The VIPADYNAMIC block, or nothing for a stack that is only a target."""
    name = system_name.upper()
    body: list[str] = []
    for group, role in roles(record, name):
        body += vipadefine_lines(group) if role == "owner" else vipabackup_lines(group, name)
        for dist in group.distributions:
            body += vipadistribute_lines(record, dist, backup_distributor=(role == "backup"))
    if not body:
        return []
    return ["VIPADYNAMIC", *body, "ENDVIPADYNAMIC"]


def generate_profile(record: ChangeRecord, system_name: str) -> str:
    """OBEYFILE-ready profile statements for one system (text ending in a newline).

    Raises KeyError for a system that is not in the record.
    """
    system = record.system(system_name)
    head = comment(f"zowe-ha: {record.id} on sysplex {record.sysplex.name}, statements for {system.name}.")
    lines = head + ipconfig_lines(record, system.name)
    block = vipadynamic_lines(record, system.name)
    if block:
        lines += block
    else:
        lines += comment(f"{system.name} is a hot-standby target only: no VIPADYNAMIC statements.")
    return "\n".join(lines) + "\n"


def distribution_json(record: ChangeRecord, dist: Distribution) -> dict:
    """One distribution in the shape of the contract's ``lint --json`` item, plus names."""
    return {
        "name": dist.name,
        "role": dist.role,
        "dvipa": dist.dvipa,
        "ports": list(dist.ports),
        "method": "HOTSTANDBY",
        "autoswitchback": dist.autoswitchback,
        "healthswitch": dist.healthswitch,
        "distributor": dist.distributor,
        "distributor_backups": [
            {"system": s, "rank": dist.distributor_backup_rank(s)} for s in dist.distributor_backups
        ],
        "targets": [
            {"system": t.system, "destip": t.destip, "role": t.role, "rank": t.rank} for t in record.targets(dist)
        ],
    }
