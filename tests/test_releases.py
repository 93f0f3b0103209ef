"""Requirement lists and Node.js levels per Zowe release."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.zowe_config import base_zowe, make_record, patch
from zowe_ha_lib.record.zowe_yaml import ZoweConfig
from zowe_ha_lib.requirements import registry, releases
from zowe_ha_lib.requirements.registry import IDS as REQUIREMENTS

# (release, node --version text, expected status)
NODE_MATRIX = [
    ("v1", "v8.17.0", "pass"),
    ("v1", "v8.16.1", "fail"),
    ("v1", "v8.16.2", "pass"),
    ("v1", "v12.22.12", "pass"),
    ("v1", "v14.21.3", "pass"),
    ("v1", "v14.17.2", "warn"),
    ("v1", "v16.20.2", "warn"),
    ("v1", "v10.24.1", "fail"),
    ("v1", "v18.20.3", "fail"),
    ("v1", "v20.11.1", "fail"),
    ("v2", "v14.21.3", "fail"),
    ("v2", "v16.20.2", "warn"),
    ("v2", "v18.20.3", "pass"),
    ("v2", "v20.11.1", "pass"),
    ("v2", "v22.12.0", "warn"),
    ("v2", "v21.7.0", "fail"),
    ("v3", "v18.20.3", "fail"),
    ("v3", "v20.11.1", "pass"),
    ("v3", "v22.12.0", "pass"),
    ("v3", "v23.1.0", "fail"),
    ("v3", "v8.16.1", "fail"),
]


@pytest.mark.parametrize(("release", "text", "status"), NODE_MATRIX)
def test_node_matrix(release: str, text: str, status: str) -> None:
    got, message = releases.check_node_version(release, text)
    assert got == status, message
    assert text.lstrip("v") in message


@pytest.mark.parametrize(
    "text",
    ["v20.11.1", "20.11.1", "node: v20.11.1", "v20.11.1\n", "  v20.11.1  ", "$ node --version\nv20.11.1\n$",
     "SYSA  /u/ibmuser> node --version\r\nv20.11.1", "/usr/lpp/IBM/cnj/v20/bin/node\nv20.11.1"],
)
def test_node_version_text_forms(text: str) -> None:
    assert releases.parse_node_version(text) == (20, 11, 1)
    assert releases.check_node_version("v3", text)[0] == "pass"


def test_node_major_only_and_garbage() -> None:
    assert releases.parse_node_version("v22") == (22, None, None)
    assert releases.check_node_version("v3", "v22")[0] == "pass"
    status, message = releases.check_node_version("v3", "-bash: node: command not found")
    assert status == "unknown" and "v20.x or v22.x" in message
    assert releases.check_node_version("v3", "")[0] == "unknown"


def test_unknown_release_is_an_error() -> None:
    with pytest.raises(ValueError, match="v4"):
        releases.check_node_version("v4", "v20.1.1")
    with pytest.raises(ValueError):
        registry.describe("v0")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 999), st.integers(0, 9999), st.integers(0, 9999),
       st.sampled_from(["", "v", "node: v", "Node.js v", "> v"]), st.sampled_from(["", "\n", " ", "\r\n$ "]))
def test_parse_node_version_round_trip(major: int, minor: int, patch_: int, prefix: str, suffix: str) -> None:
    assert releases.parse_node_version(f"{prefix}{major}.{minor}.{patch_}{suffix}") == (major, minor, patch_)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["v1", "v2", "v3"]))
def test_check_node_version_never_crashes(text: str, release: str) -> None:
    status, message = releases.check_node_version(release, text)
    assert status in ("pass", "warn", "fail", "unknown") and message


def test_v1_every_requirement_applies(tmp_path: Path) -> None:
    data = patch(base_zowe(), {"components": {"app-server": {"enabled": False}}})
    record = make_record(tmp_path / "rec", data, release="v1")
    got = registry.applicability(record, ZoweConfig(data))
    assert list(got) == list(REQUIREMENTS)
    assert all(v is None for v in got.values())


@pytest.mark.parametrize("release", ["v2", "v3"])
def test_vsam_rls_only_when_caching_uses_vsam(tmp_path: Path, release: str) -> None:
    record = make_record(tmp_path / "rec", base_zowe(), release=release)
    reason = registry.applicability(record, ZoweConfig(base_zowe()))["vsam-rls"]
    assert reason and "infinispan" in reason
    vsam = patch(base_zowe(), {"haInstances": {"sysb": {"components": {"caching-service": {"storage": {"mode": "VSAM"}}}}}})
    assert registry.applicability(record, ZoweConfig(vsam))["vsam-rls"] is None
    off = patch(base_zowe(), {"components": {"caching-service": {"enabled": False}}})
    assert "not enabled" in registry.applicability(record, ZoweConfig(off))["vsam-rls"]


def test_v3_nodejs_only_with_the_desktop(tmp_path: Path) -> None:
    record = make_record(tmp_path / "rec", base_zowe(), release="v3")
    assert registry.applicability(record, ZoweConfig(base_zowe()))["nodejs"] is None
    off = patch(base_zowe(), {"components": {"app-server": {"enabled": False}}})
    assert "app-server" in registry.applicability(record, ZoweConfig(off))["nodejs"]
    one = patch(off, {"haInstances": {"sysc": {"components": {"app-server": {"enabled": True}}}}})
    assert registry.applicability(record, ZoweConfig(one))["nodejs"] is None


def test_v2_nodejs_always_applies(tmp_path: Path) -> None:
    off = patch(base_zowe(), {"components": {"app-server": {"enabled": False}}})
    record = make_record(tmp_path / "rec", off, release="v2")
    assert registry.applicability(record, ZoweConfig(off))["nodejs"] is None


def test_without_zowe_yaml_conditional_requirements_apply(tmp_path: Path) -> None:
    record = make_record(tmp_path / "rec", None, release="v3", name_config=False)
    got = registry.applicability(record, None)
    assert got["zowe-config"] and "zowe.yaml" in got["zowe-config"]
    assert all(got[r] is None for r in REQUIREMENTS if r != "zowe-config")
    named = make_record(tmp_path / "rec2", None, release="v3")
    assert registry.applicability(named, None)["zowe-config"] is None


@pytest.mark.parametrize("release", ["v1", "v2", "v3"])
def test_describe_covers_every_requirement(release: str) -> None:
    rows = registry.describe(release)
    assert [r["id"] for r in rows] == list(REQUIREMENTS)
    for row in rows:
        for key in ("title", "why", "verify", "fix"):
            assert isinstance(row[key], str) and len(row[key]) > 20, (row["id"], key)
        assert row["displays"] and all(isinstance(d, str) for d in row["displays"])
    node = next(r for r in rows if r["id"] == "nodejs")
    assert releases.node_requirement(release) in node["title"]


def test_describe_differs_per_release() -> None:
    vsam = {rel: next(r for r in registry.describe(rel) if r["id"] == "vsam-rls")["when"] for rel in ("v1", "v2", "v3")}
    assert "every HA setup" in vsam["v1"] and "only when" in vsam["v3"]


def _row(rel: str, rid: str) -> dict:
    return next(r for r in registry.describe(rel) if r["id"] == rid)


def test_zosmf_restart_uses_the_systems_own_server_proc():
    # In z/OSMF HA every system has its own SERVER_PROC (IZUSVRA, IZUSVRB, ...).
    for rel in ("v1", "v2", "v3"):
        fix = _row(rel, "zosmf-ha")["fix"]
        assert "IZUSVR1" not in fix and "SERVER_PROC" in fix


def test_distributor_prose_does_not_promise_moving_open_connections():
    why = _row("v3", "sysplex-distributor")["why"]
    assert "moves them to a backup" not in why
    assert "VIPABACKUP" in why  # hot standby protects targets; VIPABACKUP protects the distributor
