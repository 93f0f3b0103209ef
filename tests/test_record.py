"""Change record loading: the example is valid; every kind of mistake gets one clear line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import check_mapping, dump_yaml, load_record, record_to_mapping
from zowe_ha_lib.util.errors import InputError

GOOD = textwrap.dedent(
    """\
    change:
      id: CHG0100
      title: Two systems
      zowe_release: v3
    sysplex:
      name: PLEX2
      systems:
        - name: SYSA
          dynamic_xcf: 198.51.100.1
        - name: SYSB
          dynamic_xcf: 198.51.100.2
    distributions:
      - name: zowe-gateway
        dvipa: 203.0.113.10
        ports: [7554]
        preferred: SYSA
        backups: [SYSB]
    """
)


def write(tmp_path: Path, text: str | bytes) -> Path:
    folder = tmp_path / "REC"
    folder.mkdir(exist_ok=True)
    target = folder / "change.yaml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text)
    return folder


def problems_of(tmp_path: Path, text: str | bytes) -> list[str]:
    folder = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_record(folder)
    return [str(p) for p in info.value.problems]


def test_example_record_is_valid() -> None:
    record = load_record(EXAMPLE)
    assert record.id == "CHG0001"
    assert record.sysplex.system_names == ("SYSA", "SYSB", "SYSC")
    gateway = record.gateway()
    assert gateway is not None and gateway.ports == (7554,)
    assert gateway.distributor == "SYSA" and gateway.distributor_backups == ("SYSB", "SYSC")
    assert [t.rank for t in record.targets(gateway)] == [None, 100, 50]
    zosmf = next(d for d in record.distributions if d.role == "zosmf")
    assert zosmf.dvipa == gateway.dvipa and zosmf.ports == (443,)
    assert record.zowe_config_path == EXAMPLE / "zowe.yaml"


def test_defaults_and_normalisation(tmp_path: Path) -> None:
    text = GOOD.replace("198.51.100.1\n", "198.51.100.001\n").replace("name: SYSA\n", "name: sysa\n", 1)
    text = text.replace("preferred: SYSA", "preferred: sysa")
    record = load_record(write(tmp_path, text))
    dist = record.distributions[0]
    assert record.sysplex.systems[0].dynamic_xcf == "198.51.100.1"
    assert record.sysplex.systems[0].name == "SYSA" and dist.preferred == "SYSA"
    assert (dist.role, dist.mask, dist.autoswitchback, dist.healthswitch) == ("zowe-gateway", "255.255.255.0", True, True)
    assert record.zowe_release == "v3" and record.sysplex.dynamic_xcf_cost == 1


def test_issue_example_message_names_file_line_and_key(tmp_path: Path) -> None:
    lines = problems_of(tmp_path, GOOD.replace("preferred: SYSA", "preferred: SYSZ"))
    line_no = GOOD.splitlines().index("    preferred: SYSA") + 1
    assert lines == [f"{tmp_path / 'REC' / 'change.yaml'}:{line_no}: distributions[0].preferred: 'SYSZ' is not a system of this record (SYSA, SYSB)"]


# Each case: a change to the good record (or a whole text) and a fragment the single message must contain.
CASES: dict[str, tuple[str | bytes, str]] = {
    "empty file": ("", "file is empty"),
    "only comments": ("# nothing yet\n", "file is empty"),
    "yaml syntax": (GOOD.replace("ports: [7554]", "ports: [7554"), "YAML syntax error"),
    "tab indentation": (GOOD.replace("  title:", "\ttitle:"), "YAML syntax error"),
    "binary junk": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8 text"),
    "nul byte": ("change:\n  id: CHG\x00\n", "NUL character"),
    "control character": (GOOD.replace("Two systems", "Two\x1fsystems"), ":3: contains the control character U+001F"),
    "top level list": ("- change\n- sysplex\n", "expected a mapping with keys change, sysplex and distributions, got a list"),
    "top level scalar": ("hello\n", "got the text 'hello'"),
    "missing section": (GOOD.split("distributions:")[0], "missing required key 'distributions'"),
    "misspelt top key": (GOOD.replace("distributions:", "distribtions:"), "did you mean 'distributions'?"),
    "misspelt nested key": (GOOD.replace("dynamic_xcf: 198.51.100.2", "dynamic_xfc: 198.51.100.2"), "did you mean 'dynamic_xcf'?"),
    "port as text": (GOOD.replace("[7554]", "['7554']"), "write 7554 without quotes"),
    "ports scalar": (GOOD.replace("[7554]", "7554"), "write [7554]"),
    "list where mapping": (
        GOOD.replace("change:\n  id: CHG0100\n  title: Two systems\n  zowe_release: v3", "change:\n  - CHG0100\n  - Two systems"),
        "change: expected a mapping (key: value lines), got a list (remove the leading '- ')",
    ),
    "mapping where list": (GOOD.replace("backups: [SYSB]", "backups: {first: SYSB}"), "expected a list, got a mapping"),
    "id as number": (GOOD.replace("id: CHG0100", "id: 12345"), "quote it: '12345'"),
    "id not a folder name": (GOOD.replace("id: CHG0100", "id: ../../etc"), "change.id: '../../etc' is not valid"),
    "port out of range": (GOOD.replace("[7554]", "[70000]"), "70000 is out of range 1-65535"),
    "port zero": (GOOD.replace("[7554]", "[0]"), "0 is out of range 1-65535"),
    "bad address": (GOOD.replace("198.51.100.2", "198.51.100.300"), "'198.51.100.300' is not an IPv4 address"),
    "address with letters": (GOOD.replace("203.0.113.10", "203.0.113.x"), "is not an IPv4 address"),
    "non contiguous mask": (GOOD.replace("ports: [7554]", "mask: 255.0.255.0\n    ports: [7554]"), "not a contiguous subnet mask"),
    "one system": (GOOD.replace("    - name: SYSB\n      dynamic_xcf: 198.51.100.2\n", ""), "needs at least 2 items, has 1"),
    "duplicate system": (
        GOOD.replace("dynamic_xcf: 198.51.100.2\n", "dynamic_xcf: 198.51.100.2\n    - name: sysb\n      dynamic_xcf: 198.51.100.3\n"),
        "system SYSB is listed twice (also systems[1])",
    ),
    "duplicate xcf": (GOOD.replace("198.51.100.2", "198.51.100.1"), "is also the dynamic XCF address of systems[0]"),
    "sysname too long": (GOOD.replace("name: SYSB", "name: SYSTEMBBB"), "SYSNAME: 1-8 of A-Z 0-9 @ # $"),
    "preferred also backup": (GOOD.replace("backups: [SYSB]", "backups: [SYSB, SYSA]"), "cannot also be a backup (z/OS rejects it: EZZ0830I)"),
    "dvipa is an xcf address": (GOOD.replace("203.0.113.10", "198.51.100.2"), "a DVIPA must be an address of its own"),
    "mixed ip versions": (GOOD.replace("dvipa: 203.0.113.10", "dvipa: 2001:db8::10\n    interface: ZOWEV6"), "one IP version throughout a distribution"),
    "unknown release": (GOOD.replace("zowe_release: v3", "zowe_release: v4"), "'v4' is not valid: Zowe release whose rules apply: v1, v2 or v3, or a level such as v3.4"),
    "config leaves folder": (GOOD + "zowe:\n  config: ../../etc/passwd\n", "leaves the change record folder"),
    "absolute config": (GOOD + "zowe:\n  config: /etc/zowe.yaml\n", "leaves the change record folder"),
    "duplicate key": (GOOD.replace("  title: Two systems\n", "  title: Two systems\n  title: Again\n"), "duplicate key (first given on line 3)"),
    "two documents": (GOOD + "---\nchange: {}\n", "several YAML documents"),
    "boolean as text": (GOOD.replace("backups: [SYSB]", "backups: [SYSB]\n    autoswitchback: 'no'"), "expected true or false, got the text 'no'"),
    "empty backups": (GOOD.replace("backups: [SYSB]", "backups: []"), "needs at least 1 item, has 0"),
    "empty value": (GOOD.replace("title: Two systems", "title:"), "expected text, got nothing"),
    "cost out of range": (GOOD.replace("  systems:", "  dynamic_xcf_cost: 300\n  systems:"), "300 is out of range 0-255"),
    "recursive alias": ("change: &a\n  id: [*a]\n", "recursive YAML alias"),
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "runaway YAML aliases",
    ),
    "python tag": (GOOD.replace("title: Two systems", "title: !!python/object:os.system ls"), "cannot read value"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_gets_one_clear_line(tmp_path: Path, case: str) -> None:
    text, fragment = CASES[case]
    lines = problems_of(tmp_path, text)
    assert len(lines) == 1, lines
    assert fragment in lines[0], lines[0]
    assert lines[0].startswith(str(tmp_path / "REC" / "change.yaml")), lines[0]
    assert "\n" not in lines[0] and "Traceback" not in lines[0]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("[7554]", "[70000]").replace("zowe_release: v3", "zowe_release: v9").replace("dynamic_xcf: 198.51.100.2", "dynamic_xfc: 198.51.100.2")
    lines = problems_of(tmp_path, text)
    assert len(lines) == 3  # bad port, bad release, misspelt key (no separate 'missing dynamic_xcf')
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)


def test_shared_dvipa_must_agree(tmp_path: Path) -> None:
    text = GOOD + "  - name: zosmf\n    dvipa: 203.0.113.10\n    ports: [443]\n    preferred: SYSB\n    backups: [SYSA]\n"
    lines = problems_of(tmp_path, text)
    assert any("one DVIPA has one VIPADEFINE owner" in line for line in lines), lines


def test_same_port_twice_on_one_dvipa(tmp_path: Path) -> None:
    text = GOOD + "  - name: other\n    dvipa: 203.0.113.10\n    ports: [7554]\n    preferred: SYSA\n    backups: [SYSB]\n"
    assert any("port 7554 of 203.0.113.10 is already distributed" in line for line in problems_of(tmp_path, text))


def test_symlink_escape_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD + "zowe:\n  config: link.yaml\n")
    outside = tmp_path / "outside.yaml"
    outside.write_text("zowe: {}\n")
    (folder / "link.yaml").symlink_to(outside)
    with pytest.raises(InputError) as info:
        load_record(folder)
    assert "resolves outside the change record folder" in str(info.value)


def test_distributor_defaults_follow_the_distributor(tmp_path: Path) -> None:
    text = GOOD.replace("backups: [SYSB]", "backups: [SYSB]\n    distributor: SYSB")
    dist = load_record(write(tmp_path, text)).distributions[0]
    assert dist.distributor == "SYSB" and dist.distributor_backups == ("SYSA",)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such change record folder"):
        load_record(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no such file"):
        load_record(tmp_path / "empty")


def test_mapping_round_trip() -> None:
    record = load_record(EXAMPLE)
    again, problems = check_mapping(yaml.safe_load(dump_yaml(record_to_mapping(record))), EXAMPLE)
    assert problems == [] and again is not None
    assert again.distributions == record.distributions and again.sysplex == record.sysplex


def test_check_mapping_reports_without_raising() -> None:
    data = yaml.safe_load(GOOD)
    data["distributions"][0]["preferred"] = "SYSQ"
    record, problems = check_mapping(data)
    assert record is None and "'SYSQ' is not a system of this record" in str(problems[0])


def test_cli_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    assert "valid: CHG0001" in capsys.readouterr().out
    folder = write(tmp_path, GOOD.replace("[7554]", "[0]").replace("preferred: SYSA", "preferred: SYSZ"))
    before = sorted(p.name for p in folder.iterdir())
    assert main(["validate", str(folder / "change.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1  # schema problems stop before semantic ones
    assert sorted(p.name for p in folder.iterdir()) == before


def test_cli_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2  # main returns the exit code; argparse's own exit is not used for errors
    assert capsys.readouterr().err.strip().splitlines() == ["zowe-ha validate: REC: missing (see 'zowe-ha validate --help')"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400), st.builds(lambda a, b: GOOD[:a] + b + GOOD[a:], st.integers(0, len(GOOD)), st.text(max_size=20))))
def test_any_input_is_a_record_or_input_error(tmp_path: Path, data: bytes | str) -> None:
    """Whatever the file holds, loading gives a record or InputError lines; never another exception."""
    folder = write(tmp_path, data)
    try:
        load_record(folder)
    except InputError as exc:
        assert exc.problems and all("\n" not in str(p) for p in exc.problems)
