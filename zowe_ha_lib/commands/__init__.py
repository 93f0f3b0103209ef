"""One module per ``zowe-ha`` command (see :mod:`zowe_ha_lib.cli` for the protocol).

:mod:`.options` holds the option types the commands share; it is not a command.
"""
