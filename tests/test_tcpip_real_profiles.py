"""``zowe-ha lint`` on TCP/IP profile text that shops and IBM wrote, not the kit.

Each fixture under tests/fixtures/real-profiles/ is real text (its source is in
the test's docstring); each test pins every finding a z/OS system programmer
judged right for it (rule, severity, line) so that a false error or a missed
one shows up as a changed list. The hypothesis tests rewrite the same real
statements the ways the syntax rules allow (case, blanks, line breaks,
IBM's abbreviations, ';' comments) and expect the same reading.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.paths import FIXTURES
from zowe_ha_lib.tcpip.lint import lint
from zowe_ha_lib.tcpip.parse import parse_files, parse_profile
from zowe_ha_lib.tcpip.statements import Skipped, VipaBackup, VipaDefine, VipaDistribute

REAL = FIXTURES / "real-profiles"


def findings(*paths: Path, include_dirs=()) -> list[tuple[str, str, str, int | None]]:
    """(rule, severity, file name, line) of every finding, in the kit's order."""
    result = lint(parse_files(paths, include_dirs))
    return [(f.rule, f.severity, Path(f.file).name, f.line) for f in result.findings]


def text_findings(text: str, name: str = "p.tcpip") -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity, f.line) for f in lint([parse_profile(text, name)]).findings]


# ---------------------------------------------------------------- IBM's SEZAINST(SAMPPROF), as a shop ran it


def test_sampprof_as_a_shop_customised_it():
    """SEZAINST(SAMPPROF) (SMP/E EZAEB025) as one shop loaded it into SYS1.TCPPARMS(PROFILE) with IEBUPDTE,
    ';CHG' marks and all; found in a public repository by find_string "ENDVIPADYNAMIC" (file id
    43081318240; the PROFILE member, trailing blanks trimmed, long runs of comment lines elided).

    Judged: the profile has no DYNAMICXCF and distributes nothing, so z/OS runs it as is and the design
    rule can only warn; 'REPL;CHG' on the default route is a real error (IBM: an argument followed by a
    comment needs a blank before ';', so z/OS reads 'REPL;CHG' as one unknown argument). Everything else
    (AUTOLOG ... ENDAUTOLOG, BEGINRoutes in mixed case, PORT lists with ';' comments, SACONFIG with a
    mixed-case community) is read without a finding.
    """
    assert findings(REAL / "sampprof-shop.tcpip") == [
        ("dynamicxcf-missing", "warning", "sampprof-shop.tcpip", None),
        ("semicolon-needs-blank", "error", "sampprof-shop.tcpip", 122),
    ]
    text = (REAL / "sampprof-shop.tcpip").read_text()
    assert "REPL;CHG" in text.splitlines()[121]


def test_sampprof_vipadynamic_uncommented():
    """The VIPADYNAMIC example of SEZAINST(SAMPPROF) (same source as above, lines starting '; VIPADYNAMIC'),
    with the leading ';' removed the way the sample's notes tell a shop to enable a line.

    Judged: plain 'VIPABACKUP rank address' is IBM's own form and z/OS accepts it, but it never creates
    the DVIPA when this stack comes up first (IBM Q&A dwa1433874): four warnings, one per statement, and
    the suggested fix keeps the mask the profile uses for its DVIPAs (255.255.255.192), not a guess.
    VIPARANGE is skipped cleanly inside the block.
    """
    path = REAL / "sampprof-vipadynamic.tcpip"
    assert findings(path) == [
        ("dynamicxcf-missing", "warning", path.name, None),
        *[("vipabackup-not-moveable-immediate", "warning", path.name, line) for line in (9, 10, 11, 12)],
    ]
    result = lint(parse_files([path]))
    assert "MOVEABLE IMMEDIATE 255.255.255.192 201.2.10.13" in result.findings[1].message
    profile = parse_files([path])[0]
    kinds = [(type(s).__name__, s.block) for s in profile.statements]
    assert ("Skipped", 1) in kinds and kinds.count(("VipaBackup", 1)) == 4
    backups = [s for s in profile.statements if isinstance(s, VipaBackup)]
    assert (backups[0].rank, backups[0].addresses) == (100, ("201.2.10.13", "201.2.10.14"))


# ---------------------------------------------------------------- IBM's hot standby example


