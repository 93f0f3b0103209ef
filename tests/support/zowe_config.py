"""Test helpers for the zowe.yaml, IZUPRMxx and release checks: build small change records."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.record.model import ChangeRecord
from zowe_ha_lib.requirements.status import worst

from .paths import EXAMPLE
from .paths import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "zowe"
EXAMPLE_CHANGE = EXAMPLE / "change.yaml"
DELETE = "__delete__"


def base_zowe() -> dict:
    """The healthy zowe.yaml fixture as a dict (multi-service API ML, the CHG0001 shape)."""
    return yaml.safe_load((FIXTURES / "base.yaml").read_text())


def base_single() -> dict:
    """The healthy single-service API ML zowe.yaml fixture as a dict (the CHG0003 shape)."""
    return yaml.safe_load((FIXTURES / "base-single.yaml").read_text())


BASES = {"multi": base_zowe, "single": base_single}
"""The base zowe.yaml of each shape, by the name cases.yaml uses."""


def expand_cases(cases: list[dict]) -> list[tuple[str, dict, str, str | None, dict]]:
    """Every (id, case, base, release, expectations) a cases.yaml list asks for.

    A case runs once per base of ``bases`` (default multi) and per release of
    ``releases`` (or ``release``; default the record's own); its expectations
    are ``expect``, then ``expect_<base>``, then ``expect_at[release]``.
    """
    out = []
    for case in cases:
        releases = case.get("releases") or [case.get("release")]
        for base in case.get("bases", ["multi"]):
            for release in releases:
                expect = {**case.get("expect", {}), **case.get(f"expect_{base}", {}),
                          **case.get("expect_at", {}).get(release, {})}
                suffix = "" if base == "multi" and len(releases) == 1 and "bases" not in case else f"@{base}"
                suffix += f"@{release}" if len(releases) > 1 else ""
                out.append((f"{case['name']}{suffix}", case, base, release, expect))
    return out


def patch(data: Any, changes: Any) -> Any:
    """Deep-merge ``changes`` into a copy of ``data``; the value ``__delete__`` removes a key."""
    if not isinstance(data, dict) or not isinstance(changes, dict):
        return copy.deepcopy(changes)
    out = copy.deepcopy(data)
    for key, value in changes.items():
        if value == DELETE:
            out.pop(key, None)
        elif key in out:
            out[key] = patch(out[key], value)
        else:
            out[key] = patch({}, value) if isinstance(value, dict) else copy.deepcopy(value)
    return out


def make_record(
    folder: Path,
    zowe: dict | str | None = None,
    *,
    release: str | None = None,
    drop_zosmf: bool = False,
    name_config: bool = True,
) -> ChangeRecord:
    """A change record like CHG0001 in ``folder`` with the given zowe.yaml (dict or text).

    ``zowe=None`` writes no zowe.yaml (the record may still name one);
    ``name_config=False`` leaves zowe.config out of change.yaml.
    """
    folder.mkdir(parents=True, exist_ok=True)
    change = yaml.safe_load(EXAMPLE_CHANGE.read_text())
    if release:
        change["change"]["zowe_release"] = release
    if drop_zosmf:
        change["distributions"] = [d for d in change["distributions"] if d["name"] != "zosmf"]
    if not name_config:
        change.pop("zowe", None)
    (folder / "change.yaml").write_text(yaml.safe_dump(change, sort_keys=False))
    if isinstance(zowe, dict):
        (folder / "zowe.yaml").write_text(yaml.safe_dump(zowe, sort_keys=False))
    elif isinstance(zowe, str):
        (folder / "zowe.yaml").write_text(zowe)
    return load_record(folder)


def worst_by_rule(results: list[tuple[str, Any]]) -> dict[str, str]:
    """Worst status per rule id of ``zowe_config.rule_results``."""
    by: dict[str, list[str]] = {}
    for rule, finding in results:
        by.setdefault(rule, []).append(finding.status)
    return {rule: worst(statuses) for rule, statuses in by.items()}


def izuprm_text(system_letter: str, **overrides: str | None) -> str:
    """A healthy IZUPRMxx member for system SYS<letter>; ``KEY=None`` leaves a keyword out."""
    s = system_letter.upper()
    values = {
        "HOSTNAME": "'zowe.plex1.example.com'",
        "HTTP_SSL_PORT": "443",
        "KEYRING_NAME": "'IZUKeyring.IZUDFLT'",
        "AUTOSTART": "LOCAL",
        "AUTOSTART_GROUP": f"'IZUDFL{s}'",
        "SERVER_PROC": f"IZUSVR{s}",
        "ANGEL_PROC": "IZUANG1",
        "SAF_PREFIX": "'IZUDFLT'",
        "USER_DIR": f"'/global/zosmf/zosmf{s.lower()}'",
    }
    for key, value in overrides.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    lines = [f"/* IZUPRM0{s}: z/OSMF settings for SYS{s} */"]
    lines += [f"{key}({value})" for key, value in values.items()]
    return "\n".join(lines) + "\n"
