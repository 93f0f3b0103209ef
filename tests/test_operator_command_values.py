"""Record values pasted into operator commands are z/OS names, or the record is bad input.

The operator sheet turns ``obeyfile`` and ``tcpip_proc`` into console commands
(``V TCPIP,proc,OBEYFILE,DSN=...``). On many consoles ``;`` is the command
delimiter, so ``SYS1.TCPPARMS(ZWEHASA);Z EOD`` would become a second command.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cli import assert_clean_rejection, zowe_ha
from tests.support.records import build, two_system_mapping
from zowe_ha_lib.record.load import check_mapping
from zowe_ha_lib.record.names import check_dsname, is_dsname
from zowe_ha_lib.tcpip.sheet import operator_sheet

HOSTILE_OBEYFILE = "SYS1.TCPPARMS(ZWEHASA);Z EOD"
COMMAND_CHARS = re.compile(r"^[A-Za-z0-9@#$.()-]+$")


def _with_obeyfile(record: Path, value: str) -> None:
    change = record / "change.yaml"
    change.write_text(change.read_text().replace("obeyfile: SYS1.TCPPARMS(ZWEHASA)", f"obeyfile: '{value}'"))


@pytest.mark.parametrize("command", ["validate", "generate", "check", "run"])
def test_a_command_delimiter_in_obeyfile_is_bad_input(example_copy: Path, command: str, capsys, tmp_path: Path):
    _with_obeyfile(example_copy, HOSTILE_OBEYFILE)
    before = sorted(p.relative_to(example_copy) for p in example_copy.rglob("*"))
    answer = zowe_ha(capsys, command, example_copy)
    assert_clean_rejection(answer, "sysplex.systems[0].obeyfile")
    assert "change.yaml:16:" in answer.err and len(answer.err.strip().splitlines()) == 1
    assert HOSTILE_OBEYFILE not in answer.out
    assert sorted(p.relative_to(example_copy) for p in example_copy.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("value", [
    HOSTILE_OBEYFILE, "SYS1.TCPPARMS(ZWEHASA) ", "SYS1 TCPPARMS", "SYS1.TCPPARMS,X", "1SYS.TCPPARMS",
    "SYS1..TCPPARMS", "SYS1.TCPPARMS(ZWEHASA)X", "SYS1.TCPPARMS(ZWE-HA)", "SYS1.TCPPARMS(ZWEHASAXX)",
    "SYS1.TCPPARMSXX", ".SYS1", "SYS1.", "A" * 8 + ("." + "B" * 8) * 5, "SYS1.TCPPARMS(ZWEHASA)\n",
    "SYS1.TCPPARMS('X')", "SYS1.TCPPARMS(ZWEHASA\x15)",
])
def test_values_z_os_would_not_take_as_a_data_set_are_rejected(value: str):
    mapping = two_system_mapping()
    mapping["sysplex"]["systems"][0]["obeyfile"] = value
    record, problems = check_mapping(mapping)
    assert record is None and [p.where for p in problems] == ["sysplex.systems[0].obeyfile"]
    assert not is_dsname(value)
    if value.strip() == value:  # the command line's --profile-dsn forgives blanks around the name
        with pytest.raises(ValueError, match="is not a data set name"):
            check_dsname(value)


@pytest.mark.parametrize("value", ["SYS1.TCPPARMS(ZWEHASA)", "sys1.tcpparms(zwehasa)", "TCPIP.OBEY", "A",
                                   "$HLQ.#X.@Y-Z(@M1)", "A" * 8 + ("." + "B" * 8) * 3 + ".C2345"])
def test_data_set_names_are_accepted_and_reach_the_sheet_unchanged(value: str):
    mapping = two_system_mapping()
    mapping["sysplex"]["systems"][0]["obeyfile"] = value
    sheet = operator_sheet(build(mapping))
    assert f"OBEYFILE,DSN={value}" in sheet


@settings(max_examples=300, deadline=None)
@given(obeyfile=st.text(min_size=1, max_size=60), proc=st.text(min_size=1, max_size=10))
def test_every_value_that_reaches_a_console_command_is_a_z_os_name(obeyfile: str, proc: str):
    mapping = two_system_mapping()
    mapping["sysplex"]["systems"][0]["obeyfile"] = obeyfile
    mapping["sysplex"]["systems"][1]["tcpip_proc"] = proc
    record, _problems = check_mapping(mapping)
    if record is None:
        return
    for line in operator_sheet(record).splitlines():
        if line.startswith(("V TCPIP", "D TCPIP")):
            operands = line.split(None, 1)[1]
            assert all(COMMAND_CHARS.match(part) for part in re.split(r"[,=]", operands) if not part.startswith("<")), line
