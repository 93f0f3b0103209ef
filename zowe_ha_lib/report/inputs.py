"""What a run ran on, kept with its report: so that ``zowe-ha diff`` can say later what changed.

A signed report is the baseline a shop re-checks the sysplex against. To
compare the record as it is now with that baseline, the report must hold
what the run read, not only what it concluded. ``run`` therefore writes
``report/inputs/``, listed in the manifest (so a sign-off covers it):

* ``inputs/change.yaml``: the change record as it ran (its text as read; if
  the file changed while the run read it, the values that ran, as YAML);
* ``inputs/zowe.json``: the zowe.yaml values the checks read, as JSON. Values
  under keys that name a secret (a keystore ``password``, ``caPassword``...)
  are replaced by ``<redacted>``: a report is published, and a secret in it
  would be published too. Such a value is therefore never compared;
* ``inputs/evidence.json``: the values of every display the checks could
  read (:func:`zowe_ha_lib.evidence.values.evidence_values`), without line
  numbers. Parsed values, not text: a capture taken again lands on other
  lines, and a 50 MB SYSLOG is not copied into a report
  (``report/sources/`` keeps only files up to 8 MB).

Reports written before this existed have no ``inputs/``: ``diff`` then says
what it cannot compare (and reads the evidence copies in ``sources/``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .. import __version__
from ..evidence.reader import Evidence
from ..evidence.values import evidence_values
from ..record.load import dump_yaml
from ..record.model import ChangeRecord
from ..record.yamlsrc import decode, load_text
from ..record.zowe_yaml import ZoweConfig
from ..util.errors import InputError
from ..util.redact import REDACTED

INPUTS = "inputs"
CHANGE = f"{INPUTS}/change.yaml"
ZOWE = f"{INPUTS}/zowe.json"
EVIDENCE = f"{INPUTS}/evidence.json"
INPUTS_VERSION = 1
#: zowe.yaml keys whose values are secrets (keystore and truststore passwords)
SECRET_KEY = re.compile(r"pass(?:word|wd|phrase)|secret|credential", re.IGNORECASE)


def masked(value: Any) -> Any:
    """``value`` with every value under a secret-named key replaced by :data:`REDACTED` (any depth)."""
    if isinstance(value, dict):
        return {str(k): (REDACTED if SECRET_KEY.search(str(k)) and not isinstance(v, dict | list) and v not in (None, "")
                         else masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def change_text(record: ChangeRecord) -> str:
    """change.yaml as the run read it: the file's text when it still holds the same values, else the values as YAML."""
    try:
        text = decode(record.path.read_bytes(), record.display_path)
        if load_text(text, record.display_path).data == record.raw:
            return text
    except (OSError, InputError):
        pass
    return "# change.yaml changed while the run read it: these are the values that ran\n" + dump_yaml(record.raw)


def zowe_document(record: ChangeRecord, config: ZoweConfig | None) -> dict[str, Any]:
    """``inputs/zowe.json``: the zowe.yaml the record names, as values, secrets masked."""
    return {"inputs_version": INPUTS_VERSION, "file": record.zowe_config,
            "values": masked(config.data) if config is not None else None}


def evidence_document(evidence: Evidence | None) -> dict[str, Any]:
    """``inputs/evidence.json``: every readable display's values, and the files read."""
    if evidence is None:
        evidence = Evidence()
    return {"inputs_version": INPUTS_VERSION, "kit": __version__, "files": list(evidence.files),
            "displays": evidence_values(evidence)}


def _json(value: Any) -> str:
    # YAML has values JSON has not (a date, a number as a key): written as text, as json_values() reads them.
    return json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"


def json_values(value: Any) -> Any:
    """``value`` as it reads back from ``inputs/*.json`` (keys as text, dates as text, tuples as lists).

    ``diff`` passes today's values through this, so that a value is compared
    in the form its baseline was kept in, not reported changed for its type.
    """
    return json.loads(json.dumps(value, default=str))


def files(record: ChangeRecord, evidence: Evidence | None, config: ZoweConfig | None) -> dict[str, str]:
    """``{relative path in the report: text}`` of ``report/inputs/``."""
    return {CHANGE: change_text(record), ZOWE: _json(zowe_document(record, config)),
            EVIDENCE: _json(evidence_document(evidence))}
