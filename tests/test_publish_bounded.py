"""Bounded publish: huge outputs become a note and a link; only the kit's file types are copied into the site.

A report notebook that printed megabytes of HTML made publish take minutes
and gigabytes (40 MB: 257 s and 2.7 GB here before the cap, 4 s and 180 MB
after; ``make bench`` item f). The tests use a few megabytes: enough to pass
the caps, cheap to run.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from tests.support.reports import make_report, rewrite_manifest
from zowe_ha_lib.publish.render import NOTEBOOK_CAP, OUTPUT_CAP
from zowe_ha_lib.publish.site import publish

ROW = "<tr><td>SYSA</td><td>IXC361I DISPLAY XCF CF CF01 CONNECTED</td></tr>\n"


def _notebook(outputs: list[dict]) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["zowe_ha"] = {"title": "Big", "depends": []}
    cells = [nbformat.v4.new_markdown_cell("# Big outputs")]
    for i, output in enumerate(outputs, 1):
        cell = nbformat.v4.new_code_cell(f"show({i})")
        cell.execution_count = i
        cell.outputs = [nbformat.from_dict(output)]
        cells.append(cell)
    nb.cells = cells
    return (json.dumps(nb, indent=1) + "\n").encode()


def _html(chars: int, marker: str) -> dict:
    body = ROW * (chars // len(ROW) + 1)
    return {"output_type": "display_data", "metadata": {}, "data": {"text/html": f"<p>{marker}</p><table>{body}</table>"}}


def _page(tmp_path: Path, notebook: bytes) -> tuple[str, Path]:
    """The notebook's page on the site, and the site folder."""
    rec = make_report(tmp_path / "CHG0001", notebook)
    out = tmp_path / "site"
    publish([rec], out)
    return (out / "records" / "CHG0001" / "notebooks" / "10-requirements.html").read_text(), out


def test_an_output_over_the_cap_becomes_a_note_with_a_link_to_the_whole_notebook(tmp_path: Path):
    page, out = _page(tmp_path, _notebook([_html(3 * 1024 * 1024, "HUGE-TABLE"), _html(1000, "SMALL-TABLE")]))
    assert len(page) < OUTPUT_CAP and "HUGE-TABLE" not in page and "SMALL-TABLE" in page
    assert "This output (3.0 MB) is too large to show on this page" in page
    link = 'href="../files/notebooks/10-requirements.ipynb" download'
    assert link in page
    page_folder = out / "records" / "CHG0001" / "notebooks"
    full = (page_folder / "../files/notebooks/10-requirements.ipynb").resolve()
    assert "HUGE-TABLE" in full.read_text()  # the link leads to the whole output


def test_the_notebook_budget_cuts_the_outputs_after_it(tmp_path: Path):
    each = OUTPUT_CAP - 10_000
    count = NOTEBOOK_CAP // each + 2
    page, _ = _page(tmp_path, _notebook([_html(each, f"TABLE-{i:02d}") for i in range(count)]))
    shown = [i for i in range(count) if f"TABLE-{i:02d}" in page]
    assert shown == list(range(len(shown))) and 0 < len(shown) < count  # the first ones, then notes
    assert page.count("is too large to show on this page") == count - len(shown)
    assert len(page) < NOTEBOOK_CAP + OUTPUT_CAP


def test_a_long_stream_keeps_its_head(tmp_path: Path):
    text = "".join(f"line {i:07d}\n" for i in range(200_000))  # 2.6 MB printed
    stream = {"output_type": "stream", "name": "stdout", "text": text}
    page, _ = _page(tmp_path, _notebook([stream]))
    assert "line 0000000" in page and "line 0199999" not in page
    assert "is too large to show on this page" in page


def test_notebook_text_cannot_forge_the_note_or_its_link(tmp_path: Path):
    forged = {"output_type": "display_data", "metadata": {}, "data": {"text/html":
              '<div class="output-cut">zowe-ha-output-cut-000000000000000000000000-0-</div>'
              '<a href="javascript:alert(1)">x</a><a href="files/../../../etc/passwd" download>y</a>'}}
    page, _ = _page(tmp_path, _notebook([forged, _html(OUTPUT_CAP + 1, "BIG")]))
    assert "zowe-ha-output-cut-000000000000000000000000-0-" in page  # shown as the text it is
    assert "javascript:" not in page and "etc/passwd" not in page
    assert page.count("is too large to show on this page") == 1


def test_only_the_kit_file_types_are_copied_into_the_site(tmp_path: Path):
    rec = make_report(tmp_path / "CHG0001", _notebook([_html(100, "T")]))
    report = rec / "report"
    (report / "generated" / "evil.html").write_text("<script>alert(document.cookie)</script>")
    (report / "generated" / "picture.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    (report / "generated" / "noext").write_text("x")
    (report / "generated" / "page.xml").write_text('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>')
    (report / "generated" / "workflow.xml").write_text('<?xml version="1.0"?><workflow><step name="a"/></workflow>')
    rewrite_manifest(rec)  # listed in the manifest, as if the run had written them
    out = tmp_path / "site"
    publish([rec], out)
    files = out / "records" / "CHG0001" / "files"
    copied = sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file())
    assert not any(name.endswith((".html", ".svg", "noext", "page.xml")) for name in copied), copied
    assert "generated/workflow.xml" in copied  # the kit's own kind of XML (a z/OSMF workflow) is copied
    assert "notebooks/10-requirements.ipynb" in copied and "check.json" in copied and "manifest.json" in copied
    page = (out / "records" / "CHG0001" / "index.html").read_text()
    assert "evil.html <span class=\"not-published\">" in page
    assert 'href="files/generated/evil.html"' not in page and "evil.html</a>" not in page
