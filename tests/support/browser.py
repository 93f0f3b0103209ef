"""How the browser tests start Debian's Chromium through Playwright."""

from __future__ import annotations

import re

CHROMIUM = "/usr/bin/chromium"
# No sandbox (containers run as root), no GPU, and no background requests that
# would show up in the tests' "no request leaves the page" checks.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF Chromium printed (its ``/Type /Page`` objects; ``/Pages`` is the tree)."""
    return len(_PAGE_OBJECT.findall(pdf))
