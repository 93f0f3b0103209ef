"""INCLUDE: members are found, read in place, nested; cycles and missing members are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.records import build
from tests.test_tcpip_lint import DIST, SYSA, SYSB, SYSC, record_mapping, sub
from zowe_ha_lib.cli import main
from zowe_ha_lib.tcpip.include import find_member, member_name
from zowe_ha_lib.tcpip.lint import lint
from zowe_ha_lib.tcpip.parse import parse_files

IPCONFIG_A = "IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.11 255.255.255.0 1\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def stacks(tmp_path: Path, sysa: str, members: dict[str, str] | None = None, include_dirs=()) -> list:
    """SYSA as given (with its members beside it), SYSB and SYSC as in the good design."""
    for name, text in (members or {}).items():
        write(tmp_path / "a", name, text)
    paths = [write(tmp_path / "a", "sysa.tcpip", sysa), write(tmp_path, "sysb.tcpip", SYSB), write(tmp_path, "sysc.tcpip", SYSC)]
    return parse_files(paths, include_dirs)


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(("dataset", "name"), [
    ("SYS1.TCPPARMS(VIPAS)", "VIPAS"), ("'TCPIP.SHARED.IPCONF'", "IPCONF"), ("TCPIP.IPCONF", "IPCONF"),
    ("//'SYS1.TCPPARMS(IPC)'", "IPC"), ("/u/tcpip/shared.prof", "shared.prof"), ("SYS1.&SYSCLONE..PARMS(X)", None),
    ("GDG.BASE(+1)", None), ("", None),
])
def test_member_names(dataset, name):
    assert member_name(dataset) == name


def test_member_found_in_any_case_with_or_without_extension_include_dir_first(tmp_path):
    beside = tmp_path / "beside"
    given_dir = tmp_path / "given"
    write(beside, "vipas", "x")
    write(given_dir, "Vipas.tcpip", "y")
    write(given_dir, "VIPASX.tcpip", "z")  # a longer name is not a match
    assert find_member("SYS1.TCPPARMS(VIPAS)", [given_dir, beside]) == given_dir / "Vipas.tcpip"
    assert find_member("SYS1.TCPPARMS(VIPAS)", [beside]) == beside / "vipas"
    assert find_member("SYS1.TCPPARMS(OTHER)", [given_dir, beside]) is None
    # an exact name wins over one with an extension
    write(given_dir, "VIPAS", "exact")
    assert find_member("'TCPIP.VIPAS'", [given_dir]) == given_dir / "VIPAS"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_member_name_of_any_text_is_a_name_or_none(text):
    name = member_name(text)
    assert name is None or (name and "/" not in name and "(" not in name.rstrip(")"))


# ---------------------------------------------------------------- reading members in place


def test_ipconfig_in_an_include_is_read_and_there_is_no_cascade(tmp_path):
    sysa = sub(SYSA, (IPCONFIG_A, "INCLUDE SYS1.TCPPARMS(IPCONF)\n"))
    profiles = stacks(tmp_path, sysa, {"ipconf.txt": IPCONFIG_A})
    result = lint(profiles)
    assert result.findings == []
    assert profiles[0].dynamic_xcf == "198.51.100.11"
    assert [(i.dataset, i.found) for i in profiles[0].includes] == [("SYS1.TCPPARMS(IPCONF)", str(tmp_path / "a" / "ipconf.txt"))]


def test_nested_includes_and_findings_name_the_member_file_and_line(tmp_path):
    # sysa -> VIPABLK -> DISTS, the error sits on line 3 of DISTS
    broken = sub(DIST, ("198.51.100.13 BACKUP 50", "198.51.100.13 PREFERRED"))
    sysa = IPCONFIG_A + "VIPADYNAMIC\n  INCLUDE 'TCPIP.VIPABLK'\nENDVIPADYNAMIC\n"
    members = {"VIPABLK": "  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50\n  INCLUDE SYS1.X(DISTS)\n",
               "dists.tcpip": broken}
    profiles = stacks(tmp_path, sysa, members)
    [fired] = [f for f in lint(profiles).findings if f.rule == "hotstandby-one-preferred"]
    assert fired.file == str(tmp_path / "a" / "dists.tcpip") and fired.line == 5
    assert len(profiles[0].includes) == 2


def test_include_dir_is_searched_before_the_including_files_folder(tmp_path):
    sysa = sub(SYSA, (IPCONFIG_A, "INCLUDE SYS1.TCPPARMS(IPCONF)\n"))
    shared = tmp_path / "shared"
    write(shared, "IPCONF", IPCONFIG_A)
    profiles = stacks(tmp_path, sysa, {"ipconf": "IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.77 255.255.255.0 1\n"},
                      include_dirs=[shared])
    assert profiles[0].dynamic_xcf == "198.51.100.11"


def test_a_cycle_is_an_error_naming_the_chain_and_the_rest_is_read(tmp_path):
    sysa = sub(SYSA, (IPCONFIG_A, "INCLUDE SYS1.P(ONE)\n"))
    profiles = stacks(tmp_path, sysa, {"ONE": IPCONFIG_A + "INCLUDE SYS1.P(TWO)\n", "TWO": "INCLUDE SYS1.P(ONE)\n"})
    [cycle] = [f for f in lint(profiles).findings if f.rule == "include-cycle"]
    assert cycle.severity == "error" and cycle.file.endswith("TWO") and cycle.line == 1
    assert "sysa.tcpip -> " in cycle.message and cycle.message.count("ONE") >= 2 and "TWO" in cycle.message
    assert profiles[0].dynamic_xcf == "198.51.100.11"


def test_a_profile_that_includes_itself_is_a_cycle(tmp_path):
    profiles = stacks(tmp_path, SYSA + "INCLUDE 'TCPIP.SYSA'\n")
    assert [f.rule for f in lint(profiles).findings] == ["include-cycle"]


def test_missing_include_is_a_warning_and_nothing_it_could_hold_is_called_missing(tmp_path):
    sysa = sub(SYSA, (IPCONFIG_A, "INCLUDE SYS1.TCPPARMS(IPCONF)\n"))
    profiles = stacks(tmp_path, sysa)
    record = build(record_mapping())
    result = lint(profiles, record)
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["include-not-found"].severity == "warning"
    assert "SYS1.TCPPARMS(IPCONF)" in by_rule["include-not-found"].message
    assert by_rule["dynamicxcf-missing"].severity == "warning"
    assert "unless INCLUDE SYS1.TCPPARMS(IPCONF)" in by_rule["dynamicxcf-missing"].message
    assert not result.has_errors, [str(f) for f in result.findings]
    # without the record, the DESTIP of SYSA is unknown: not claimed wrong either
    alone = lint(profiles)
    destip = [f for f in alone.findings if f.rule == "destip-not-dynamicxcf"]
    assert destip and all(f.severity == "warning" and "unless INCLUDE" in f.message for f in destip)
    assert not alone.has_errors


def test_missing_include_softens_record_findings_about_missing_statements(tmp_path):
    # The owner's whole VIPADYNAMIC block is in a member that is not there.
    sysa = IPCONFIG_A + "INCLUDE SYS1.TCPPARMS(VIPAS)\n"
    result = lint(stacks(tmp_path, sysa), build(record_mapping()))
    soft = {f.rule: f.severity for f in result.findings if "unless INCLUDE" in f.message}
    assert soft.get("record-vipadefine-owner") == "warning" and soft.get("record-distribution-missing") == "warning"
    assert not result.has_errors, [str(f) for f in result.findings]


def test_the_same_design_without_the_include_still_errs(tmp_path):
    result = lint(stacks(tmp_path, IPCONFIG_A), build(record_mapping()))
    assert {f.severity for f in result.findings if f.rule == "record-vipadefine-owner"} == {"error"}


# ---------------------------------------------------------------- the command


def test_cli_include_dir(tmp_path, capsys):
    sysa = write(tmp_path / "p", "sysa.tcpip", sub(SYSA, (IPCONFIG_A, "INCLUDE SYS1.TCPPARMS(IPCONF)\n")))
    sysb, sysc = write(tmp_path / "p", "sysb.tcpip", SYSB), write(tmp_path / "p", "sysc.tcpip", SYSC)
    write(tmp_path / "members", "ipconf.prof", IPCONFIG_A)
    argv = ["lint", str(sysa), str(sysb), str(sysc)]
    assert main(argv) == 0
    assert "include-not-found" in capsys.readouterr().out
    assert main([*argv, "--include-dir", str(tmp_path / "members")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 error(s), 0 warning(s), 0 info")
    assert main([*argv, "--include-dir", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--include-dir" in err[0] and "no such folder" in err[0]


def test_cli_unreadable_member_is_bad_input(tmp_path, capsys):
    write(tmp_path, "BIN", "x")
    (tmp_path / "BIN").write_bytes(b"\x00\x01")
    sysa = write(tmp_path, "sysa.tcpip", SYSA + "INCLUDE SYS1.X(BIN)\n")
    assert main(["lint", str(sysa)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "BIN" in err[0] and "NUL" in err[0]


def test_failover_profile_mode_follows_includes(tmp_path, capsys):
    sysa = write(tmp_path, "sysa.tcpip", sub(SYSA, (IPCONFIG_A, "INCLUDE SYS1.TCPPARMS(IPCONF)\n")))
    write(tmp_path, "IPCONF", IPCONFIG_A)
    paths = [str(sysa), str(write(tmp_path, "sysb.tcpip", SYSB)), str(write(tmp_path, "sysc.tcpip", SYSC))]
    assert main(["failover", "--profile", *paths, "--event", "198.51.100.11:down", "--json"]) == 0
    timeline = json.loads(capsys.readouterr().out)["timeline"]
    assert [e["distributor"] for e in timeline] == ["198.51.100.11", "198.51.100.12"]
