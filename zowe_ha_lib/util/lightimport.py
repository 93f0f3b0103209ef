"""Importing the Jupyter stack without its slowest optional dependency.

nbformat (and so papermill and nbconvert) imports jsonschema, whose format
module imports the optional ``rfc3987_syntax`` package when it is installed
(Jupyter's extras pull it in). That package compiles a grammar at import
time: measured here at 1.8 s of a 1.9 s ``import nbformat``. Notebook schemas
use no ``iri`` format, so the optional import is made to fail while
jsonschema loads; jsonschema then simply has no ``iri`` format checker in
this process. Nothing changes when jsonschema is already loaded.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def import_module(name: str) -> ModuleType:
    """``importlib.import_module(name)``, skipping ``rfc3987_syntax`` if jsonschema is not loaded yet."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return importlib.import_module(name)
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        return importlib.import_module(name)
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
