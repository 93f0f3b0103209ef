"""Where the site's inputs are and which names may become paths or links.

Both :mod:`.site` (which writes the files) and :mod:`.pages` (which links to
them) need the same answers: the kit's template and asset folders, how a site
path is quoted in a URL, and which requirement ids get a page of their own.
A requirement id comes from a manifest someone could have edited, so only a
known id or a short lower-case slug names a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from ..requirements.registry import IDS as REQUIREMENTS
from ..resources import site_assets_dir, site_templates_dir
from .source import Report

TEMPLATES = site_templates_dir()
ASSETS = site_assets_dir()
_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def href(path: str) -> str:
    """A relative URL for a site path (quoted; the templates escape it for HTML)."""
    return quote(str(path), safe="/")


def safe_name(value: str) -> bool:
    """Whether ``value`` may name a file of the site (``requirements/<value>.html``)."""
    return bool(_SAFE_NAME.fullmatch(value))


def has_page(rid: str) -> bool:
    """Whether requirement ``rid`` gets ``requirements/<rid>.html`` (when a report covers it)."""
    return rid in REQUIREMENTS or safe_name(rid)


def requirement_ids(reports: Iterable[Report]) -> list[str]:
    """The requirements any report covers: the kit's own in their order, then other safe ids sorted."""
    seen = {r for rep in reports for r in rep.requirements}
    return [r for r in REQUIREMENTS if r in seen] + sorted(r for r in seen if r not in REQUIREMENTS and has_page(r))
