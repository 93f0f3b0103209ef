"""zowe.yaml files the kit did not write: Zowe's own examples and documentation samples.

Each test builds a record like CHG0001 around a real file (systems renamed to the
file's sysnames, the gateway and z/OSMF DVIPA host names set to the file's
externalDomains and zOSMF.host, because those must match for the checks to mean
anything) and asserts the exact zowe-config findings a Zowe administrator would
give. Sources:

* example-zowe-v2.yaml: https://github.com/zowe/zowe-install-packaging/blob/009e1cee542ca40b48f639281571bb464cec5c31/example-zowe.yaml
  (v2 line; comment blocks trimmed, values verbatim).
* example-zowe-v3.yaml: Zowe's v3 example-zowe.yaml (IBMUSER.ZWEV3, zaas, infinispan), verbatim.
* infinispan-ha-docs-v3.4.yaml: the "Caching Service HA configuration using Infinispan"
  sample of the v3.4.x documentation (docs-site@d56502e, api-mediation-infinispan.md).

The examples ship their haInstances section commented out; :func:`uncomment` removes
the ``#`` as a user following the example does.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE, FIXTURES
from zowe_ha_lib.checks import zowe_yaml as zowe_config
from zowe_ha_lib.record.load import load_record

REAL = FIXTURES / "real-zowe"
LPARS = (("LPR1", "lpar1.my-company.com"), ("LPR2", "lpar2.my-company.com"))


def uncomment(text: str) -> str:
    """The example with its commented ``# haInstances:`` sample switched on."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("# haInstances:"))
    tail = [line[2:] if line.startswith("# ") else line[1:] if line.startswith("#") else line for line in lines[start:]]
    return "\n".join(lines[:start] + tail) + "\n"


def overlay(high: object, low: object) -> object:
    """zwe's layering of FILE(high):FILE(low): keys of the left file win, mappings merge."""
    if isinstance(high, dict) and isinstance(low, dict):
        out = dict(low)
        for key, value in high.items():
            out[key] = overlay(value, low[key]) if key in low else value
        return out
    return high


def make(folder: Path, zowe_text: str, release: str, lpars=LPARS, gateway_host: str = "sample-domain.com",
         zosmf_host: str = "dvipa.my-company.com") -> Path:
    change = yaml.safe_load((EXAMPLE / "change.yaml").read_text())
    change["change"]["zowe_release"] = release
    base = change["sysplex"]["systems"]
    change["sysplex"]["systems"] = [dict(base[i], name=name, hostname=host) for i, (name, host) in enumerate(lpars)]
    names = [name for name, _ in lpars]
    for dist in change["distributions"]:
        dist["preferred"], dist["backups"] = names[0], names[1:]
        dist["hostname"] = gateway_host if dist["name"] == "zowe-gateway" else zosmf_host
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "change.yaml").write_text(yaml.safe_dump(change, sort_keys=False))
    (folder / "zowe.yaml").write_text(zowe_text)
    return folder


def findings(folder: Path) -> list[tuple[str, str, str]]:
    """(rule, status, message) of every zowe-config finding."""
    return [(rule, f.status, f.message) for rule, f in zowe_config.rule_results(load_record(folder))]


