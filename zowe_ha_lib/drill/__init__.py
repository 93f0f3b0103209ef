"""Failover drills: prove on the sysplex what the failover model predicts.

* :mod:`.plan` turns a change record and a scenario into steps: the operator
  command, the system it runs on, the displays to capture and what they must
  show (from :mod:`zowe_ha_lib.tcpip.failover`), and the restore commands;
* :mod:`.observe` reads the captured displays back into "who distributes,
  which target is active, which targets are ready";
* :mod:`.probe` connects to the DVIPA from this machine several times a
  second and measures the outage;
* :mod:`.execute` runs a plan through the z/OSMF console API, always
  restoring, and :mod:`.store` writes and reads the drill record
  (``REC/drills/<UTC time>-<scenario>/``);
* :mod:`.view` shows plans and drill records in notebooks.

The package sits after :mod:`zowe_ha_lib.report` in the pipeline because a
drill record goes through the report's scrubber and its read-back check
before it is written.
"""
