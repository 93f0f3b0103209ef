"""zowe.yaml cross-checks: every rule broken once and kept once, the examples, loading errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE, FAULTY, SINGLE, copy_record
from tests.support.zowe_config import (
    BASES,
    FIXTURES,
    base_zowe,
    expand_cases,
    make_record,
    patch,
    worst_by_rule,
)
from zowe_ha_lib.checks import zowe_yaml as zowe_config
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.record.zowe_yaml import ZoweConfig, load_zowe_yaml, resolve_port, zwe_instance_id
from zowe_ha_lib.requirements.status import FINDING_STATUSES as STATUSES
from zowe_ha_lib.tcpip.sheet import zowe_fragment
from zowe_ha_lib.util.errors import InputError

CASES = yaml.safe_load((FIXTURES / "cases.yaml").read_text())
EXPANDED = expand_cases(CASES)
LEVELS = ("v3.3", "v3.4", "v3.5")


def test_every_rule_has_a_breaking_case() -> None:
    broken = {rule for *_, expect in EXPANDED for rule, status in expect.items() if status in ("fail", "warn")}
    assert broken == set(zowe_config.RULES)


@pytest.mark.parametrize("shape", ["multi", "single"])
@pytest.mark.parametrize("level", LEVELS)
def test_every_rule_is_tested_on_both_shapes_at_v33_v34_and_v35(shape: str, level: str) -> None:
    """Each rule has a case on this shape at this level that breaks it, or says on purpose that it holds there."""
    named = {rule for _, _, base, release, expect in EXPANDED if base == shape and release == level for rule in expect}
    assert named == set(zowe_config.RULES), sorted(set(zowe_config.RULES) - named)


@pytest.mark.parametrize(("case", "base", "release", "expect"), [c[1:] for c in EXPANDED], ids=[c[0] for c in EXPANDED])
def test_case(case: dict, base: str, release: str | None, expect: dict, tmp_path: Path) -> None:
    data = patch(BASES[base](), case["patch"])
    record = make_record(tmp_path / "rec", data, release=release, drop_zosmf=case.get("drop_zosmf", False))
    results = zowe_config.rule_results(record)
    got = worst_by_rule(results)
    for rule in zowe_config.RULES:
        want = expect.get(rule)
        messages = [f"{f.status}: {f.message}" for r, f in results if r == rule]
        if want in (None, "pass"):
            assert got.get(rule, "pass") in ("pass", "n/a"), (rule, messages)
        else:
            assert got.get(rule) == want, (rule, messages)
    for _, finding in results:
        assert finding.requirement == "zowe-config"
        assert finding.status in STATUSES
        assert finding.evidence and finding.evidence.startswith("zowe.yaml")
        if finding.status in ("fail", "warn"):
            assert finding.fix, finding.message
            assert ":" in finding.evidence, finding.evidence
    if "system" in case:
        bad = [f for _, f in results if f.status != "pass"]
        assert bad[0].system == case["system"]


def test_example_chg0001_passes_every_rule() -> None:
    from zowe_ha_lib.record.load import load_record

    results = zowe_config.rule_results(load_record(EXAMPLE))
    assert {rule for rule, _ in results} == set(zowe_config.RULES)
    assert {f.status for _, f in results} == {"pass"}


def test_example_chg0003_single_service_v34_passes_every_rule() -> None:
    """The v3.4 single-service example: apiml and gateway both enabled (apiml wins), no false failure."""
    record = load_record(SINGLE)
    assert record.zowe_release == "v3.4"
    results = zowe_config.rule_results(record)
    assert {rule for rule, _ in results} == set(zowe_config.RULES)
    assert {f.status for _, f in results} == {"pass"}, [f.message for _, f in results if f.status != "pass"]
    gateway = next(f for rule, f in results if rule == "gateway-per-lpar")
    assert "single-service API ML" in gateway.message and "apiml wins" in gateway.message
    cfg = load_zowe_yaml(record)
    assert cfg.dig("components", "apiml", "enabled") is True
    assert all(cfg.services(i.id).single and cfg.services(i.id).gateway_also for i in cfg.instances)


def test_chg0003_faulty_twin_fails_exactly_its_planted_faults(tmp_path: Path) -> None:
    folder = copy_record(SINGLE, tmp_path / "CHG0003")
    shutil.copy(FIXTURES / "chg0003-faulty.yaml", folder / "zowe.yaml")
    results = zowe_config.rule_results(load_record(folder))
    assert worst_by_rule([(r, f) for r, f in results if f.status != "pass"]) == {
        "external-port": "fail", "infinispan-peers": "fail", "infinispan-java21": "warn", "ha-instance-ids": "warn"}
    text = (FIXTURES / "chg0003-faulty.yaml").read_text().splitlines()
    bad = {r: f for r, f in results if f.status != "pass"}
    assert "7559" in bad["external-port"].message and "before v3.6" not in bad["external-port"].message
    assert "localhost[port]" in bad["infinispan-peers"].message
    assert "Java 21" in bad["infinispan-java21"].message and "v3.4" in bad["infinispan-java21"].message
    assert "issue 4704" in bad["ha-instance-ids"].message
    for rule in ("ha-instance-ids", "infinispan-java21"):
        line = int(bad[rule].evidence.split(":")[1])
        assert "PLANTED" in text[line - 1], (rule, text[line - 1])


def _chg0002(tmp_path: Path):
    """CHG0002 as the repository has it; its change.yaml may not exist yet, then CHG0001's."""
    from zowe_ha_lib.record.load import load_record

    folder = FAULTY
    if (folder / "change.yaml").exists():
        return load_record(folder)
    return make_record(tmp_path / "CHG0002", (folder / "zowe.yaml").read_text())


