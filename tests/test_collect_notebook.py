"""The guided-setup notebook's optional collection step, run by a real kernel against the fake z/OSMF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.fake_zosmf import FakeZosmf, assert_no_secret, make_certificate
from tests.support.paths import ROOT
from zowe_ha_lib.collect.commands import DISPLAYS

USER, SECRET = "IBMUSER", "nb-S3cret!collect-42"
SYSTEMS = ("SYSA", "SYSB", "SYSC")


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_guided_setup_collects_through_zosmf_and_keeps_no_secret(tmp_path: Path, monkeypatch, capfd) -> None:
    import papermill

    cert, key = make_certificate(tmp_path / "tls")
    record = tmp_path / "runbooks" / "CHG0001"
    shutil.copytree(ROOT / "runbooks" / "CHG0001", record,
                    ignore=shutil.ignore_patterns("evidence", "report", "history", ".zowe-ha-run.lock", ".report-tmp-*"))
    (tmp_path / "notebooks").mkdir()
    source = tmp_path / "notebooks" / "guided-setup.ipynb"
    shutil.copy(ROOT / "notebooks" / "guided-setup.ipynb", source)
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake:
        for system in SYSTEMS:
            for display in DISPLAYS:
                cmd = display.template.format(proc="TCPIP")
                fake.respond(system, cmd, f"{display.expect[0]} {cmd} ON {system}\r LINE TWO")
        monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", SECRET)  # the kernel inherits it, as from a shell
        out = tmp_path / "out.ipynb"
        # The fields a person fills in, passed as the papermill parameters they are.
        parameters = {"record": "../runbooks/CHG0001", "zosmf_url": fake.url, "zosmf_user": USER,
                      "ca_bundle": str(cert), "poll_interval": 0.0}
        papermill.execute_notebook(str(source), str(out), parameters=parameters,
                                   cwd=str(tmp_path / "notebooks"), progress_bar=False, log_output=False)
    executed = json.loads(out.read_text())
    printed = "".join("".join(o.get("text", "")) for c in executed["cells"] for o in c.get("outputs", []))
    assert f"collection complete: {len(DISPLAYS) * len(SYSTEMS)} collected" in printed
    for system in SYSTEMS:
        assert len(list((record / "evidence" / system).glob("collected-*.txt"))) == len(DISPLAYS)
    assert_no_secret(tmp_path, USER, SECRET, printed, *capfd.readouterr())
