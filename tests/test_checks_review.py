"""The review of the checks against IBM's documentation: each finding, with the evidence that shows it.

cf-connectivity rests on each system's own links; LOCAL timing on one CPC is
allowed; the GRS fix fits the mode; XCF group member states are read; a
missing report is one finding per system; the healthy example is consistent;
and the false FAIL on the sysplex VIPADYN display with mask columns is gone.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.support.paths import EXAMPLE, FAULTY
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.evidence.reader import read_evidence
from zowe_ha_lib.evidence.xcf import same_cpc
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.requirements.displays import BY_KEY, CONSOLE_DISPLAYS

SYSLOG = Path("evidence") / "SYSA" / "syslog-plex1-20241125.txt"
SYSTEMS = ("SYSA", "SYSB", "SYSC")


def _findings(rec: Path, requirement: str):
    return [f for f in run_checks(load_record(rec)).findings if f.requirement == requirement]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def _cut_response(path: Path, cid: int) -> None:
    """Remove one SYSLOG multi-line message (and the command before it) from a capture."""
    lines = path.read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("MR") and line.rstrip().endswith(f" {cid}"))
    keep = [line for i, line in enumerate(lines) if not (i == first or i == first - 1 or (i > first and f" {cid} 00000090" in line[:50]))]
    path.write_text("\n".join(keep) + "\n")


# ------------------------------------------------------------------ cf-connectivity


def test_the_cf_list_alone_proves_nothing_about_a_systems_links(example_copy: Path) -> None:
    _cut_response(example_copy / SYSLOG, 342)  # D XCF,CF,CFNAME=ALL: only D XCF,CF (IXC361I) is left
    links = [f for f in _findings(example_copy, "cf-connectivity") if "coupling facilit" in f.message]
    assert [(f.system, f.status) for f in links] == [(s, "unknown") for s in SYSTEMS]
    assert all("D XCF,CF,CFNAME=ALL" in f.fix and f"D CF on {f.system}" in f.fix for f in links)
    assert all(f.evidence == f"{SYSLOG.as_posix()}:2" for f in links)


def test_d_cf_on_a_system_shows_its_own_paths(example_copy: Path) -> None:
    _cut_response(example_copy / SYSLOG, 342)
    paths = ["IXL150I  13.47.20  DISPLAY CF 520", "COUPLING FACILITY 003906.IBM.02.00000004A1B2", "NAMED CF01",
             " SENDER PATH      PHYSICAL   LOGICAL   CHANNEL TYPE", "  80               ONLINE     ONLINE     CS5"]
    (example_copy / "evidence" / "SYSB" / "d-cf.txt").write_text("\n".join(paths) + "\n")
    offline = [*paths[:4], "  80               ONLINE     OFFLINE    CS5", "  81               NOT-OPERATIONAL OFFLINE CS5"]
    (example_copy / "evidence" / "SYSC" / "d-cf.txt").write_text("\n".join(offline) + "\n")
    links = {f.system: f for f in _findings(example_copy, "cf-connectivity") if "coupling facilit" in f.message}
    assert links["SYSB"].status == "pass" and "CF01" in links["SYSB"].message and links["SYSB"].evidence == "evidence/SYSB/d-cf.txt:5"
    assert links["SYSC"].status == "fail" and "V PATH" in links["SYSC"].fix
    assert links["SYSA"].status == "unknown"  # SYSB's D CF says nothing about SYSA


def test_a_system_missing_from_every_cfs_connected_systems_fails(example_copy: Path) -> None:
    _edit(example_copy / SYSLOG, "SYSA     SYSB     SYSC", "SYSA     SYSB", 2)
    links = {f.system: f.status for f in _findings(example_copy, "cf-connectivity") if "coupling facilit" in f.message}
    assert links == {"SYSA": "pass", "SYSB": "pass", "SYSC": "fail"}


# ------------------------------------------------------------------ timing


def test_local_timing_on_one_cpc_warns_with_the_reason(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    _edit(log, "SYSC     3906 04C3D4  0A", "SYSC     3906 04A1B2  0A")  # every system on CPC 04A1B2
    _edit(example_copy / "evidence" / "SYSC" / "operlog-extract.txt", "SYNCHRONIZATION MODE = STP", "SYNCHRONIZATION MODE=LOCAL")
    (f,) = [f for f in _findings(example_copy, "sysplex-timer") if f.system == "SYSC"]
    assert f.status == "warn" and "one CPC (serial 04A1B2)" in f.message and "STP" in f.fix


def test_local_timing_across_cpcs_fails_naming_the_cpcs(example_copy: Path) -> None:
    _edit(example_copy / "evidence" / "SYSC" / "operlog-extract.txt", "SYNCHRONIZATION MODE = STP", "SYNCHRONIZATION MODE=LOCAL")
    (f,) = [f for f in _findings(example_copy, "sysplex-timer") if f.system == "SYSC"]
    assert f.status == "fail" and "SYSC runs on CPC 04C3D4, other systems on 04A1B2" in f.message


def test_the_faulty_example_is_physically_possible() -> None:
    """CHG0002's LOCAL system runs on a CPC of its own: systems on one CPC share its clock and timing mode."""
    ev = read_evidence(FAULTY / "evidence", SYSTEMS)
    serial = {m.name: m.serial for d in ev.of("xcf-sysplex") for m in d.members if m.serial}
    local = [d.system for d in ev.of("etr") if d.mode == "LOCAL"]
    assert local == ["SYSC"]
    assert not any(same_cpc(serial["SYSC"], serial[s]) for s in ("SYSA", "SYSB"))
    assert same_cpc(serial["SYSA"], serial["SYSB"])
    assert same_cpc("04A1B2", "00000004A1B2") and not same_cpc("04A1B2", "00000004C3D4") and not same_cpc("", "0")


