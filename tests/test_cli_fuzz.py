"""Property tests through the real command line: whatever the input, exit 0, 1 or 2, never the kit's exit 3.

Each test feeds one kind of hostile input (an evidence file cut or spliced at
random, profile text, a manifest, failover events) to the command that reads
it and checks the contract: the command's own exit codes, one line per
problem, no traceback and no "internal error".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.paths import EXAMPLE, PROFILES, copy_record
from tests.support.reports import fake_report

PROFILE = PROFILES / "zowe-sample-sysa.tcpip"
SAMPLE_LINES = sorted({line for p in sorted((EXAMPLE / "evidence").rglob("*.txt"))
                       for line in p.read_text(encoding="utf-8", errors="replace").splitlines()})
PROFILE_WORDS = sorted(set(PROFILE.read_text().split()) | {";", "VIPADYNAMIC", "ENDVIPADYNAMIC", "PORT", "DESTIP", "ALL", "-"})
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _quiet(answer) -> None:
    assert "Traceback" not in answer.err and "internal error" not in answer.err, answer.err
    assert "internal error" not in answer.out, answer.out  # e.g. a display parser's, reported as a finding


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = copy_record(EXAMPLE, tmp_path_factory.mktemp("fuzz") / "CHG0001")
    fake_report(dest)  # never the working tree's report: a clean checkout has none
    return dest


_evidence_text = st.lists(
    st.one_of(st.sampled_from(SAMPLE_LINES), st.text(max_size=80)), max_size=60,
).map("\n".join)
_cut = st.tuples(_evidence_text, st.integers(0, 4000), st.sampled_from(["\n", "\r\n"]))


@FAST
@given(case=_cut)
def test_check_never_breaks_on_spliced_or_cut_evidence(record, capsys, case):
    text, cut, newline = case
    target = record / "evidence" / "SYSA" / "fuzz.txt"
    target.write_bytes(text.replace("\n", newline).encode("utf-8", "surrogatepass")[:cut] if cut else
                       text.encode("utf-8", "surrogatepass"))
    answer = zowe_ha(capsys, "check", record)
    _quiet(answer)
    assert answer.code in (0, 1), answer.err


@FAST
@given(data=st.binary(max_size=2000))
def test_check_never_breaks_on_binary_evidence(record, capsys, data):
    (record / "evidence" / "SYSB" / "fuzz.bin").write_bytes(data)
    answer = zowe_ha(capsys, "check", record)
    _quiet(answer)
    assert answer.code in (0, 1), answer.err


@FAST
@given(words=st.lists(st.one_of(st.sampled_from(PROFILE_WORDS), st.text(max_size=12)), max_size=80),
       breaks=st.lists(st.integers(0, 80), max_size=20))
def test_lint_never_breaks_on_profile_text(tmp_path_factory, capsys, words, breaks):
    for b in sorted(set(breaks), reverse=True):
        words.insert(min(b, len(words)), "\n")
    profile = tmp_path_factory.getbasetemp() / "fuzz.tcpip"
    profile.write_bytes(" ".join(words).encode("utf-8", "surrogatepass"))
    answer = zowe_ha(capsys, "lint", profile)
    _quiet(answer)
    assert answer.code in (0, 1, 2), answer.err
    if answer.code == 2:
        assert all(line.startswith(str(profile)) for line in answer.err.splitlines()), answer.err


@FAST
@given(manifest=st.one_of(
    st.binary(max_size=300),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                     st.sampled_from(["change", "files", "path", "sha256", "bytes", "notebooks", "outcome"]), inner, max_size=5),
                 max_leaves=20).map(lambda v: __import__("json").dumps(v).encode()),
))
def test_verify_never_breaks_on_a_forged_manifest(record, capsys, manifest):
    (record / "report" / "manifest.json").write_bytes(manifest)
    answer = zowe_ha(capsys, "verify", record)
    _quiet(answer)
    assert answer.code in (0, 1), answer.err


@FAST
@given(events=st.lists(st.one_of(
    st.text(max_size=30),
    st.tuples(st.sampled_from(["SYSA", "sysb", "198.51.100.13", "2001:db8::1", "", "SYSZ"]),
              st.sampled_from(["down", "up", "unhealthy", "healthy", "DOWN", "", "sideways"])).map(":".join),
), max_size=8))
def test_failover_events_are_modelled_or_refused(record, capsys, events):
    argv = ["failover", str(record)]
    for event in events:
        argv += ["--event=" + event]
    answer = zowe_ha(capsys, *argv)
    _quiet(answer)
    assert answer.code in (0, 2), answer.err
    if answer.code == 2:
        assert len(answer.err.strip().splitlines()) == 1, answer.err
