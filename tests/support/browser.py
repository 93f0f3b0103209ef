"""How the browser tests start Debian's Chromium through Playwright."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# No sandbox (containers run as root), no GPU, and no background requests that
# would show up in the tests' "no request leaves the page" checks.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
