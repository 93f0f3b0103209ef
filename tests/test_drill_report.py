"""The latest drill in the report: the 50-drill notebook, ``zowe-ha run`` (signed manifest) and the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import zowe_ha
from tests.support.fake_sysplex import SimulatedSysplex
from tests.support.fake_zosmf import FakeZosmf
from tests.support.paths import NOTEBOOKS
from zowe_ha_lib.drill import store
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.runbook import outcome

USER, SECRET = "IBMUSER", "r3port-Secr3t!"
FAST = ["--probe-interval", "0.05", "--settle", "1.5", "--poll", "0.05", "--recover", "1.5", "--pause", "0",
        "--poll-interval", "0", "--follow-ups", "1", "--retries", "1", "--yes"]


def _drill(capsys, tls, record: Path, scenario: str, **faults) -> int:
    cert, key = tls
    rec = load_record(record)
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake:
        sim = SimulatedSysplex(rec, rec.gateway(), 7554).attach(fake)
        for name, value in faults.items():
            setattr(sim, name, value)
        try:
            return zowe_ha(capsys, "drill", record, "--scenario", scenario, "--execute", "--zosmf", fake.url, "--user", USER,
                           "--ca-bundle", cert, "--probe", sim.probe_target, *FAST).code
        finally:
            sim.close()


def _execute(record: Path, out: Path) -> dict:
    import papermill

    papermill.execute_notebook(str(NOTEBOOKS / "50-drill.ipynb"), str(out), parameters={"record": "."}, cwd=str(record),
                               kernel_name="python3", progress_bar=False, log_output=False, execution_timeout=120,
                               start_timeout=60)
    return json.loads(out.read_text(encoding="utf-8"))


def _html(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            value = o.get("data", {}).get("text/html", "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "".join(parts)


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_the_drill_page_shows_the_latest_drill_and_takes_its_verdict(capsys, tls, example_copy: Path,
                                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", SECRET)
    assert _drill(capsys, tls, example_copy, "target-switch") == 0
    assert _drill(capsys, tls, example_copy, "distributor-takeover", never_takeover=True) == 1  # the newest
    nb = _execute(example_copy, tmp_path / "failed.ipynb")
    (rec,) = outcome.read(nb)
    assert rec["notebook"] == "50-drill" and rec["status"] == "fail"
    assert rec["summary"].startswith("distributor-takeover on PLEX1")
    assert {s["id"]: s["status"] for s in rec["steps"]}["drill-1"] == "fail"
    html = _html(nb)
    assert "Steps and restore: the model beside the displays" in html and "VARY TCPIP,TCPIP,SYSPLEX,DEACTIVATE" in html
    assert "Why the drill did not pass" in html
    assert any("image/svg+xml" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    # A later drill that passed decides; change the record afterwards and the pass is only a warning.
    assert _drill(capsys, tls, example_copy, "target-switch") == 0
    assert outcome.read(_execute(example_copy, tmp_path / "passed.ipynb"))[0]["status"] == "pass"
    path = example_copy / "change.yaml"
    path.write_text(path.read_text().replace("autoswitchback: true", "autoswitchback: false", 1))
    changed = outcome.read(_execute(example_copy, tmp_path / "changed.ipynb"))[0]
    assert changed["status"] == "warn" and "changed since the drill" in changed["summary"]


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_run_signs_the_drill_into_the_report_and_the_site_shows_it(capsys, tls, example_copy: Path,
                                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", SECRET)
    assert _drill(capsys, tls, example_copy, "distributor-takeover") == 0
    name = store.latest(example_copy).name
    answer = zowe_ha(capsys, "run", example_copy)
    assert answer.code == 0, answer.out + answer.err
    manifest = json.loads((example_copy / "report" / "manifest.json").read_text())
    drill_nb = next(n for n in manifest["notebooks"] if n["name"] == "50-drill")
    assert drill_nb["status"] == "pass" and drill_nb["summary"].startswith("distributor-takeover on PLEX1")
    assert "notebooks/50-drill.ipynb" in {f["path"] for f in manifest["files"]}
    site = tmp_path / "site"
    assert zowe_ha(capsys, "publish", example_copy, "--out", site).code == 0
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "nb-50-drill" in pages and f"drills/{name}/" in pages and "model: distributor / active" in pages
    assert SECRET not in pages
