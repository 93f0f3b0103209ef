"""Inputs the benchmarks need, built at run time (nothing large is committed)."""

from __future__ import annotations

import copy
import json
import random
import shutil
from pathlib import Path

import nbformat
import yaml

from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.report import manifest as manifest_mod
from zowe_ha_lib.tcpip.outputs import render_outputs

from .harness import ROOT

EXAMPLE = ROOT / "runbooks" / "CHG0001"


def copy_example(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("report", "history", ".zowe-ha-run.lock", ".report-tmp-*", "out"))
    return dest


def big_record(folder: Path, systems: int = 8, dvipas: int = 400) -> Path:
    """A record whose distributor's profile runs to about 10,000 lines.

    Each DVIPA carries two distributions (two ports), as the gateway and
    z/OSMF share one in the example; addresses come from the documentation
    ranges only.
    """
    data = yaml.safe_load((EXAMPLE / "change.yaml").read_text())
    data["change"]["id"] = "BENCH"
    data.pop("zowe", None)
    data["sysplex"]["systems"] = [
        {"name": f"SYS{i}", "dynamic_xcf": f"198.51.100.{10 + i}"} for i in range(systems)
    ]
    names = [s["name"] for s in data["sysplex"]["systems"]]
    addresses = [f"192.0.2.{i}" for i in range(1, 251)] + [f"203.0.113.{i}" for i in range(1, 251)]
    template = data["distributions"][0]
    data["distributions"] = []
    for n in range(dvipas * 2):
        d = copy.deepcopy(template)
        d.update(name=f"d{n}", dvipa=addresses[n // 2], ports=[7554 + n % 2], preferred=names[0], backups=names[1:])
        d.pop("hostname", None)
        data["distributions"].append(d)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "change.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


FILLER = (
    "IEF403I ZWE1SV - STARTED - TIME={t}",
    "$HASP373 ZWE1AG   STARTED",
    "IEF196I IEF237I JES2 ALLOCATED TO SYSLOG{n}",
    "IRR812I PROFILE ** (G) IN THE STARTED CLASS WAS USED TO START ZWE1SV",
    "BPXF024I (ZWESVUSR) 2026-11-25 13:01:{s:02d} ZWES1013I ZIS status - Ok",
    "ICH70001I ZWESVUSR LAST ACCESS AT 13:01:{s:02d} ON WEDNESDAY, NOVEMBER 25, 2026",
)


def syslog_filler(path: Path, megabytes: float, seed: int = 1) -> None:
    """SYSLOG lines from three systems, interleaved, up to ``megabytes``."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = 0
    with path.open("w") as out:
        while written < target:
            s = rng.randrange(60)
            system = rng.choice(("SYSA", "SYSB", "SYSC"))
            text = rng.choice(FILLER).format(t=f"13.01.{s:02d}", n=rng.randrange(9), s=s)
            line = f"N 0000000 {system}     26329 13:01:{s:02d}.{rng.randrange(100):02d} STC{rng.randrange(99999):05d} 00000090  {text}\n"
            out.write(line)
            written += len(line)


def big_output_report(folder: Path, megabytes: float) -> Path:
    """The example record with a report whose one notebook displayed ``megabytes`` of HTML.

    Built without a kernel: a notebook with one large display_data output, the
    generated files, and a manifest over them, as ``zowe-ha run`` lays a
    report out (publish reads nothing else).
    """
    record = copy_example(folder)
    report = record / "report"
    row = "<tr><td>SYSA</td><td>IXC361I 13.45.01 DISPLAY XCF CF CF01 CONNECTED</td></tr>\n"
    nb = nbformat.v4.new_notebook()
    nb.metadata["zowe_ha"] = {"title": "Big output", "depends": []}
    cell = nbformat.v4.new_code_cell("display(HTML(table))")
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<table>\n" + row * int(megabytes * 1024 * 1024 / len(row)) + "</table>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Big output"), cell]
    (report / "notebooks").mkdir(parents=True)
    (report / "notebooks" / "10-big.ipynb").write_text(json.dumps(nb, indent=1) + "\n")
    loaded = load_record(record)
    for rel, text in render_outputs(loaded).items():
        (report / "generated" / rel).parent.mkdir(parents=True, exist_ok=True)
        (report / "generated" / rel).write_text(text)
    notebooks = [{"name": "10-big", "file": "notebooks/10-big.ipynb", "title": "Big output", "status": "pass",
                  "summary": "a large table", "steps": [], "error": None, "duration_s": 1.0}]
    manifest = manifest_mod.build(loaded, notebooks, manifest_mod.file_entries(report), "pass", {"record": "."})
    manifest_mod.write(report, manifest)
    return record
