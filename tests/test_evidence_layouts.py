"""Every table layout the kit reads, in the variants IBM prints, read the same whatever the spacing.

The samples follow IBM's documented layouts (the reference notes name the
source of each and whether it is confirmed); several are variants the
example records never use: D TCPIP,,SYSPLEX,VIPADYN with the ADDRESS MASK and
NETWORK PREFIX columns, MOVING and QUIESCING stacks and an IPv6 block, the
short-format netstat tables, a GRS star, D CF path tables, ARM in both forms,
the Health Checker captures.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.evidence import (
    ARM,
    ARM_DETAIL,
    CF_LIST,
    CK_PANEL,
    D_CF,
    GROUP,
    GRS_RING,
    GRS_STAR,
    HZS_BUFFER,
    LAYOUT_SAMPLES,
    SYSPLEX_MASKS,
    SYSTEMS,
    VCRT_LONG,
    VCRT_SHORT,
    VDPT_SHORT,
    VIPADYN_SHORT,
    displays,
    one,
)

SYSPLEX_MASKS_READ = [("203.0.113.11", "VIC142", "ACTIVE", None, "BOTH", "VIPADEFINE"), ("203.0.113.11", "VIC143", "BACKUP", 100, "DEST", "VIPADEFINE"),
                      ("203.0.113.11", "VIC144", "MOVING", None, "DEST", "VIPADEFINE"), ("2001:db8::1", "VIC142", "ACTIVE", None, "DIST", "VIPADEFINE"),
                      ("2001:db8::1", "VIC145", "QUIESCING", None, "DEST", "VIPADEFINE")]


def _sysplex_rows(d):
    return [(r.ip, r.mvsname, r.status, r.rank, r.dist, r.origin) for r in d.rows]


def test_sysplex_vipadyn_with_mask_and_prefix_columns_reads_dist_not_the_mask() -> None:
    """The root of the false FAIL: with ADDRESS MASK/NETWORK PREFIX before DIST the owner is still BOTH."""
    assert _sysplex_rows(one("\n".join(SYSPLEX_MASKS))) == SYSPLEX_MASKS_READ


def test_sysplex_vipadyn_row_that_fits_no_column_is_reported_not_dropped() -> None:
    d = one("\n".join([*SYSPLEX_MASKS[:7], "  TCPCS    VIC149"]))
    assert not d.usable and "line 8" in d.problem and "does not fit" in d.problem and not d.internal
    # A field line IBM may add inside a block is not a row.
    d = one("\n".join([*SYSPLEX_MASKS[:4], "  MOVEABLE: IMMEDIATE", *SYSPLEX_MASKS[4:]]))
    assert d.usable and [r.mvsname for r in d.rows] == ["VIC142", "VIC143", "VIC144", "VIC142", "VIC145"]


def test_grs_star_and_ring() -> None:
    star = one("\n".join(GRS_STAR))
    assert (star.mode, [(s.name, s.state) for s in star.systems]) == ("star", [("SYSA", "CONNECTED"), ("SYSB", "CONNECTED"), ("SYSC", "CONNECTED")])
    ring = one("\n".join(GRS_RING))
    assert ring.mode == "ring" and [(s.name, s.state) for s in ring.systems] == [
        ("SYS2", "ACTIVE"), ("SYS1", "ACTIVE"), ("SYS3", "QUIESCED"), ("SYS4", "QUIESCED")]


def test_sysplex_members_with_serial_timing_and_multiword_states() -> None:
    d = one("\n".join(SYSTEMS))
    assert [(m.name, m.serial, m.status, m.timing) for m in d.members] == [
        ("SYSA", "04A1B2", "ACTIVE", "STP"), ("SYSB", "04A1B2", "MONITOR-DETECTED STOP", "STP"), ("SYSC", "04C3D4", "BEING REMOVED", "LOCAL")]


def test_group_member_states_and_the_names_only_form() -> None:
    d = one("\n".join(GROUP))
    assert d.detailed and [(m.name, m.system, m.status) for m in d.members] == [
        ("SYSA", "SYSA", "ACTIVE"), ("SYSB", "SYSB", "FAILED"), ("SYSC_IRR00", "SYSC", "QUIESCED")]
    names = one("IXC332I 13.45.05 DISPLAY XCF\nGROUP SYSBPX:  SYSA  SYSB")
    assert not names.detailed and {m.status for m in names.members} == {None}


def test_cf_list_detail_and_d_cf_paths() -> None:
    d = one("\n".join(CF_LIST))
    assert [(c.name, c.cpc, c.conditions) for c in d.cfs] == [("CF01", "00000004A1B2", []), ("CF02", "00000004C3D4", [("MAINTENANCE MODE", 6)])]
    detail = one("\n".join(["IXC362I 13.45.02 DISPLAY XCF", "CFNAME: CF01", "  COUPLING FACILITY     : 003906.IBM.02.00000004A1B2",
                            "  CONNECTED SYSTEMS:", "     SYSA  SYSB", "  STRUCTURES:", "     IRRXCF00_P001(PND)   ISGLOCK"]))
    cf = detail.cfs["CF01"]
    assert (cf.cpc, cf.connected, cf.structures) == ("00000004A1B2", ["SYSA", "SYSB"], {"IRRXCF00_P001": "PND", "ISGLOCK": None})
    paths = one("\n".join(D_CF))
    assert [(c.name, [(p.chpid, p.online) for p in c.paths]) for c in paths.cfs] == [
        ("CF01", [("80", True), ("81", False)]), ("CF02", [("90", False)])]


def test_arm_table_and_detail_forms() -> None:
    d = one("\n".join(ARM))
    assert d.restarts == "ENABLED" and [(e.name, e.state, e.current, e.job) for e in d.elements] == [
        ("ZWESYSA", "AVAILABLE", "SYSA", "ZWE1SV"), ("ZWESYSB", "FAILED", "N/A", "N/A")]
    detail = one("\n".join(ARM_DETAIL))
    assert [(e.name, e.job, e.state, e.current, e.initial) for e in detail.elements] == [("ZWESYSA", "ZWE1SV", "AVAILABLE", "SYSA", "SYSA")]
    assert one("IXC392I 13.45.08 DISPLAY XCF\nARM RESTARTS ARE ENABLED\nNO ARM ELEMENTS ARE DEFINED").none_defined_line == 3


def test_health_checker_panel_buffer_and_console_forms() -> None:
    panel = one("\n".join(CK_PANEL))
    assert [(c.name, c.state, c.status, c.exception, c.disabled, c.system) for c in panel.checks] == [
        ("GRS_MODE", "ACTIVE(ENABLED)", "EXCEPTION-MED", True, False, "SYSB"),
        ("XCF_CF_CONNECTIVITY", "INACTIVE(ENABLED)", "INACTIVE", False, True, "SYSB"),
        ("XCF_SFM_ACTIVE", "ACTIVE(DISABLED)", "ENV N/A", False, True, "SYSB"),
        ("USS_FILESYS_CONFIG", "ACTIVE(ENABLED)", "SUCCESSFUL", False, False, "SYSB")]
    buffer = displays("\n".join([
        "CHECK(IBMXCF,XCF_CDS_SEPARATION)", "SYSPLEX:    PLEX1     SYSTEM: SYSC", "START TIME: 11/25/2024 13:40:00.123456",
        "CHECK DATE: 20050720  CHECK SEVERITY: MEDIUM", "", "* Medium Severity Exception *", "",
        "IXCH0242E The sysplex and CFRM couple data sets share a volume.", "  Explanation: ...",
        "END TIME: 11/25/2024 13:40:00.234567  STATUS: EXCEPTION-MED",
        "CHECK(IBMGRS,GRS_MODE)", "START TIME: 11/25/2024 13:40:01.000000", "END TIME: 11/25/2024 13:40:01.100000  STATUS: SUCCESSFUL"]), "SYSA")
    assert [(c.name, c.status, c.system, c.severity) for d in buffer for c in d.checks] == [
        ("XCF_CDS_SEPARATION", "EXCEPTION-MED", "SYSC", "MEDIUM"), ("GRS_MODE", "SUCCESSFUL", None, None)]
    assert buffer[0].checks[0].message.startswith("IXCH0242E The sysplex")
    wto = one("HZS0002E CHECK(IBMXCF,XCF_CF_CONNECTIVITY): IXCH0448E SYSB HAS NO CONNECTIVITY TO CF02")
    assert (wto.checks[0].name, wto.checks[0].status, wto.checks[0].message) == (
        "XCF_CF_CONNECTIVITY", "EXCEPTION-MED", "IXCH0448E SYSB HAS NO CONNECTIVITY TO CF02")


def test_short_format_netstat_tables_and_vcrt() -> None:
    vdpt = one("\n".join(VDPT_SHORT))
    assert [(e.ip, e.port, e.destxcf, e.rdy, e.tsr, e.flg) for e in vdpt.entries] == [
        ("203.0.113.15", 5000, "198.51.100.2", 1, 100, "ACTIVE"), ("203.0.113.15", 5000, "198.51.100.3", 0, 0, "BACKUP")]
    for lines, want in ((VCRT_SHORT, [("203.0.113.15", 5000, "198.51.100.77", "198.51.100.2"), ("203.0.113.15", 5000, "198.51.100.78", "198.51.100.2")]),
                        (VCRT_LONG, [("203.0.113.50", 7554, "198.51.100.77", "198.51.100.11")])):
        d = one("\n".join(lines))
        assert d.kind == "netstat-vcrt" and [(c.ip, c.port, c.source, c.destxcf) for c in d.connections] == want
    dyn = one("\n".join(VIPADYN_SHORT))  # columns in another order than the example's
    assert [(x.ip, x.status, x.origin, x.diststat) for x in dyn.entries] == [("203.0.113.50", "BACKUP", "VIPABACKUP", "DEST")]


def test_resilience_displays() -> None:
    couple = one("\n".join(["IXC358I  13.45.08  DISPLAY XCF", "CFRM COUPLE DATA SETS", "PRIMARY   DSN: SYS1.CFRM.CDS01",
                            "          VOLSER: CDSVL1  DEVN: 1A10", "SFM NOT IN USE BY ANY SYSTEM"]))
    cfrm = couple.types["CFRM"]
    assert (cfrm.primary, cfrm.primary_volume, cfrm.alternate) == ("SYS1.CFRM.CDS01", "CDSVL1", None) and couple.types["SFM"].not_in_use
    policy = one("IXC364I 13.45.08 DISPLAY XCF\n  TYPE: SFM\n  POLICY NOT STARTED")
    assert policy.policies["SFM"].started is False
    structures = one("\n".join(["IXC360I  13.45.09  DISPLAY XCF", "STRNAME: IGWLOCK00", " STATUS: ALLOCATED", " TYPE: LOCK",
                                "  PREFERENCE LIST: CF01     CF02", "                   CF03", "  ENFORCEORDER   : NO",
                                "  EXCLUSION LIST IS EMPTY", "  CFNAME         : CF02", "STRNAME: IRRXCF00_B001", " STATUS: NOT ALLOCATED",
                                "  PREFERENCE LIST: CF01"]))
    assert [(s.name, s.preference, s.cf) for s in structures.structures] == [
        ("IGWLOCK00", ["CF01", "CF02", "CF03"], "CF02"), ("IRRXCF00_B001", ["CF01"], None)]
    vtam = one("IST097I DISPLAY ACCEPTED\nIST1188I VTAM CSV2R5 STARTED AT 06:12:40 ON 10/02/24\nIST1349I COMPONENT ID IS 5695-11701-250\n"
               "IST1189I XCFINIT  = NO                  XCFGRPID = ***NA***\nIST314I END")
    assert vtam.get("XCFINIT") == "NO" and vtam.ended
    group = one("EZZ8270I SYSPLEX GROUP FOR TCPCS AT VIC142 IS EZBT0102")
    assert group.group == "EZBT0102"
    ckpt = one("\n".join(["$HASP829 CKPTDEF  CKPT1=(DSNAME=SYS1.JESCKPT1,VOLSER=SPOOL1,INUSE=YES,", "$HASP829          VOLATILE=NO),",
                          "$HASP829          CKPT2=(DSNAME=SYS1.JESCKPT2,VOLSER=SPOOL2,INUSE=NO),MODE=DUPLEX,DUPLEX=OFF"]))
    assert ckpt.sub("CKPT1") == {"DSNAME": "SYS1.JESCKPT1", "VOLSER": "SPOOL1", "INUSE": "YES", "VOLATILE": "NO"}
    assert (ckpt.sub("CKPT2")["INUSE"], ckpt.get("DUPLEX"), ckpt.values["CKPT2"][1]) == ("NO", "OFF", 3)


# ------------------------------------------------------------------ the same values under any spacing

def _respace(lines: list[str], gaps: list[int]) -> str:
    """The display with each run of two or more blanks made ``gaps[i]`` wide (captures lose and gain blanks)."""
    return "\n".join(re.sub(r" {2,}", " " * gaps[i % len(gaps)], line) for i, line in enumerate(lines))


def _read(d):
    """What a parser made of a display, as plain values to compare."""
    skip = {"file", "line", "system", "where"}
    return repr({k: v for k, v in vars(d).items() if k not in skip})


LAYOUTS = {"sysplex-masks": SYSPLEX_MASKS, "grs-star": GRS_STAR, "grs-ring": GRS_RING, "systems": SYSTEMS, "group": GROUP,
           "cf-list": CF_LIST, "d-cf": D_CF, "arm": ARM, "arm-detail": ARM_DETAIL, "ck-panel": CK_PANEL, "vdpt-short": VDPT_SHORT,
           "vcrt-short": VCRT_SHORT, "vipadyn-short": VIPADYN_SHORT, "hzs-buffer": HZS_BUFFER,
           **{f"sample-{s[0].split()[0]}": s for s in LAYOUT_SAMPLES if s[0].split()[0] in
              ("IXC358I", "IXC364I", "IXC360I", "IXC362I", "IST1188I", "EZZ8270I", "$HASP829", "HZS0002E")}}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(LAYOUTS)), st.lists(st.integers(2, 9), min_size=1, max_size=8))
def test_every_layout_reads_the_same_values_under_any_spacing(name: str, gaps: list[int]) -> None:
    lines = LAYOUTS[name]
    base, varied = one("\n".join(lines)), one(_respace(lines, gaps))
    assert base.usable and varied.usable, varied.problem
    assert _read(varied).replace("line=", "") == _read(base).replace("line=", ""), name


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(LAYOUTS)), st.integers(0, 6))
def test_every_layout_reads_the_same_values_indented(name: str, indent: int) -> None:
    lines = LAYOUTS[name]
    assert _read(one("\n".join(" " * indent + line for line in lines))) == _read(one("\n".join(lines)))


CKPTDEF = ("CKPT1=(DSNAME=SYS1.JESCKPT1,VOLSER=SPOOL1,INUSE=YES,VOLATILE=NO),CKPT2=(STRNAME=JES2CKPT2,INUSE=YES),"
           "NEWCKPT1=(DSNAME=,VOLSER=),MODE=DUPLEX,DUPLEX=ON,LOGSIZE=1,VERSIONS=(STATUS=ACTIVE,NUMBER=50,WARN=80)")


@settings(max_examples=100, deadline=None)
@given(st.sets(st.integers(1, len(CKPTDEF) - 1), max_size=8))
def test_ckptdef_wrapped_after_any_comma_reads_the_same(cuts: set[int]) -> None:
    """JES2 wraps a long response after a comma, also inside CKPT1=(...): the values do not depend on where."""
    at = sorted(i + 1 for i in cuts if CKPTDEF[i] == ",")
    pieces = [CKPTDEF[a:b] for a, b in zip([0, *at], [*at, len(CKPTDEF)], strict=True)]
    lines = [f"$HASP829 CKPTDEF  {pieces[0]}", *[f"$HASP829          {p}" for p in pieces[1:]]]
    d = one("\n".join(lines))
    assert d.sub("CKPT1") == {"DSNAME": "SYS1.JESCKPT1", "VOLSER": "SPOOL1", "INUSE": "YES", "VOLATILE": "NO"}
    assert d.sub("CKPT2") == {"STRNAME": "JES2CKPT2", "INUSE": "YES"}
    assert (d.get("MODE"), d.get("DUPLEX"), d.get("LOGSIZE")) == ("DUPLEX", "ON", "1")


def test_message_ids_inside_a_response_continue_it_in_a_plain_capture(tmp_path) -> None:
    """A VTAM IST1188I group and a health check's output hold message ids of their own: not unrecognised responses."""
    from zowe_ha_lib.evidence.reader import read_evidence

    (tmp_path / "SYSC").mkdir()
    (tmp_path / "SYSC" / "captured.txt").write_text("\n".join([
        "IST097I DISPLAY ACCEPTED", "IST1188I VTAM CSV2R5 STARTED AT 06:13:20 ON 10/02/24", "IST1349I COMPONENT ID IS 5695-11701-250",
        "IST1348I VTAM STARTED AS END NODE", "IST1189I XCFINIT  = DEFINE", "IST314I END", *HZS_BUFFER, "IXC999I NOT A DISPLAY THE KIT READS"]) + "\n")
    ev = read_evidence(tmp_path, ["SYSC"], base=tmp_path)
    assert [d.kind for d in ev.displays] == ["vtamopts", "hzs"]
    assert ev.of("vtamopts")[0].get("XCFINIT") == "DEFINE" and ev.of("hzs")[0].checks[0].status == "EXCEPTION-MED"
    assert [p.message.split(":")[0] for p in ev.problems] == ["unrecognised response IXC999I"]  # after END TIME, ids end it again
