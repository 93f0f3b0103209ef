"""Lint rules: for each one, a design that breaks it and one that does not."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.support.paths import PROFILES
from tests.support.records import build
from zowe_ha_lib.cli import main
from zowe_ha_lib.tcpip.lint import LintResult, lint
from zowe_ha_lib.tcpip.parse import parse_files, parse_profile

DIST = """\
  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 203.0.113.50
    PORT 7554 DESTIP
    198.51.100.11 PREFERRED
    198.51.100.12 BACKUP 100
    198.51.100.13 BACKUP 50
"""
SYSA = f"""\
IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.11 255.255.255.0 1
VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50
{DIST}ENDVIPADYNAMIC
"""
SYSB = f"""\
IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.12 255.255.255.0 1
VIPADYNAMIC
  VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50
{DIST}ENDVIPADYNAMIC
"""
SYSC = SYSB.replace("198.51.100.12 255", "198.51.100.13 255").replace("VIPABACKUP 100", "VIPABACKUP 50")


def record_mapping() -> dict:
    return {
        "change": {"id": "CHGLINT", "title": "lint tests"},
        "sysplex": {"name": "PLEX1", "systems": [
            {"name": "SYSA", "dynamic_xcf": "198.51.100.11"},
            {"name": "SYSB", "dynamic_xcf": "198.51.100.12"},
            {"name": "SYSC", "dynamic_xcf": "198.51.100.13"}]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.50", "ports": [7554],
                           "preferred": "SYSA", "backups": ["SYSB", "SYSC"]}],
    }


def run(texts: list[str], record: bool | dict = False) -> LintResult:
    profiles = [parse_profile(text, f"sys{chr(97 + i)}.tcpip") for i, text in enumerate(texts)]
    rec = None
    if record:
        rec = build(record if isinstance(record, dict) else record_mapping())
    return lint(profiles, rec)


def sub(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_good_design_is_clean_with_and_without_the_record():
    assert run([SYSA, SYSB, SYSC]).findings == []
    assert run([SYSA, SYSB, SYSC], record=True).findings == []


A_BLOCK = "VIPADYNAMIC\n  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50\n"

# rule -> (SYSA, SYSB, SYSC, compare with the record?)
BAD: dict[str, tuple[str, str, str, bool]] = {
    "semicolon-needs-blank": (sub(SYSA, ("PORT 7554 DESTIP", "PORT 7554;gateway\n DESTIP")), SYSB, SYSC, False),
    "sequence-numbers": (sub(SYSA, ("VIPADYNAMIC\n", "VIPADYNAMIC".ljust(72) + "00020000\n")), SYSB, SYSC, False),
    "slash-star-comment": (sub(SYSA, ("VIPADYNAMIC\n", "/* the Zowe DVIPA */\nVIPADYNAMIC\n")), SYSB, SYSC, False),
    "past-column-71": (sub(SYSA, ("VIPADYNAMIC\n", "VIPADYNAMIC" + " " * 65 + "VIPADEFINE 255.255.255.0 203.0.113.99\n")), SYSB, SYSC, False),
    "vipadynamic-syntax": (sub(SYSA, ("HOTSTANDBY", "HOTSTANBY")), SYSB, SYSC, False),
    "vipa-parameter-order": (sub(SYSA, ("MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50", "255.255.255.0 203.0.113.50 MOVEABLE IMMEDIATE")), SYSB, SYSC, False),
    "mixed-ip-versions": (sub(SYSA, ("198.51.100.13 BACKUP 50", "2001:db8::13 BACKUP 50")), SYSB, SYSC, False),
    "vipadynamic-not-ended": (sub(SYSA, ("ENDVIPADYNAMIC\n", "")), SYSB, SYSC, False),
    "endvipadynamic-without-vipadynamic": (SYSA + "ENDVIPADYNAMIC\n", SYSB, SYSC, False),
    "vipa-outside-block": (SYSA + "VIPADEFINE 255.255.255.0 203.0.113.60\n", SYSB, SYSC, False),
    "block-not-ended": ("AUTOLOG 5 FTPD\n" + SYSA, SYSB, SYSC, False),
    "unknown-statement": (SYSA + "FROBNICATE 1\n", SYSB, SYSC, False),
    "include-not-found": (SYSA + "INCLUDE TCPIP.MORE\n", SYSB, SYSC, False),
    "ipconfig-dynamicxcf-syntax": (sub(SYSA, ("255.255.255.0 1\n", "255.255.255.0\n")), SYSB, SYSC, False),
    "ipconfig-dynamicxcf-cost": (sub(SYSA, ("255.255.255.0 1\n", "255.255.255.0 300\n")), SYSB, SYSC, False),
    "statement-ignored": (sub(SYSA, ("HOTSTANDBY", "HOTSTANBY"), ("ENDVIPADYNAMIC", "  VIPADELETE 203.0.113.50\nENDVIPADYNAMIC")), SYSB, SYSC, False),
    "vipadistribute-option-twice": (sub(SYSA, ("HOTSTANDBY", "HOTSTANDBY DISTM HOTSTANDBY")), SYSB, SYSC, False),
    "vipadelete-unknown": (sub(SYSA, ("ENDVIPADYNAMIC", "  VIPADELETE 203.0.113.99\nENDVIPADYNAMIC")), SYSB, SYSC, False),
    "vipa-defined-twice": (sub(SYSA, ("  VIPADISTRIBUTE", "  VIPADEFINE 255.255.255.0 203.0.113.50\n  VIPADISTRIBUTE")), SYSB, SYSC, False),
    "vipabackup-rank-range": (SYSA, sub(SYSB, ("VIPABACKUP 100", "VIPABACKUP 255")), SYSC, False),
    "vipabackup-not-moveable-immediate": (SYSA, sub(SYSB, ("VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0", "VIPABACKUP 100")), SYSC, False),
    "vipabackup-mask-as-address": (SYSA, sub(SYSB, ("VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0", "VIPABACKUP 100 255.255.255.0")), SYSC, False),
    "dvipa-in-dynamicxcf-subnet": (*tuple(x.replace("203.0.113.50", "198.51.100.50") for x in (SYSA, SYSB, SYSC)), False),
    "hotstandby-keyword-without-hotstandby": (sub(SYSA, ("DISTMETHOD HOTSTANDBY", "DISTMETHOD ROUNDROBIN")), SYSB, SYSC, False),
    "hotstandby-no-destip-all": (sub(SYSA, ("DESTIP\n    198.51.100.11 PREFERRED\n    198.51.100.12 BACKUP 100\n    198.51.100.13 BACKUP 50", "DESTIP ALL")), SYSB, SYSC, False),
    "hotstandby-target-role": (sub(SYSA, ("198.51.100.13 BACKUP 50", "198.51.100.13")), SYSB, SYSC, False),
    "hotstandby-one-preferred": (sub(SYSA, ("198.51.100.13 BACKUP 50", "198.51.100.13 PREFERRED")), SYSB, SYSC, False),
    "hotstandby-needs-backup": (sub(SYSA, ("198.51.100.12 BACKUP 100\n    198.51.100.13 BACKUP 50\n", "")), SYSB, SYSC, False),
    "hotstandby-max-backups": (sub(SYSA, ("198.51.100.13 BACKUP 50\n", "".join(f"    198.51.100.{100 + i} BACKUP\n" for i in range(31)))), SYSB, SYSC, False),
    "hotstandby-unique-targets": (sub(SYSA, ("198.51.100.13 BACKUP 50", "198.51.100.11 BACKUP 50")), SYSB, SYSC, False),
    "backup-rank-range": (sub(SYSA, ("BACKUP 50", "BACKUP 300")), SYSB, SYSC, False),
    "vipadistribute-without-vipa": (sub(SYSA, ("  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50\n", "")), SYSB, SYSC, False),
    "sysplexports-not-first": (sub(SYSA, ("ENDVIPADYNAMIC", DIST.replace("HOTSTANDBY", "HOTSTANDBY SYSPLEXPORTS").replace("7554", "7555") + "ENDVIPADYNAMIC")), SYSB, SYSC, False),
    "too-many-ports": (sub(SYSA, ("PORT 7554", "PORT 7554-7700")), SYSB, SYSC, False),
    "dynamicxcf-missing": (SYSA, sub(SYSB, ("IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.12 255.255.255.0 1\n", "")), SYSC, False),
    "sysplexrouting-missing": (sub(SYSA, ("IPCONFIG SYSPLEXROUTING", "IPCONFIG")), SYSB, SYSC, False),
    "dynamicxcf-duplicate": (SYSA, SYSB, sub(SYSC, ("198.51.100.13 255", "198.51.100.12 255")), False),
    "destip-not-dynamicxcf": (sub(SYSA, ("198.51.100.13 BACKUP 50", "198.51.100.14 BACKUP 50")), SYSB, SYSC, False),
    "dvipa-several-owners": (SYSA, sub(SYSB, ("VIPABACKUP 100 MOVEABLE IMMEDIATE", "VIPADEFINE MOVEABLE IMMEDIATE")), SYSC, False),
    "dvipa-no-owner": (sub(SYSA, ("VIPADEFINE MOVEABLE IMMEDIATE", "VIPABACKUP 150 MOVEABLE IMMEDIATE")), SYSB, SYSC, False),
    "dvipa-no-backup-stack": (SYSA, sub(SYSB, ("203.0.113.50\n  VIPADIST", "203.0.113.51\n  VIPADIST")),
                              sub(SYSC, ("203.0.113.50\n  VIPADIST", "203.0.113.51\n  VIPADIST")), False),
    "backup-starts-without-owner": (SYSA, SYSB, sub(SYSC, (DIST, "")), False),
    "backup-stack-vipadistribute-differs": (SYSA, SYSB, sub(SYSC, ("HOTSTANDBY", "HOTSTANDBY NOAUTOSWITCHBACK")), False),
    "record-unknown-stack": (SYSA, SYSB, sub(SYSC, ("198.51.100.13 255", "198.51.100.99 255")), True),
    "record-dynamicxcf": (sub(SYSA, ("255.255.255.0 1\n", "255.255.255.0 2\n")), SYSB, SYSC, True),
    "record-vipadefine-owner": (sub(SYSA, ("VIPADEFINE MOVEABLE IMMEDIATE", "VIPABACKUP 150 MOVEABLE IMMEDIATE")),
                                sub(SYSB, ("VIPABACKUP 100 MOVEABLE IMMEDIATE", "VIPADEFINE MOVEABLE IMMEDIATE")), SYSC, True),
    "record-vipabackup": (SYSA, SYSB, sub(SYSC, ("  VIPABACKUP 50 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50\n", ""), (DIST, "")), True),
    "record-vipabackup-order": (SYSA, sub(SYSB, ("VIPABACKUP 100", "VIPABACKUP 10")), SYSC, True),
    "record-distribution-missing": (sub(SYSA, (DIST, "")), SYSB, SYSC, True),
    "record-ports": (sub(SYSA, ("PORT 7554", "PORT 7554 7555")), SYSB, SYSC, True),
    "record-method": (sub(SYSA, ("DISTMETHOD HOTSTANDBY", "DISTMETHOD ROUNDROBIN"), ("PREFERRED", ""), ("BACKUP 100", ""), ("BACKUP 50", "")), SYSB, SYSC, True),
    "record-preferred": (sub(SYSA, ("198.51.100.11 PREFERRED\n    198.51.100.12 BACKUP 100", "198.51.100.12 PREFERRED\n    198.51.100.11 BACKUP 100")), SYSB, SYSC, True),
    "record-targets": (sub(SYSA, ("    198.51.100.13 BACKUP 50\n", "")), SYSB, SYSC, True),
    "record-backup-order": (sub(SYSA, ("BACKUP 100", "BACKUP 40")), SYSB, SYSC, True),
    "record-autoswitchback": (sub(SYSA, ("HOTSTANDBY", "HOTSTANDBY NOAUTOSWITCHBACK")), SYSB, SYSC, True),
    "record-healthswitch": (sub(SYSA, ("HOTSTANDBY", "HOTSTANDBY NOHEALTHSWITCH")), SYSB, SYSC, True),
    "record-extra-distribution": (sub(SYSA, ("ENDVIPADYNAMIC", DIST.replace("7554", "8080") + "ENDVIPADYNAMIC")), SYSB, SYSC, True),
}


@pytest.mark.parametrize("rule", sorted(BAD))
def test_each_rule_fires_on_a_design_that_breaks_it(rule):
    a, b, c, with_record = BAD[rule]
    result = run([a, b, c], record=with_record)
    fired = [f for f in result.findings if f.rule == rule]
    assert fired, [str(f) for f in result.findings]
    for f in fired:
        assert f.file.endswith(".tcpip") and f.message and f.severity in ("error", "warning", "info")
    # ... and not on the good design it was made from
    assert not [f for f in run([SYSA, SYSB, SYSC], record=with_record).findings if f.rule == rule]


def test_single_profile_is_noted_and_skips_sysplex_checks():
    result = run([SYSA])
    assert [f.rule for f in result.findings] == ["single-profile"]
    assert not run([SYSA, SYSB, SYSC]).findings


SEVERITY = {
    "semicolon-needs-blank": "error", "sequence-numbers": "warning", "past-column-71": "warning",
    "slash-star-comment": "error",
    "hotstandby-keyword-without-hotstandby": "error", "hotstandby-one-preferred": "error",
    "hotstandby-no-destip-all": "error", "vipabackup-not-moveable-immediate": "warning",
    "backup-rank-range": "warning", "backup-starts-without-owner": "info", "too-many-ports": "warning",
    "dvipa-several-owners": "warning", "vipabackup-mask-as-address": "error", "dvipa-in-dynamicxcf-subnet": "warning",
    "include-not-found": "warning",
    "sysplexrouting-missing": "warning", "dvipa-no-backup-stack": "warning", "destip-not-dynamicxcf": "error",
}


@pytest.mark.parametrize(("rule", "severity"), sorted(SEVERITY.items()))
def test_severities_follow_what_zos_does_and_unsure_rules_warn(rule, severity):
    a, b, c, with_record = BAD[rule]
    assert {f.severity for f in run([a, b, c], record=with_record).findings if f.rule == rule} == {severity}


@pytest.mark.parametrize(("rule", "message_id"), [
    ("hotstandby-target-role", "EZZ0826I"), ("hotstandby-one-preferred", "EZZ0827I"), ("hotstandby-needs-backup", "EZZ0827I"),
    ("hotstandby-max-backups", "EZZ0829I"), ("hotstandby-unique-targets", "EZZ0830I"),
    ("hotstandby-keyword-without-hotstandby", "EZZ0831I"), ("hotstandby-no-destip-all", "EZZ0165I"),
])
def test_messages_name_the_zos_message(rule, message_id):
    a, b, c, _ = BAD[rule]
    fired = [f for f in run([a, b, c]).findings if f.rule == rule]
    assert fired and all(message_id in f.message for f in fired)


def test_ezz0831i_drops_the_rest_of_the_block_for_the_cross_checks():
    a = sub(SYSA, ("DISTMETHOD HOTSTANDBY", "DISTMETHOD ROUNDROBIN"),
            ("ENDVIPADYNAMIC", "  VIPABACKUP 1 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.51\nENDVIPADYNAMIC"))
    result = run([a, SYSB, SYSC])
    [kill] = [f for f in result.findings if f.rule == "hotstandby-keyword-without-hotstandby"]
    assert kill.line == 4 and "ignores this VIPADISTRIBUTE and the 1 statement(s) after it" in kill.message
    assert [f.line for f in result.findings if f.rule == "statement-ignored"] == [9]
    # the owner no longer distributes: the model takes the backups' definition
    assert [d["dvipa"] for d in result.distributions] == ["203.0.113.50"]


def test_rejected_hotstandby_statement_does_not_distribute_but_the_block_goes_on():
    a = sub(SYSA, ("198.51.100.13 BACKUP 50", "198.51.100.13 PREFERRED"),
            ("ENDVIPADYNAMIC", "  VIPADISTRIBUTE DISTM HOTSTANDBY 203.0.113.50 PORT 443 DESTIP\n"
                               "    198.51.100.11 PREFERRED 198.51.100.12 BACKUP\nENDVIPADYNAMIC"))
    result = lint([parse_profile(a, "a")])
    assert sorted(f.rule for f in result.findings) == ["hotstandby-one-preferred", "single-profile"]
    assert [d["ports"] for d in result.distributions] == [[443]]


def test_vipadelete_allows_a_redefinition():
    a = sub(SYSA, ("  VIPADISTRIBUTE", "  VIPADELETE 203.0.113.50\n  VIPADEFINE 255.255.255.0 203.0.113.50\n  VIPADISTRIBUTE"))
    assert not [f for f in run([a, SYSB, SYSC]).findings if f.rule == "vipa-defined-twice"]


def test_vipadistribute_delete_removes_the_distribution():
    a = sub(SYSA, ("ENDVIPADYNAMIC", "  VIPADISTRIBUTE DELETE 203.0.113.50 PORT 7554 DESTIP ALL\nENDVIPADYNAMIC"))
    result = lint([parse_profile(a, "a")])
    assert result.distributions == []


def test_sysplexports_on_the_first_distribution_is_fine():
    a = sub(SYSA, ("HOTSTANDBY", "HOTSTANDBY SYSPLEXPORTS"))
    assert not [f for f in run([a, SYSB, SYSC]).findings if f.rule == "sysplexports-not-first"]


def test_backup_without_rank_cannot_be_ordered_against_the_record():
    a = sub(SYSA, ("BACKUP 100", "BACKUP"), ("BACKUP 50", "BACKUP"))
    fired = [f for f in run([a, SYSB, SYSC], record=True).findings if f.rule == "record-backup-order"]
    assert [f.severity for f in fired] == ["warning"] and "UNSURE" in fired[0].message


# ---------------------------------------------------------------- the Zowe page's sample


def test_zowe_sample_lints_with_exactly_the_missing_vipabackup():
    profiles = parse_files([PROFILES / "zowe-sample-sysa.tcpip", PROFILES / "zowe-sample-sysb.tcpip"])
    result = lint(profiles)
    assert [(f.severity, f.rule, f.line) for f in result.findings] == [("warning", "dvipa-no-backup-stack", 5)]
    assert "VIPABACKUP" in result.findings[0].message
    assert result.distributions == [{
        "dvipa": "203.0.113.50", "ports": [7554], "method": "HOTSTANDBY", "autoswitchback": True, "healthswitch": True,
        "targets": [{"destip": "198.51.100.11", "role": "preferred", "rank": None},
                    {"destip": "198.51.100.12", "role": "backup", "rank": None}]}]


def test_zowe_noautoswitchback_sample_distribution():
    profiles = parse_files([PROFILES / "zowe-sample-noautoswitchback-sysa.tcpip", PROFILES / "zowe-sample-sysb.tcpip"])
    result = lint(profiles)
    assert [f.rule for f in result.findings] == ["dvipa-no-backup-stack"]
    assert result.distributions[0]["autoswitchback"] is False


def test_distributions_order_backups_by_rank_and_come_from_the_owner():
    c = sub(SYSC, ("HOTSTANDBY", "HOTSTANDBY NOAUTOSWITCHBACK"))
    result = run([SYSC.replace("VIPABACKUP 50", "VIPABACKUP 50"), SYSB, sub(SYSA, ("BACKUP 100", "BACKUP 10"))])
    [dist] = result.distributions
    assert [(t["destip"], t["rank"]) for t in dist["targets"]] == [("198.51.100.11", None), ("198.51.100.13", 50), ("198.51.100.12", 10)]
    assert run([SYSA, SYSB, c]).distributions[0]["autoswitchback"] is True  # owner's, not the backup's


def test_json_shape_matches_the_contract():
    data = run([SYSA, sub(SYSB, ("VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0", "VIPABACKUP 100")), SYSC]).to_json()
    assert set(data) == {"findings", "distributions"}
    assert set(data["findings"][0]) == {"severity", "rule", "file", "line", "message"}
    assert set(data["distributions"][0]) == {"dvipa", "ports", "method", "autoswitchback", "healthswitch", "targets"}
    assert set(data["distributions"][0]["targets"][0]) == {"destip", "role", "rank"}
    json.dumps(data)


# ---------------------------------------------------------------- the command


def write(tmp_path: Path, texts: list[str]) -> list[str]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"sys{chr(97 + i)}.tcpip"
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_cli_text_output_and_exit_codes(tmp_path, capsys):
    paths = write(tmp_path, [SYSA, SYSB, SYSC])
    assert main(["lint", *paths]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["0 error(s), 0 warning(s), 0 info in 3 profile(s), 27 line(s); 1 distribution(s)"]
    paths = write(tmp_path, [sub(SYSA, ("HOTSTANDBY", "HOTSTANDBY NOAUTOSWITCHBACK")), SYSB, sub(SYSC, ("VIPABACKUP 50 MOVEABLE IMMEDIATE 255.255.255.0", "VIPABACKUP 50"))])
    assert main(["lint", *paths]) == 0  # warnings only
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{paths[2]}:3: warning: vipabackup-not-moveable-immediate: ") for line in out)
    paths = write(tmp_path, [sub(SYSA, ("198.51.100.13 BACKUP 50", "198.51.100.13 PREFERRED")), SYSB, SYSC])
    assert main(["lint", *paths]) == 1
    assert f"{paths[0]}:8: error: hotstandby-one-preferred: " in capsys.readouterr().out


def test_cli_change_record_and_json(tmp_path, capsys):
    import yaml

    record = tmp_path / "rec"
    record.mkdir()
    (record / "change.yaml").write_text(yaml.safe_dump(record_mapping()))
    paths = write(tmp_path, [SYSA, SYSB, sub(SYSC, ("12 BACKUP 100", "12 BACKUP 10"))])
    assert main(["lint", *paths, "--change", str(record), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in data["findings"]} == {"record-backup-order", "backup-stack-vipadistribute-differs"}
    assert data["distributions"][0]["ports"] == [7554]


def test_cli_missing_and_binary_files_exit_2_with_one_line_each(tmp_path, capsys):
    binary = tmp_path / "b.tcpip"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["lint", str(tmp_path / "nope.tcpip"), str(binary)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "no such file" in err[0] and "binary" in err[1]
    assert main(["lint", str(binary), "--change", str(tmp_path / "norecord")]) == 2


def test_ten_thousand_line_profile_lints_and_the_time_is_reported(tmp_path, capsys):
    """Measured, not asserted (the target is < 0.5 s; see the report)."""
    filler = "".join(f"PORT {1000 + i % 5000} TCP JOB{i % 97} ; reservation {i}\n" for i in range(9_900))
    text = filler + SYSA * 1 + "".join(
        f"VIPADYNAMIC\n VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.{100 + i}\n"
        f" VIPADISTRIBUTE DISTM HOTSTANDBY 203.0.113.{100 + i} PORT 80 DESTIP\n"
        " 198.51.100.11 PREFERRED 198.51.100.12 BACKUP\nENDVIPADYNAMIC\n" for i in range(15))
    assert text.count("\n") >= 9_984
    started = time.perf_counter()
    result = lint([parse_profile(text, "big.tcpip"), parse_profile(SYSB, "b"), parse_profile(SYSC, "c")])
    elapsed = time.perf_counter() - started
    assert len(result.distributions) == 16
    with capsys.disabled():
        print(f"\nlint of a {text.count(chr(10))}-line profile: {elapsed:.3f} s")


def test_lint_on_the_zowe_sample_suggests_a_statement_that_can_be_typed(tmp_path):
    # The Zowe page's sample has no VIPABACKUP; the suggested statement must be
    # complete (a rank, MOVEABLE IMMEDIATE, the mask, the DVIPA), not a template.
    from tests.support.records import ADDR_A, ADDR_B, ADDR_V, PAGE_SAMPLE
    from zowe_ha_lib.tcpip.lint import lint
    from zowe_ha_lib.tcpip.parse import parse_profile

    sysa = tmp_path / "sysa.tcpip"
    sysa.write_text(PAGE_SAMPLE)
    sysb = tmp_path / "sysb.tcpip"
    sysb.write_text(f"IPCONFIG SYSPLEXROUTING DYNAMICXCF {ADDR_B} 255.255.255.0 1\n")
    result = lint([parse_profile(p.read_text(), str(p)) for p in (sysa, sysb)])
    finding = next(f for f in result.findings if f.rule == "dvipa-no-backup-stack")
    assert f"'VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0 {ADDR_V}'" in finding.message
    assert ADDR_A not in finding.message


def test_lint_destip_not_dynamic_xcf_says_its_effect_is_unsure(tmp_path):
    from tests.support.records import PAGE_SAMPLE
    from zowe_ha_lib.tcpip.lint import lint
    from zowe_ha_lib.tcpip.parse import parse_profile

    text = PAGE_SAMPLE.replace("198.51.100.2  BACKUP", "192.0.2.99  BACKUP")
    assert text != PAGE_SAMPLE
    sysa = tmp_path / "sysa.tcpip"
    sysa.write_text(text)
    sysb = tmp_path / "sysb.tcpip"
    sysb.write_text("IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.2 255.255.255.0 1\n")
    result = lint([parse_profile(p.read_text(), str(p)) for p in (sysa, sysb)])
    finding = next(f for f in result.findings if f.rule == "destip-not-dynamicxcf")
    assert "192.0.2.99" in finding.message and "UNSURE" in finding.message
