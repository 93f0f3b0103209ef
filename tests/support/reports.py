"""Change-record reports on disk, laid out as ``zowe-ha run`` writes them.

Two kinds: :func:`make_report` builds a complete report (manifest.json,
notebooks/, generated/, check.json) around a notebook that a real kernel
executed with papermill; the tiny notebook shows prose, a hidden parameters
cell, an HTML table, an SVG picture and an outcome record, and hostile
variants put markup into every text the site shows. :func:`fake_report`
builds one without running anything, for tests of sign-off and verify.

Kernel runs are expensive, so the ones that tests only read run once per test
session and are shared by every xdist worker: :func:`executed_notebooks` (the
fixture notebook, plain and hostile) and :func:`example_run` (``zowe-ha run``
of the example record with the kit's notebooks). conftest.py offers both as
session fixtures.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
import rfc8785

from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.cli import main as zowe_ha
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.report import manifest as manifest_mod
from zowe_ha_lib.report import sources as sources_mod

from .paths import EXAMPLE, copy_record
from .shared import once_per_session

HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["zowe_ha"] = {"title": "Sysplex requirements", "depends": []}
    md = nbformat.v4.new_markdown_cell(
        "# Sysplex requirements\n\nEvery requirement with **its** evidence. "
        "[A link out](https://example.com/doc) and <span onclick=\"alert(1)\">raw markup</span>."
    )
    params = nbformat.v4.new_code_cell(
        'record: str = "../runbooks/CHG0001"  # change record folder\n'
        'host: str = "sysa.example.com"  # a host name shown in the table\n'
        'secret_marker: str = "PARAMETER-CELL-TEXT"  # must never reach the site'
    )
    params.metadata["tags"] = ["parameters"]
    table = nbformat.v4.new_code_cell(
        "from IPython.display import HTML, SVG, display\n"
        "display(HTML('<table class=\"req\"><thead><tr><th scope=\"col\">System</th>'\n"
        "             '<th scope=\"col\">Host</th></tr></thead><tbody><tr><td>SYSA</td>'\n"
        "             f'<td>{host}</td></tr></tbody></table>'))"
    )
    table.metadata["tags"] = ["hide-code"]
    shown = nbformat.v4.new_code_cell('print("VISIBLE-CODE-OUTPUT")')
    svg = nbformat.v4.new_code_cell(
        "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" "
        "viewBox=\"0 0 120 40\"><title>Topology of PLEX1</title>"
        "<rect x=\"2\" y=\"2\" width=\"50\" height=\"30\" fill=\"#cde\" stroke=\"#333\"/>"
        "<text x=\"8\" y=\"22\" font-size=\"12\">SYSA</text></svg>'))"
    )
    svg.metadata["tags"] = ["hide-code"]
    out = nbformat.v4.new_code_cell(
        "from zowe_ha_lib.runbook import outcome\n"
        "outcome.record('10-requirements', 'warn', f'2 of 3 requirements met on {host}', [\n"
        "    {'id': 'sysplex-timer', 'title': 'Sysplex timer', 'status': 'pass', 'message': 'STP mode'},\n"
        "    {'id': 'shared-dasd', 'title': 'Shared DASD', 'status': 'warn', 'message': f'check {host}'},\n"
        "])"
    )
    out.metadata["tags"] = ["hide-code"]
    nb.cells = [md, params, table, shown, svg, out]
    return nb


def execute_notebook(folder: Path, host: str = "sysa.example.com") -> bytes:
    """Execute the fixture notebook with papermill (a real kernel) in ``folder``; its bytes."""
    import papermill  # heavy; only the tests that execute notebooks pay for it

    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "template.ipynb"
    dst = folder / "executed.ipynb"
    nbformat.write(_notebook(), src)
    papermill.execute_notebook(
        str(src), str(dst), parameters={"record": ".", "host": host}, kernel_name="python3",
        progress_bar=False, cwd=str(folder),
    )
    nb = json.loads(dst.read_text())
    nb["metadata"].get("papermill", {}).pop("input_path", None)
    nb["metadata"].get("papermill", {}).pop("output_path", None)
    return (json.dumps(nb, indent=1) + "\n").encode()


def _execute_both(folder: Path) -> None:
    (folder / "plain.ipynb").write_bytes(execute_notebook(folder / "exec-plain"))
    (folder / "hostile.ipynb").write_bytes(execute_notebook(folder / "exec-hostile", host=HOSTILE))


def executed_notebooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The fixture notebook as a real kernel executed it, ``plain`` and ``hostile``: two kernel runs a session."""
    folder = once_per_session(tmp_path_factory, "executed-notebooks", _execute_both)
    return {name: (folder / f"{name}.ipynb").read_bytes() for name in ("plain", "hostile")}