# ------------------------------------------------------------------ GRS


def test_grs_fix_is_v_grs_restart_in_a_ring_only() -> None:
    (ring,) = [f for f in _findings(FAULTY, "shared-dasd") if f.status == "fail"]
    assert "V GRS(SYSB),RESTART" in ring.fix


def test_grs_star_fix_never_offers_a_ring_restart(example_copy: Path) -> None:
    _edit(example_copy / SYSLOG, "SYSB      CONNECTED", "SYSB      DISCONNECTED")
    (star,) = [f for f in _findings(example_copy, "shared-dasd") if f.status == "fail"]
    assert star.system == "SYSB" and "V GRS(SYSB),RESTART" not in star.fix
    assert "ISGLOCK" in star.fix and "re-IPL SYSB" in star.fix and "for a ring" in star.fix


# ------------------------------------------------------------------ XCF group member states


def test_collect_asks_for_member_states() -> None:
    for key in ("d-xcf-group-irrxcf00", "d-xcf-group-sysbpx"):
        assert BY_KEY[key].template.endswith(",ALL") and BY_KEY[key] in CONSOLE_DISPLAYS


def test_member_states_are_read_not_assumed(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    _edit(log, "    SYSB                SYSB       OMVS       ACTIVE", "    SYSB                SYSB       OMVS       FAILED")
    uss = {f.system: f for f in _findings(example_copy, "shared-uss") if "SYSBPX" in f.message}
    assert uss["SYSB"].status == "fail" and "FAILED" in uss["SYSB"].message and uss["SYSA"].status == "pass"


def test_a_names_only_group_display_is_unknown_naming_the_all_form(example_copy: Path) -> None:
    _cut_response(example_copy / SYSLOG, 345)  # D XCF,GROUP,IRRXCF00,ALL
    (example_copy / "evidence" / "SYSA" / "d-xcf-group.txt").write_text("IXC332I 13.45.05 DISPLAY XCF\nGROUP IRRXCF00:  SYSA  SYSB  SYSC\n")
    groups = [f for f in _findings(example_copy, "shared-saf") if "IRRXCF00" in f.message]
    assert {f.status for f in groups} == {"unknown"} and all("D XCF,GROUP,IRRXCF00,ALL" in f.fix for f in groups)


# ------------------------------------------------------------------ one finding per missing report


def test_a_missing_report_is_one_finding_per_system(example_copy: Path) -> None:
    (example_copy / "evidence" / "SYSA" / "netstat-distributor.txt").unlink()
    result = run_checks(load_record(example_copy))
    said = Counter((f.requirement, f.system, f.message) for f in result.findings)
    assert max(said.values()) == 1, [k for k, n in said.items() if n > 1]
    missing = [f for f in result.findings if f.status == "unknown" and f.system == "SYSA" and f.requirement == "sysplex-distributor"]
    assert sorted(f.message for f in missing) == ["no NETSTAT VDPT report in the evidence from SYSA",
                                                  "no NETSTAT VIPADCFG report in the evidence from SYSA"]


# ------------------------------------------------------------------ the healthy example


def test_the_healthy_example_is_consistent() -> None:
    record = load_record(EXAMPLE)
    ev = read_evidence(EXAMPLE / "evidence", SYSTEMS)
    allocated = {s for d in ev.of("xcf-cf-detail") for c in d.cfs.values() for s in c.structures}
    allocated |= {s.name for d in ev.of("xcf-structure") for s in d.structures if (s.status or "").startswith("ALLOCATED")}
    assert "ISGLOCK" in allocated
    assert {d.mode for d in ev.of("grs")} == {"star"}  # ISGLOCK allocated: GRS runs in star mode
    pending = {s: flag for d in ev.of("xcf-cf-detail") for c in d.cfs.values() for s, flag in c.structures.items() if flag}
    assert pending == {}
    assert any(s.startswith("IRRXCF00_") for s in allocated)
    xcf = {s.dynamic_xcf for s in record.sysplex.systems}
    dvipas = {e.ip for d in ev.of("netstat-vipadyn") for e in d.entries} | {e.ip for d in ev.of("netstat-vipadcfg") for e in d.defines}
    assert not (xcf & dvipas), xcf & dvipas
    structures = {s.name: s for d in ev.of("xcf-structure") for s in d.structures}
    cf_of = {c.name: c.cpc for d in ev.of("xcf-cf") for c in d.cfs}
    for name, info in structures.items():
        assert info.cf in cf_of and len({cf_of[c] for c in info.preference}) == 2, name


def test_the_sysplex_vipadyn_display_with_mask_columns_passes(example_copy: Path) -> None:
    """The false FAIL: ADDRESS MASK / NETWORK PREFIX before DIST read as DIST gave 'distributor on 0 stacks'."""
    console = example_copy / "evidence" / "SYSA" / "zosmf-console.txt"  # read_text turns its \r separators into \n
    old = ("  TCPNAME  MVSNAME  STATUS RANK DIST\n  -------- -------- ------ ---- ----\n  TCPIP    SYSA     ACTIVE      BOTH\n"
           "  TCPIP    SYSB     BACKUP 100  DEST\n  TCPIP    SYSC     BACKUP 050  DEST")
    new = ("  TCPNAME  MVSNAME  STATUS RANK ADDRESS MASK    NETWORK PREFIX  DIST\n"
           "  -------- -------- ------ ---- --------------- --------------- ----\n"
           "  TCPIP    SYSA     ACTIVE      255.255.255.0   203.0.113.0     BOTH\n"
           "  TCPIP    SYSB     BACKUP 100                                  DEST\n"
           "  TCPIP    SYSC     MOVING      255.255.255.0   203.0.113.0     DEST")
    _edit(console, old, new)
    view = [f for f in _findings(example_copy, "sysplex-distributor") if f.system is None and "DVIPA" in f.message]
    assert view and view[0].status == "fail" and "SYSC do not show BACKUP" in view[0].message  # MOVING is read, and is not BACKUP
    _edit(console, "TCPIP    SYSC     MOVING", "TCPIP    SYSC     BACKUP")
    _edit(console, "BACKUP      255.255.255.0", "BACKUP 050   255.255.255.0")
    view = [f for f in _findings(example_copy, "sysplex-distributor") if f.system is None and "DVIPA" in f.message]
    assert view[0].status == "pass" and "active on SYSA (BOTH)" in view[0].message, view[0]
