"""Property tests: zowe.yaml checks never crash, whatever a key holds."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.zowe_config import base_zowe, make_record
from zowe_ha_lib.checks import zowe_yaml as zowe_config
from zowe_ha_lib.requirements.findings import Finding
from zowe_ha_lib.util.errors import InputError


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    return out


BASE = base_zowe()
PATHS = _paths(BASE)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-70000, 70000), st.text(max_size=12),
    st.sampled_from(["+1", "-1", "inMemory", "VSAM", "RLS", "a[1]", "sysa.plex1.example.com[7600]", "${{ x }}", "SYSA"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
    ["enabled", "port", "hostname", "sysname", "components", "gateway", "storage", "mode", "x"]), inner, max_size=3), max_leaves=8)


@cache
def _record():
    """One record for all examples (loading change.yaml is the slow part); each example rewrites zowe.yaml."""
    folder = Path(tempfile.mkdtemp(prefix="zowe-fuzz-"))
    atexit.register(shutil.rmtree, folder, True)
    return make_record(folder / "rec", BASE)


def _check(text: str) -> list[Finding]:
    record = _record()
    record.zowe_config_path.write_text(text)
    return zowe_config.check_zowe_yaml(record)


def _set(data: dict, path: tuple, value: Any) -> dict:
    node = data
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=4))
def test_any_value_anywhere_gives_findings(changes: list[tuple[tuple, Any]]) -> None:
    data = yaml.safe_load(yaml.safe_dump(BASE))
    for path, value in changes:
        data = _set(data, path, value)
    try:
        findings = _check(yaml.safe_dump(data))
    except InputError:
        return
    assert all(isinstance(f, Finding) for f in findings)
    assert all(f.status in ("pass", "warn", "fail") for f in findings)
    assert all(f.evidence for f in findings)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_result_or_an_input_error(text: str) -> None:
    try:
        findings = _check(text)
    except InputError as exc:
        assert all(p.file.endswith("zowe.yaml") for p in exc.problems)
        return
    assert all(isinstance(f, Finding) for f in findings)
