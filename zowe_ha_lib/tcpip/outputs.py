"""Every file ``zowe-ha generate`` writes, and its ``--json`` form, for one change record.

The per-system statements come from :mod:`.generate`, the operator sheet,
the orders and the zowe.yaml fragment from :mod:`.sheet`; this module only
puts them together, so neither of those needs the other.
"""

from __future__ import annotations

import json

from ..record.model import ChangeRecord
from .generate import distribution_json, generate_profile
from .plan import roles
from .sheet import (
    apply_order,
    operator_sheet,
    rollback_order,
    rollback_text,
    zowe_fragment,
    zowe_fragment_yaml,
)


def generate_json(record: ChangeRecord) -> dict:
    """The machine form: every profile, the orders, roll-back texts and the zowe.yaml fragment."""
    systems = []
    for system in record.sysplex.systems:
        systems.append({
            "name": system.name,
            "tcpip_proc": system.tcpip_proc,
            "obeyfile": system.obeyfile,
            "dynamic_xcf": system.dynamic_xcf,
            "roles": [
                {"dvipa": g.dvipa, "role": role, "rank": g.rank(system.name) if role == "backup" else None}
                for g, role in roles(record, system.name)
            ],
            "profile": generate_profile(record, system.name),
            "rollback": rollback_text(record, system.name) or None,
        })
    return {
        "change": record.id,
        "sysplex": record.sysplex.name,
        "apply_order": apply_order(record),
        "rollback_order": rollback_order(record),
        "systems": systems,
        "distributions": [distribution_json(record, d) for d in record.distributions],
        "zowe_fragment": zowe_fragment(record),
    }


def render_outputs(record: ChangeRecord) -> dict[str, str]:
    """Every generated file as ``{relative path: text}``; pure, no file system access.

    ``profiles/<SYS>.tcpip`` per system, ``operator-sheet.md``,
    ``zowe-fragment.yaml`` and ``generate.json``.
    """
    out = {f"profiles/{name}.tcpip": generate_profile(record, name) for name in record.sysplex.system_names}
    out["operator-sheet.md"] = operator_sheet(record)
    out["zowe-fragment.yaml"] = zowe_fragment_yaml(record)
    out["generate.json"] = json.dumps(generate_json(record), indent=2) + "\n"
    return out
