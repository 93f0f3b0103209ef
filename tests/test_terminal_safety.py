"""Untrusted text never drives the terminal: control characters, ESC sequences and bidi overrides show as escapes.

Sign-off records, change records, evidence and profiles come from files anybody
can write. What the kit prints of them must stay on its own line and must not
move the cursor, clear the screen or reorder text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.reports import fake_report
from tests.support.signing import allowed_signers, keygen
from zowe_ha_lib.signoff.signoffs import sign
from zowe_ha_lib.util.text import safe_lines, safe_terminal

CLEAR_SCREEN = "\x1b[2J\x1b[H"
FAKE_OK = "verify: OK (report signed)"
# What a terminal acts on: C0 controls but newline, DEL, C1 controls, bidi and other invisible format characters.
_ACTIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _no_terminal_control(text: str) -> None:
    found = _ACTIVE.search(text)
    assert found is None, f"{found.group(0)!r} reached the terminal in {text!r}"


def test_a_forged_signoff_cannot_clear_the_screen_or_print_a_fake_verdict(example_copy: Path, tmp_path: Path, capsys):
    keys = tmp_path / "keys"
    keys.mkdir()
    alice = keygen(keys, "alice")
    allowed = allowed_signers(keys / "allowed_signers", {"alice@example.com": alice})
    fake_report(example_copy)
    sign(example_copy, alice, "alice@example.com", "reviewer", "approve", "fine")
    forged = {
        "signoff_version": 1, "change": "CHG0001", "role": "approver", "decision": "approve",
        "signer": f"{CLEAR_SCREEN}{FAKE_OK}\n{FAKE_OK}\r\u202eKO :yfirev",
        "comment": "x", "time": "2026-01-01T00:00:00Z", "manifest_sha256": "0" * 64,
    }
    folder = example_copy / "report" / "signoffs"
    (folder / "002-approver-mallory.json").write_text(json.dumps(forged))
    answer = zowe_ha(capsys, "verify", example_copy, "--allowed-signers", allowed)
    assert answer.code == 1
    _no_terminal_control(answer.out + answer.err)
    lines = answer.out.splitlines()
    assert not any(line.startswith("verify: OK") for line in lines), answer.out
    assert lines[-1].startswith("verify: NOT OK"), answer.out
    assert "\\x1b[2J" in answer.out and "\\u202e" in answer.out  # shown, not obeyed


def test_a_title_with_escape_sequences_is_shown_escaped(example_copy: Path, capsys):
    change = example_copy / "change.yaml"
    text = change.read_text()
    title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    change.write_text(text.replace(title, '  title: "Plan \\e[31mRED\\e[0m \\u202eevil\\r\\nverify: OK"'))
    for command in (["validate"], ["check"]):
        answer = zowe_ha(capsys, *command, example_copy)
        _no_terminal_control(answer.out + answer.err)
        assert "\\x1b[31mRED" in answer.out
        assert not any(line.startswith("verify: OK") for line in answer.out.splitlines())


def test_a_file_name_in_a_problem_stays_on_its_line(example_copy: Path, capsys):
    sysa = example_copy / "evidence" / "SYSA"
    (sysa / "x\x1b[2J\nverify: OK.txt").write_text("IXC999Z SOMETHING\n")
    answer = zowe_ha(capsys, "check", example_copy)
    _no_terminal_control(answer.out + answer.err)
    assert not any(line.startswith("verify: OK") for line in answer.out.splitlines())
    assert "x\\x1b[2J\\nverify: OK.txt" in answer.out


def test_profile_tokens_in_lint_findings_are_escaped(tmp_path: Path, capsys):
    profile = tmp_path / "p.tcpip"
    profile.write_text("VIPADYNAMIC\n VIPADEFINE 255.255.255.0 \x1b[2J203.0.113.50\u202e\nENDVIPADYNAMIC\n")
    answer = zowe_ha(capsys, "lint", profile)
    _no_terminal_control(answer.out + answer.err)


def test_bad_input_problems_are_escaped(tmp_path: Path, capsys):
    answer = zowe_ha(capsys, "validate", tmp_path / "no\x1b]0;title\x07such")
    assert answer.code == 2
    _no_terminal_control(answer.err)
    assert len(answer.err.strip().splitlines()) == 1


@given(st.text())
def test_safe_terminal_leaves_one_line_of_inert_text(text: str):
    shown = safe_terminal(text)
    _no_terminal_control(shown)
    assert "\n" not in shown
    if text.isprintable():
        assert shown == text


@given(st.text())
def test_safe_lines_keeps_only_newlines(text: str):
    shown = safe_lines(text)
    _no_terminal_control(shown.replace("\t", " "))  # a tab moves the cursor only to the next column
    assert shown.count("\n") == text.count("\n") and shown.count("\t") == text.count("\t")


@pytest.mark.parametrize("char", ["\x1b", "\x9b", "\r", "\b", "\x07", "\u202e", "\u2066", "\u200f", "\u2028", "\x00"])
def test_each_terminal_control_is_escaped(char: str):
    shown = safe_terminal(f"a{char}b")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b")
