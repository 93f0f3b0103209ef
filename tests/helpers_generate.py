"""Test helpers for generation, failover and pictures: build records in memory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from zowe_ha_lib.model import ChangeRecord
from zowe_ha_lib.record import check_mapping

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
