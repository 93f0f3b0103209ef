"""A secret never reaches disk in any encoding: echoed by z/OSMF, printed by a notebook, cut off.

The forms searched for are computed by the tests (tests/support/fake_zosmf.py,
``secret_forms``), not borrowed from the kit: the literal, URL and HTML
encodings, JSON escapes, base64 alone and as a Basic token, each cut to the
shortest piece that reveals six characters of the secret.
"""

from __future__ import annotations

import base64
import html
import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.fake_zosmf import REVEALING, FakeZosmf, assert_no_secret, secret_forms
from tests.support.paths import NOTEBOOK_FIXTURES
from tests.support.reports import tree_digest
from zowe_ha_lib.collect.commands import DISPLAYS
from zowe_ha_lib.util.redact import REDACTED, Secret, SecretSet

USER = "IBMUSER"
# HTML-special, URL-special and JSON-special characters, so that every encoding differs from the literal.
PASSWORD = "Pw<7&q'Se\"cr3t x/z"
SYSTEMS = ("SYSA", "SYSB", "SYSC")


@pytest.fixture
def echoing(tls):
    """A z/OSMF that answers, and echoes the password back in an HTML page, URL-encoded and in a cut Basic header."""
    cert, key = tls
    with FakeZosmf(cert, key, users={USER: PASSWORD}) as fake:
        for system in SYSTEMS:
            for display in DISPLAYS:
                cmd = display.template.format(proc="TCPIP")
                fake.respond(system, cmd, f"{display.expect[0]} {cmd} ON {system}\n LINE TWO")
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        # A console answer quoting the password URL-encoded and the Basic header cut short.
        fake.respond("SYSB", "D GRS", f"ISG343I GRS STATUS\n login?p={urllib.parse.quote(PASSWORD, safe='')}\n"
                                      f" Authorization: Basic {token[:-4]}")
        fake.fault("/restconsoles/", "echo", 500, times=10, body="D ETR", system="SYSA")
        fake.fault("/restfiles/", "echo", 404, times=10)
        yield fake


def test_collect_writes_no_form_of_an_echoed_password(example_copy: Path, echoing: FakeZosmf, tls, capfd, monkeypatch,
                                                       tmp_path: Path):
    shutil.rmtree(example_copy / "evidence")
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", PASSWORD)
    monkeypatch.setenv("ZOWE_CLI_HOME", str(tmp_path / "no-zowe-home"))
    code = _collect(example_copy, echoing, tls, "--retries", "0", "--profile-dsn", "SYSA:SYS1.TCPPARMS(PROFA)")
    out, err = capfd.readouterr()
    assert code == 1  # partial: the echoing items are missing
    assert_no_secret(tmp_path, USER, PASSWORD, out, err)
    report = json.loads((example_copy / "collected" / "collect-report.json").read_text())
    reasons = " ".join(m["reason"] for m in report["missing"])
    assert "HTTP 500" in reasons and "HTTP 404" in reasons and REDACTED in reasons
    assert REDACTED in (example_copy / "evidence" / "SYSB" / "collected-d-grs.txt").read_text()
    assert any("held the password" in note for note in report["notes"])
    assert "held the password" in err


def test_the_read_back_check_refuses_and_leaves_nothing(example_copy: Path):
    """The last look at the written bytes: should a form get past redaction (a bug elsewhere), nothing is written."""
    from zowe_ha_lib.collect.collector import Result, write
    from zowe_ha_lib.record.load import load_record
    from zowe_ha_lib.util.errors import Failure

    record = load_record(example_copy)
    redactor = SecretSet.of([Secret.of(PASSWORD, "the z/OSMF password", USER)])
    before = tree_digest(example_copy)
    leaky = Result(files={"evidence/SYSA/collected-d-grs.txt": f"ISG343I\n p={urllib.parse.quote(PASSWORD)}\n"})
    with pytest.raises(Failure, match="nothing was written"):
        write(leaky, record, "https://zosmf.example.com:443", USER, redactor)
    assert tree_digest(example_copy) == before
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".")]


def _collect(record: Path, server: FakeZosmf, tls, *extra: str) -> int:
    from zowe_ha_lib.cli import main

    return main(["collect", str(record), "--zosmf", server.url, "--user", USER, "--poll-interval", "0",
                 "--follow-ups", "1", "--ca-bundle", str(tls[0]), *extra])


@pytest.mark.notebook  # zowe-ha run starts a kernel
def test_run_reports_hold_no_html_or_url_encoded_environment_secret(example_copy: Path, capsys, monkeypatch):
    token = "tok<&>'\"-9f3e 2a/7c"
    monkeypatch.setenv("ZOWE_HA_TEST_TOKEN", token)
    answer = zowe_ha(capsys, "run", example_copy, "--notebooks", NOTEBOOK_FIXTURES / "encoded")
    assert answer.code == 1  # the notebook raises on purpose
    assert_no_secret(example_copy / "report", "", token, answer.out, answer.err)
    nb = (example_copy / "report" / "notebooks" / "10-encoded.ipynb").read_text()
    assert nb.count(REDACTED) >= 5


# -- the redactor itself ----------------------------------------------------------------------------

secrets = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=24)
text = st.text(max_size=60)


def _forms(value: str) -> list[str]:
    return [f.decode() for f in secret_forms("U", value)]


@settings(max_examples=200, deadline=None)
@given(before=text, after=text, value=secrets)
def test_no_form_of_a_secret_survives_redaction(before: str, after: str, value: str):
    redactor = SecretSet.of([Secret.of(value, "the secret", "U")])
    full = [value, urllib.parse.quote(value, safe=""), html.escape(value), json.dumps(value)[1:-1],
            base64.b64encode(f"U:{value}".encode()).decode()]
    for form in full + _forms(value):
        cleaned = redactor.redact(before + form + after)
        assert redactor.found(cleaned) == [], (form, cleaned)


@settings(max_examples=200, deadline=None)
@given(value=st.text(st.characters(blacklist_categories=("Cs",)), min_size=REVEALING + 1, max_size=24),
       cut=st.integers(REVEALING, 24), before=text)
def test_a_revealing_prefix_is_redacted_and_found(value: str, cut: int, before: str):
    redactor = SecretSet.of([Secret.of(value, "the secret")])
    piece = value[:cut]
    assert redactor.found(before + piece + "...") == ["the secret"]
    assert piece not in redactor.redact(before + piece + "...")


@settings(max_examples=200, deadline=None)
@given(text)
def test_text_without_the_secret_is_left_alone(plain: str):
    redactor = SecretSet.of([Secret.of("Zq9#kLm2-unique", "the secret", "U")])
    if "Zq9#kL" not in plain and "Zq9%23kL" not in plain:
        assert redactor.redact(plain) == plain