def test_ibm_hot_standby_example_verbatim():
    """The hot standby configuration example of the IBM IP Configuration Guide,
    https://www-01.ibm.com/support/knowledgecenter/SSLTBW_2.1.0/com.ibm.zos.v2r1.halz002/sys_distrib_hot_standby_xmp.htm,
    as printed (no VIPADYNAMIC around it, address written 9.67.240.02).

    Judged: on its own the statement is outside a VIPADYNAMIC block, which z/OS rejects (right); nothing
    is distributed, so the missing DYNAMICXCF is a warning.
    """
    path = REAL / "ibm-hotstandby-example.tcpip"
    assert findings(path) == [
        ("dynamicxcf-missing", "warning", path.name, None),
        ("vipa-outside-block", "error", path.name, 1),
    ]


def test_ibm_hot_standby_example_in_its_sysplex(tmp_path):
    """IBM's example placed where it belongs: in the distributor's VIPADYNAMIC block next to a VIPADEFINE,
    and the three target stacks with the DYNAMICXCF addresses the example's DESTIPs name.

    Judged: the statement is valid (the leading zero of 9.67.240.02 included); the highest rank (100)
    backs up first; the only finding is the kit's design warning that nothing backs the distributor up.
    """
    example = (REAL / "ibm-hotstandby-example.tcpip").read_text()
    paths = []
    for n, xcf in enumerate(("203.3.10.16", "203.3.10.17", "203.3.10.18")):
        body = f"IPCONFIG SYSPLEXROUTING DYNAMICXCF {xcf} 255.255.255.0 1\n"
        if n == 0:
            body += f"VIPADYNAMIC\nVIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 9.67.240.02\n{example}ENDVIPADYNAMIC\n"
        paths.append(tmp_path / f"sys{n}.tcpip")
        paths[-1].write_text(body)
    result = lint(parse_files(paths))
    assert [(f.rule, f.severity, Path(f.file).name, f.line) for f in result.findings] == [
        ("dvipa-no-backup-stack", "warning", "sys0.tcpip", 3),
    ]
    (dist,) = result.distributions
    assert dist["dvipa"] == "9.67.240.2" and dist["ports"] == [10000] and dist["method"] == "HOTSTANDBY"
    assert [(t["destip"], t["role"], t["rank"]) for t in dist["targets"]] == [
        ("203.3.10.16", "preferred", None), ("203.3.10.18", "backup", 100), ("203.3.10.17", "backup", 50),
    ]
    assert dist["autoswitchback"] is True and dist["healthswitch"] is True


# ---------------------------------------------------------------- ADCD (IBM's zPDT distribution) with INCLUDEs


def test_adcd_profile_with_lowercase_includes():
    """ADCD z/OS 2.5 TCPPARMS as a zPDT user edited and ran it (PROF2 INCLUDEs ZCONNECT, ZCXDVIPA,
    ZCLOUD(INC), ZPDTDEV2, written in lower case; the started task's EZZ0300I messages show z/OS read
    them all). Public repository, found by find_string "ENDVIPADYNAMIC" (file id 6935164743).

    Judged: the two members the page does not show are reported not found (right: the kit cannot know
    them) and, because one of them could hold an IPCONFIG, the missing DYNAMICXCF drops to info. The
    'VIPARANGE DEFINE 255.255.255.255 10.1.2.5 ZCX' block, two HOME statements and mixed-case
    BEGINRoutes/ENDRoutes are read without a finding.
    """
    prof = REAL / "adcd" / "PROF2"
    assert findings(prof) == [
        ("dynamicxcf-missing", "info", "PROF2", None),
        ("include-not-found", "warning", "PROF2", 1),
        ("include-not-found", "warning", "PROF2", 3),
    ]
    (profile,) = parse_files([prof])
    assert [(Path(i.found).name if i.found else None) for i in profile.includes] == [None, "ZCXDVIPA", None, "ZPDTDEV2"]
    names = [s.name for s in profile.statements if isinstance(s, Skipped)]
    assert "VIPARANGE" in names and names.count("HOME") == 2 and "BEGINROUTES" in names


# ---------------------------------------------------------------- the Zowe documentation's sample


def test_zowe_docs_sample_verbatim_placeholders():
    """zowe/docs-site "Configuring Sysplex Distributor" (docs/user-guide/configure-sysplex.md), copied with
    its x.x.x.A / x.x.x.V placeholders as a user might paste it before filling them in.

    Judged: both placeholders are errors and say which text is not an address; no crash.
    """
    path = REAL / "zowe-docs" / "verbatim.tcpip"
    assert findings(path) == [
        ("ipconfig-dynamicxcf-syntax", "error", path.name, 1),
        ("vipadynamic-syntax", "error", path.name, 3),
    ]
    messages = [f.message for f in lint(parse_files([path])).findings]
    assert "not 'x.x.x.A'" in messages[0] and "not 'x.x.x.V'" in messages[1]


