"""Where a team keeps the list of keys it trusts to sign reports.

An OpenSSH ``allowed_signers`` file beside the change records
(``runbooks/allowed_signers`` for ``runbooks/CHG0001``) is the default for
``sign`` (to warn about a key nobody trusts), ``verify`` and ``publish``, and
``run`` names it in its closing hint. It lives here, below the sign-off
machinery, so that ``run`` can find it without importing ``ssh-keygen``
wrappers.
"""

from __future__ import annotations

from pathlib import Path

ALLOWED_SIGNERS = "allowed_signers"


def default_allowed_signers_path(folder: Path) -> Path:
    """``REC/../allowed_signers``, whether or not it exists."""
    folder = Path(folder)
    if folder.is_file():
        folder = folder.parent
    return folder.resolve().parent / ALLOWED_SIGNERS


def default_allowed_signers(folder: Path) -> Path | None:
    """``REC/../allowed_signers`` when it exists (the file a team keeps under review)."""
    candidate = default_allowed_signers_path(folder)
    return candidate if candidate.is_file() else None
