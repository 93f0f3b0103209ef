"""Fixture change-record reports for the site tests.

A report here is laid out exactly as ``zowe-ha run`` writes it (manifest.json,
notebooks/, generated/, check.json, signoffs/), built from a tiny notebook
that a real kernel executed with papermill: it shows prose, a hidden
parameters cell, an HTML table, an SVG picture and an outcome record. Hostile
variants put markup into every text the site shows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import nbformat
import rfc8785

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


_EXECUTED: dict[str, bytes] = {}


def execute_notebook(folder: Path, host: str = "sysa.example.com") -> bytes:
    """Execute the fixture notebook with papermill (a real kernel); its bytes.

    Results are kept per host for the test process, so the test modules of
    one worker share the kernel runs.
    """
    if host in _EXECUTED:
        return _EXECUTED[host]
    import papermill

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
    _EXECUTED[host] = (json.dumps(nb, indent=1) + "\n").encode()
    return _EXECUTED[host]


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
    example = Path(__file__).resolve().parent.parent / "runbooks" / "CHG0001"
    (folder / "change.yaml").write_text((example / "change.yaml").read_text().replace("id: CHG0001", f"id: {change}"))
    (folder / "zowe.yaml").write_bytes((example / "zowe.yaml").read_bytes())
    files: dict[str, bytes] = {
        "notebooks/10-requirements.ipynb": notebook,
        "generated/profiles/SYSA.tcpip": b"VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 203.0.113.50\nENDVIPADYNAMIC\n",
        "generated/profiles/SYSB.tcpip": b"VIPADYNAMIC\n  VIPABACKUP 200 203.0.113.50\nENDVIPADYNAMIC\n",
        "generated/operator-sheet.md": f"# Operator sheet for {title}\n\nV TCPIP,TCPIP,OBEYFILE\n".encode(),
        "generated/zowe-fragment.yaml": b"zowe:\n  externalPort: 7554\n",
        "generated/generate.json": b"{}\n",
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


def fixture_records(root: Path) -> dict[str, Path]:
    """Two records (one plain, one hostile) built from notebooks a real kernel executed."""
    plain_nb = execute_notebook(root / "exec-plain")
    hostile_nb = execute_notebook(root / "exec-hostile", host=HOSTILE)
    return {
        "CHG0001": make_report(root / "CHG0001", plain_nb),
        "CHG0666": make_report(root / "CHG0666", hostile_nb, change="CHG0666", title="Hostile " + HOSTILE,
                               host=HOSTILE, created="2026-11-24T09:00:00Z", outcome="fail"),
    }


def site_files(site: Path, suffix: str = ".html") -> list[Path]:
    return sorted(p for p in site.rglob(f"*{suffix}") if p.is_file())


def sign_record(folder: Path, keys: Path, signer: str = "alice@example.com", role: str = "reviewer",
                comment: str = "Looks right") -> None:
    """Sign a record's report with a throw-away key trusted by ``folder/../allowed_signers``."""
    import subprocess

    from zowe_ha_lib.signoff.signoffs import sign

    key = keys / "id_ed25519"
    if not key.exists():
        keys.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", signer, "-f", str(key)], check=True)
    public = (keys / "id_ed25519.pub").read_text().split()
    line = f'{signer} namespaces="zowe-ha-runbook" {public[0]} {public[1]}\n'
    allowed = folder.parent / "allowed_signers"
    allowed.write_text((allowed.read_text() if allowed.exists() else "") + line)
    sign(folder, key, signer, role, comment=comment)