def test_zowe_docs_sample_two_stacks():
    """The same Zowe sample with documentation addresses for x.x.x.A/B/V (SYSA: the IPCONFIG line and the
    block, trailing blanks kept as the page has them; SYSB: its IPCONFIG line).

    Judged: valid for z/OS; the one warning is the documented gap (no VIPABACKUP for the distributor).
    """
    folder = REAL / "zowe-docs"
    assert findings(folder / "SYSA.tcpip", folder / "SYSB.tcpip") == [
        ("dvipa-no-backup-stack", "warning", "SYSA.tcpip", 3),
    ]


@pytest.mark.parametrize("args", [
    ["sampprof-shop.tcpip"], ["sampprof-vipadynamic.tcpip"], ["ibm-hotstandby-example.tcpip"], ["adcd/PROF2"],
    ["zowe-docs/verbatim.tcpip"], ["zowe-docs/SYSA.tcpip", "zowe-docs/SYSB.tcpip"],
])
def test_cli_reads_every_real_profile(capsys, args):
    """The command answers 0 or 1 (never 2 or 3) with JSON that lists the same findings as the library."""
    paths = [str(REAL / a) for a in args]
    answer = zowe_ha(capsys, "lint", *paths, "--json")
    assert answer.code in (0, 1), answer.err
    data = json.loads(answer.out)
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [(r, line) for r, _s, _f, line in findings(*map(Path, paths))]
    assert answer.code == (1 if any(f["severity"] == "error" for f in data["findings"]) else 0)


# ---------------------------------------------------------------- shapes from IBM's syntax the fixtures showed


def test_viparange_and_viparoute_delete_stay_in_the_block():
    """DELETE is a top-level statement name but also VIPARANGE's and VIPAROUTE's first parameter; the block
    must not end there (it used to: a false 'no ENDVIPADYNAMIC' error and a VIPADISTRIBUTE 'outside' it)."""
    text = ("IPCONFIG SYSPLEXROUTING DYNAMICXCF 192.0.2.1 255.255.255.0 1\nVIPADYNAMIC\n"
            " VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 198.51.100.10\n"
            " VIPARANGE DELETE 255.255.255.0 203.0.113.0\n VIPAROUTE DELETE 192.0.2.2 203.0.113.5\n"
            " VIPADISTRIBUTE DELETE 198.51.100.10 PORT 80 DESTIP ALL\n"
            " VIPADISTRIBUTE 198.51.100.10 PORT 443 DESTIP ALL\nENDVIPADYNAMIC\n")
    assert text_findings(text) == [("single-profile", "info", None)]
    stray = "VIPADYNAMIC\n VIPADEFINE 255.255.255.0 198.51.100.10\n DELETE LINK X\nENDVIPADYNAMIC\n"
    assert ("vipadynamic-syntax", "error", 3) in text_findings(stray)


def test_proctype_is_a_basewlm_option_before_the_dvipa():
    """IBM's diagram puts 'PROCTYPE CP n ZAAP n ZIIP n' among the BASEWLM options before the address."""
    text = ("IPCONFIG SYSPLEXROUTING DYNAMICXCF 192.0.2.1 255.255.255.0 1\nVIPADYNAMIC\n"
            " VIPADEFINE 255.255.255.0 198.51.100.10\n"
            " VIPADISTRIBUTE DEFINE DISTMETHOD BASEWLM\n   PROCTYPE CP 20 ZAAP 40 ZIIP 40\n"
            "   198.51.100.10 PORT 20 21 DESTIP ALL\nENDVIPADYNAMIC\n")
    assert text_findings(text) == [("single-profile", "info", None)]
    (dist,) = [s for s in parse_profile(text, "p").statements if isinstance(s, VipaDistribute)]
    assert dist.ports == (20, 21) and dist.destip_all and dist.effective_method == "BASEWLM"


@pytest.mark.parametrize(("text", "line"), [
    ("/* Zowe DVIPA */\nIPCONFIG SYSPLEXROUTING DYNAMICXCF 192.0.2.1 255.255.255.0 1\n", 1),
    ("IPCONFIG SYSPLEXROUTING DYNAMICXCF 192.0.2.1 255.255.255.0 1\n  /*comment*/\n", 2),
])
def test_slash_star_is_not_a_comment(text, line):
    """IBM's rules know only ';' comments; '/* */' is read as arguments, so the kit says so."""
    assert ("slash-star-comment", "error", line) in text_findings(text)
    assert not any(r == "slash-star-comment" for r, _s, _l in text_findings(text.replace("/*", ";/*")))


# ---------------------------------------------------------------- hypothesis: the same statements, written otherwise

