"""Requirement lists and Node.js levels per Zowe release."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.zowe_config import BASES, base_zowe, make_record, patch
from zowe_ha_lib.checks import zowe_yaml as zowe_config
from zowe_ha_lib.record.zowe_yaml import ZoweConfig
from zowe_ha_lib.requirements import registry, releases
from zowe_ha_lib.requirements.registry import IDS as REQUIREMENTS

# (release, node --version text, expected status, the documentation the verdict rests on).
# Each line and level follows its last documentation (see the reference, section 4.5):
# v1: the v1.28.x pages; v2.0-v2.14: the v2.0.x page; v2.15-v2.17: v2.15.x; v2.18 and
# bare v2: the v2.18.x pages (which disagree); v3.0: v3.0.x; v3.1+ and bare v3: v3.1.x + current.
NODE_MATRIX = [
    ("v1", "v8.17.0", "fail", "v1.28.x"),  # only early v1 pages list v8
    ("v1", "v10.24.1", "fail", "v1.28.x"),
    ("v1", "v12.22.12", "warn", "v1.28.x"),  # system requirements yes, later sysplex copies no
    ("v1", "v14.21.3", "pass", "v1.28.x"),
    ("v1", "v14.17.2", "fail", "v14.17.2"),
    ("v1", "v16.20.2", "pass", "v1.28.x"),
    ("v1", "v18.20.3", "warn", "v16.x or higher"),  # one sysplex copy: "v16.x or higher"
    ("v1.28", "v16.20.2", "pass", "v1.28.x"),
    ("v2.0", "v14.21.3", "pass", "v2.0.x"),
    ("v2.0", "v14.17.2", "fail", "v14.17.2"),
    ("v2.0", "v16.20.2", "pass", "v2.0.x"),
    ("v2.0", "v18.20.3", "warn", "later v2"),
    ("v2.5", "v12.22.12", "fail", "v2.0.x"),
    ("v2.15", "v14.21.3", "warn", "earlier v2"),
    ("v2.15", "v16.20.2", "pass", "v2.15.x"),
    ("v2.15", "v18.20.3", "pass", "v2.15.x"),
    ("v2.17", "v20.11.1", "warn", "later v2"),
    ("v2.18", "v16.20.2", "warn", "v2.18.x"),
    ("v2.18", "v18.20.3", "warn", "v2.18.x"),
    ("v2.18", "v20.11.1", "pass", "v2.18.x"),
    ("v2.18", "v22.12.0", "warn", "v2.18.x"),
    ("v2.18.3", "v14.21.3", "warn", "sysplex page"),
    ("v2", "v20.11.1", "pass", "v2.18.x"),
    ("v2", "v18.20.3", "warn", "the record names only v2"),
    ("v2", "v21.7.0", "fail", "v2.18.x"),
    ("v3.0", "v20.11.1", "pass", "v3.0.x"),
    ("v3.0", "v22.12.0", "warn", "v3.0.x"),
    ("v3.0", "v18.20.3", "warn", "v3.0.x"),
    ("v3.1", "v18.20.3", "warn", "v3.1.x"),
    ("v3.4", "v20.11.1", "pass", "v3.1.x"),
    ("v3.4", "v22.12.0", "pass", "v3.1.x"),
    ("v3", "v18.20.3", "warn", "the record names only v3"),
    ("v3", "v20.11.1", "pass", "v3.1.x"),
    ("v3", "v22.12.0", "pass", "v3.1.x"),
    ("v3", "v23.1.0", "fail", "v3.1.x"),
    ("v3", "v8.16.1", "fail", "v3.1.x"),
]


@pytest.mark.parametrize(("release", "text", "status", "page"), NODE_MATRIX)
def test_node_matrix(release: str, text: str, status: str, page: str) -> None:
    got, message = releases.check_node_version(release, text)
    assert got == status, message
    assert text.lstrip("v") in message
    assert page in message, message


def test_v1_messages_say_support_ended() -> None:
    for text in ("v16.20.2", "v8.17.0", "nonsense"):
        assert "support for Zowe v1 ended on 30 September 2024" in releases.check_node_version("v1", text)[1] or text == "nonsense"


@pytest.mark.parametrize(("release", "key"), [
    ("v1", "v1"), ("v1.28", "v1"), ("v2", "v2"), ("v2.0", "v2.0"), ("v2.14", "v2.0"), ("v2.15", "v2.15"),
    ("v2.17.1", "v2.15"), ("v2.18", "v2.18"), ("v2.18.3", "v2.18"), ("v3", "v3"), ("v3.0", "v3.0"), ("v3.0.2", "v3.0"),
    ("v3.1", "v3.1"), ("v3.5.1", "v3.1"),
])
def test_each_level_reads_the_documentation_of_its_level(release: str, key: str) -> None:
    assert releases.choose(releases.NODE_RULES, release) == key
    assert releases.node_rule(release) is releases.NODE_RULES[key]


def test_a_bare_line_says_what_it_assumed() -> None:
    assert "last v2 documentation (v2.18.x)" in releases.node_rule("v2").assumed
    assert releases.node_rule("v2.18").assumed == ""
    assert "only v3" in releases.node_rule("v3").assumed


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
    assert releases.check_node_version("v3.0", "")[1].endswith("needs Node.js v20.x")
    assert releases.check_node_version("v3", "")[0] == "unknown"


@pytest.mark.parametrize("bad", ["v4", "v0", "3.4", "V3", "v3.04", "v3.4.1.2", "v3.", "v3.4\n", "", " v3"])
def test_unknown_release_is_an_error(bad: str) -> None:
    with pytest.raises(ValueError, match=r"expected v1, v2 or v3, or a level such as v3\.4"):
        releases.check_node_version(bad, "v20.1.1")
    with pytest.raises(ValueError):
        registry.describe(bad)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 999), st.integers(0, 9999), st.integers(0, 9999),
       st.sampled_from(["", "v", "node: v", "Node.js v", "> v"]), st.sampled_from(["", "\n", " ", "\r\n$ "]))
def test_parse_node_version_round_trip(major: int, minor: int, patch_: int, prefix: str, suffix: str) -> None:
    assert releases.parse_node_version(f"{prefix}{major}.{minor}.{patch_}{suffix}") == (major, minor, patch_)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["v1", "v2", "v3", "v2.15", "v2.18", "v3.0", "v3.4"]))
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
    assert "no instance runs a caching service" in registry.applicability(record, ZoweConfig(off))["vsam-rls"]


def test_v3_nodejs_only_with_the_desktop(tmp_path: Path) -> None:
    record = make_record(tmp_path / "rec", base_zowe(), release="v3")
    assert registry.applicability(record, ZoweConfig(base_zowe()))["nodejs"] is None
    off = patch(base_zowe(), {"components": {"app-server": {"enabled": False}}})
    assert "app-server" in registry.applicability(record, ZoweConfig(off))["nodejs"]
    one = patch(off, {"haInstances": {"sysc": {"components": {"app-server": {"enabled": True}}}}})
    assert registry.applicability(record, ZoweConfig(one))["nodejs"] is None


# (release, shape, storage.mode as written, the mode an instance runs). An unset mode has one meaning
# per shape at every level: inMemory for the standalone Caching Service (its schema and start script),
# infinispan for single-service API ML (its start script), which exists from v3.3 only.
CACHING_DEFAULTS = [
    ("v1", "multi", None, "inmemory"),
    ("v2", "multi", None, "inmemory"),
    ("v2.18", "multi", None, "inmemory"),
    ("v3", "multi", None, "inmemory"),
    ("v3.2", "single", None, "inmemory"),  # components.apiml means nothing before v3.3
    ("v3.3", "single", None, "infinispan"),
    ("v3.4", "single", None, "infinispan"),
    ("v3.5", "single", None, "infinispan"),
    ("v3", "single", None, "infinispan"),
    ("v3.4", "multi", None, "inmemory"),
    ("v3.4", "single", "VSAM", "vsam"),
    ("v3.4", "multi", "infinispan", "infinispan"),
]


@pytest.mark.parametrize(("release", "shape", "written", "runs"), CACHING_DEFAULTS)
def test_caching_default_per_level_is_one_meaning_for_rule_and_registry(tmp_path: Path, release: str, shape: str,
                                                                        written: str | None, runs: str) -> None:
    data = patch(BASES[shape](), {"components": {"caching-service": {"storage": {"mode": written or "__delete__"}}}})
    record = make_record(tmp_path / "rec", data, release=release)
    cfg = ZoweConfig(data)
    apiml = releases.single_service_known(release)
    assert cfg.caching_modes(apiml) == {runs}
    assert {cfg.caching_mode(i.id, apiml).defaulted for i in cfg.run_instances()} == {written is None}
    reason = registry.applicability(record, cfg)["vsam-rls"]
    if release.startswith("v1"):
        assert reason is None
    else:
        # the registry never reads an unset mode as VSAM, and says what the instances run
        assert (reason is None) == (runs == "vsam")
        assert reason is None or runs in reason.lower()
    mode_findings = [f for rule, f in zowe_config.rule_results(record) if rule == "caching-mode"]
    said = " ".join(f.message for f in mode_findings).lower()
    if written is None:
        assert runs in said, said  # the zowe.yaml rule names the same default


def test_vsam_is_deprecated_from_v2_18_not_from_v3() -> None:
    assert releases.vsam_deprecated("v2.15") is False and releases.vsam_deprecated("v2.18") is True
    assert releases.vsam_deprecated("v2") is None and releases.vsam_deprecated("v3.0") is True
    assert releases.vsam_deprecated("v1") is False
    when = {rel: _row(rel, "vsam-rls")["when"] for rel in ("v2", "v2.18", "v3")}
    assert "deprecated from v2.18" in when["v2"] and "not required if using infinispan" in when["v2.18"]
    assert "since v2.18" in when["v3"] and "never VSAM" in when["v3"]


@pytest.mark.parametrize(("release", "applies_without_desktop"), [
    ("v1", True), ("v2", True), ("v2.15", True), ("v2.16", False), ("v2.18", False), ("v3", False), ("v3.4", False)])
def test_nodejs_needed_without_the_desktop_per_level(tmp_path: Path, release: str, applies_without_desktop: bool) -> None:
    off = patch(base_zowe(), {"components": {"app-server": {"enabled": False}}})
    record = make_record(tmp_path / "rec", off, release=release)
    reason = registry.applicability(record, ZoweConfig(off))["nodejs"]
    assert (reason is None) == applies_without_desktop, reason
    if reason:
        assert "installing Zowe still needs it" in reason


def test_zosmf_ha_is_na_only_when_zowe_uses_no_zosmf(tmp_path: Path) -> None:
    no_zosmf = patch(base_zowe(), {"zOSMF": "__delete__"})
    record = make_record(tmp_path / "rec", no_zosmf, release="v3.4", drop_zosmf=True)
    assert "z/OSMF is optional for Zowe" in registry.applicability(record, ZoweConfig(no_zosmf))["zosmf-ha"]
    kept = make_record(tmp_path / "rec2", no_zosmf, release="v3.4")  # the record still distributes z/OSMF
    assert registry.applicability(kept, ZoweConfig(no_zosmf))["zosmf-ha"] is None
    assert registry.applicability(record, ZoweConfig(base_zowe()))["zosmf-ha"] is None


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
