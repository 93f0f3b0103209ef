"""``zowe-ha publish``: the executed reports as a static, offline HTML site.

Modules: :mod:`.source` reads a record's report, :mod:`.state` decides what
changed since the last build, :mod:`.render` turns notebooks into sanitised
HTML with nbconvert, :mod:`.sanitize` is the allowlist, :mod:`.pages` renders
the site's own pages and :mod:`.site` puts it together; :mod:`.paths` holds
the folders and the names that may become paths. :mod:`.site` imports
:mod:`.pages` and :mod:`.render` (Jinja, nh3, nbconvert) only when something
needs rendering.
"""

from __future__ import annotations

from .site import CSP, DEFAULT_OUT, BuildResult, publish

__all__ = ["CSP", "DEFAULT_OUT", "BuildResult", "publish"]