_ABBREV = {
    "VIPADYNAMIC": ["VIPADYNAMIC", "VIPAD", "VipaDynamic", "vipadyn"],
    "ENDVIPADYNAMIC": ["ENDVIPADYNAMIC", "ENDVIPAD", "EndVipaDynamic"],
    "VIPADEFINE": ["VIPADEFINE", "VIPADEF", "vipadefine", "VipaDefine"],
    "VIPABACKUP": ["VIPABACKUP", "VIPAB", "vipaback", "VipaBackup"],
    "VIPARANGE": ["VIPARANGE", "VIPAR", "viparange"],
    "VIPADISTRIBUTE": ["VIPADISTRIBUTE", "VIPADIST", "vipadistribute", "VipaDistribute"],
    "DISTMETHOD": ["DISTMETHOD", "DISTM", "distmethod", "DistMethod"],
    "AUTOSWITCHBACK": ["AUTOSWITCHBACK", "autoswitchback"],
}


def _rewrite(tokens: list[str], draw) -> str:
    """Join tokens with any legal separation: blanks, tabs, line ends, '; comment' lines, and case/abbreviation."""
    out = []
    for tok in tokens:
        spelling = draw(st.sampled_from(_ABBREV[tok])) if tok in _ABBREV else draw(st.sampled_from([tok, tok.lower()]))
        sep = draw(st.sampled_from([" ", "  ", "\t", "\n", "\n   ", " ; a comment\n", "\n;\n  "]))
        out.append(spelling + sep)
    return "".join(out) + "\n"


_SAMPPROF_BLOCK = str.split("VIPADYNAMIC VIPADEFINE 255.255.255.192 201.2.10.11 201.2.10.12 "
                   "VIPABACKUP 100 201.2.10.13 201.2.10.14 VIPABACKUP 80 201.2.10.21 201.2.10.22 "
                   "VIPARANGE DEFINE 255.255.255.192 201.2.10.192 ENDVIPADYNAMIC")
_HOTSTANDBY = str.split("IPCONFIG SYSPLEXROUTING DYNAMICXCF 203.3.10.16 255.255.255.0 1 VIPADYNAMIC "
               "VIPADEFINE 255.255.255.0 9.67.240.02 "
               "VIPADISTRIBUTE DISTMETHOD HOTSTANDBY AUTOSWITCHBACK HEALTHSWITCH 9.67.240.02 PORT 10000 DESTIP "
               "203.3.10.16 PREFERRED 203.3.10.17 BACKUP 50 203.3.10.18 BACKUP 100 ENDVIPADYNAMIC")


def _summary(text: str):
    profile = parse_profile(text, "p")
    shape = [(type(s).__name__, getattr(s, "addresses", None), getattr(s, "rank", None), s.block, s.ignored_by)
             for s in profile.statements]
    dist = [(s.dvipa, s.ports, s.method, s.targets and tuple((t.address, t.role, t.rank) for t in s.targets))
            for s in profile.statements if isinstance(s, VipaDistribute)]
    # The layout rule (text past column 71) depends on where the lines break, which is what varies here.
    rules = sorted((f.rule, f.severity) for f in lint([profile]).findings if f.rule != "past-column-71")
    return shape, dist, rules


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_sampprof_block_any_legal_spelling(data):
    """Any case, abbreviation, blank, line break or ';' comment between the tokens reads the same."""
    text = _rewrite(_SAMPPROF_BLOCK, data.draw)
    assert _summary(text) == _summary(" ".join(_SAMPPROF_BLOCK) + "\n")
    assert any(isinstance(s, VipaDefine) for s in parse_profile(text, "p").statements)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_hot_standby_example_any_legal_spelling(data):
    text = _rewrite(_HOTSTANDBY, data.draw)
    shape, dist, rules = _summary(text)
    assert (shape, dist, rules) == _summary(" ".join(_HOTSTANDBY) + "\n")
    assert dist[0][3] == (("203.3.10.16", "preferred", None), ("203.3.10.17", "backup", 50), ("203.3.10.18", "backup", 100))
    assert not any(sev == "error" for _r, sev in rules)


def test_glued_semicolon_in_a_comment_line_is_not_reported():
    """';ROUTE ... REPL;CHG' (SAMPPROF line 121) is all comment: only the live line 122 is an error."""
    lines = (REAL / "sampprof-shop.tcpip").read_text().splitlines()
    assert re.match(r";ROUTE DEFAULT .*REPL;CHG", lines[120])
    assert text_findings(lines[120] + "\n") == [("dynamicxcf-missing", "warning", None)]
