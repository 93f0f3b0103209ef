"""The command line itself: usage with no arguments, an example in every --help, usage errors on one line."""

from __future__ import annotations

import pytest

from tests.support.cli import zowe_ha
from zowe_ha_lib.cli import _command_modules

COMMANDS = [m.NAME for m in _command_modules()]


def test_no_arguments_prints_usage_and_exits_2(capsys):
    answer = zowe_ha(capsys)
    assert answer.code == 2
    assert "usage: zowe-ha" in answer.err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_shows_an_example(capsys, command):
    answer = zowe_ha(capsys, command, "--help")
    assert answer.code == 0
    assert "example" in answer.out and f"zowe-ha {command} " in answer.out.split("example", 1)[1]


@pytest.mark.parametrize("argv", [["nosuch"], ["--bogus"], ["validate"], ["validate", "a", "b"], ["run", "x", "--jobs"]])
def test_usage_errors_are_one_line_and_exit_2(capsys, argv):
    answer = zowe_ha(capsys, *argv)
    assert answer.code == 2
    assert len(answer.err.strip().splitlines()) == 1, answer.err
