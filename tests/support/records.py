"""Test helpers for generation, failover and pictures: build records in memory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from zowe_ha_lib.record.load import check_mapping
from zowe_ha_lib.record.model import ChangeRecord

# The Zowe page's two-system example, with documentation addresses for
# x.x.x.A, x.x.x.B and x.x.x.V.
ADDR_A = "198.51.100.1"
ADDR_B = "198.51.100.2"
ADDR_V = "203.0.113.10"

PAGE_SAMPLE = f"""\
IPCONFIG SYSPLEXROUTING DYNAMICXCF {ADDR_A} 255.255.255.0 1
 VIPADYNAMIC
  VIPADEFINE  255.255.255.0 {ADDR_V}
  VIPADISTRIBUTE DEFINE DISTM HOTSTANDBY {ADDR_V}
    PORT 7554 DESTIP
     {ADDR_A}  PREFERRED
     {ADDR_B}  BACKUP
 ENDVIPADYNAMIC
"""


def two_system_mapping() -> dict[str, Any]:
    """The page's example as a change record mapping."""
    return {
        "change": {"id": "PAGE", "title": "The Zowe page's two-system example", "zowe_release": "v1"},
        "sysplex": {
            "name": "PLEX",
            "systems": [
                {"name": "SYSA", "dynamic_xcf": ADDR_A, "hostname": "sysa.example.com"},
                {"name": "SYSB", "dynamic_xcf": ADDR_B, "hostname": "sysb.example.com"},
            ],
        },
        "distributions": [
            {"name": "zowe-gateway", "dvipa": ADDR_V, "hostname": "zowe.example.com",
             "ports": [7554], "preferred": "SYSA", "backups": ["SYSB"]},
        ],
    }


def systems(n: int) -> list[dict[str, Any]]:
    return [
        {"name": f"SYS{chr(65 + i)}", "dynamic_xcf": f"198.51.100.{11 + i}", "hostname": f"sys{chr(97 + i)}.example.com"}
        for i in range(n)
    ]


def build(mapping: dict[str, Any]) -> ChangeRecord:
    """A validated record from a mapping; fails the test with the problems otherwise."""
    record, problems = check_mapping(copy.deepcopy(mapping), Path("."))
    assert record is not None, "\n".join(str(p) for p in problems)
    return record


def page_record(**dist_overrides: Any) -> ChangeRecord:
    mapping = two_system_mapping()
    mapping["distributions"][0].update(dist_overrides)
    return build(mapping)


def tokens(text: str) -> list[str]:
    """Profile text as tokens: comments dropped, case folded (IBM's rules, simplified)."""
    out: list[str] = []
    for line in text.splitlines():
        words = []
        for word in line.split():
            if word.startswith(";"):
                break
            words.append(word.upper())
        out += words
    return out


def record_mappings():
    """Hypothesis strategy: valid change record mappings with 2-6 systems and 1-4 distributions.

    DVIPAs are drawn from a small pool so that several distributions often
    share one (and then share its distributor and VIPABACKUP stacks, as the
    record rules demand). Helper for generate/parse round-trip properties.
    """
    from hypothesis import strategies as st

    @st.composite
    def build_mapping(draw):
        n = draw(st.integers(2, 6))
        names = [f"SYS{chr(65 + i)}" for i in range(n)]
        plex_systems = [{"name": nm, "dynamic_xcf": f"198.51.100.{11 + i}"} for i, nm in enumerate(names)]
        mask = draw(st.sampled_from(["255.255.255.0", "255.255.255.240", "/16"]))
        cost = draw(st.integers(0, 255))
        count = draw(st.integers(1, 4))
        dvipas = draw(st.lists(st.sampled_from(["203.0.113.50", "203.0.113.51", "203.0.113.52"]),
                               min_size=count, max_size=count))
        per_dvipa = {}
        for dvipa in dict.fromkeys(dvipas):
            owner = draw(st.sampled_from(names))
            others = [x for x in names if x != owner]
            backs = draw(st.lists(st.sampled_from(others), unique=True, min_size=1, max_size=len(others)))
            dmask = draw(st.sampled_from(["255.255.255.0", "255.255.255.255", "255.255.255.192"]))
            per_dvipa[dvipa] = (owner, backs, dmask)
        dists = []
        next_port = {d: 7000 for d in per_dvipa}
        for i, dvipa in enumerate(dvipas):
            owner, backs, dmask = per_dvipa[dvipa]
            preferred = draw(st.sampled_from(names))
            others = [x for x in names if x != preferred]
            backups = draw(st.lists(st.sampled_from(others), unique=True, min_size=1, max_size=len(others)))
            nports = draw(st.integers(1, 3))
            ports = list(range(next_port[dvipa], next_port[dvipa] + nports))
            next_port[dvipa] += nports
            dists.append({
                "name": "zowe-gateway" if i == 0 else f"dist{i}", "dvipa": dvipa, "mask": dmask, "ports": ports,
                "preferred": preferred, "backups": backups,
                "autoswitchback": draw(st.booleans()), "healthswitch": draw(st.booleans()),
                "distributor": owner, "distributor_backups": backs,
            })
        return {
            "change": {"id": "PROP", "title": "generated"},
            "sysplex": {"name": "PLEX", "systems": plex_systems, "dynamic_xcf_mask": mask, "dynamic_xcf_cost": cost},
            "distributions": dists,
        }

    return build_mapping()
