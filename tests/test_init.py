"""``zowe-ha init``: a new change record from options or questions, valid, never over another one."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.cli import cli_argv, zowe_ha
from tests.support.paths import EXAMPLE
from zowe_ha_lib.record import answers
from zowe_ha_lib.record.load import load_record

OPTIONS = ["--sysplex", "plex1", "--system", "sysa:198.51.100.11", "--system", "SYSB 198.51.100.12",
           "--system", "SYSC:198.51.100.13", "--dvipa", "203.0.113.50", "--hostname", "zowe.plex1.example.com"]


def test_init_from_options_writes_a_record_that_validates(tmp_path: Path, capsys) -> None:
    rec = tmp_path / "runbooks" / "CHG0100"
    answer = zowe_ha(capsys, "init", str(rec), *OPTIONS, "--port", "7554", "--port", "7555", "--backups", "SYSC,SYSA",
                     "--preferred", "sysb")
    assert answer.code == 0, answer
    assert answer.out.startswith(f"wrote {rec / 'change.yaml'}: CHG0100 on PLEX1 (SYSA, SYSB, SYSC), DVIPA 203.0.113.50")
    assert "next: zowe-ha validate" in answer.out
    record = load_record(rec)  # the same model as validate
    assert (record.id, record.title, record.zowe_release) == ("CHG0100", "Enable Zowe high availability on PLEX1", "v3")
    assert [(s.name, s.dynamic_xcf) for s in record.sysplex.systems] == [
        ("SYSA", "198.51.100.11"), ("SYSB", "198.51.100.12"), ("SYSC", "198.51.100.13")]
    (dist,) = record.distributions
    assert (dist.name, dist.dvipa, dist.ports, dist.preferred, dist.backups, dist.hostname) == (
        "zowe-gateway", "203.0.113.50", (7554, 7555), "SYSB", ("SYSC", "SYSA"), "zowe.plex1.example.com")
    assert record.zowe_config is None  # no zowe.yaml in the folder: none named
    assert zowe_ha(capsys, "validate", str(rec)).code == 0


def test_defaults_and_a_zowe_yaml_already_in_the_folder(tmp_path: Path, capsys) -> None:
    rec = tmp_path / "CHG0101"
    rec.mkdir()
    shutil.copy(EXAMPLE / "zowe.yaml", rec / "zowe.yaml")
    assert zowe_ha(capsys, "init", str(rec / "change.yaml"), *OPTIONS, "--id", "X-1", "--release", "V2").code == 0
    record = load_record(rec)
    assert record.id == "X-1" and record.zowe_release == "v2" and record.zowe_config == "zowe.yaml"
    assert record.distributions[0].preferred == "SYSA" and record.distributions[0].backups == ("SYSB", "SYSC")
    assert record.distributions[0].ports == (7554,)
    text = (rec / "change.yaml").read_text()
    assert text.startswith("# Change record written by zowe-ha init.") and "{" not in text  # block style, to edit by hand


def test_an_existing_record_is_never_overwritten(tmp_path: Path, capsys) -> None:
    rec = shutil.copytree(EXAMPLE, tmp_path / "CHG0001")
    before = (rec / "change.yaml").read_bytes()
    answer = zowe_ha(capsys, "init", str(rec), *OPTIONS)
    assert answer.code == 2 and answer.out == ""
    assert answer.err == (f"{rec / 'change.yaml'}: already exists; 'zowe-ha init' never overwrites a change record "
                          "(edit it, or give a new folder)\n")
    assert (rec / "change.yaml").read_bytes() == before
    # Asked on standard input: refused before the first question, so no answer is lost.
    proc = subprocess.run(cli_argv("init", str(rec), "--ask"), input="PLEX1\n", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "already exists" in proc.stderr and "Sysplex" not in proc.stdout


def test_a_record_that_would_not_validate_writes_nothing(tmp_path: Path, capsys) -> None:
    rec = tmp_path / "new" / "CHG0102"
    answer = zowe_ha(capsys, "init", str(rec), "--sysplex", "PLEX1", "--system", "SYSA:198.51.100.11",
                     "--system", "SYSB:198.51.100.12", "--dvipa", "198.51.100.12")
    assert answer.code == 2
    assert answer.err.splitlines() == [
        f"{rec / 'change.yaml'}: distributions[0].dvipa: 198.51.100.12 is the dynamic XCF address of SYSB; "
        "a DVIPA must be an address of its own"]
    assert not (tmp_path / "new").exists()  # not even the folder
    answer = zowe_ha(capsys, "init", str(rec), *OPTIONS, "--backups", "SYSA")
    assert answer.code == 2 and "backups" in answer.err and not (tmp_path / "new").exists()


def test_the_write_only_creates(tmp_path: Path) -> None:
    from zowe_ha_lib.util.fsutil import create_exclusive

    path = tmp_path / "a" / "change.yaml"
    create_exclusive(path, "one\n")
    with pytest.raises(FileExistsError):
        create_exclusive(path, "two\n")
    assert path.read_text() == "one\n" and sorted(p.name for p in path.parent.iterdir()) == ["change.yaml"]


ANSWERS = """\
plex1