@dataclass(frozen=True)
class ExampleRun:
    """The example record after one ``zowe-ha run`` with the kit's own notebooks."""

    record: Path  # shared by every test of the session: only read it, or copy() it
    code: int  # the exit code of that run
    out: str  # what the run printed

    def copy(self, dest: Path) -> Path:
        """A private copy of the record with its report (tests may sign or change it)."""
        return copy_record(self.record, dest, keep_report=True)


def _run_example(folder: Path) -> None:
    record = copy_record(EXAMPLE, folder / "CHG0001")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = zowe_ha(["run", str(record)])
    (folder / "run.json").write_text(json.dumps({"code": code, "out": out.getvalue()}))


def example_run(tmp_path_factory: pytest.TempPathFactory) -> ExampleRun:
    """The example record run by ``zowe-ha run`` (five kernels), once per test session."""
    folder = once_per_session(tmp_path_factory, "example-run", _run_example)
    result = json.loads((folder / "run.json").read_text())
    return ExampleRun(folder / "CHG0001", result["code"], result["out"])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_report(
    folder: Path,
    notebook: bytes,
    change: str = "CHG0001",
    title: str = "Enable Zowe high availability on PLEX1",
    host: str = "sysa.example.com",
    created: str = "2026-11-25T10:00:00Z",
    outcome: str = "warn",
) -> Path:
    """Write a change record folder with a complete report; the folder."""
    report = folder / "report"
    (report / "notebooks").mkdir(parents=True, exist_ok=True)
    (folder / "change.yaml").write_text((EXAMPLE / "change.yaml").read_text().replace("id: CHG0001", f"id: {change}"))
    (folder / "zowe.yaml").write_bytes((EXAMPLE / "zowe.yaml").read_bytes())
    files: dict[str, bytes] = {
        "notebooks/10-requirements.ipynb": notebook,
        "generated/profiles/SYSA.tcpip": b"VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 203.0.113.50\nENDVIPADYNAMIC\n",
        "generated/profiles/SYSB.tcpip": b"VIPADYNAMIC\n  VIPABACKUP 200 203.0.113.50\nENDVIPADYNAMIC\n",
        "generated/operator-sheet.md": f"# Operator sheet for {title}\n\nV TCPIP,TCPIP,OBEYFILE\n".encode(),
        "generated/zowe-fragment.yaml": b"zowe:\n  externalPort: 7554\n",
        "generated/generate.json": b"{}\n",
        # The evidence kept with the report (report/sources/): what the findings' file:line point at.
        "sources/evidence/SYSA/d-etr.txt": b" D ETR\n IEA386I TIMING STATUS\n SYNCHRONIZATION MODE = STP\n",
        "sources/evidence/SYSB/d-jes.txt": f"$HASP608 SYSB MEMBER OF {host}\n".encode(),
    }
    findings: list[dict[str, Any]] = [
        {"requirement": "sysplex-timer", "system": None, "status": "pass", "message": "STP in use",
         "evidence": "evidence/SYSA/d-etr.txt:3", "fix": None},
        {"requirement": "shared-dasd", "system": "SYSA", "status": "warn",
         "message": f"GRS ring on {host} not confirmed", "evidence": None, "fix": f"capture D GRS on {host}"},
        {"requirement": "jes2-mas", "system": "SYSB", "status": "fail", "message": "not in the MAS",
         "evidence": "evidence/SYSB/d-jes.txt:1", "fix": "add SYSB to the MAS"},
    ]
    files["check.json"] = (json.dumps({"change": change, "findings": findings,
                                       "summary": {"pass": 1, "warn": 1, "fail": 1, "unknown": 0, "n/a": 0}},
                                      indent=2) + "\n").encode()
    for rel, data in files.items():
        path = report / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = {
        "manifest_version": 1, "change": change, "title": title, "sysplex": "PLEX1", "zowe_release": "v3",
        "created": created, "parameters": {"record": "."}, "kit": {"version": "0.1.0"},
        "executor": {"python": "3.11", "papermill": "2.7.0", "nbclient": "0.11.0", "ipykernel": "7.4.0",
                     "nbformat": "5.11.1"},
        "notebooks": [{
            "name": "10-requirements", "file": "notebooks/10-requirements.ipynb", "title": "Sysplex requirements",
            "status": outcome, "summary": f"2 of 3 requirements met on {host}",
            "steps": [{"id": "sysplex-timer", "title": "Sysplex timer", "status": "pass", "message": "STP mode"},
                      {"id": "shared-dasd", "title": "Shared DASD", "status": "warn", "message": f"check {host}"}],
            "error": None, "duration_s": 1.25,
        }],
        "outcome": outcome,
        "files": [{"path": rel, "sha256": _sha(data), "bytes": len(data)} for rel, data in sorted(files.items())],
    }
    (report / "manifest.json").write_bytes(rfc8785.dumps(manifest))
    return folder


