"""Where the kit's own files are: notebooks, site and sheet templates, and site assets.

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

import re
from importlib import resources
from pathlib import Path

PACKAGE = "zowe_ha_lib"
GUIDED_SETUP = "guided-setup.ipynb"
WALK = "walk.ipynb"
# The kit's own notebooks (pyproject.toml ships the same patterns): the report
# notebooks NN-slug.ipynb, the guided setup and the walk. A checkout's notebooks/
# may hold other files (checkpoints, scratch copies); they are not the kit's.
_KIT_NOTEBOOK = re.compile(r"^(\d\d-[a-z0-9][a-z0-9-]*|guided-setup|walk)\.ipynb$")


def package_dir() -> Path:
    """The installed ``zowe_ha_lib`` folder."""
    return Path(str(resources.files(PACKAGE)))


def notebooks_dir() -> Path:
    """The report notebook templates: shipped in the wheel, or the checkout's ``notebooks/``."""
    shipped = package_dir() / "notebooks"
    if shipped.is_dir():
        return shipped
    return package_dir().parent / "notebooks"


def notebook_files() -> list[Path]:
    """The kit's notebook templates in :func:`notebooks_dir`, sorted by name."""
    return sorted(p for p in notebooks_dir().iterdir() if _KIT_NOTEBOOK.match(p.name) and p.is_file())


def site_templates_dir() -> Path:
    """Jinja templates of the site's own pages."""
    return package_dir() / "templates" / "site"


def sheet_templates_dir() -> Path:
    """Jinja templates of the operator sheet (Markdown)."""
    return package_dir() / "templates" / "sheet"


def nbconvert_templates_dir() -> Path:
    """The kit's nbconvert template folder (holds the ``zowe-ha`` template)."""
    return site_templates_dir() / "nbconvert"


def site_assets_dir() -> Path:
    """CSS and scripts copied into every built site."""
    return package_dir() / "assets" / "site"
