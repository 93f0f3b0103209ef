"""Who signs a report off, in which role, with which decision.

Kept apart from :mod:`zowe_ha_lib.signoff` so that the command line can offer
these as choices without importing the signing machinery at start-up.
"""

NAMESPACE = "zowe-ha-runbook"  # SSHSIG namespace: a signature made for anything else does not verify
ROLES = ("implementer", "reviewer", "change-manager")
DECISIONS = ("approve", "reject")
