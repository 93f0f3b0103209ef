"""The one way the kit writes "now": ISO-8601 UTC to the second.

Reports, sign-offs and collected evidence all carry times that people compare
across systems and time zones, so they share one format (and one function).
"""

from __future__ import annotations

import time


def utc_now() -> str:
    """ISO-8601 UTC time to the second, e.g. ``2026-11-25T10:15:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
