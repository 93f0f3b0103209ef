"""Where the kit's own files are: notebooks, site templates and site assets.

The kit runs from two kinds of installation, and this module is the one place
that knows both:

* a **checkout** (``make``, ``pip install -e .``): the notebook templates sit in
  the repository's top-level ``notebooks/`` folder, next to the package;
* an **installed wheel** (``pip install .``): the build copies that folder into
  the package as ``zowe_ha_lib/notebooks/`` (see ``pyproject.toml``), so
  ``zowe-ha run`` finds its notebooks from any working directory.

Templates and assets are package data in both cases. Paths come from
:func:`importlib.resources.files` and are returned as real folders, because
Jinja's and nbconvert's loaders want folders on disk (the kit is never run
from a zip).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "zowe_ha_lib"


def package_dir() -> Path:
    """The installed ``zowe_ha_lib`` folder."""
    return Path(str(resources.files(PACKAGE)))


def notebooks_dir() -> Path:
    """The report notebook templates: shipped in the wheel, or the checkout's ``notebooks/``."""
    shipped = package_dir() / "notebooks"
    if shipped.is_dir():
        return shipped
    return package_dir().parent / "notebooks"


def site_templates_dir() -> Path:
    """Jinja templates of the site's own pages."""
    return package_dir() / "templates" / "site"


def nbconvert_templates_dir() -> Path:
    """The kit's nbconvert template folder (holds the ``zowe-ha`` template)."""
    return site_templates_dir() / "nbconvert"


def site_assets_dir() -> Path:
    """CSS and scripts copied into every built site."""
    return package_dir() / "assets" / "site"