v4
v3
SYSA 198.51.100.11
SYSA 198.51.100.12
sysb:198.51.100.12
SYSC 198.51.100.13

198.51.100.11
203.0.113.50
zowe.plex1.example.com

SYSZ
SYSB
SYSB,sysa
SYSC SYSA
"""


def test_questions_from_standard_input_with_ask(tmp_path: Path) -> None:
    rec = tmp_path / "CHG0103"
    proc = subprocess.run(cli_argv("init", str(rec), "--ask"), input=ANSWERS, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    # Wrong answers are explained and asked again; empty ones take the default in brackets.
    for said in ("'v4' is not a Zowe release the kit knows; choose v1, v2, v3", "SYSA already has that name or address",
                 "198.51.100.11 is a system's dynamic XCF address; a DVIPA needs its own",
                 "SYSZ is not one of the systems (SYSA, SYSB, SYSC)", "SYSB is the preferred system; a backup must be another one",
                 "Title [Enable Zowe high availability on PLEX1]: ", "Backup systems, in order of preference [SYSA, SYSC]: "):
        assert said in out, said
    assert "Change id" not in out  # the folder's name is one
    record = load_record(rec)
    assert record.sysplex.system_names == ("SYSA", "SYSB", "SYSC")
    assert (record.distributions[0].preferred, record.distributions[0].backups) == ("SYSB", ("SYSC", "SYSA"))
    assert record.distributions[0].ports == (7554,) and record.distributions[0].hostname == "zowe.plex1.example.com"


def test_standard_input_that_ends_early_writes_nothing(tmp_path: Path) -> None:
    proc = subprocess.run(cli_argv("init", str(tmp_path / "CHG0104"), "--ask"), input="PLEX1\n\n\nSYSA 198.51.100.11\n",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == "zowe-ha init: standard input ended at 'system 2'; nothing written\n"
    assert not (tmp_path / "CHG0104").exists()


def _read_until(fd: int, text: str, seen: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in "".join(seen):
        assert time.monotonic() < deadline, f"no {text!r} in {''.join(seen)!r}"
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode(errors="replace"))
            except OSError:  # the terminal closed: the command ended
                return


def test_on_a_terminal_init_asks_for_what_the_options_leave_out(tmp_path: Path) -> None:
    rec = tmp_path / "CHG0105"
    main, child = pty.openpty()
    proc = subprocess.Popen(cli_argv("init", str(rec), "--sysplex", "PLEX1", "--dvipa", "203.0.113.50"),
                            stdin=child, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    seen: list[str] = []
    try:
        for prompt, reply in (("Title [", ""), ("Zowe release", ""), ("system 1: ", "SYSA 198.51.100.11"), ("system 2: ", "SYSB 198.51.100.12"),
                              ("system 3: ", ""), ("(optional): ", ""), ("Gateway port", ""), ("Preferred system", ""),
                              ("Backup systems", "")):
            _read_until(main, prompt, seen)
            os.write(main, (reply + "\r").encode())
            seen.append("\n")  # later prompts repeat words: look only after this point
            seen[:] = ["".join(seen).rsplit(prompt, 1)[1]]
        assert proc.wait(timeout=60) == 0, "".join(seen)
    finally:
        proc.kill()
        os.close(main)
    record = load_record(rec)
    assert record.sysplex.system_names == ("SYSA", "SYSB") and record.title == "Enable Zowe high availability on PLEX1"
    assert (record.distributions[0].preferred, record.distributions[0].backups) == ("SYSA", ("SYSB",))


# ----------------------------------------------------------------------------- the answer parsers

names = st.text(alphabet="ABCXYZ019@#$abc", min_size=1, max_size=8)
ipv4 = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))


@given(names, ipv4, st.sampled_from([":", " ", "  "]))
def test_a_system_answer_is_name_and_address(name: str, addr: str, sep: str) -> None:
    assert answers.system(f"{name}{sep}{addr}") == (name.upper(), addr)


@given(st.text(max_size=40))
def test_the_answer_parsers_accept_or_explain(text: str) -> None:
    for parse in (answers.system, answers.ports, answers.names, answers.change_id, answers.release, answers.sysplex,
                  answers.hostname, answers.title, answers.address):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)


@given(st.lists(st.integers(1, 65535), min_size=1, max_size=4), st.sampled_from([",", " ", ", "]))
def test_ports_answer(ports: list[int], sep: str) -> None:
    assert answers.ports(sep.join(map(str, ports))) == list(dict.fromkeys(ports))


def test_init_is_first_in_the_command_list(capsys) -> None:
    out = zowe_ha(capsys, "--help").out
    assert re.search(r"^    init +start a new change record", out, re.M), out
    assert out.index("    init ") < out.index("    validate ")
