"""The notebook templates: hygiene without a kernel, then real papermill runs.

The papermill runs use a real kernel with the working directory set to the
record folder and ``record = "."``, exactly as ``zowe-ha run`` does, and
decide pass/fail from the outcome record each notebook displays.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import NOTEBOOKS, RUNBOOKS, copy_record
from zowe_ha_lib.requirements.status import FINDING_STATUSES
from zowe_ha_lib.runbook import outcome

REPORT = ["10-requirements", "20-dvipa", "30-zowe-zosmf", "40-operations", "50-drill"]
ALL = [*REPORT, "guided-setup", "walk"]
LOGIC = (ast.For, ast.While, ast.If, ast.IfExp, ast.comprehension, ast.FunctionDef, ast.Lambda, ast.Try, ast.With,
         ast.ClassDef)

# What each example record must give: CHG0001 is healthy, CHG0002 has planted faults
# (empty CFRM policy, LOCAL timing, a quiesced GRS member; a wrong gateway port and
# inMemory caching in zowe.yaml). Its DVIPA plan itself is sound.
EXPECTED = {
    ("CHG0001", "10-requirements"): "pass",
    ("CHG0001", "20-dvipa"): "pass",
    ("CHG0001", "30-zowe-zosmf"): "pass",
    ("CHG0001", "40-operations"): "pass",
    ("CHG0002", "10-requirements"): "fail",
    ("CHG0002", "20-dvipa"): "pass",
    ("CHG0002", "30-zowe-zosmf"): "fail",
    ("CHG0002", "40-operations"): "fail",
    # No drill has been recorded for the examples: the drill page says so and is n/a.
    ("CHG0001", "50-drill"): "n/a",
    ("CHG0002", "50-drill"): "n/a",
}


def load(name: str) -> dict:
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


# ----------------------------------------------------------------- templates, no kernel


@pytest.mark.parametrize("name", ALL)
def test_template_is_committed_clean(name: str) -> None:
    nb = load(name)
    for cell in code_cells(nb):
        assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "widgets" not in nb["metadata"] and "papermill" not in nb["metadata"]
    params = [c for c in code_cells(nb) if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    first, *rest = source(params[0]).strip().splitlines()
    # The report notebooks default to the example record; the guided setup starts a new record (issue 13).
    default = "CHG0100" if name == "guided-setup" else "CHG0001"
    assert re.fullmatch(rf'record: str = "\.\./runbooks/{default}"  # .+', first)
    # Every parameter is typed and documented, so that papermill --help-notebook describes it.
    for line in rest:
        assert re.fullmatch(r"[a-z_]+: (str|float|int|bool) = \S.*  # \S.+", line), line


@pytest.mark.parametrize("name", ALL)
def test_code_cells_are_calls_and_displays_only(name: str) -> None:
    """Logic lives in the library, where it is unit-tested: no loop, branch, comprehension or
    function of its own in any code cell (papermill's injected parameters are not in the template)."""
    for cell in code_cells(load(name)):
        for node in ast.walk(ast.parse(source(cell))):
            assert not isinstance(node, LOGIC), f"{name}: {type(node).__name__} in\n{source(cell)}"


@pytest.mark.parametrize("name", REPORT)
def test_report_template_metadata_and_outcome(name: str) -> None:
    nb = load(name)
    meta = nb["metadata"]["zowe_ha"]
    assert meta["title"] and meta["depends"] == []
    last = source(code_cells(nb)[-1])
    assert f'outcome.record("{name}",' in last
    # Everything but the parameters cell is library calls a reader need not see.
    for cell in code_cells(nb):
        tags = cell["metadata"].get("tags", [])
        assert "parameters" in tags or "hide-code" in tags


def test_runner_discovers_the_report_notebooks_in_order() -> None:
    from zowe_ha_lib.report.runner import discover

    assert [s.name for s in discover(NOTEBOOKS)] == REPORT


def test_papermill_documents_the_parameter() -> None:
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOKS / "10-requirements.ipynb"))
    assert params["record"]["inferred_type_name"] == "str"
    assert "change record folder" in params["record"]["help"]


def test_papermill_documents_every_guided_setup_parameter() -> None:
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOKS / "guided-setup.ipynb"))
    types = {name: p["inferred_type_name"] for name, p in params.items()}
    assert types == {"record": "str", "zosmf_url": "str", "zosmf_user": "str", "ca_bundle": "str", "poll_interval": "float",
                     "drill_scenario": "str"}
    assert all(p["help"] for p in params.values())
    assert "empty skips it" in params["zosmf_url"]["help"]


