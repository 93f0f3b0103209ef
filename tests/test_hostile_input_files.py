"""Hostile files fed to the readers: pipes, devices, the same file twice, huge lines.

A FIFO or a character device given where a text file belongs must be refused
at once (reading one blocks forever or never ends), with exit 2 and a line
naming it.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.support.cli import assert_clean_rejection, zowe_ha
from tests.support.paths import PROFILES

SYSA = PROFILES / "zowe-sample-sysa.tcpip"

pytestmark = pytest.mark.timeout(30)


def test_change_yaml_that_is_a_fifo_is_refused(tmp_path, capsys):
    folder = tmp_path / "REC"
    folder.mkdir()
    os.mkfifo(folder / "change.yaml")
    answer = zowe_ha(capsys, "validate", folder)
    assert_clean_rejection(answer, "change.yaml")
    assert "not a regular file" in answer.err


def test_change_record_that_is_a_device_is_refused(capsys):
    answer = zowe_ha(capsys, "validate", "/dev/zero")
    assert_clean_rejection(answer, "/dev/zero")


def test_zowe_yaml_that_is_a_fifo_is_refused(example_copy, capsys):
    (example_copy / "zowe.yaml").unlink()
    os.mkfifo(example_copy / "zowe.yaml")
    answer = zowe_ha(capsys, "check", example_copy)
    assert_clean_rejection(answer, "zowe.yaml")


def test_lint_refuses_a_fifo(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.tcpip")
    answer = zowe_ha(capsys, "lint", tmp_path / "pipe.tcpip")
    assert_clean_rejection(answer, "pipe.tcpip")
    assert "not a regular file" in answer.err


def test_failover_profile_refuses_a_device(capsys):
    answer = zowe_ha(capsys, "failover", "--profile", "/dev/zero")
    assert_clean_rejection(answer, "/dev/zero")


@pytest.mark.parametrize("second", ["same", "dot", "symlink"])
def test_lint_refuses_the_same_profile_twice(tmp_path, capsys, second):
    """Two names for one file are not two stacks: linting them as such invents duplicate errors."""
    first = tmp_path / "sysa.tcpip"
    shutil.copy(SYSA, first)
    other = {"same": first, "dot": tmp_path / "." / "sysa.tcpip", "symlink": tmp_path / "link.tcpip"}[second]
    if second == "symlink":
        other.symlink_to(first)
    answer = zowe_ha(capsys, "lint", first, other)
    assert_clean_rejection(answer, str(other))
    assert "given twice" in answer.err


def test_lint_finding_lines_stay_short_for_a_huge_line(tmp_path, capsys):
    """A 1 MB line is quoted shortened, not echoed whole into every finding."""
    profile = tmp_path / "huge.tcpip"
    profile.write_text("A" * 1_000_000 + "\n" + SYSA.read_text())
    answer = zowe_ha(capsys, "lint", profile)
    assert answer.code in (0, 1)
    assert max(len(line) for line in answer.out.splitlines()) < 1000