def fixture_records(root: Path, notebooks: dict[str, bytes]) -> dict[str, Path]:
    """Two records (one plain, one hostile) around the executed notebooks of :func:`executed_notebooks`."""
    return {
        "CHG0001": make_report(root / "CHG0001", notebooks["plain"]),
        "CHG0666": make_report(root / "CHG0666", notebooks["hostile"], change="CHG0666", title="Hostile " + HOSTILE,
                               host=HOSTILE, created="2026-11-24T09:00:00Z", outcome="fail"),
    }


def checked_report(folder: Path, source: Path, notebook: bytes, outcome: str) -> Path:
    """A copy of the record ``source`` with a report around its real check findings, without a kernel.

    check.json and the kept evidence (report/sources/) are what ``zowe-ha run``
    writes for the record; the notebook is the fixture's. Enough for the
    record page, which shows findings, not notebooks.
    """
    record = copy_record(source, folder)
    rec = load_record(record)
    result = run_checks(rec)
    report = record / "report"
    files = {"check.json": json.dumps(result.to_json(), indent=2) + "\n", "notebooks/10-requirements.ipynb": notebook,
             **sources_mod.copies(record, result.findings, result.evidence_files)}
    for rel, data in files.items():
        (report / rel).parent.mkdir(parents=True, exist_ok=True)
        (report / rel).write_bytes(data.encode() if isinstance(data, str) else data)
    nb = [{"name": "10-requirements", "file": "notebooks/10-requirements.ipynb", "title": "Sysplex requirements",
           "status": outcome, "summary": "from the fixture notebook", "steps": [], "error": None, "duration_s": 1.0}]
    manifest_mod.write(report, manifest_mod.build(rec, nb, manifest_mod.file_entries(report), outcome, {"record": "."}))
    return record


def site_files(site: Path, suffix: str = ".html") -> list[Path]:
    return sorted(p for p in site.rglob(f"*{suffix}") if p.is_file())


# -- reports without a kernel ------------------------------------------------------------------


def fake_report(record: Path) -> Path:
    """A report as ``zowe-ha run`` lays it out, without running notebooks (for sign-off tests)."""
    report = record / "report"
    files = {
        "notebooks/10-requirements.ipynb": json.dumps({"cells": [], "metadata": {"zowe_ha": {"title": "R"}},
                                                        "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n",
        "generated/profiles/SYSA.tcpip": "IPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n",
        "check.json": json.dumps({"change": "CHG0001", "findings": [], "summary": {}}, indent=2) + "\n",
    }
    for rel, text in files.items():
        (report / rel).parent.mkdir(parents=True, exist_ok=True)
        (report / rel).write_text(text)
    rewrite_manifest(record)
    return report


def rewrite_manifest(record: Path) -> bytes:
    """Write a fresh manifest over the report's current files (what a re-run amounts to)."""
    report = record / "report"
    nb = [{"name": "10-requirements", "file": "notebooks/10-requirements.ipynb", "title": "R", "status": "pass",
           "summary": "ok", "steps": [], "error": None, "duration_s": 1.0}]
    manifest = manifest_mod.build(load_record(record), nb, manifest_mod.file_entries(report), "pass", {"record": "."})
    return manifest_mod.write(report, manifest)


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (to show that nothing changed)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def flip_byte(path: Path, offset: int | None = None) -> None:
    """Change one byte of ``path`` (the middle one by default), keeping its length."""
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] = data[i] ^ 0x01 if chr(data[i] ^ 0x01).isprintable() else data[i] ^ 0x02
    path.write_bytes(bytes(data))
