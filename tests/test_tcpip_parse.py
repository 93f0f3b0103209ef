"""Tokenizer and parser of TCP/IP profile text (IBM's rules)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import PROFILES
from zowe_ha_lib.tcpip.lint import lint
from zowe_ha_lib.tcpip.parse import BLOCK, abbreviations, parse_files, parse_profile
from zowe_ha_lib.tcpip.statements import (
    IpConfig,
    IpConfig6,
    Skipped,
    VipaBackup,
    VipaDefine,
    VipaDelete,
    VipaDistribute,
    VipaDynamic,
)
from zowe_ha_lib.tcpip.tokens import tokenize
from zowe_ha_lib.util.errors import InputError


def kinds(text: str) -> list[str]:
    return [type(s).__name__ for s in parse_profile(text, "p.tcpip").statements]


def only(text: str, cls):
    found = [s for s in parse_profile(text, "p.tcpip").statements if isinstance(s, cls)]
    assert len(found) == 1, found
    return found[0]


def rules(text: str) -> list[str]:
    return [f.rule for f in parse_profile(text, "p.tcpip").findings]


# ---------------------------------------------------------------- tokenizer


def test_tokens_keep_file_line_column_and_fold_case():
    toks, findings = tokenize("ipconfig  dynamicxcf\n   198.51.100.11 /24 1 ; comment here\n", "f.tcpip")
    assert [t.value for t in toks] == ["IPCONFIG", "DYNAMICXCF", "198.51.100.11", "/24", "1"]
    assert [(t.line, t.column) for t in toks] == [(1, 1), (1, 11), (2, 4), (2, 18), (2, 22)]
    assert toks[0].text == "ipconfig" and toks[0].file == "f.tcpip"
    assert findings == []


def test_comment_runs_to_end_of_line_and_whole_line_comments():
    toks, _ = tokenize("; VIPADYNAMIC\nPORT 23 ; TCP OMVS\n  ;;; x\n", "f")
    assert [t.value for t in toks] == ["PORT", "23"]


def test_glued_semicolon_is_an_error_but_the_comment_is_still_dropped():
    toks, findings = tokenize("PORT 7554;x\nPORT 7555 ;fine\n", "f")
    assert [t.value for t in toks] == ["PORT", "7554", "PORT", "7555"]
    assert [(f.rule, f.line, f.severity) for f in findings] == [("semicolon-needs-blank", 1, "error")]
    assert "7554" in findings[0].message


def test_system_symbols_are_kept_verbatim():
    toks, _ = tokenize("HOME 198.51.100.&SYSCLONE. LINK1\n", "f")
    assert toks[1].text == "198.51.100.&SYSCLONE."


def test_sequence_numbers_in_73_80_are_a_warning_and_not_read_as_arguments():
    line = "IPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1".ljust(72) + "00010000"
    toks, findings = tokenize(line + "\n" + "SYSPLEXROUTING".ljust(72) + "00020000\n", "f")
    assert "00010000" not in [t.value for t in toks]
    assert [f.rule for f in findings] == ["sequence-numbers"]
    assert findings[0].severity == "warning" and "2 line(s)" in findings[0].message


def test_text_past_column_71_is_a_warning_but_comments_there_are_not():
    _, findings = tokenize("PORT" + " " * 70 + "23\n", "f")
    assert [f.rule for f in findings] == ["past-column-71"] and findings[0].severity == "warning"
    assert "UNSURE" in findings[0].message
    _, findings = tokenize("PORT 23 ;" + "x" * 80 + "\n", "f")
    assert findings == []


def test_crlf_line_ends():
    toks, findings = tokenize("PORT 23\r\nPORT 24;\r\n", "f")
    assert [(t.value, t.line) for t in toks] == [("PORT", 1), ("23", 1), ("PORT", 2), ("24", 2)]
    assert [f.rule for f in findings] == ["semicolon-needs-blank"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_tokenizes_and_parses_without_crashing(text):
    toks, _ = tokenize(text, "f")
    assert all(t.value and not any(c.isspace() for c in t.value) and ";" not in t.value for t in toks)
    profile = parse_profile(text, "f")
    assert all(isinstance(f.line, int | None) for f in profile.findings)


_WORDS = st.sampled_from([
    "VIPADYNAMIC", "ENDVIPADYNAMIC", "VIPADEFINE", "VIPABACKUP", "VIPADISTRIBUTE", "VIPADELETE", "DISTM",
    "HOTSTANDBY", "PORT", "DESTIP", "PREFERRED", "BACKUP", "ALL", "WEIGHT", "MOVEABLE", "IMMEDIATE",
    "255.255.255.0", "203.0.113.50", "198.51.100.11", "198.51.100.12", "100", "7554", "1-5", "IPCONFIG",
    "DYNAMICXCF", "/24", "AUTOLOG", "ENDAUTOLOG", "; x", ";", "\n", "NOAUTOSWITCHBACK", "SYSPLEXPORTS",
    "TIMEDAFF", "&SYSCLONE.", "fec0::1", "VIPAR", "DELETE", "IPCONFIG6", "OPTLOCAL", "TIER1",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=60))
def test_keyword_soup_parses_without_crashing(words):
    profile = parse_profile(" ".join(words), "f")
    for s in profile.statements:
        assert s.file == "f" and s.line >= 1
    other = parse_profile("IPCONFIG DYNAMICXCF 198.51.100.12 255.255.255.0 1\n" + "\n".join(reversed(words)), "g")
    result = lint([profile, other])  # lint never crashes either, and its JSON is well formed
    json.dumps(result.to_json())


# ---------------------------------------------------------------- abbreviations


def test_abbreviation_tables_follow_the_capitals_of_the_syntax_diagram():
    table = abbreviations("VIPADISTribute", "DISTMethod")
    assert table["VIPADIST"] == table["VIPADISTRIBUTE"] == "VIPADISTRIBUTE"
    assert "VIPADIS" not in table and table["DISTM"] == "DISTMETHOD" and "DIST" not in table
    assert BLOCK["VIPAD"] == "VIPADYNAMIC" and BLOCK["VIPADEF"] == "VIPADEFINE" and BLOCK["VIPAB"] == "VIPABACKUP"
    assert BLOCK["ENDVIPAD"] == "ENDVIPADYNAMIC" and BLOCK["VIPADEL"] == "VIPADELETE" and "VIPADE" not in BLOCK
    with pytest.raises(ValueError):
        abbreviations("ABCdef", "ABCxyz")


def test_abbreviated_statements_parse_like_the_long_forms():
    short = """
IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.11 255.255.255.0 1
VIPAD
  VIPADEF MOVE IMMED 255.255.255.0 203.0.113.50
  VIPADIST DEFINE DISTM HOTSTANDBY SYSPLEXP TIMEDAFF 30 203.0.113.50
    PORT 7554 DESTIP 198.51.100.11 PREFERRED 198.51.100.12 BACKUP 100
  VIPAB 50 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.51
  VIPADIST DISTMETHOD WEIGHTEDA 203.0.113.51 PORT 80
    DESTIP 198.51.100.11 WEIGHT 10
ENDVIPAD
"""
    statements = parse_profile(short, "p").statements
    assert [type(s).__name__ for s in statements] == [
        "IpConfig", "VipaDynamic", "VipaDefine", "VipaDistribute", "VipaBackup", "VipaDistribute"]
    define, dist, backup, weighted = statements[2:]
    assert define.moveable == "IMMEDIATE"
    assert dist.method == "HOTSTANDBY" and dist.sysplexports and dist.timedaffinity == 30
    assert backup.rank == 50 and backup.rank_given
    assert weighted.method == "WEIGHTEDACTIVE" and weighted.targets[0].weight == 10
    assert parse_profile(short, "p").findings == []


# ---------------------------------------------------------------- statements


def test_ipconfig_dynamicxcf_with_mask_bits_and_leading_zeros():
    s = only("IPCONFIG DYNAMICXCF 198.051.100.011 /28 3 SYSPLEXROUTING\n", IpConfig)
    assert (s.dynamic_xcf, s.mask_bits, s.cost, s.sysplexrouting) == ("198.51.100.11", 28, 3, True)
    s = only("IPCONFIG DYNAMICXCF 198.51.100.11/24 2\n", IpConfig)
    assert (s.dynamic_xcf, s.mask_bits, s.cost) == ("198.51.100.11", 24, 2)


def test_ipconfig_over_several_lines_with_other_parameters():
    text = """IPCONFIG SYSPLEXROUTING SOURCEVIPA TCPSTACKSOURCEVIPA 192.0.2.1
                 DYNAMICXCF 198.51.100.11 255.255.255.240 1
              DATAGRAMFWD
    """
    profile = parse_profile(text, "p")
    assert profile.dynamic_xcf == "198.51.100.11" and profile.sysplexrouting
    assert profile.findings == []


@pytest.mark.parametrize("text", [
    "IPCONFIG DYNAMICXCF\n",
    "IPCONFIG DYNAMICXCF 198.51.100.11 1\n",
    "IPCONFIG DYNAMICXCF 198.51.100.11 255.0.255.0 1\n",
    "IPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0\n",
    "IPCONFIG DYNAMICXCF 198.51.100.300 255.255.255.0 1\n",
])
def test_bad_dynamicxcf_is_an_error(text):
    profile = parse_profile(text, "p")
    assert "ipconfig-dynamicxcf-syntax" in [f.rule for f in profile.findings]
    assert profile.dynamic_xcf is None


def test_ipconfig6_dynamicxcf():
    s = only("IPCONFIG6 DYNAMICXCF 2001:db8::11/64 INTFID 0:0:0:11\n", IpConfig6)
    assert s.dynamic_xcf == "2001:db8::11" and s.prefix_len == 64 and s.intfid == "0:0:0:11"


def test_vipadefine_forms():
    s = only("VIPADYNAMIC VIPADEFINE TIER2 CPCSCOPE MOVEABLE WHENIDLE SERVICEMGR 255.255.255.240 203.0.113.1 203.0.113.2 ENDVIPADYNAMIC", VipaDefine)
    assert (s.tier, s.cpcscope, s.moveable, s.servicemgr, s.mask) == ("TIER2", True, "WHENIDLE", True, "255.255.255.240")
    assert s.addresses == ("203.0.113.1", "203.0.113.2") and s.block == 1
    s6 = only("VIPADYNAMIC VIPADEFINE MOVEABLE IMMEDIATE DVIPA6 2001:db8::50 ENDVIPADYNAMIC", VipaDefine)
    assert s6.interface == "DVIPA6" and s6.addresses == ("2001:db8::50",) and s6.ip_version == 6


def test_vipabackup_rank_default_and_plain_form():
    s = only("VIPADYNAMIC VIPABACKUP 203.0.113.50 ENDVIPADYNAMIC", VipaBackup)
    assert (s.rank, s.rank_given, s.moveable, s.mask) == (1, False, None, None)
    s = only("VIPADYNAMIC VIPABACKUP 15 MOVEABLE IMMED 255.255.255.255 203.0.113.7 ENDVIPADYNAMIC", VipaBackup)
    assert (s.rank, s.moveable, s.mask, s.addresses) == (15, "IMMEDIATE", "255.255.255.255", ("203.0.113.7",))


def test_vipadelete():
    assert only("VIPADYNAMIC VIPADELETE 203.0.113.050 ENDVIPADYNAMIC", VipaDelete).address == "203.0.113.50"


def test_vipadistribute_full_option_set():
    text = """VIPADYNAMIC
      VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY NOAUTOSWITCHBACK NOHEALTHSWITCH OPTLOCAL 2
         SYSPLEXPORTS TIMEDAFFINITY 60 203.0.113.50
         PORT 7554 8000-8002 DESTIP
         198.51.100.11 PREFERRED
         198.51.100.12 BACKUP 100
         198.51.100.13 BACKUP
    ENDVIPADYNAMIC"""
    s = only(text, VipaDistribute)
    assert (s.action, s.method, s.autoswitchback, s.healthswitch, s.optlocal, s.sysplexports, s.timedaffinity) == (
        "DEFINE", "HOTSTANDBY", False, False, 2, True, 60)
    assert s.ports == (7554, 8000, 8001, 8002)
    assert [(t.address, t.role, t.rank, t.line) for t in s.targets] == [
        ("198.51.100.11", "preferred", None, 5), ("198.51.100.12", "backup", 100, 6), ("198.51.100.13", "backup", None, 7)]
    assert [w for w, _ in s.hotstandby_keywords] == ["NOAUTOSWITCHBACK", "NOHEALTHSWITCH", "PREFERRED", "BACKUP", "BACKUP"]


def test_vipadistribute_delete_and_destip_all():
    s = only("VIPADYNAMIC VIPADISTRIBUTE DELETE 203.0.113.50 PORT 7554 DESTIP ALL ENDVIPADYNAMIC", VipaDistribute)
    assert s.action == "DELETE" and s.destip_all and s.targets == ()
    s = only("VIPADYNAMIC VIPADISTRIBUTE DELE 203.0.113.50 DESTIP ALL ENDVIPADYNAMIC", VipaDistribute)
    assert s.action == "DELETE" and s.ports == ()


def test_unmodelled_statements_are_skipped_not_misread():
    text = """
    DEVICE OSA1 MPCIPA
    LINK ETH1 IPAQENET OSA1
    HOME 192.0.2.1 ETH1
    PORT 7554 TCP ZWE1AG* SHAREPORT BIND 203.0.113.50 ; a port reservation, not VIPADISTRIBUTE's PORT
         7553 TCP ZWE1AD*
    AUTOLOG 5
       FTPD JOBNAME FTPD1
       IPCONFIG DYNAMICXCF 192.0.2.99 255.255.255.0 1 ; only a PARMSTRING-ish argument of AUTOLOG
    ENDAUTOLOG
    BEGINROUTES
       ROUTE DEFAULT 192.0.2.254 ETH1 MTU 1492
    ENDROUTES
    DELETE PORT 7553 TCP ZWE1AD*
    TCPCONFIG RESTRICTLOWPORTS
    IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.11 255.255.255.0 1
    """
    profile = parse_profile(text, "p")
    assert [getattr(s, "name", type(s).__name__) for s in profile.statements] == [
        "DEVICE", "LINK", "HOME", "PORT", "AUTOLOG", "BEGINROUTES", "DELETE", "TCPCONFIG", "IpConfig"]
    assert profile.dynamic_xcf == "198.51.100.11"
    assert profile.findings == []


def test_autolog_without_end_swallows_the_rest_like_zos():
    profile = parse_profile("AUTOLOG 5 FTPD\nIPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n", "p")
    assert profile.dynamic_xcf is None
    assert [(f.rule, f.line) for f in profile.findings] == [("block-not-ended", 1)]
    assert "ENDAUTOLOG" in profile.findings[0].message and "IPCONFIG" in profile.findings[0].message


def test_unknown_statement_is_a_warning_and_skipped():
    profile = parse_profile("FROBNICATE 1 2 3\nIPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n", "p")
    assert [f.rule for f in profile.findings] == ["unknown-statement"]
    assert profile.dynamic_xcf == "198.51.100.11"


def test_include_in_text_that_is_no_file_is_reported_not_found():
    # parse_profile of bare text has no folder to look in: the INCLUDE is reported, not guessed at
    assert rules("INCLUDE TCPIP.PROFILE.PART2\n") == ["include-not-found"]


def test_system_symbols_in_addresses_are_accepted():
    text = ("IPCONFIG DYNAMICXCF 198.51.100.&SYSCLONE. 255.255.255.0 1\nVIPADYNAMIC\n"
            "VIPABACKUP 1 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.&SYSCLONE.\nENDVIPADYNAMIC\n")
    profile = parse_profile(text, "p")
    assert profile.dynamic_xcf == "198.51.100.&SYSCLONE." and profile.findings == []


# ---------------------------------------------------------------- block structure and syntax errors


def test_block_statements_outside_the_block_are_errors_and_ignored():
    profile = parse_profile("VIPADEFINE 255.255.255.0 203.0.113.50\nENDVIPADYNAMIC\n", "p")
    assert [f.rule for f in profile.findings] == ["vipa-outside-block", "endvipadynamic-without-vipadynamic"]
    define = next(s for s in profile.statements if isinstance(s, VipaDefine))
    assert define.ignored_by == 1 and define.block is None


def test_missing_endvipadynamic_at_end_and_before_a_top_level_statement():
    assert rules("VIPADYNAMIC\nVIPADEFINE 255.255.255.0 203.0.113.50\n") == ["vipadynamic-not-ended"]
    profile = parse_profile("VIPADYNAMIC\nVIPADEFINE 255.255.255.0 203.0.113.50\nIPCONFIG DYNAMICXCF 198.51.100.11 /24 1\n", "p")
    assert [f.rule for f in profile.findings] == ["vipadynamic-not-ended"]
    assert "IPCONFIG at line 3" in profile.findings[0].message and profile.dynamic_xcf == "198.51.100.11"


def test_syntax_error_ends_the_block_and_marks_the_rest_ignored():
    text = """VIPADYNAMIC
      VIPADEFINE 255.255.255.0 203.0.113.50
      VIPADISTRIBUTE DISTM HOTSTANBY 203.0.113.50 PORT 7554 DESTIP
         198.51.100.11 PREFERRED 198.51.100.12 BACKUP
      VIPABACKUP 1 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.51
      VIPADEFINE 255.255.255.0 203.0.113.52
    ENDVIPADYNAMIC
    VIPADYNAMIC VIPADEFINE 255.255.255.0 203.0.113.53 ENDVIPADYNAMIC
    """
    profile = parse_profile(text, "p")
    assert [(f.rule, f.line) for f in profile.findings] == [("vipadynamic-syntax", 3)]
    message = profile.findings[0].message
    assert "HOTSTANBY" in message and "2 statement(s) after it" in message
    ignored = [(type(s).__name__, s.ignored_by) for s in profile.statements if s.ignored_by]
    assert ignored == [("VipaBackup", 3), ("VipaDefine", 3)]
    last = [s for s in profile.statements if isinstance(s, VipaDefine)][-1]
    assert last.ignored_by is None and last.block == 2


@pytest.mark.parametrize(("text", "rule", "needle"), [
    ("VIPADEFINE 203.0.113.50", "vipadynamic-syntax", "not a subnet mask"),
    ("VIPADEFINE 255.255.255.0 MOVEABLE IMMEDIATE 203.0.113.50", "vipadynamic-syntax", "at least one IPv4 address"),
    ("VIPADEFINE 255.255.255.0 203.0.113.50 MOVEABLE IMMEDIATE", "vipa-parameter-order", "MOVEABLE"),
    ("VIPABACKUP 1 MOVEABLE 255.255.255.0 203.0.113.50", "vipadynamic-syntax", "IMMEDIATE or WHENIDLE"),
    ("VIPADISTRIBUTE 203.0.113.50 PORT 7554", "vipadynamic-syntax", "needs DESTIP"),
    ("VIPADISTRIBUTE 203.0.113.50 PORT 70000 DESTIP ALL", "vipadynamic-syntax", "1-65535"),
    ("VIPADISTRIBUTE 203.0.113.50 PORT 10-5 DESTIP ALL", "vipadynamic-syntax", "low to high"),
    ("VIPADISTRIBUTE 203.0.113.50 PORT DESTIP ALL", "vipadynamic-syntax", "at least one port"),
    ("VIPADISTRIBUTE 203.0.113.50 DESTIP", "vipadynamic-syntax", "DESTIP needs ALL"),
    ("VIPADISTRIBUTE DISTM HOTSTANDBY 203.0.113.50 NOAUTOSWITCHBACK PORT 1 DESTIP ALL", "vipa-parameter-order", "NOAUTOSWITCHBACK"),
    ("VIPADISTRIBUTE DISTM HOTSTANDBY NOAUTOSWITCHBAK 203.0.113.50 PORT 1 DESTIP ALL", "vipadynamic-syntax", "NOAUTOSWITCHBAK"),
    ("VIPADISTRIBUTE 203.0.113.50 DESTIP 198.51.100.11 PORT 7554", "vipa-parameter-order", "PORT"),
    ("VIPADISTRIBUTE 203.0.113.50 PORT 1 DESTIP 2001:db8::1", "mixed-ip-versions", "IPv6"),
    ("VIPADISTRIBUTE 203.0.113.50 PORT 1 DESTIP 198.51.100.11 WEIGHT", "vipadynamic-syntax", "WEIGHT needs"),
    ("VIPADEFINE 255.255.255.0 203.0.113.50 FOO", "vipadynamic-syntax", "FOO"),
    ("FOO", "vipadynamic-syntax", "not a VIPADYNAMIC statement"),
    ("VIPADYNAMIC", "vipadynamic-syntax", "inside the VIPADYNAMIC block"),
    ("PORT 7554", "vipadynamic-syntax", "PORT"),
])
def test_syntax_errors_in_the_block(text, rule, needle):
    profile = parse_profile(f"VIPADYNAMIC\n {text}\nENDVIPADYNAMIC\n", "p")
    found = [f for f in profile.findings if f.rule == rule]
    assert found and needle.lower() in found[0].message.lower(), profile.findings
    assert found[0].severity == "error" and "stops processing the VIPADYNAMIC block" in found[0].message


def test_vipadynamic_blocks_keep_their_end_lines():
    profile = parse_profile("VIPADYNAMIC\n\nENDVIPADYNAMIC\n", "p")
    block = profile.statements[0]
    assert isinstance(block, VipaDynamic) and (block.line, block.end_line) == (1, 3)


# ---------------------------------------------------------------- the Zowe page's sample


ZOWE_SAMPLE_TOKENS = [
    "IPCONFIG", "SYSPLEXROUTING", "DYNAMICXCF", "198.51.100.11", "255.255.255.0", "1",
    "VIPADYNAMIC",
    "VIPADEFINE", "255.255.255.0", "203.0.113.50",
    "VIPADISTRIBUTE", "DEFINE", "DISTM", "HOTSTANDBY", "203.0.113.50",
    "PORT", "7554", "DESTIP",
    "198.51.100.11", "PREFERRED",
    "198.51.100.12", "BACKUP",
    "ENDVIPADYNAMIC",
]


def test_zowe_sample_tokens_token_for_token():
    text = (PROFILES / "zowe-sample-sysa.tcpip").read_text()
    toks, findings = tokenize(text, "sysa")
    assert [t.value for t in toks] == ZOWE_SAMPLE_TOKENS
    assert findings == []


def test_zowe_sample_parses_into_the_expected_statements():
    profile = parse_files([PROFILES / "zowe-sample-sysa.tcpip"])[0]
    assert kinds((PROFILES / "zowe-sample-sysa.tcpip").read_text()) == ["IpConfig", "VipaDynamic", "VipaDefine", "VipaDistribute"]
    dist = profile.statements[3]
    assert isinstance(dist, VipaDistribute)
    assert (dist.dvipa, dist.ports, dist.method, dist.autoswitchback) == ("203.0.113.50", (7554,), "HOTSTANDBY", None)
    assert [(t.address, t.role, t.rank) for t in dist.targets] == [("198.51.100.11", "preferred", None), ("198.51.100.12", "backup", None)]
    assert profile.dynamic_xcf == "198.51.100.11" and profile.findings == []
    noswitch = parse_files([PROFILES / "zowe-sample-noautoswitchback-sysa.tcpip"])[0]
    assert next(s for s in noswitch.statements if isinstance(s, VipaDistribute)).autoswitchback is False


# ---------------------------------------------------------------- files


def test_parse_files_reports_every_unreadable_file(tmp_path):
    binary = tmp_path / "bin.tcpip"
    binary.write_bytes(b"PORT\x00 23")
    ebcdic = tmp_path / "ebcdic.tcpip"
    ebcdic.write_bytes("PORT 23".encode("cp037"))
    with pytest.raises(InputError) as exc:
        parse_files([tmp_path / "missing.tcpip", binary, ebcdic, tmp_path])
    lines = [str(p) for p in exc.value.problems]
    assert len(lines) == 4
    assert "no such file" in lines[0] and "binary" in lines[1] and "EBCDIC" in lines[2] and "folder" in lines[3]


def test_parse_files_accepts_a_utf8_bom(tmp_path):
    path = tmp_path / "p.tcpip"
    path.write_bytes(b"\xef\xbb\xbfIPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n")
    assert parse_files([path])[0].dynamic_xcf == "198.51.100.11"


def test_skipped_statements_keep_lines():
    profile = parse_profile("\n\nDEVICE X MPCIPA\n", "p")
    assert isinstance(profile.statements[0], Skipped) and profile.statements[0].line == 3


# ---------------------------------------------------------------- layout does not change meaning

_CANONICAL = """IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.11 255.255.255.0 1
VIPADYNAMIC
VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50
VIPABACKUP 20 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.51
VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY NOAUTOSWITCHBACK SYSPLEXPORTS TIMEDAFFINITY 5 203.0.113.50
PORT 7554 443 DESTIP 198.51.100.11 PREFERRED 198.51.100.12 BACKUP 100 198.51.100.13 BACKUP
ENDVIPADYNAMIC
"""
_SHORT = {"VIPADYNAMIC": "VIPAD", "VIPADEFINE": "VIPADEF", "VIPABACKUP": "VIPAB", "VIPADISTRIBUTE": "VIPADIST",
          "DISTMETHOD": "DISTM", "MOVEABLE": "MOVE", "IMMEDIATE": "IMMED", "SYSPLEXPORTS": "SYSPLEXP",
          "TIMEDAFFINITY": "TIMEDAFF", "ENDVIPADYNAMIC": "ENDVIPAD", "DEFINE": "DEFINE"}


def _meaning(text: str) -> list[tuple]:
    def strip(value):
        return {k: v for k, v in vars(value).items() if k not in ("file", "line", "end_line")}
    out = []
    for s in parse_profile(text, "p").statements:
        fields = strip(s)
        if "targets" in fields:
            fields["targets"] = [(t.address, t.role, t.rank, t.weight) for t in fields["targets"]]
            fields["hotstandby_keywords"] = [w for w, _ in fields["hotstandby_keywords"]]
        out.append((type(s).__name__, fields))
    return out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_layout_case_abbreviations_and_comments_do_not_change_the_statements(data):
    words = _CANONICAL.split()
    pieces = []
    for word in words:
        if word in _SHORT and data.draw(st.booleans()):
            word = _SHORT[word]
        word = "".join(c.lower() if data.draw(st.booleans()) else c for c in word) if data.draw(st.booleans()) else word
        if word[0].isdigit() and "." in word and data.draw(st.booleans()):
            word = ".".join(p.zfill(3) for p in word.split("."))  # leading zeros
        gap = data.draw(st.sampled_from([" ", "  ", "\n", "\n   ", " ; a comment\n", "\t", "\n; full line\n "]))
        pieces.append(word + gap)
    text = "".join(pieces)
    assert _meaning(text) == _meaning(_CANONICAL)
    assert [f.rule for f in parse_profile(text, "p").findings if f.severity == "error"] == []
