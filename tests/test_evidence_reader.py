"""The evidence reader: capture forms, framing, interleaving, truncation, odd bytes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.evidence import displays, one, responses, syslog_first, syslog_multi
from tests.support.paths import RUNBOOKS
from zowe_ha_lib.evidence.reader import read_evidence, scan_text

GRS = ["ISG343I 13.45.07 GRS STATUS", " SYSTEM    STATE               SYSTEM    STATE",
       " SYSA      ACTIVE              SYSB      QUIESCED", " SYSC      ACTIVE"]


def test_syslog_multiline_with_other_systems_interleaved():
    grs = syslog_multi("SYSA", GRS, 348)
    other = syslog_multi("SYSB", ["IEF196I IEF237I JES2 ALLOCATED TO SYS00012", " IEF196I   SYS1.PROCLIB  KEPT"], 97)
    lines = [grs[0], other[0], syslog_first("N", "SYSC", "IEF403I ZWE1SV - STARTED"), grs[1], other[1], grs[2], grs[3]]
    d = one("\n".join(lines))
    assert d.usable and d.system == "SYSA" and d.line == 1
    assert [(s.name, s.state, s.line) for s in d.systems] == [("SYSA", "ACTIVE", 6), ("SYSB", "QUIESCED", 6), ("SYSC", "ACTIVE", 7)]


def test_syslog_response_cut_off_before_its_end_line_is_unusable():
    lines = syslog_multi("SYSA", GRS, 348, end=False)[:-1]
    d = one("\n".join(lines))
    assert not d.usable and "stops inside" in d.problem


def test_syslog_prefix_names_the_system_not_the_folder():
    d = one("\n".join(syslog_multi("SYSC", ["IEA386I 13.48.00 TIMING STATUS", "SYNCHRONIZATION MODE = STP"], 410)), folder="SYSA")
    assert d.system == "SYSC" and d.mode == "STP"


def test_zosmf_console_carriage_returns_keep_physical_line_numbers():
    text = "# collected by zowe-ha collect: D GRS on SYSA\n" + "\r".join(GRS) + "\n" + "\r".join(
        ["IEA282I 13.48.00 ETR STATUS", "SYNCHRONIZATION MODE=LOCAL   CPC SIDE=0"]) + "\r\n"
    found = displays(text)
    assert [d.kind for d in found] == ["grs", "etr"]
    assert found[0].line == 2 and found[0].systems[1].line == 2
    assert found[1].line == 3 and found[1].mode == "LOCAL"


def test_sdsf_prefix_and_continuation_lines():
    text = "\n".join([
        "SYSB      2024330  13:45:11.20 IBMUSER  00000290  $D MASDEF",
        "SYSB      2024330  13:45:11.21 STC00004 00000090  $HASP843 MASDEF  OWNMEMB=SYSB,AUTOEMEM=ON,",
        "                                        00000090  $HASP843         RESTART=YES,XCFGRPNM=JESPLEX1",
    ])
    d = one(text, folder="SYSA")
    assert d.kind == "jes2-masdef" and d.system == "SYSB"
    assert d.get("XCFGRPNM") == "JESPLEX1" and d.values["XCFGRPNM"][1] == 3


def test_unknown_message_id_and_unrecognised_file_are_problems(tmp_path: Path):
    ev = tmp_path / "evidence" / "SYSA"
    ev.mkdir(parents=True)
    (ev / "other.txt").write_text("IEE254I  13.45.00 IPLINFO DISPLAY 123\n SYSTEM IPLED AT 06.11.52\n")
    (ev / "notes.txt").write_text("remember to capture D GRS tomorrow\n")
    (ev / ".hidden").write_text("IEE254I\n")
    evidence = read_evidence(tmp_path / "evidence", ["SYSA"], base=tmp_path)
    messages = sorted(p.where + " " + p.message for p in evidence.problems)
    assert len(messages) == 2
    assert messages[0].startswith("evidence/SYSA/notes.txt:1 no recognised display")
    assert messages[1].startswith("evidence/SYSA/other.txt:1 unrecognised response IEE254I")


def test_recognised_by_content_not_by_name(tmp_path: Path):
    ev = tmp_path / "evidence" / "SYSB"
    ev.mkdir(parents=True)
    (ev / "d-grs.txt").write_text("v20.11.1\n")
    evidence = read_evidence(tmp_path / "evidence", ["SYSB"], base=tmp_path)
    assert [(d.kind, d.system, d.where) for d in evidence.displays] == [("node", "SYSB", "evidence/SYSB/d-grs.txt:1")]


def test_ebcdic_capture_is_decoded(tmp_path: Path):
    ev = tmp_path / "evidence" / "SYSA"
    ev.mkdir(parents=True)
    text = "\n".join(GRS).replace("\n", "\x85")
    (ev / "binary-transfer.txt").write_bytes(text.encode("cp037"))
    evidence = read_evidence(tmp_path / "evidence", ["SYSA"], base=tmp_path)
    assert [d.kind for d in evidence.displays] == ["grs"] and not evidence.problems


def test_several_responses_in_one_plain_file_and_command_echoes_ignored():
    text = "\n".join(["D GRS", *GRS, "", "IBMUSER:/u/ibmuser:>node --version", "v22.1.0", "READY"])
    assert [d.kind for d in displays(text)] == ["grs", "node"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_never_crash_the_reader(data: bytes):
    from zowe_ha_lib.evidence.reader import decode, parse_response

    text = decode(data)
    found, _, _ = scan_text(text, "evidence/SYSA/f.txt", "SYSA", ["SYSA"])
    for r in found:
        d = parse_response(r)
        assert not d.internal, d.problem


_PIECES = st.sampled_from([
    *GRS, "IXC361I  13.45.01  DISPLAY XCF", "  CFNAME  COUPLING FACILITY  SITE", "  CF01  003906.IBM.02.00000004A1B2  N/A",
    "EZD0101I NETSTAT CS V2R5 TCPIP", "DYNAMIC VIPA INFORMATION:", "  VIPA DISTRIBUTE:", "    DEST: 203.0.113.50..7554",
    "      DESTXCF: 198.51.100.11", "$HASP673 MEMBER(1) NAME=SYSA,STATUS=ACTIVE", "$HASP673  SYSNAME=SYSA", "BPXO045I 1 DISPLAY OMVS",
    "ZFS 1 ACTIVE RDWR 11/20/2024 L=1", "  PATH=/", "EZZ8260I SYSPLEX CS V2R5", "IPADDR: 203.0.113.50", "  TCPIP SYSA ACTIVE BOTH",
    "ICH15013I RACF DATABASE STATUS:", "  YES PRIM 1 RACF01 SYS1.RACF", "v20.1.1", "\r", "", "DR     12 00000090  x", "ER 12 00000090",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.lists(st.sampled_from(["", "N", "M", "D", "E"]), max_size=40))
def test_shuffled_display_fragments_never_crash(pieces: list[str], kinds: list[str]):
    from zowe_ha_lib.evidence.reader import parse_response

    lines = []
    for i, piece in enumerate(pieces):
        kind = kinds[i] if i < len(kinds) else ""
        if kind in ("N", "M"):
            lines.append(syslog_first(kind, "SYSA", piece + (" 12" if kind == "M" else "")))
        elif kind in ("D", "E"):
            lines.append(f"{kind}R{'':<38}  12 00000090   {piece}")
        else:
            lines.append(piece)
    for r in responses("\n".join(lines)):
        d = parse_response(r)
        assert not d.internal, d.problem


def test_example_evidence_reads_without_problems():
    root = RUNBOOKS
    for rec in ("CHG0001", "CHG0002"):
        ev = read_evidence(root / rec / "evidence", ["SYSA", "SYSB", "SYSC"], base=root / rec)
        assert ev.problems == [], ev.problems
        assert len(ev.izuprm) == 3
        assert all(d.usable for d in ev.displays)
