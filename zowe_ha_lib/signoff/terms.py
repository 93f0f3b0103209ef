"""Who signs a report off, in which role, with which decision.

Kept apart from :mod:`zowe_ha_lib.signoff` so that the command line can offer
these as choices without importing the signing machinery at start-up.
"""

from __future__ import annotations

import re

from ..util.errors import one_line

NAMESPACE = "zowe-ha-runbook"  # SSHSIG namespace: a signature made for anything else does not verify
ROLES = ("implementer", "reviewer", "change-manager")
DECISIONS = ("approve", "reject")
PHASES = ("plan", "result")
POLICY_FILE = "signoff-policy.yaml"  # the sign-off policy: in the record folder, or beside it for every record  # a plan is signed before the change is applied, the result after it
MAX_COMMENT = 2000  # characters of a sign-off's comment
_SIGNER = re.compile(r"^[A-Za-z0-9._%+@-]{1,128}$")


def signer_problem(signer: str) -> str | None:
    """Why ``signer`` cannot be an allowed_signers principal (no spaces, commas or wildcards), or None."""
    if _SIGNER.fullmatch(signer):  # not .match: its "$" lets a final newline through
        return None
    return (f"{one_line(signer, 60)!r} is not a usable signer id; use the principal of your allowed_signers line, "
            "e.g. alice@example.com (letters, digits and . _ % + @ -)")
