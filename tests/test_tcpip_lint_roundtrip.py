"""Round trip: any valid change record -> generated profiles -> parse -> lint gives the record back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.support.paths import EXAMPLE
from tests.support.records import build, record_mappings
from zowe_ha_lib.record.model import ChangeRecord, backup_ranks
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.lint import lint
from zowe_ha_lib.tcpip.parse import parse_profile


def profiles_of(record: ChangeRecord):
    return [parse_profile(generate_profile(record, s.name), f"{s.name}.tcpip") for s in record.sysplex.systems]


def expected_distributions(record: ChangeRecord) -> list[dict]:
    out = []
    for d in record.distributions:
        xcf = {s.name: s.dynamic_xcf for s in record.sysplex.systems}
        targets = [{"destip": xcf[d.preferred], "role": "preferred", "rank": None}]
        targets += [{"destip": xcf[b], "role": "backup", "rank": r} for b, r in zip(d.backups, backup_ranks(len(d.backups)), strict=True)]
        out.append({"dvipa": d.dvipa, "ports": sorted(d.ports), "method": "HOTSTANDBY",
                    "autoswitchback": d.autoswitchback, "healthswitch": d.healthswitch, "targets": targets})
    return sorted(out, key=lambda x: (x["dvipa"], x["ports"]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_mappings())
def test_generated_profiles_lint_clean_and_give_back_the_record(mapping):
    record = build(mapping)
    profiles = profiles_of(record)
    together = lint(profiles)
    assert [str(f) for f in together.findings] == []
    assert sorted(together.distributions, key=lambda x: (x["dvipa"], x["ports"])) == expected_distributions(record)
    against = lint(profiles, record)
    assert [str(f) for f in against.findings] == []
    for profile in profiles:  # one by one: no errors (the sysplex checks need all stacks)
        alone = lint([profile])
        assert not alone.has_errors, [str(f) for f in alone.findings]
        assert not [f for f in alone.findings if f.severity == "warning"]


def test_the_example_record_round_trips():
    from zowe_ha_lib.record.load import load_record

    record = load_record(EXAMPLE)
    profiles = profiles_of(record)
    assert lint(profiles, record).findings == []
    assert sorted(lint(profiles).distributions, key=lambda x: (x["dvipa"], x["ports"])) == expected_distributions(record)


def test_an_ipv6_record_round_trips():
    mapping = {
        "change": {"id": "V6", "title": "IPv6"},
        "sysplex": {"name": "PLEX6", "systems": [
            {"name": "SYSA", "dynamic_xcf": "2001:db8::11"}, {"name": "SYSB", "dynamic_xcf": "2001:db8::12"}]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "2001:db8::50", "interface": "DVIPA6", "ports": [7554],
                           "preferred": "SYSA", "backups": ["SYSB"], "autoswitchback": False}],
    }
    record = build(mapping)
    profiles = profiles_of(record)
    assert lint(profiles, record).findings == []
    assert lint(profiles).distributions == expected_distributions(record)
