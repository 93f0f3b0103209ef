"""One module per ``zowe-ha`` command (see :mod:`zowe_ha_lib.cli` for the protocol)."""