def not_passing(folder: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rule, status, message in findings(folder):
        if status != "pass":
            out.setdefault(rule, []).append(f"{status}: {message}")
    return out


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zowe_ha_lib.cli", *args], capture_output=True, text=True, check=False)


def v3_with(tmp: Path, name: str, text: str | None = None, release: str = "v3.4") -> Path:
    return make(tmp / name, text or uncomment((REAL / "example-zowe-v3.yaml").read_text()), release)


# --------------------------------------------------------------------------- the examples


def test_v2_example_with_its_ha_sample(tmp_path: Path) -> None:
    """Zowe's v2 example-zowe.yaml (zowe-install-packaging@009e1ce), haInstances sample switched on, record v2.

    Right findings: VSAM caching deprecated (warn) in NONRLS (warn), and its
    ``vsam.name: ""`` is a real defect (fail; the kit missed it before); the SAN
    (externalDomains) lacks the LPAR host names (warn); lpar2b's ZSS port override
    (warn, zss#737). Two instances on LPR2 are fine: lpar2b disables the gateway.
    """
    rec = make(tmp_path / "v2", uncomment((REAL / "example-zowe-v2.yaml").read_text()), "v2")
    bad = not_passing(rec)
    assert sorted(bad) == ["caching-mode", "certificate-san", "zss-overrides"], bad
    caching = bad["caching-mode"]
    assert [m.split(":")[0] for m in caching] == ["warn", "warn", "fail"], caching
    assert "VSAM for haInstances.lpar1, haInstances.lpar2a: deprecated" in caching[0]
    assert "zowe.setup.vsam.mode is NONRLS" in caching[1]
    assert "vsam.name is empty" in caching[2]
    assert bad["certificate-san"] == [m for m in bad["certificate-san"] if m.startswith("warn:") and "lpar1.my-company.com, lpar2.my-company.com" in m]
    assert len(bad["zss-overrides"]) == 1 and "haInstances.lpar2b overrides components.zss (port)" in bad["zss-overrides"][0]
    gateways = [m for r, s, m in findings(rec) if r == "gateway-per-lpar"]
    assert gateways == ["one multi-service API ML gateway per LPAR: LPR1, LPR2"]
    run = cli("check", str(rec))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert cli("validate", str(rec)).returncode == 0


def test_v3_example_with_its_ha_sample_at_v34(tmp_path: Path) -> None:
    """Zowe's v3 example-zowe.yaml, haInstances sample switched on, record v3.4 (the stable docs level).

    Right findings: infinispan without initialHosts before v3.6 forms one cache
    per instance (fail); java.home "" cannot rule out the Java 21 stall of
    v3.4/v3.5 (warn); SAN (warn); ZSS override (warn). Everything else passes.
    """
    rec = v3_with(tmp_path, "v3")
    bad = not_passing(rec)
    assert sorted(bad) == ["certificate-san", "infinispan-java21", "infinispan-peers", "zss-overrides"], bad
    assert bad["infinispan-peers"] == [bad["infinispan-peers"][0]] and bad["infinispan-peers"][0].startswith(
        "fail: components.caching-service.storage.infinispan.initialHosts is not set")
    assert bad["infinispan-java21"][0].startswith("warn: ")
    assert cli("validate", str(rec)).returncode == 0


def test_v3_example_at_v36_derives_initial_hosts(tmp_path: Path) -> None:
    """The same file at v3.6: the start scripts derive initialHosts and turn virtual threads off."""
    bad = not_passing(v3_with(tmp_path, "v36", release="v3.6"))
    assert sorted(bad) == ["certificate-san", "zss-overrides"], bad


def test_v3_example_single_service_per_docs_keeps_lpar2b_gateway(tmp_path: Path) -> None:
    """The v3.4 docs' single-service step (components.apiml.enabled: true) applied to the example's HA sample.

    A real defect: lpar2b disables components.gateway but not apiml, and apiml
    wins, so LPR2 runs two API ML services on 7554 (fail, and the port clash warns).
    """
    data = yaml.safe_load(uncomment((REAL / "example-zowe-v3.yaml").read_text()))
    data["components"]["apiml"] = {"enabled": True}
    bad = not_passing(v3_with(tmp_path, "apiml", yaml.safe_dump(data, sort_keys=False)))
    assert bad["gateway-per-lpar"] == ["fail: 2 instances run a gateway on LPR2 (lpar2a, lpar2b); Zowe supports only one gateway per LPAR"]
    assert bad["port-conflicts"][0].startswith("warn: ") and "7554 (apiml (gateway port) of haInstances.lpar2a" in bad["port-conflicts"][0]


def test_docs_infinispan_ha_sample_lists_just_the_replica(tmp_path: Path) -> None:
    """The v3.4.x docs' Infinispan HA sample (each instance lists only the other) on the v3 example.

    Before: each list failed for not naming its own instance; the docs allow "just
    the replica", so both lists pass. The frame adds only hostname/sysname.
    """
    base = yaml.safe_load((REAL / "example-zowe-v3.yaml").read_text())
    frame = {"haInstances": {"lpar1": {"hostname": "lpar1", "sysname": "LPR1"}, "lpar2": {"hostname": "lpar2", "sysname": "LPR2"}}}
    data = overlay(yaml.safe_load((REAL / "infinispan-ha-docs-v3.4.yaml").read_text()), overlay(frame, base))
    rec = make(tmp_path / "inf", yaml.safe_dump(data, sort_keys=False), "v3.4", lpars=(("LPR1", "lpar1"), ("LPR2", "lpar2")))
    peers = [(s, m) for r, s, m in findings(rec) if r == "infinispan-peers"]
    assert [s for s, _ in peers] == ["pass", "pass"], peers
    assert "(lpar2[7600]; an instance need not list itself)" in peers[0][1]
    # Dropping the replica from lpar1's list is still the split brain it always was.
    data["haInstances"]["lpar1"]["components"]["caching-service"]["storage"]["infinispan"]["initialHosts"] = "lpar1[7600]"
    rec = make(tmp_path / "inf2", yaml.safe_dump(data, sort_keys=False), "v3.4", lpars=(("LPR1", "lpar1"), ("LPR2", "lpar2")))
    peers = [(s, m) for r, s, m in findings(rec) if r == "infinispan-peers"]
    assert [s for s, _ in peers] == ["fail", "pass"] and "does not list lpar2[7600]" in peers[0][1], peers


# --------------------------------------------------------------------------- templates and spellings


def test_templated_gateway_port_is_resolved(tmp_path: Path) -> None:
    """``components.gateway.port: ${{ zowe.externalPort }}`` (zwe templating, example-zowe.yaml's comment) is 7554, not a wrong value."""
    text = uncomment((REAL / "example-zowe-v3.yaml").read_text()).replace(
        "  gateway:\n    enabled: true\n    port: 7554", "  gateway:\n    enabled: true\n    port: ${{ zowe.externalPort }}")
    assert "${{ zowe.externalPort }}" in text
    ports = [(s, m) for r, s, m in findings(v3_with(tmp_path, "tpl", text)) if r == "external-port"]
    assert [s for s, _ in ports] == ["pass"], ports


def test_unresolvable_template_warns_not_fails(tmp_path: Path) -> None:
    """A template the kit cannot evaluate is reported as unchecked (warn), never as a wrong value (fail)."""
    text = uncomment((REAL / "example-zowe-v3.yaml").read_text()).replace(
        "  externalPort: 7554", "  externalPort: ${{ zos.resolveSymbol('&ZWEPORT') }}")
    ports = [(s, m) for r, s, m in findings(v3_with(tmp_path, "tpl2", text)) if r == "external-port"]
    assert [s for s, _ in ports] == ["warn"] and "cannot resolve" in ports[0][1], ports


def _spell(data: object, draw) -> str:
    """The same values in one of several YAML spellings zwe reads alike."""
    style = draw(st.sampled_from(["block", "flow", "anchors"]))
    data = copy.deepcopy(data)
    if draw(st.booleans()):
        data["components"]["gateway"]["enabled"] = draw(st.sampled_from(["true", "TRUE", "True"]))
    if draw(st.booleans()):
        data["components"]["gateway"]["port"] = "${{ zowe.externalPort }}"
    if style == "flow":
        return yaml.safe_dump(data, default_flow_style=True, width=10_000)
    if style == "anchors":
        # One value written once, used twice: externalPort anchored, the gateway port an alias.
        data["zowe"]["externalPort"] = "ANCHOR"
        data["components"]["gateway"]["port"] = "ALIAS"
        text = yaml.safe_dump(data, sort_keys=False)
        assert text.count("ANCHOR") == 1 and text.count("ALIAS") == 1
        return text.replace("ANCHOR", "&port 7554").replace("ALIAS", "*port")
    return yaml.safe_dump(data, sort_keys=draw(st.booleans()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_equivalent_spellings_give_the_same_findings(tmp_path: Path, data) -> None:
    """Block or flow style, anchors, quoted "true", ${{ zowe.externalPort }}: the same findings as the plain file."""
    plain = yaml.safe_load(uncomment((REAL / "example-zowe-v3.yaml").read_text()))
    want = findings(v3_with(tmp_path, "plain", yaml.safe_dump(plain, sort_keys=False)))
    text = _spell(plain, data.draw)
    assert yaml.safe_load(text) is not None
    got = findings(v3_with(tmp_path, "spelled", text))
    assert sorted(got) == sorted(want)
