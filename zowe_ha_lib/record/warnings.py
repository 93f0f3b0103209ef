"""What a valid change record may still get wrong: advice that is no error.

Validation (:mod:`.load`) rejects a record z/OS could not run. Some choices
are accepted but risky; they are reported as warnings, each naming the key
and its line, and ``zowe-ha validate`` still exits 0. The one today: a DVIPA
inside the dynamic XCF subnet. That subnet is the stacks' internal network
(IPCONFIG DYNAMICXCF); a DVIPA in it is reachable by clients only where that
subnet is advertised, and IBM asks that DVIPAs not overlap other addresses
(VIPARANGE guideline). The same rule is a lint warning
(``dvipa-in-dynamicxcf-subnet``).
"""

from __future__ import annotations

from ..util.errors import Problem
from .addresses import in_subnet, mask_bits
from .model import ChangeRecord


def record_warnings(record: ChangeRecord) -> list[Problem]:
    """Warnings about a valid record, as problems (file, line, key path, message)."""
    out: list[Problem] = []
    bits = mask_bits(record.sysplex.dynamic_xcf_mask)
    for i, dist in enumerate(record.distributions):
        if dist.ip_version != 4:
            continue
        inside = [s for s in record.sysplex.systems if s.ip_version == 4 and in_subnet(dist.dvipa, s.dynamic_xcf, bits)]
        if inside:
            out.append(Problem(
                record.display_path, record.line_of("distributions", i, "dvipa"), f"distributions[{i}].dvipa",
                f"warning: DVIPA {dist.dvipa} is inside the dynamic XCF subnet {inside[0].dynamic_xcf}/{bits} "
                f"(sysplex.dynamic_xcf_mask); clients reach it only where that subnet is advertised: take the DVIPA "
                "from a subnet of its own or the OSA's subnet, one that OMPROUTE advertises (UNSURE rule, so a warning)",
            ))
    return out