def test_kernel_imports_stay_light() -> None:
    """No pandas or matplotlib anywhere; ipywidgets only in the guided setup."""
    for name in ALL:
        text = "\n".join(source(c) for c in code_cells(load(name)))
        assert "pandas" not in text and "matplotlib" not in text
        if name != "guided-setup":
            assert "ipywidgets" not in text and "zowe_ha_lib.runbook.form" not in text
    probe = ("import sys; import zowe_ha_lib.runbook.blocks, zowe_ha_lib.runbook.steps, zowe_ha_lib.runbook.outcome, zowe_ha_lib.runbook.pictures;"
             "bad = [m for m in ('ipywidgets', 'pandas', 'matplotlib', 'papermill') if m in sys.modules];"
             "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


# ----------------------------------------------------------------- papermill, real kernel


def _copy_record(name: str, dest: Path) -> Path:
    return copy_record(RUNBOOKS / name, dest / name)


def _execute(template: Path, out: Path, cwd: Path, parameters: dict | None) -> dict:
    import papermill

    papermill.execute_notebook(str(template), str(out), parameters=parameters, cwd=str(cwd), kernel_name="python3",
                               progress_bar=False, log_output=False, execution_timeout=120, start_timeout=60)
    return json.loads(out.read_text(encoding="utf-8"))


def _text(value: str | list[str]) -> str:
    """nbformat stores multi-line strings as lists of lines."""
    return "".join(value) if isinstance(value, list) else value


def _outputs(nb: dict) -> list[dict]:
    return [o for c in nb["cells"] for o in c.get("outputs", [])]


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
@pytest.mark.parametrize("record_name", ["CHG0001", "CHG0002"])
@pytest.mark.parametrize("name", REPORT)
def test_report_notebook_records_its_outcome(record_name: str, name: str, tmp_path: Path) -> None:
    folder = _copy_record(record_name, tmp_path)
    nb = _execute(NOTEBOOKS / f"{name}.ipynb", tmp_path / "out.ipynb", folder, {"record": "."})
    assert not [o for o in _outputs(nb) if o["output_type"] == "error"]
    records = outcome.read(nb)
    assert len(records) == 1
    rec = records[0]
    assert rec["notebook"] == name
    assert rec["status"] == EXPECTED[(record_name, name)], rec
    # Steps say what findings say (unknown included); the notebook's outcome is never unknown.
    assert rec["steps"] and all(s["status"] in FINDING_STATUSES for s in rec["steps"])
    assert rec["status"] in outcome.STATUSES
    # The text fallback is there for viewers that do not know the outcome MIME type.
    plain = [_text(o["data"]["text/plain"]) for o in _outputs(nb) if outcome.MIME in o.get("data", {})]
    assert plain == [f"OUTCOME {name}: {rec['status'].upper()} - {rec['summary']}"]
    html = "".join(_text(o.get("data", {}).get("text/html", "")) for o in _outputs(nb))
    assert "<script" not in html.lower()
    if name == "10-requirements":
        svgs = [o for o in _outputs(nb) if "image/svg+xml" in o.get("data", {})]
        assert svgs, "the topology picture is missing"
        ids = {s["id"] for s in rec["steps"]}
        assert {"coupling-facility", "sysplex-timer", "shared-dasd"} <= ids
        if record_name == "CHG0002":
            failed = {s["id"] for s in rec["steps"] if s["status"] == "fail"}
            assert {"coupling-facility", "sysplex-timer", "shared-dasd"} <= failed
    if name == "20-dvipa":
        assert "VIPADISTRIBUTE" in html and "ENDVIPADYNAMIC" in html
        assert len([o for o in _outputs(nb) if "image/svg+xml" in o.get("data", {})]) >= 2
    if name == "30-zowe-zosmf" and record_name == "CHG0002":
        zowe_step = next(s for s in rec["steps"] if s["id"] == "zowe-config")
        assert zowe_step["status"] == "fail" and "externalPort" in zowe_step["message"]
    if name == "40-operations":
        assert "OBEYFILE" in html
        ids = [s["id"] for s in rec["steps"]]
        assert ids[0] == "operator-sheet" and "failover" in ids and "zowe-config" in ids


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_zowe_notebook_passes_the_v34_single_service_example(tmp_path: Path) -> None:
    """CHG0003 (Zowe v3.4, single-service API ML) passes the zowe.yaml and z/OSMF notebook."""
    folder = _copy_record("CHG0003", tmp_path)
    nb = _execute(NOTEBOOKS / "30-zowe-zosmf.ipynb", tmp_path / "out.ipynb", folder, {"record": "."})
    assert not [o for o in _outputs(nb) if o["output_type"] == "error"]
    (rec,) = outcome.read(nb)
    assert rec["status"] == "pass", rec
    html = "".join(_text(o.get("data", {}).get("text/html", "")) for o in _outputs(nb))
    assert "single-service API ML" in html and "Sources:" in html


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_guided_setup_runs_headless_and_shows_static_html(tmp_path: Path) -> None:
    """Under papermill no widget manager exists: the form must not wait for one,
    and its output carries a static HTML copy next to the widget view."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(NOTEBOOKS / "guided-setup.ipynb", tmp_path / "notebooks")
    _copy_record("CHG0001", tmp_path / "runbooks")
    nb = _execute(tmp_path / "notebooks" / "guided-setup.ipynb", tmp_path / "out.ipynb", tmp_path / "notebooks", None)
    shown = [o for o in _outputs(nb) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    drill = [o for o in shown if _text(o["data"].get("text/plain", "")).startswith("Failover drill panel")]
    shown = [o for o in shown if o not in drill]
    # The drill section shows a plan only (zosmf_url is empty); the new record has no change.yaml yet, so it says so.
    assert len(drill) == 1 and "No drill plan" in _text(drill[0]["data"]["text/html"])
    assert len(shown) == 1
    last = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    # The form is the last cell's output, followed by the script that scrolls it into view after Run All.
    assert last["outputs"][0] == shown[0]
    assert [sorted(o.get("data", {})) for o in last["outputs"][1:]] == [["application/javascript", "text/plain"]]
    assert "scrollIntoView" in _text(last["outputs"][1]["data"]["application/javascript"])
    html = _text(shown[0]["data"]["text/html"])
    assert "SYSA: TCP/IP profile statements" in html and "The record is valid" in html and "<svg" in html
    # By default the form starts a new record (CHG0100), not the example; nothing is written by running it.
    assert _text(shown[0]["data"]["text/plain"]) == "Guided setup for CHG0100: valid"
    assert not (tmp_path / "runbooks" / "CHG0100").exists()
    assert not (tmp_path / "runbooks" / "CHG0001" / "report").exists()
