"""Displays the kit did not write: real output and IBM's own samples, read as ``zowe-ha check`` reads them.

Each fixture under ``tests/fixtures/ibm-samples/`` is copied as found (no
header line: the reader would take it for part of the capture); its source is
in the test's docstring. The values asserted are those a person reads off the
sample. The property test at the end puts every IBM-layout sample the kit
knows into the SDSF user-log form that the first sample showed the kit could
not read.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.support.evidence import GRS_RING, one
from tests.support.paths import ROOT
from tests.test_evidence_layouts import LAYOUTS, _read
from zowe_ha_lib.evidence.reader import Evidence, read_evidence

SAMPLES = ROOT / "tests" / "fixtures" / "ibm-samples"


def _evidence(tmp_path: Path, name: str, system: str = "SYSA") -> Evidence:
    """The sample as the only file of a record's evidence folder, read by the evidence reader."""
    folder = tmp_path / "evidence" / system
    folder.mkdir(parents=True)
    shutil.copy(SAMPLES / name, folder / name)
    return read_evidence(tmp_path / "evidence", [system], base=tmp_path)


def test_zowe_opercmd_user_log_form_is_read_and_d_grs_res_is_named_for_what_it_is(tmp_path: Path) -> None:
    """Zowe's own ``opercmd.rex`` output (SDSF ULOG via ISFEXEC), verbatim from the example in
    https://github.com/zowe/zowe-install-packaging/blob/v2.x/master/bin/libs/zos-dataset.sh (list_data_set_user).

    Before: the kit found no response at all in this form (the SDSF log shape it knew has job and flag
    columns) and reported the four ISF7xxI lines as unrecognised responses. The reply is to D GRS,RES,
    which shares ISG343I with D GRS: it must be named as the wrong display, not as a cut-off one.
    """
    ev = _evidence(tmp_path, "zowe-opercmd-d-grs-res.txt")
    assert [(d.kind, d.system, d.line, d.usable) for d in ev.displays] == [("grs", "SERVER", 3, False)]
    assert [(p.where, p.internal) for p in ev.problems] == [("evidence/SYSA/zowe-opercmd-d-grs-res.txt:3", False)]
    assert "not the reply to D GRS" in ev.problems[0].message and "D GRS,RES" in ev.problems[0].message


def test_d_grs_captured_through_opercmd_reads_every_system(tmp_path: Path) -> None:
    """IBM's documented D GRS sample (reference 2.12, ieag400/dispsys.htm) in the opercmd ULOG form above."""
    text = "\n".join([
        "SYS1      2026334  13:45:02.11            -D GRS",
        "SYS1      2026334  13:45:02.12             ISG343I 18:40:06 GRS STATUS 340",
        *(" " * 43 + line for line in (" SYSTEM    STATE               SYSTEM    STATE",
                                       " SYS2      ACTIVE              SYS1      ACTIVE",
                                       " SYS3      QUIESCED            SYS4      QUIESCED")),
        "ISF766I Request completed, status: COMMAND ISSUED.",
    ])
    folder = tmp_path / "evidence" / "SYS1"
    folder.mkdir(parents=True)
    (folder / "grs.txt").write_text(text + "\n")
    ev = read_evidence(tmp_path / "evidence", ["SYS1"], base=tmp_path)
    assert ev.problems == []
    [d] = ev.of("grs")
    assert (d.system, d.mode) == ("SYS1", "ring")
    assert [(s.name, s.state, s.line) for s in d.systems] == [
        ("SYS2", "ACTIVE", 4), ("SYS1", "ACTIVE", 4), ("SYS3", "QUIESCED", 5), ("SYS4", "QUIESCED", 5)]


def test_real_d_omvs_f_reply_reads_the_name_without_the_mount_time(tmp_path: Path) -> None:
    """A real ``D OMVS,F`` reply (BPXO045I) quoted in a public repository's parser docstring
    ("CONFIRMED against a real 'D OMVS,F' reply"; GitHub code search, file ``uss_mounts`` parser of an
    Ansible ``zos_extract`` role): NAME= shares its line with the mount time and ``Q=0``.

    Before: the mount's name read as ``USSHOME.XYZTYB   12.05.52    Q=0``.
    """
    ev = _evidence(tmp_path, "real-d-omvs-f.txt")
    assert ev.problems == []
    [d] = ev.of("omvs-f")
    assert d.kernel_status == "ACTIVE"
    assert [(m.type, m.status, m.mode, m.name, m.path, m.owner, m.automove, m.client) for m in d.mounts] == [
        ("ZFS", "ACTIVE", "RDWR", "USSHOME.XYZTYB", "/home/xyztyb", "SYSB", "Y", "N")]
    assert d.mount_of("/home/xyztyb/zowe/workspace") is d.mounts[0]


