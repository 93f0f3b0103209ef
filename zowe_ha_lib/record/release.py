"""``change.zowe_release``: a Zowe release line (``v3``) or a level of it (``v3.4``, ``v3.5.1``).

Several rules differ inside one release line: single-service API ML exists
from v3.3, Infinispan stalls on Java 21 in v3.4 and v3.5, the start scripts
derive Infinispan's peer list from v3.6, v2 needs Node.js only for the
Desktop from v2.16. So the record may name a level, and the rules read it
through :class:`Release`. A bare line (``v3``) means "some 3.x": a rule that
depends on the level then says which level it assumed.

This module is the one parser of the value; the change.yaml schema uses
:data:`PATTERN` so that an editor flags a bad value as the kit does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINES: tuple[str, ...] = ("v1", "v2", "v3")
"""The Zowe release lines the kit knows."""

PATTERN = r"^v[1-3](\.(0|[1-9][0-9]{0,2})){0,2}$"
"""A line or a level: ``v3``, ``v3.4``, ``v3.5.1`` (no leading zeros, lower-case ``v``)."""

SHAPE = "v1, v2 or v3, or a level such as v3.4 or v3.5.1"
"""How the value is written, for messages."""

_RE = re.compile(PATTERN)


@dataclass(frozen=True)
class Release:
    """A parsed ``zowe_release``: its line and, when given, its minor and patch level."""

    text: str
    major: int
    minor: int | None = None
    patch: int | None = None

    @property
    def line(self) -> str:
        """``v3`` for ``v3``, ``v3.4`` and ``v3.5.1``."""
        return f"v{self.major}"

    @property
    def has_level(self) -> bool:
        """Whether the record names a level (``v3.4``) rather than only the line (``v3``)."""
        return self.minor is not None

    @property
    def level(self) -> tuple[int, int, int] | None:
        """``(3, 4, 0)`` for ``v3.4``; None for a bare line."""
        if self.minor is None:
            return None
        return (self.major, self.minor, self.patch or 0)

    def at_least(self, minor: int, patch: int = 0) -> bool | None:
        """Whether this is that level of its line or later; None for a bare line (unknown)."""
        if self.level is None:
            return None
        return self.level[1:] >= (minor, patch)

    def between(self, low: tuple[int, int], high: tuple[int, int]) -> bool | None:
        """Whether the level is in ``[low, high)`` of its line (minor, patch); None for a bare line."""
        if self.level is None:
            return None
        return low <= self.level[1:] < high

    def __str__(self) -> str:
        return self.text


def parse(value: object) -> Release:
    """The release ``value`` names; ValueError with one clear line for anything else."""
    text = value if isinstance(value, str) else None
    if not text or not _RE.fullmatch(text):
        raise ValueError(f"unknown Zowe release {value!r}; expected {SHAPE}")
    parts = [int(p) for p in text[1:].split(".")]
    return Release(text, parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


def line(value: object) -> str:
    """The release line of ``value`` (``v3`` for ``v3.4``); ValueError for an unknown release."""
    return parse(value).line
