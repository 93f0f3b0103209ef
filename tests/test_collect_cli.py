"""``zowe-ha collect`` end to end against the fake z/OSMF: files, partial runs, failures, credentials.

After every test the whole temporary tree and everything printed are searched
for the password (and its basic-authentication token): it must not be there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fake_zosmf import FakeZosmf, assert_no_secret
from tests.support.paths import ROOT
from zowe_ha_lib.cli import main
from zowe_ha_lib.collect import collect_interactive
from zowe_ha_lib.collect.commands import DISPLAYS

USER, SECRET = "IBMUSER", "pW-7q!Secr3t-xyz"
SYSTEMS = ("SYSA", "SYSB", "SYSC")
N = len(DISPLAYS) * len(SYSTEMS)  # console answers in a full collection


@pytest.fixture
def record(example_copy: Path) -> Path:
    shutil.rmtree(example_copy / "evidence", ignore_errors=True)
    return example_copy


@pytest.fixture
def server(tls):
    cert, key = tls
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake:
        for system in SYSTEMS:
            for display in DISPLAYS:
                cmd = display.template.format(proc="TCPIP")
                fake.respond(system, cmd, f"{display.expect[0]} {cmd} ON {system}\n LINE TWO\n LINE THREE")
        fake.files["SYS1.TCPPARMS(PROFA)"] = "IPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n"
        fake.files["SYS1.PARMLIB(IZUPRM0A)"] = "HOSTNAME('zowe.plex1.example.com')\nHTTP_SSL_PORT(443)\n"
        yield fake


class Captured:
    """capfd that remembers everything read, so the teardown can search all of it."""

    def __init__(self, capfd):
        self.capfd, self.seen = capfd, []

    def readouterr(self):
        got = self.capfd.readouterr()
        self.seen += [got.out, got.err]
        return got


@pytest.fixture
def capsys(capfd):
    return Captured(capfd)


@pytest.fixture(autouse=True)
def no_secret_anywhere(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", SECRET)
    monkeypatch.delenv("ZOWE_HA_ZOSMF_USER", raising=False)
    monkeypatch.setenv("ZOWE_CLI_HOME", str(tmp_path / "no-zowe-home"))
    yield
    capsys.readouterr()
    assert_no_secret(tmp_path, USER, SECRET, *capsys.seen)
    sys.stdout.write("".join(capsys.seen[0::2]))


def cli(record: Path, server: FakeZosmf, tls, *extra: str, ca: bool = True) -> int:
    argv = ["collect", str(record), "--zosmf", server.url, "--user", USER, "--poll-interval", "0", "--follow-ups", "1"]
    if ca:
        argv += ["--ca-bundle", str(tls[0])]
    return main([*argv, *extra])


def report(record: Path) -> dict:
    return json.loads((record / "collected" / "collect-report.json").read_text())


def test_complete_collection_files_every_display_per_system(record, server, tls, capsys):
    assert cli(record, server, tls) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"complete: {N} collected, 0 missing")
    for system in SYSTEMS:
        files = sorted(p.name for p in (record / "evidence" / system).glob("collected-*.txt"))
        assert files == sorted(d.file_name() for d in DISPLAYS)
        text = (record / "evidence" / system / "collected-d-xcf-cf.txt").read_bytes().decode()
        head, body = text.split("\n", 1)
        assert head.startswith(f"# zowe-ha collect: D XCF,CF on {system} at 20") and head.endswith(f"via {server.url}")
        assert body == f"IXC361I D XCF,CF ON {system}\r LINE TWO\r LINE THREE"
    doc = report(record)
    assert doc["status"] == "complete" and doc["missing"] == [] and len(doc["collected"]) == N
    assert doc["user"] == USER and doc["change"] == "CHG0001"
    puts = [r for r in server.log if r["method"] == "PUT"]
    assert {r["body"]["system"] for r in puts} == set(SYSTEMS)
    assert {"D TCPIP,TCPIP,NETSTAT,VIPADCFG", "$D MASDEF", "RVARY LIST"} <= {r["body"]["cmd"] for r in puts}
    assert not list(record.rglob(".staging-*"))


def test_partial_collection_keeps_what_arrived_and_says_what_is_missing(record, server, tls, capsys):
    stale = record / "evidence" / "SYSB" / "collected-d-etr.txt"
    stale.parent.mkdir(parents=True)
    stale.write_text("# an earlier run\nIEA386I old answer\n")
    server.fault("/restconsoles/", "status", 500, times=100, body="D ETR", system="SYSB")
    assert cli(record, server, tls, "--retries", "1") == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"partial: {N - 1} collected, 1 missing")
    assert "missing: SYSB: D ETR: PUT /zosmf/restconsoles/consoles/defcn: HTTP 500" in captured.err
    assert "removed stale evidence/SYSB/collected-d-etr.txt" in captured.err
    assert not stale.exists()
    assert (record / "evidence" / "SYSA" / "collected-d-etr.txt").exists()
    doc = report(record)
    assert doc["status"] == "partial"
    assert [(m["system"], m["what"]) for m in doc["missing"]] == [("SYSB", "D ETR")]
    assert doc["removed_stale"] == ["evidence/SYSB/collected-d-etr.txt"]


def test_an_answer_that_is_not_the_display_is_kept_and_noted(record, server, tls, capsys):
    server.respond("SYSC", "D ETR", "IEE345I DISPLAY  AUTHORITY INVALID, FAILED BY SECURITY PRODUCT")
    assert cli(record, server, tls) == 0
    assert "SYSC: D ETR: the answer is not the expected IEA282I/IEA386I display" in capsys.readouterr().err
    entry = next(c for c in report(record)["collected"] if c["system"] == "SYSC" and c["what"] == "D ETR")
    assert entry["unexpected"].startswith("IEE345I")


def test_a_server_that_echoes_the_password_cannot_leak_it(record, server, tls, capsys):
    import base64

    token = base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    server.respond("SYSA", "D GRS", f"ISG343I GRS STATUS\n echo {SECRET} and Basic {token}")
    server.fault("/restconsoles/", "status", 500, times=10, body="D ETR", system="SYSA", message=f"bad {SECRET}")
    server.fault("/restfiles/", "status", 418, times=10, message=f"you sent Basic {token}")
    assert cli(record, server, tls, "--retries", "0", "--profile-dsn", "SYSA:SYS1.TCPPARMS(PROFA)") == 1
    text = (record / "evidence" / "SYSA" / "collected-d-grs.txt").read_text()
    assert "echo <redacted> and Basic <redacted>" in text
    reasons = " ".join(m["reason"] for m in report(record)["missing"])
    assert "bad <redacted>" in reasons and "you sent Basic <redacted>" in reasons


def test_500_then_success_collects_everything(record, server, tls):
    server.fault("/restconsoles/", "status", 500, times=2)
    assert cli(record, server, tls, "--retries", "2") == 0


def test_wrong_password_exits_2_and_writes_nothing(record, server, tls, capsys, monkeypatch):
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", "not-the-password")
    assert cli(record, server, tls) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "nothing written" in err and "Traceback" not in err
    assert "not-the-password" not in err
    assert not (record / "evidence").exists() and not (record / "collected").exists()
    assert len(server.log) == 1


def test_untrusted_certificate_exits_2_and_writes_nothing(record, server, tls, capsys):
    assert cli(record, server, tls, ca=False) == 2
    assert "--ca-bundle" in capsys.readouterr().err
    assert not (record / "evidence").exists() and not (record / "collected").exists()


def test_insecure_warns_and_works(record, server, tls, capsys):
    assert cli(record, server, tls, "--insecure", ca=False) == 0
    err = capsys.readouterr().err
    assert "WARNING: --insecure" in err
    assert "TLS certificate verification was off" in " ".join(report(record)["notes"])


def test_unreachable_server_stops_and_reports(record, server, tls, capsys):
    server.fault("", "drop", times=1000)
    assert cli(record, server, tls, "--retries", "1") == 1
    assert capsys.readouterr().out.startswith(f"failed: 0 collected, {N} missing")
    doc = report(record)
    assert doc["status"] == "failed"
    assert sum(m["reason"].startswith("not tried:") for m in doc["missing"]) == N - 1
    assert len(server.log) == 2


def test_slow_server_times_out(record, server, tls, capsys):
    server.fault("", "delay", 1.0, times=1000)
    assert cli(record, server, tls, "--retries", "0", "--timeout", "0.2") == 1
    assert "no reply within 0.2 s" in capsys.readouterr().err


def test_forbidden_files_service_keeps_console_evidence(record, server, tls, capsys):
    server.fault("/restfiles/", "status", 403, times=10)
    assert cli(record, server, tls, "--profile-dsn", "SYSA:SYS1.TCPPARMS(PROFA)", "--izuprm", "sysa:sys1.parmlib(izuprm0a)") == 1
    doc = report(record)
    assert len(doc["collected"]) == N
    assert [m["reason"][:9] for m in doc["missing"]] == ["GET /zosm", "not tried"]


def test_forbidden_everything_exits_2(record, server, tls, capsys):
    server.fault("", "status", 403, times=1000)
    assert cli(record, server, tls) == 2
    assert "HTTP 403" in capsys.readouterr().err
    assert not (record / "evidence").exists() and not (record / "collected").exists()


def test_data_sets_and_zowe_yaml_through_files_api(record, server, tls):
    live = (record / "zowe.yaml").read_text()
    server.files["/global/zowe/zowe.yaml"] = live
    args = ["--profile-dsn", "SYSA:SYS1.TCPPARMS(PROFA)", "--izuprm", "SYSA:SYS1.PARMLIB(IZUPRM0A)",
            "--zowe-yaml-path", "/global/zowe/zowe.yaml"]
    assert cli(record, server, tls, *args) == 0
    profile = (record / "collected" / "profiles" / "SYSA" / "sys1.tcpparms-profa.tcpip").read_text()
    assert profile.startswith("; zowe-ha collect: TCP/IP profile SYS1.TCPPARMS(PROFA) on SYSA")
    izu = (record / "evidence" / "SYSA" / "collected-izuprm-sys1.parmlib-izuprm0a.txt").read_text()
    assert izu.startswith("/* zowe-ha collect: z/OSMF parmlib SYS1.PARMLIB(IZUPRM0A) on SYSA") and "HTTP_SSL_PORT(443)" in izu
    assert (record / "zowe.yaml").read_text() == live


def test_a_different_live_zowe_yaml_is_not_taken_without_asking(record, server, tls):
    server.files["/global/zowe/zowe.yaml"] = "zowe:\n  externalPort: 7555\n"
    before = (record / "zowe.yaml").read_text()
    assert cli(record, server, tls, "--zowe-yaml-path", "/global/zowe/zowe.yaml") == 1
    assert (record / "zowe.yaml").read_text() == before
    assert "--replace-zowe-yaml" in report(record)["missing"][0]["reason"]
    assert cli(record, server, tls, "--zowe-yaml-path", "/global/zowe/zowe.yaml", "--replace-zowe-yaml") == 0
    assert (record / "zowe.yaml").read_text() == "zowe:\n  externalPort: 7555\n"


def test_missing_data_set_is_reported_not_fatal(record, server, tls):
    assert cli(record, server, tls, "--profile-dsn", "SYSB:SYS1.TCPPARMS(NOPE)") == 1
    assert "HTTP 404" in report(record)["missing"][0]["reason"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--zosmf", "http://127.0.0.1:1"], "expected an https:// URL"),
        (["--zosmf", f"https://{USER}:{SECRET}@127.0.0.1:1"], "contains a user or password"),
        (["--zosmf", "https://127.0.0.1:1", "--profile-dsn", "SYSZ:SYS1.TCPPARMS(P)"], "SYSZ is not a system"),
        (["--zosmf", "https://127.0.0.1:1", "--profile-dsn", "SYSA:not a dsn"], "is not a data set name"),
        (["--zosmf", "https://127.0.0.1:1", "--retries", "99"], "--retries: expected 0 to 10"),
        (["--zosmf", "https://127.0.0.1:1", "--console", "x"], "--console: a console name"),
        (["--zosmf", "https://127.0.0.1:1", "--zowe-yaml-path", "zowe.yaml"], "absolute z/OS UNIX path"),
        ([], "no z/OSMF address"),
    ],
)
def test_usage_errors_exit_2_without_network(record, capsys, args, expected):
    assert main(["collect", str(record), "--user", USER, *args]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not (record / "evidence").exists() and not (record / "collected").exists()


def test_no_password_and_no_terminal_is_a_usage_error(record, server, tls, capsys, monkeypatch):
    monkeypatch.delenv("ZOWE_HA_ZOSMF_PASSWORD")
    assert cli(record, server, tls) == 2
    assert "set ZOWE_HA_ZOSMF_PASSWORD or run on a terminal" in capsys.readouterr().err
    assert server.log == []


def write_team_config(folder: Path, server: FakeZosmf, *, password: str | None) -> Path:
    props = {"host": "127.0.0.1", "port": server.port, "rejectUnauthorized": True}
    secure = ["user", "password"]
    if password is not None:
        props.update(user=USER, password=password)
        secure = []
    text = json.dumps({
        "$schema": "./zowe.schema.json",
        "profiles": {
            "lpar1": {"properties": {}, "profiles": {"zosmf": {"type": "zosmf", "properties": props, "secure": secure}}},
            "base": {"type": "base", "properties": {"rejectUnauthorized": True}},
        },
        "defaults": {"zosmf": "lpar1.zosmf", "base": "base"},
        "autoStore": True,
    }, indent=2)
    path = folder / "zowe.config.json"
    path.write_text("// team configuration\n" + text.replace('"autoStore": true', '"autoStore": true, /* trailing */'))
    return path


def test_team_configuration_supplies_address_user_and_plain_password(record, server, tls, monkeypatch, tmp_path):
    monkeypatch.delenv("ZOWE_HA_ZOSMF_PASSWORD")
    config = write_team_config(tmp_path / "cfg", server, password=SECRET) if (tmp_path / "cfg").mkdir() is None else None
    argv = ["collect", str(record), "--zowe-config", str(config), "--ca-bundle", str(tls[0]), "--poll-interval", "0"]
    assert main(argv) == 0
    assert report(record)["zosmf"] == server.url
    # The file itself holds the password (the user chose plain text); nothing else may.
    config.unlink()


def test_secure_team_password_is_not_read(record, server, tls, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("ZOWE_HA_ZOSMF_PASSWORD")
    (tmp_path / "cfg").mkdir()
    config = write_team_config(tmp_path / "cfg", server, password=None)
    assert main(["collect", str(record), "--zowe-config", str(config), "--user", USER, "--ca-bundle", str(tls[0])]) == 2
    assert "secure credential manager, which zowe-ha does not read" in capsys.readouterr().err


def test_notebook_entry_point_prompts_for_the_password(record, server, tls, monkeypatch, capsys):
    monkeypatch.delenv("ZOWE_HA_ZOSMF_PASSWORD")
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or SECRET)
    result = collect_interactive(record, server.url, USER, ca_bundle=str(tls[0]),
                                 settings=__import__("zowe_ha_lib.collect", fromlist=["Settings"]).Settings(poll_interval=0))
    assert result.status == "complete"
    assert asked == [f"Password for {USER} at {server.url}: "]
    assert f"collection complete: {N} collected" in capsys.readouterr().out


def test_real_process_without_terminal(record, server, tls):
    """The installed entry point: exit code, one-line messages, the password only in the environment."""
    import os

    env = {**os.environ, "ZOWE_HA_ZOSMF_PASSWORD": SECRET, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "zowe_ha_lib", "collect", str(record), "--zosmf", server.url, "--user", USER,
         "--ca-bundle", str(tls[0]), "--poll-interval", "0", "--follow-ups", "1"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"complete: {N} collected")
    assert SECRET not in proc.stdout + proc.stderr
