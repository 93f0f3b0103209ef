"""IZUPRMxx parsing and the z/OSMF HA rules across the members of a sysplex."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from tests.support.zowe_config import FIXTURES, base_zowe, izuprm_text, make_record, patch
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.checks.zosmf import check_izuprm
from zowe_ha_lib.evidence.izuprm import IzuPrm, looks_like_izuprm, parse_izuprm
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.record.zowe_yaml import load_zowe_yaml
from zowe_ha_lib.requirements.status import worst
from zowe_ha_lib.util.errors import InputError

# --------------------------------------------------------------------------- parser


def test_ispf_copy_with_sequence_numbers() -> None:
    prm = parse_izuprm((FIXTURES / "izuprm-ispf-copy.txt").read_text(), "evidence/SYSB/izuprm0b.txt")
    assert prm.get("HOSTNAME") == "zowe.plex1.example.com"
    assert prm.get("http_ssl_port") == "443"
    assert prm.line("HTTP_SSL_PORT") == 4
    assert prm.get("KEYRING_NAME") == "IZUKeyring.IZUDFLT"
    assert prm.get("ANGEL_PROC") == "IZUANG1" and prm.line("ANGEL_PROC") == 8
    assert prm.get("WLM_CLASSES") == "DEFAULT(IZUGHTTP) LONG_WEIGHT(3) LONG(IZUGWORK)"
    assert prm.line("WLM_CLASSES") == 11
    assert prm.get("SEC_GROUPS") == "USER(IZUUSER),ADMIN(IZUADMIN),SECADMIN(IZUSECAD)"
    assert prm.get("INCIDENT_LOG") == "Operator's log"
    assert prm.line("INCIDENT_LOG") == 18
    assert prm.where("USER_DIR") == "evidence/SYSB/izuprm0b.txt:10"
    assert prm.where() == "evidence/SYSB/izuprm0b.txt:4"
    assert prm.system is None and prm.duplicates == []


def test_spacing_crlf_and_offset() -> None:
    text = "/* x */\r\n  HOSTNAME ( zosmf.example.com )  ,  SAF_PREFIX(IZUDFLT);\r\nUSER_DIR(\r\n  '/global/zosmf/a'\r\n)\r\n"
    prm = parse_izuprm(text, "f.txt", line_offset=10)
    assert prm.get("HOSTNAME") == "zosmf.example.com"
    assert prm.line("HOSTNAME") == 12 and prm.line("SAF_PREFIX") == 12
    assert prm.get("USER_DIR") == "/global/zosmf/a" and prm.line("USER_DIR") == 13


def test_duplicates_keep_the_last() -> None:
    prm = parse_izuprm("AUTOSTART(LOCAL)\nAUTOSTART(REMOTE)\n", "f")
    assert prm.get("AUTOSTART") == "REMOTE" and prm.line("AUTOSTART") == 2
    assert prm.duplicates == ["AUTOSTART"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("HOSTNAME(a)\n/* never closed\nUSER_DIR(b)\n", 2, "never closed"),
        ("HOSTNAME(a)\nUSER_DIR('/global\n", 2, "never closed"),
        ("HOSTNAME(a)\n\nSAF_PREFIX(IZUDFLT\nUSER_DIR(b)\n", 3, "closing ')'"),
        ("HOSTNAME(a)\nAUTOSTART LOCAL\n", 2, "expected '('"),
        ("HOSTNAME(a)\n)\n", 2, "expected KEYWORD(value)"),
        ("HOSTNAME(a)\n== browse header ==\n", 2, "expected KEYWORD(value)"),
        ("USER_DIR('/a' /* comment\n", 1, "never closed"),
    ],
)
def test_malformed_members_name_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse_izuprm(text, "evidence/SYSA/izuprm0a.txt")
    problem = info.value.problems[0]
    assert problem.file == "evidence/SYSA/izuprm0a.txt"
    assert problem.line == line
    assert words in problem.message
    assert str(problem).startswith(f"evidence/SYSA/izuprm0a.txt:{line}:")


def test_empty_and_comment_only_members_parse_to_nothing() -> None:
    assert parse_izuprm("", "f").values == {}
    assert parse_izuprm("/* nothing */\n\n", "f").values == {}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_is_an_input_error(text: str) -> None:
    try:
        prm = parse_izuprm(text, "f.txt")
    except InputError as exc:
        assert exc.problems and all(p.file == "f.txt" and p.line is not None for p in exc.problems)
        return
    assert isinstance(prm, IzuPrm)
    assert all(1 <= v.line <= text.count("\n") + text.count("\r") + 1 for v in prm.values.values())


KEYS = st.sampled_from(["HOSTNAME", "HTTP_SSL_PORT", "KEYRING_NAME", "AUTOSTART_GROUP", "SERVER_PROC", "USER_DIR", "SAF_PREFIX"])
VALUES = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="()'/*,;"), min_size=1, max_size=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, VALUES | VALUES.map(lambda v: f"'{v}'"), min_size=1), st.sampled_from(["\n", " ", "\n  /* c */ ", ",\n"]))
def test_written_members_read_back(values: dict[str, str], sep: str) -> None:
    text = _within_71(sep, [f"{k}({v})" for k, v in values.items()])
    prm = parse_izuprm(text, "f")
    assert {k: prm.get(k) for k in values} == {k: v.strip("'") for k, v in values.items()}


def _within_71(sep: str, statements: list[str]) -> str:
    """Statements joined by ``sep``, a new line started wherever a line would pass column 71 (as ISPF keeps them)."""
    lines = [""]
    for stmt in statements:
        joined = f"{lines[-1]}{sep}{stmt}" if lines[-1] else stmt
        last = joined.split("\n")[-1]
        if len(last) > 71:
            lines.append(stmt)
        else:
            lines[-1] = joined
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, VALUES, min_size=1), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=9))
def test_columns_72_to_80_are_always_ignored(values: dict[str, str], tail: str) -> None:
    """IZUPRMxx data is in columns 1-71: whatever stands in 72-80 (a sequence number or anything else) is not read."""
    lines = [f"{k}({v})".ljust(71) + tail for k, v in values.items()]
    prm = parse_izuprm("\n".join(lines), "f")
    assert {k: prm.get(k) for k in values} == values
    assert prm.beyond == ([] if not tail.strip() or (tail.strip().isdigit() and not tail[:1].strip()) else list(range(1, len(lines) + 1)))


def test_a_value_past_column_71_is_cut_as_z_osmf_cuts_it() -> None:
    long_dir = "/global/zosmf/" + "x" * 60
    # The closing quote stands past column 71, so the value never closes: one clear error naming the line.
    with pytest.raises(InputError, match="USER_DIR: quoted value opened on line 1 is never closed"):
        parse_izuprm(f"USER_DIR('{long_dir}')\nSERVER_PROC(IZUSVRA)\n", "f")
    prm = parse_izuprm("SERVER_PROC(IZUSVRA)".ljust(71) + "  SAF_PREFIX(X)\nANGEL_PROC(IZUANG1)" + " " * 53 + "00000200\n", "f")
    assert prm.get("SERVER_PROC") == "IZUSVRA" and prm.get("SAF_PREFIX") is None and prm.beyond == [1]


# --------------------------------------------------------------------------- recognition


def test_looks_like_izuprm() -> None:
    assert looks_like_izuprm((EXAMPLE / "evidence" / "SYSA" / "izuprm0a.txt").read_text())
    assert looks_like_izuprm((FIXTURES / "izuprm-ispf-copy.txt").read_text())
    assert looks_like_izuprm("noise\n" + izuprm_text("A") + "more noise\n")
    assert not looks_like_izuprm("TCPIPJOBNAME TCPIP\nHOSTNAME SYSA\nDOMAINORIGIN PLEX1.EXAMPLE.COM\n")
    assert not looks_like_izuprm("IXC334I 10.01.02 DISPLAY XCF 123\nSYSPLEX PLEX1: SYSA SYSB SYSC\n")
    assert not looks_like_izuprm("HOSTNAME(a) HOSTNAME(b) HOSTNAME(c)")
    assert not looks_like_izuprm("")


# --------------------------------------------------------------------------- checks


def _members(texts: dict[str, str]) -> list[IzuPrm]:
    out = []
    for system, text in texts.items():
        prm = parse_izuprm(text, f"evidence/{system}/izuprm.txt")
        prm.system = system
        out.append(prm)
    return out


def _healthy(**per_system: dict[str, str | None]) -> dict[str, str]:
    return {f"SYS{s}": izuprm_text(s, **per_system.get(f"SYS{s}", {})) for s in "ABC"}


@pytest.fixture(scope="module")
def example():
    return load_record(EXAMPLE)


def test_example_chg0001_members_pass(example) -> None:
    members = []
    for folder in sorted((EXAMPLE / "evidence").iterdir()):
        for file in folder.glob("izuprm*.txt"):
            prm = parse_izuprm(file.read_text(), f"evidence/{folder.name}/{file.name}")
            prm.system = folder.name
            members.append(prm)
    assert len(members) == 3
    findings = check_izuprm(example, members)
    assert findings and {f.status for f in findings} == {"pass"}
    assert all(f.requirement == "zosmf-ha" for f in findings)


CASES = [
    # (name, per-system overrides, expected worst status, words in the message, system of the finding)
    ("healthy", {}, "pass", "", None),
    ("group-is-default", {"SYSB": {"AUTOSTART_GROUP": "'IZUDFLT'"}}, "fail", "monoplex", "SYSB"),
    ("group-left-out", {"SYSB": {"AUTOSTART_GROUP": None}}, "fail", "IZUDFLT", "SYSB"),
    ("group-shared", {"SYSB": {"AUTOSTART_GROUP": "'IZUDFLA'", "USER_DIR": "'/global/zosmf/zosmfa'"}}, "fail", "unique per system", "SYSB"),
    ("autostart-remote", {"SYSC": {"AUTOSTART": "REMOTE"}}, "fail", "AUTOSTART(REMOTE)", "SYSC"),
    ("autostart-left-out", {"SYSC": {"AUTOSTART": None}}, "warn", "UNSURE", "SYSC"),
    ("hostname-lpar", {"SYSB": {"HOSTNAME": "'sysb.plex1.example.com'"}}, "fail", "not the z/OSMF DVIPA", "SYSB"),
    ("hostname-left-out", {"SYSA": {"HOSTNAME": None}}, "fail", "HOSTNAME is not coded", "SYSA"),
    ("hostname-dvipa-address", {s: {"HOSTNAME": "'203.0.113.50'"} for s in ("SYSA", "SYSB", "SYSC")}, "pass", "", None),
    ("port-differs", {"SYSC": {"HTTP_SSL_PORT": "10443"}}, "fail", "HTTP_SSL_PORT", "SYSC"),
    ("port-left-out-is-443", {"SYSC": {"HTTP_SSL_PORT": None}}, "pass", "", None),
    ("port-not-distributed", {s: {"HTTP_SSL_PORT": "10443"} for s in ("SYSA", "SYSB", "SYSC")}, "fail", "Sysplex Distributor", "SYSA"),
    ("keyring-differs", {"SYSB": {"KEYRING_NAME": "'IZUKeyring.SYSB'"}}, "fail", "KEYRING_NAME differs", "SYSB"),
    ("server-proc-shared", {"SYSC": {"SERVER_PROC": "IZUSVRA"}}, "fail", "SERVER_PROC IZUSVRA is shared", "SYSC"),
    ("server-proc-default-everywhere", {s: {"SERVER_PROC": None} for s in ("SYSA", "SYSB", "SYSC")}, "fail", "IZUSVR1 (default", "SYSB"),
    ("saf-prefix-differs", {"SYSA": {"SAF_PREFIX": "'IZUPLEX'"}}, "fail", "SAF_PREFIX differs", "SYSA"),
    ("user-dir-shared", {"SYSB": {"USER_DIR": "'/global/zosmf/zosmfa/'"}}, "fail", "USER_DIR", "SYSB"),
    ("user-dir-default-everywhere", {s: {"USER_DIR": None} for s in ("SYSA", "SYSB", "SYSC")}, "fail", "/global/zosmf (default", "SYSB"),
]


@pytest.mark.parametrize(("name", "overrides", "status", "words", "system"), CASES, ids=[c[0] for c in CASES])
def test_rule(example, name: str, overrides: dict, status: str, words: str, system: str | None) -> None:
    findings = check_izuprm(example, _members(_healthy(**overrides)))
    assert worst([f.status for f in findings]) == status, [f"{f.status}: {f.message}" for f in findings]
    bad = [f for f in findings if f.status == status and words in f.message]
    assert bad, [f.message for f in findings]
    if status != "pass":
        assert bad[0].system == system
        assert bad[0].fix and bad[0].evidence and bad[0].evidence.startswith(f"evidence/{bad[0].system}/izuprm.txt:")


def test_hostnames_must_agree_without_a_zosmf_distribution(tmp_path: Path) -> None:
    record = make_record(tmp_path / "rec", base_zowe(), drop_zosmf=True)
    good = check_izuprm(record, _members(_healthy()))
    assert {f.status for f in good} == {"pass"}
    bad = check_izuprm(record, _members(_healthy(SYSB={"HOSTNAME": "'sysb.plex1.example.com'"})))
    assert any(f.status == "fail" and "HOSTNAME differs" in f.message for f in bad)


def test_saf_prefix_against_zowe_applid(tmp_path: Path) -> None:
    data = patch(base_zowe(), {"zOSMF": {"applId": "IZUPLEX"}})
    record = make_record(tmp_path / "rec", data)
    findings = check_izuprm(record, _members(_healthy()), load_zowe_yaml(record))
    assert worst([f.status for f in findings]) == "warn"
    assert any("applId" in f.message and "inference" in f.message for f in findings)


def test_missing_members_are_unknown(example) -> None:
    assert [f.status for f in check_izuprm(example, [])] == ["unknown"]
    texts = _healthy()
    del texts["SYSC"]
    findings = check_izuprm(example, _members(texts))
    unknown = [f for f in findings if f.status == "unknown"]
    assert [f.system for f in unknown] == ["SYSC"]


def test_member_of_a_foreign_system_is_reported(example) -> None:
    members = _members(_healthy())
    stray = parse_izuprm(izuprm_text("D"), "evidence/SYSD/izuprm.txt")
    stray.system = "SYSD"
    findings = check_izuprm(example, [*members, stray])
    assert any(f.status == "warn" and "SYSD" in f.message for f in findings)
    orphan = parse_izuprm(izuprm_text("A"), "izuprm.txt")
    assert any("no system folder" in f.message for f in check_izuprm(example, [*members, orphan]))


def test_duplicate_keyword_warns(example) -> None:
    texts = _healthy()
    texts["SYSA"] += "AUTOSTART(LOCAL)\n"
    findings = check_izuprm(example, _members(texts))
    assert any(f.status == "warn" and "more than once" in f.message and f.system == "SYSA" for f in findings)


def test_two_members_of_one_system_concatenate(example) -> None:
    members = _members(_healthy())
    extra = parse_izuprm("SERVER_PROC(IZUSVRA)\n", "evidence/SYSB/izuprm01.txt")
    extra.system = "SYSB"
    findings = check_izuprm(example, [*members, extra])
    assert any(f.status == "fail" and "SERVER_PROC IZUSVRA is shared" in f.message for f in findings)


def test_passing_zosmf_ha_says_the_scope_ibm_supports() -> None:
    """A pass does not promise more than IBM does: the scope rides on the first pass, and only on a pass."""
    found = [f for f in run_checks(load_record(EXAMPLE)).findings if f.requirement == "zosmf-ha"]
    assert {f.status for f in found} == {"pass"}
    assert "jobs REST services" in found[0].message and "retrieve contents" in found[0].message
    assert sum("retrieve contents" in f.message for f in found) == 1


def test_missing_members_say_how_to_find_them_with_ibm_commands(example) -> None:
    (finding,) = check_izuprm(example, [])
    assert "IZUPRM= parameter" in finding.fix and "DISPLAY IZU" in finding.fix
    assert "D IPLINFO" not in finding.fix
