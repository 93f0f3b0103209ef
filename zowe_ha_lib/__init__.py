"""zowe_ha_lib: the library behind the ``zowe-ha`` runbook kit.

Kept import-light on purpose: notebooks import it at kernel start, so heavy
modules (papermill, nbconvert, ipywidgets) are imported only where used.
"""

__version__ = "0.1.0"
