"""The command line itself: usage with no arguments, an example in every --help, usage errors on one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.cli import zowe_ha
from zowe_ha_lib.cli import _command_modules

COMMANDS = [m.NAME for m in _command_modules()]
REC = "{rec}"  # stands for a private copy of the example change record

# Every command, at least one bad command line each: (argv, the option the line must name).
_INIT = ["init", "NEW1", "--sysplex", "PLEX1", "--system", "SYSA:198.51.100.11", "--system", "SYSB:198.51.100.12"]
USAGE_ERRORS = [
    (["init"], "REC"),
    (["init", "NEW1", "--system", "SYSA"], "--system"),
    (["init", "NEW1", "--system", "SYSA:198.51.100.300"], "--system"),
    (["init", "NEW1", "--sysplex", "NINECHARS"], "--sysplex"),
    (["init", "NEW1", "--release", "v9"], "--release"),
    (["init", "NEW1", "--port", "0"], "--port"),
    (["init", "NEW1", "--dvipa", "203.0.113"], "--dvipa"),
    (["init", "new folder", "--id", "bad id"], "--id"),
    ([*_INIT], "--dvipa"),  # standard input is no terminal: nothing is asked
    ([*_INIT, "--dvipa", "203.0.113.50", "--zowe-config", "nosuch.yaml"], "--zowe-config"),
    (["validate"], "REC"),
    (["validate", ""], "REC"),
    (["validate", REC, "extra"], "extra"),
    (["generate", REC, "--system", "SYSZ"], "--system"),
    (["generate", REC, "--system", "NINECHARS"], "--system"),
    (["generate", REC, "--out", ""], "--out"),
    (["generate", REC, "--out", " ", "--system", "SYSA"], "--out"),
    (["lint"], "PROFILE"),
    (["lint", ""], "PROFILE"),
    (["lint", "p.tcpip", "--change", ""], "--change"),
    (["failover"], "REC/--profile"),
    (["failover", REC, "--profile", "p.tcpip"], "REC/--profile"),
    (["failover", REC, "--port", "0"], "--port"),
    (["failover", REC, "--port", "65536"], "--port"),
    (["failover", REC, "--dvipa", "203.0.113.256"], "--dvipa"),
    (["failover", REC, "--dvipa", "203.0.113.50"], "--dvipa/--port"),
    (["failover", REC, "--event", "SYSQ:down"], "--event"),
    (["failover", REC, "--event", "SYSA:sideways"], "--event"),
    (["failover", REC, "--event", "SYSA:down", "--svg", ""], "--svg"),
    (["drill", REC], "--scenario"),
    (["drill", REC, "--scenario", "sideways"], "--scenario"),
    (["drill", REC, "--scenario", "target-switch", "--probe-interval", "0.5"], "--probe-interval"),
    (["drill", REC, "--scenario", "target-switch", "--settle", "0"], "--settle"),
    (["drill", REC, "--scenario", "target-switch", "--zosmf", "http://zosmf.example.com"], "--zosmf"),
    (["check"], "REC"),
    (["check", REC, "--evidence", ""], "--evidence"),
    (["check", REC, "--colour"], "--colour"),
    (["collect", REC, "--retries", "11"], "--retries"),
    (["collect", REC, "--timeout", "0"], "--timeout"),
    (["collect", REC, "--timeout", "nan"], "--timeout"),
    (["collect", REC, "--poll-interval", "inf"], "--poll-interval"),
    (["collect", REC, "--follow-ups", "-1"], "--follow-ups"),
    (["collect", REC, "--console", "x"], "--console"),
    (["collect", REC, "--zosmf", "http://zosmf.example.com"], "--zosmf"),
    (["collect", REC, "--zosmf", "https://zosmf.example.com", "--zowe-yaml-path", "zowe.yaml"], "--zowe-yaml-path"),
    (["collect", REC, "--zosmf", "https://zosmf.example.com", "--profile-dsn", "SYSZ:SYS1.TCPPARMS(P)"], "--profile-dsn"),
    (["collect", REC, "--zosmf", "https://zosmf.example.com", "--izuprm", "SYSA"], "--izuprm"),
    (["collect", REC, "--ca-bundle", ""], "--ca-bundle"),
    (["run", REC, "--jobs", "0"], "--jobs"),
    (["run", REC, "--jobs"], "--jobs"),
    (["run", REC, "--timeout", "inf"], "--timeout"),
    (["run", REC, "--notebooks", ""], "--notebooks"),
    (["run", REC, "--jbos", "2"], "--jbos"),
    (["sign", REC, "--key", "k", "--signer", "alice example", "--role", "reviewer"], "--signer"),
    (["sign", REC, "--key", "k", "--signer", "alice@example.com", "--role", "boss"], "--role"),
    (["sign", REC, "--key", "", "--signer", "alice@example.com", "--role", "reviewer"], "--key"),
    (["sign", REC, "--key", "k", "--signer", "alice@example.com", "--role", "reviewer", "--comment", "x" * 2001],
     "--comment"),
    (["sign", REC, "--key", "k", "--role", "reviewer"], "--signer"),
    (["verify", REC, "--allowed-signers", ""], "--allowed-signers"),
    (["verify", REC, "--policy", ""], "--policy"),
    (["verify", REC, "--phase", "middle"], "--phase"),
    (["verify", REC, "--phase", "plan"], "--phase"),  # the record has no policy, so no plan phase
    (["verify", REC, "--policy", "p.yaml", "--no-policy"], "--no-policy"),
    (["sign", REC, "--key", "k", "--signer", "alice@example.com", "--role", "reviewer", "--phase", "apply"], "--phase"),
    (["diff"], "REC"),
    (["diff", REC, "--against", ""], "--against"),
    (["diff", REC, "--allowed-signers", ""], "--allowed-signers"),
    (["diff", REC, "--jsn"], "--jsn"),
    (["publish"], "REC"),
    (["publish", REC, "--out", ""], "--out"),
    (["schema", "extra"], "extra"),
    (["requirements", "no-such-requirement"], "ID"),
    (["notebooks", "--copy", ""], "--copy"),
    (["notebooks", "extra"], "extra"),
    (["requirements", "--release", "v9"], "--release"),
    (["export"], "FORMAT"),
    (["export", "html", REC], "FORMAT"),
    (["export", "workflow", REC], "--out"),
    (["export", "workflow", REC, "--out", ""], "--out"),
    (["export", "workflow", REC, "--out", "wf", "--commands", "tso"], "--commands"),
    (["export", "workflow", REC, "--out", "wf", "--xsd", ""], "--xsd"),
]
# Commands with sub-commands: their usage errors name the sub-command too ("zowe-ha export workflow: ...").
SUBCOMMANDS = {"export": {"workflow"}}


def test_no_arguments_prints_usage_and_exits_2(capsys):
    answer = zowe_ha(capsys)
    assert answer.code == 2
    assert "usage: zowe-ha" in answer.err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_shows_an_example(capsys, command):
    answer = zowe_ha(capsys, command, "--help")
    assert answer.code == 0
    assert "example" in answer.out and f"zowe-ha {command} " in answer.out.split("example", 1)[1]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_refers_to_nothing_the_user_does_not_have(capsys, command):
    answer = zowe_ha(capsys, *([command] if command else []), "--help")
    assert answer.code == 0
    for word in ("contract", "../shared", "shared/", "design", "reference/", "section "):
        assert word not in answer.out.lower(), (command, word)


@pytest.mark.parametrize("argv", [["nosuch"], ["--bogus"], ["validate"], ["validate", "a", "b"], ["run", "x", "--jobs"]])
def test_usage_errors_are_one_line_and_exit_2(capsys, argv):
    answer = zowe_ha(capsys, *argv)
    assert answer.code == 2
    assert len(answer.err.strip().splitlines()) == 1, answer.err


def test_top_level_usage_errors_name_the_word_to_change(capsys):
    assert zowe_ha(capsys, "nosuch").err.startswith("zowe-ha: COMMAND: invalid choice 'nosuch': no such command; choose from init, validate,")
    assert zowe_ha(capsys, "--bogus").err == "zowe-ha: --bogus: unknown option (see 'zowe-ha --help')\n"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_command_has_usage_error_cases() -> None:
    assert {argv[0] for argv, _ in USAGE_ERRORS} == set(COMMANDS)


@pytest.mark.parametrize(("argv", "option"), USAGE_ERRORS, ids=lambda v: " ".join(v)[:60] if isinstance(v, list) else v)
def test_usage_error_is_one_line_naming_the_option_and_nothing_is_written(
    argv, option, example_copy, tmp_path, capsys, monkeypatch,
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ZOWE_HA_ZOSMF_PASSWORD", raising=False)
    monkeypatch.setenv("ZOWE_CLI_HOME", str(tmp_path / "no-zowe-home"))  # no team configuration of the machine
    before = _tree(tmp_path)
    answer = zowe_ha(capsys, *[str(example_copy) if a == REC else a for a in argv])
    assert answer.code == 2, answer
    assert answer.out == ""
    lines = answer.err.splitlines()
    assert len(lines) == 1, answer.err
    prog = " ".join(argv[:2]) if len(argv) > 1 and argv[1] in SUBCOMMANDS.get(argv[0], ()) else argv[0]
    assert re.fullmatch(rf"zowe-ha {prog}: {re.escape(option)}: \S.*", lines[0]), lines[0]
    assert "Traceback" not in answer.err and "internal error" not in answer.err
    assert _tree(tmp_path) == before


def test_a_report_that_would_leak_is_a_failure_exit_1(example_copy, capsys, monkeypatch):
    """run maps the library's LeakError (a Failure) to exit 1 through main, one line naming the command."""
    from zowe_ha_lib.report import build

    def leaking(*_args, **_kwargs):
        raise build.LeakError("manifest.json would hold a secret or local path; the report was not written")

    monkeypatch.setattr(build, "run_record", leaking)
    answer = zowe_ha(capsys, "run", example_copy)
    assert answer.code == 1
    assert answer.err.splitlines()[-1] == ("zowe-ha run: manifest.json would hold a secret or local path; "
                                          "the report was not written")
    assert not (example_copy / "report").exists()