def test_example_chg0002_fails_exactly_the_planted_faults(tmp_path: Path) -> None:
    results = zowe_config.rule_results(_chg0002(tmp_path))
    bad = {(rule, f.status) for rule, f in results if f.status != "pass"}
    assert bad == {("external-port", "fail"), ("caching-mode", "fail")}
    port = next(f for rule, f in results if rule == "external-port")
    assert "7555" in port.message and "7554" in port.message
    text = (FAULTY / "zowe.yaml").read_text().splitlines()
    line = int(port.evidence.split(":")[1])
    assert text[line - 1].strip() == "port: 7555"
    cache = next(f for rule, f in results if rule == "caching-mode")
    assert text[int(cache.evidence.split(":")[1]) - 1].strip() == "mode: inMemory"


def test_evidence_points_at_the_override_line(tmp_path: Path) -> None:
    text = (FIXTURES / "base.yaml").read_text().replace(
        "    hostname: sysb.plex1.example.com\n    sysname: SYSB\n    components:\n",
        "    hostname: sysb.plex1.example.com\n    sysname: SYSB\n    components:\n      gateway:\n        port: 17554\n",
    )
    record = make_record(tmp_path / "rec", text)
    fail = [f for rule, f in zowe_config.rule_results(record) if rule == "external-port" and f.status == "fail"]
    assert len(fail) == 1 and fail[0].system == "SYSB"
    line = int(fail[0].evidence.split(":")[1])
    assert text.splitlines()[line - 1].strip() == "port: 17554"
    assert "haInstances.sysb.components.gateway.port" in fail[0].fix


def test_no_zowe_config_named_gives_no_findings(tmp_path: Path) -> None:
    record = make_record(tmp_path / "rec", base_zowe(), name_config=False)
    assert zowe_config.check_zowe_yaml(record) == []
    assert load_zowe_yaml(record) is None


def test_missing_zowe_yaml_is_a_failed_finding(tmp_path: Path) -> None:
    record = make_record(tmp_path / "rec", None)
    findings = zowe_config.check_zowe_yaml(record)
    assert [f.status for f in findings] == ["fail"]
    line = int(findings[0].evidence.removeprefix("change.yaml:"))
    assert (tmp_path / "rec" / "change.yaml").read_text().splitlines()[line - 1].strip() == "config: zowe.yaml"
    assert "does not exist" in findings[0].message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("zowe:\n  externalPort: 7554\n  externalDomains: [a\n", 4, "YAML syntax error"),
        ("zowe:\n  externalPort: 7554\n  externalPort: 7555\n", 3, "duplicate key"),
        ("- just\n- a list\n", 1, "mapping at the top level"),
        ("", None, "empty"),
    ],
)
def test_malformed_zowe_yaml_is_an_input_error(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    record = make_record(tmp_path / "rec", text)
    with pytest.raises(InputError) as info:
        zowe_config.check_zowe_yaml(record)
    problem = info.value.problems[0]
    assert problem.file.endswith("zowe.yaml")
    assert problem.line == line
    assert words in problem.message


def test_gateway_port_and_effective_components() -> None:
    data = patch(base_zowe(), {"haInstances": {"sysb": {"components": {"gateway": {"port": "17554"}}}}})
    cfg = ZoweConfig(data)
    assert cfg.gateway_port() == 7554
    assert cfg.gateway_port("sysa") == 7554
    assert cfg.gateway_port("sysb") == 17554
    assert ZoweConfig({}).gateway_port(None) is None
    assert ZoweConfig({"components": {"gateway": {"port": True}}}).gateway_port() is None
    comps = cfg.components("sysa")
    assert comps["caching-service"]["storage"]["infinispan"]["jgroups"]["host"] == "sysa.plex1.example.com"
    assert comps["caching-service"]["storage"]["infinispan"]["jgroups"]["port"] == 7600


@pytest.mark.parametrize(
    ("value", "gateway", "port"),
    [(7553, 7554, 7553), ("7553", 7554, 7553), ("+1", 7554, 7555), ("-2", 7554, 7552), (" + 3 ", 100, 103),
     ("+1", None, None), ("abc", 7554, None), (None, 7554, None), (True, 7554, None)],
)
def test_resolve_port(value, gateway, port) -> None:
    assert resolve_port(value, gateway) == port


def test_copied_example_record_folder_passes(example_copy: Path) -> None:
    from zowe_ha_lib.record.load import load_record

    shutil.rmtree(example_copy / "evidence", ignore_errors=True)
    assert all(f.status == "pass" for f in zowe_config.check_zowe_yaml(load_record(example_copy)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_zwe_instance_id_is_what_zwe_looks_up(iid: str) -> None:
    """Lower case, a-z 0-9 and _ only, same length, and a fixed point: an id it keeps is one zwe finds again."""
    got = zwe_instance_id(iid)
    assert len(got) == len(iid.lower())
    assert re.fullmatch(r"[a-z0-9_]*", got), got
    assert zwe_instance_id(got) == got


def test_generated_fragment_uses_ids_zwe_finds_again(tmp_path: Path) -> None:
    change = yaml.safe_load((EXAMPLE / "change.yaml").read_text())
    change["sysplex"]["systems"][2]["name"] = "SYS#C"
    for dist in change["distributions"]:
        dist["backups"] = ["SYSB", "SYS#C"]
    (tmp_path / "change.yaml").write_text(yaml.safe_dump(change, sort_keys=False))
    fragment = zowe_fragment(load_record(tmp_path))
    assert list(fragment["haInstances"]) == ["sysa", "sysb", "sys_c"]
    assert fragment["haInstances"]["sys_c"]["sysname"] == "SYS#C"
