"""Parsing JSON that came from a file or a server: too deep is malformed, not a crash.

``json.loads`` recurses once per nesting level and raises RecursionError on
``[[[[...]]]]`` a few thousand deep. Every reader of an untrusted JSON file
(a manifest, a sign-off record, check.json, a Zowe team configuration, a
z/OSMF reply) already turns :class:`json.JSONDecodeError` into a clear
message, so a document nested too deeply is reported as one.
"""

from __future__ import annotations

import json
from typing import Any


def loads(text: str | bytes) -> Any:
    """:func:`json.loads`, with nesting too deep for Python raised as :class:`json.JSONDecodeError`."""
    try:
        return json.loads(text)
    except RecursionError:
        doc = text if isinstance(text, str) else text.decode("utf-8", "replace")
        raise json.JSONDecodeError("nested too deeply to read", doc, 0) from None