def test_d_etr_stp_reply_as_a_rexx_exec_captures_it(tmp_path: Path) -> None:
    """``D ETR`` in STP mode (IEA386I) as a public REXX health exec documents its captured lines
    (line.1..line.9 of its ``D ETR`` check: SDSF's ISF031 line, the command echo, then the reply; the
    values are that comment's placeholders). Layout agrees with IBM's IEA386I message page,
    https://www.ibm.com/docs/en/zos/2.5.0?topic=messages-iea386i. Read right before this change.
    """
    ev = _evidence(tmp_path, "rexx-d-etr-stp.txt")
    assert ev.problems == []
    [d] = ev.of("etr")
    assert (d.mode, d.mode_line, d.stratum, d.line) == ("STP", 4, 2, 3)


def test_real_ansible_zos_operator_run_is_framed_as_one_response(tmp_path: Path) -> None:
    """The ``content`` lines of a real ``ibm.ibm_zos_core.zos_operator`` run of ``D IPLINFO`` (system DCUF),
    from a public playbook README's captured run (GitHub code search, README of a ``zansible`` project):
    the SDSF user-log form, continuation lines one column right of the text, blank lines and ZOAU's
    ``Ran 5 "D IPLINFO" QUIET NOWAIT`` trailer.

    The kit does not read D IPLINFO: what matters is the framing. Before: "no recognised display in this
    file". Now: one IEE254I response at line 3, named as a display the kit does not read, and nothing else.
    """
    ev = _evidence(tmp_path, "ansible-zos-operator-d-iplinfo.txt", system="DCUF")
    assert [(p.where, p.message.split(":")[0]) for p in ev.problems] == [
        ("evidence/DCUF/ansible-zos-operator-d-iplinfo.txt:3", "unrecognised response IEE254I")]


def test_vtamopts_option_with_a_two_word_value_reads_its_first_word() -> None:
    """IST1189I lines quoted from a real ``D NET,VTAMOPTS`` reply in a public repository's parser notes
    (GitHub code search for IST1189I): two options a line, and HPRPST with a two-word value
    (``LOW          480S``). Framed by the IST1188I header and IST314I end line of the kit's own sample.
    Read right before this change.
    """
    d = one("\n".join(["IST1188I VTAM CSV2R5 STARTED AT 06:12:40 ON 10/02/24",
                       "IST1189I NODETYPE = NN       CPNAME   = NN01",
                       "IST1189I HPRPST = LOW          480S", "IST314I END"]))
    assert d.usable and d.ended
    assert (d.get("NODETYPE"), d.get("CPNAME"), d.get("HPRPST")) == ("NN", "NN01", "LOW")


def test_sdsf_messages_end_a_response_and_are_not_reported() -> None:
    """SDSF's own ISFnnnI lines after a reply are not part of it, and not displays the kit missed."""
    d = one("\n".join([*GRS_RING, "ISF766I Request completed, status: COMMAND ISSUED.", "  SYS9      ACTIVE"]))
    assert [s.name for s in d.systems] == ["SYS2", "SYS1", "SYS3", "SYS4"]


def _user_log(lines: tuple[str, ...], system: str, gap: int, echo: bool, job: str | None, extra: int) -> str:
    """``lines`` as SDSF's user log prints them: prefix (and job column) on the first line, the rest blank up to
    its text column (``extra`` more, as in the IEE254I reply of an ibm_zos_core zos_operator run)."""
    stamp = f"{system:<8}  2026334  13:45:02.12"
    prefix = stamp + (f"  {job:<8}  " + " " * gap if job else " " * (gap + 12))
    out = [f"{system:<8}  2026334  13:45:02.11" + " " * (gap + 11) + "-D XCF"] if echo else []
    out.append(prefix + lines[0].lstrip())
    out += [" " * (len(prefix) + extra) + line for line in lines[1:]]
    return "\n".join(out)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(LAYOUTS)), st.from_regex(r"[A-Za-z][A-Za-z0-9$#@]{0,7}", fullmatch=True),
       st.integers(1, 4), st.booleans(), st.sampled_from([None, "STC18668", "JES2", "IBMUSER7", "TCPIP"]),
       st.integers(0, 1))
def test_every_layout_reads_the_same_in_the_sdsf_user_log_form(name: str, system: str, gap: int, echo: bool,
                                                               job: str | None, extra: int) -> None:
    """The form IBM's Ansible zos_operator and Zowe's opercmd return: any system name, with or without the
    job column (STC18668 in an ibm_zos_core zos_mqsc_operator sample), the command echo, text column +0/+1."""
    lines = LAYOUTS[name]
    # A job column stands before a console message; a CK panel or a TSO netstat report is never in the log.
    assume(job is None or bool(re.match(r"[A-Z$]{3,4}[A-Z0-9]?\d{3,5}[A-Z]? ", lines[0])))
    plain = one("\n" * echo + "\n".join(lines))  # the echo line moves every line down one
    logged = one(_user_log(lines, system, gap, echo, job, extra))
    assert logged.system == system.upper()
    assert _read(logged).replace("line=", "") == _read(plain).replace("line=", ""), name
