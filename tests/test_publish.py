"""zowe-ha publish without a browser: pages, safety rules, downloads, incremental builds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import ROOT
from tests.support.reports import HOSTILE, fixture_records, make_report, site_files
from tests.support.signing import sign_record
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.publish import CSP, publish
from zowe_ha_lib.publish.render import status_class, svg_alt, svg_src
from zowe_ha_lib.publish.sanitize import clean
from zowe_ha_lib.publish.site import shift_headings
from zowe_ha_lib.publish.source import requirement_outcomes, safe_relpath, worst

URL_ATTRS = ("href", "src", "action", "xlink:href", "formaction", "poster", "data")


class _Collect(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.metas: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "meta":
            self.metas.append(dict(attrs))


def parse(path: Path) -> _Collect:
    c = _Collect()
    c.feed(path.read_text("utf-8"))
    return c


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, executed_notebooks: dict[str, bytes]) -> dict[str, Path]:
    return fixture_records(tmp_path_factory.mktemp("records"), executed_notebooks)


@pytest.fixture(scope="module")
def site(records: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "_build"
    result = publish(list(records.values()), out)
    assert sorted(result.rendered) == ["CHG0001", "CHG0666"]
    return out


def test_site_layout(site: Path) -> None:
    for rel in ("index.html", "requirements/index.html", "requirements/jes2-mas.html",
                "records/CHG0001/index.html", "records/CHG0666/index.html",
                "assets/site.css", "assets/print.css", "assets/filter.js", "assets/pygments.css"):
        assert (site / rel).is_file(), rel


def test_every_page_has_the_csp_meta_and_no_inline_code(site: Path) -> None:
    pages = site_files(site)
    assert len(pages) >= 6
    for page in pages:
        doc = parse(page)
        csp = [m.get("content") for m in doc.metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
        assert csp == [CSP], page
        for tag, attrs in doc.tags:
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert "style" not in attrs, (page, tag, attrs)
            assert tag not in ("style", "iframe", "object", "embed", "form", "base"), (page, tag)
            if tag == "script":
                assert attrs.get("src", "").endswith("assets/filter.js"), (page, attrs)


def test_no_url_leaves_the_site(site: Path) -> None:
    for page in site_files(site):
        for tag, attrs in parse(page).tags:
            for name in URL_ATTRS:
                value = (attrs.get(name) or "").strip()
                if not value:
                    continue
                assert not value.lower().startswith(("http:", "https:", "//", "javascript:", "file:")), (page, tag, name, value)
                if value.startswith("data:"):
                    assert tag in ("img", "link"), (page, tag, value[:40])
                elif not value.startswith("#"):
                    target = (page.parent / value.split("#")[0]).resolve()
                    assert target.is_file(), (page, value)
    for css in site_files(site, ".css"):
        assert "url(" not in css.read_text() and "@import" not in css.read_text()


def test_notebook_page_shows_outputs_and_hides_parameters(site: Path) -> None:
    # Each notebook has a page of its own (the record page lists each finding once and links there).
    record = (site / "records/CHG0001/index.html").read_text()
    assert 'href="notebooks/10-requirements.html"' in record and "VISIBLE-CODE-OUTPUT" not in record
    page = (site / "records/CHG0001/notebooks/10-requirements.html").read_text()
    assert "PARAMETER-CELL-TEXT" not in page  # the parameters cell is gone whole
    assert "injected-parameters" not in page
    assert "VISIBLE-CODE-OUTPUT" in page  # output of an untagged cell
    assert 'print</span><span class="p">(</span>' in page  # and its code
    assert "display(HTML(" not in page and "outcome.record" not in page  # hide-code inputs
    assert "<th scope=\"col\">Host</th>" in page and "sysa.example.com" in page  # hidden cell's output
    assert 'alt="Topology of PLEX1"' in page and 'src="data:image/svg+xml;base64,' in page
    assert "Outcome of 10-requirements:</span> 2 of 3 requirements met" in page
    assert '<span class="status status-warn">WARN</span>' in page
    assert "<h2" in page and "<h1>" not in page.split("</h1>", 1)[1]  # notebook headings nest under the page's
    assert "A link out" in page and "example.com/doc" not in page


def test_index_lists_records_with_requirements_and_signoff(site: Path) -> None:
    page = (site / "index.html").read_text()
    assert 'href="records/CHG0001/index.html"' in page
    assert 'data-outcome="warn" data-signoff="unsigned"' in page
    assert '<span class="status status-fail">FAIL</span> <a href="requirements/jes2-mas.html">jes2-mas</a>' in page
    assert page.index("CHG0001") < page.index("CHG0666")  # newest first


def test_downloads_are_copies_of_the_report(site: Path, records: dict[str, Path]) -> None:
    report = records["CHG0001"] / "report"
    for rel in ("manifest.json", "check.json", "notebooks/10-requirements.ipynb", "generated/profiles/SYSA.tcpip",
                "generated/operator-sheet.md", "generated/zowe-fragment.yaml"):
        assert (site / "records/CHG0001/files" / rel).read_bytes() == (report / rel).read_bytes()
        assert f'href="files/{rel}"' in (site / "records/CHG0001/index.html").read_text()


def test_hostile_text_is_escaped_and_outputs_sanitised(site: Path) -> None:
    for page in site_files(site):
        text = page.read_text()
        assert "<script>alert" not in text and "onerror" not in text.replace("onerror=alert(1)&gt;", ""), page
    record = (site / "records/CHG0666/index.html").read_text()
    assert "Hostile &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in record
    index = (site / "index.html").read_text()
    assert "&lt;script&gt;" in index


def test_incremental_rebuild(records: dict[str, Path], tmp_path: Path) -> None:
    work = {cid: shutil.copytree(folder, tmp_path / cid) for cid, folder in records.items()}
    out = tmp_path / "site"
    first = publish(list(work.values()), out)
    assert sorted(first.rendered) == ["CHG0001", "CHG0666"] and first.notebooks_rendered == 2
    again = publish(list(work.values()), out)
    assert again.rendered == [] and again.notebooks_rendered == 0 and not again.changed
    # A re-run changes one manifest: only that record is rendered (plus the index).
    manifest = work["CHG0001"] / "report" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["title"] = "Re-run title"
    manifest.write_bytes(rfc8785.dumps(data))
    third = publish(list(work.values()), out)
    assert third.rendered == ["CHG0001"] and third.unchanged == ["CHG0666"]
    assert "Re-run title" in (out / "index.html").read_text()
    # A new sign-off file changes the sign-off state: that record only.
    (work["CHG0666"] / "report" / "signoffs").mkdir()
    (work["CHG0666"] / "report" / "signoffs" / "001-approver-a.json").write_text("{}")
    assert publish(list(work.values()), out).rendered == ["CHG0666"]
    # Publishing fewer records removes the others from the site.
    fewer = publish([work["CHG0001"]], out)
    assert fewer.rendered == [] and fewer.removed == ["CHG0666"]
    assert not (out / "records" / "CHG0666").exists() and "CHG0666" not in (out / "index.html").read_text()
    # A deleted page is rebuilt.
    (out / "records" / "CHG0001" / "index.html").unlink()
    assert publish([work["CHG0001"]], out).rendered == ["CHG0001"]


def test_signoff_states_on_the_site(records: dict[str, Path], tmp_path: Path) -> None:
    rec = shutil.copytree(records["CHG0001"], tmp_path / "recs" / "CHG0001")
    sign_record(rec, tmp_path / "keys", comment="Approved " + HOSTILE)
    out = tmp_path / "site"
    publish([rec], out)
    index = (out / "index.html").read_text()
    page = (out / "records/CHG0001/index.html").read_text()
    assert 'data-signoff="signed"' in index and '<span class="signoff signoff-signed">signed</span>' in index
    assert "alice@example.com" in page and '<span class="signoff signoff-valid">valid</span>' in page
    assert "Approved &lt;script&gt;" in page and "<script>alert" not in page
    assert (out / "records/CHG0001/files/signoffs/001-reviewer-alice-example.com.json.sig").is_file()
    # The manifest is changed after the sign-off and found in no earlier run: tampered, so invalid.
    shutil.copy(rec / "report" / "manifest.json", tmp_path / "signed-manifest.json")
    _manifest_edit(rec, created="2026-11-26T08:00:00Z")
    assert publish([rec], out).rendered == ["CHG0001"]
    assert 'data-signoff="invalid"' in (out / "index.html").read_text()
    assert "tampered" in (out / "records/CHG0001/index.html").read_text()
    # The report was re-run (the signed one is kept in history/) and the old sign-off copied in: stale.
    (rec / "history" / "20261125T100000Z").mkdir(parents=True)
    shutil.copy(tmp_path / "signed-manifest.json", rec / "history" / "20261125T100000Z" / "manifest.json")
    assert publish([rec], out).rendered == ["CHG0001"]
    assert 'data-signoff="stale"' in (out / "index.html").read_text()
    # A changed byte in a report file: invalid.
    (rec / "report" / "generated" / "operator-sheet.md").write_text("edited by hand\n")
    assert publish([rec], out).rendered == ["CHG0001"]
    assert 'data-signoff="invalid"' in (out / "index.html").read_text()
    # Trusting no one: the allowed_signers file next to the record is part of the key.
    (rec.parent / "allowed_signers").write_text("")
    assert publish([rec], out).rendered == ["CHG0001"]


def test_nothing_changed_loads_no_renderer(records: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(list(records.values()), out)
    code = (
        "import sys\n"
        "from zowe_ha_lib.cli import main\n"
        f"rc = main(['publish', *{[str(p) for p in records.values()]!r}, '--out', {str(out)!r}])\n"
        "heavy = [m for m in ('nbconvert', 'jinja2', 'nbformat', 'nh3', 'papermill') if m in sys.modules]\n"
        "print('HEAVY', heavy, rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "HEAVY [] 0" in proc.stdout
    assert "nothing changed" in proc.stdout and str((out / "index.html").resolve()) in proc.stdout


def test_cli_prints_index_path(records: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert cli(["publish", str(records["CHG0001"] / "change.yaml"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-1] == str((out / "index.html").resolve())


def test_record_without_report_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rec = tmp_path / "CHG0009"
    rec.mkdir()
    (rec / "change.yaml").write_text("change: {}\n")
    out = tmp_path / "site"
    assert cli(["publish", str(rec), str(tmp_path / "nope"), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert err[0].startswith(str(rec)) and "run zowe-ha run first" in err[0]
    assert "no such change record folder" in err[1]
    assert not out.exists()


def _manifest_edit(folder: Path, **changes: object) -> None:
    path = folder / "report" / "manifest.json"
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_bytes(rfc8785.dumps(data))


@pytest.mark.parametrize(("changes", "where"), [
    ({"files": [{"path": "../../etc/passwd", "sha256": "0", "bytes": 1}]}, "files[0].path"),
    ({"change": "../x"}, "change"),
    ({"notebooks": [{"name": "../evil", "file": "notebooks/x.ipynb"}]}, "notebooks[0].name"),
    ({"notebooks": [{"name": "10-x", "file": "/etc/passwd"}]}, "notebooks[0].file"),
    ({"manifest_version": 2}, "manifest_version"),
])
def test_bad_manifest_is_exit_2_and_writes_nothing(
    records: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict, where: str,
) -> None:
    rec = shutil.copytree(records["CHG0001"], tmp_path / "rec")
    _manifest_edit(rec, **changes)
    out = tmp_path / "site"
    assert cli(["publish", str(rec), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "manifest.json" in err and where in err and "Traceback" not in err
    assert not (out / "index.html").exists()


def test_damaged_notebook_and_check_json_are_exit_2(records: dict[str, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    rec = shutil.copytree(records["CHG0001"], tmp_path / "rec")
    (rec / "report" / "notebooks" / "10-requirements.ipynb").write_text("{not json")
    assert cli(["publish", str(rec), "--out", str(tmp_path / "site")]) == 2
    assert "10-requirements.ipynb: cannot read the executed notebook" in capsys.readouterr().err
    rec2 = shutil.copytree(records["CHG0001"], tmp_path / "rec2")
    (rec2 / "report" / "check.json").write_text("[1,")
    assert cli(["publish", str(rec2), "--out", str(tmp_path / "site2")]) == 2
    assert "check.json" in capsys.readouterr().err


def test_missing_allowed_signers_is_exit_2(records: dict[str, Path], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "allowed_signers"
    assert cli(["publish", str(records["CHG0001"]), "--allowed-signers", str(missing), "--out", str(tmp_path / "s")]) == 2
    assert capsys.readouterr().err.strip() == f"{missing}: no such allowed_signers file"


def test_duplicate_change_ids_are_exit_2(records: dict[str, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    copy = shutil.copytree(records["CHG0001"], tmp_path / "copy")
    assert cli(["publish", str(records["CHG0001"]), str(copy), "--out", str(tmp_path / "s")]) == 2
    assert "change id CHG0001 is also the id of" in capsys.readouterr().err


def test_symlinked_report_file_is_not_copied(records: dict[str, Path], tmp_path: Path) -> None:
    rec = shutil.copytree(records["CHG0001"], tmp_path / "rec")
    target = rec / "report" / "generated" / "zowe-fragment.yaml"
    secret = tmp_path / "outside.txt"
    secret.write_text("OUTSIDE-SECRET")
    target.unlink()
    os.symlink(secret, target)
    out = tmp_path / "site"
    publish([rec], out)
    assert not (out / "records/CHG0001/files/generated/zowe-fragment.yaml").exists()
    assert all("OUTSIDE-SECRET" not in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())


def test_requirement_outcome_takes_the_worst_of_findings_and_steps() -> None:
    from zowe_ha_lib.publish.source import Notebook

    nb = Notebook("10-requirements", "t", None, "pass", "", [
        {"id": "nodejs", "status": "error"}, {"id": "not-a-requirement", "status": "fail"},
    ], None, None)
    findings = [{"requirement": "nodejs", "status": "pass"}, {"requirement": "shared-saf", "status": "n/a"}]
    assert requirement_outcomes(findings, [nb]) == {"shared-saf": "n/a", "nodejs": "error"}
    assert worst(["pass", "warn"]) == "warn" and worst([]) == "n/a" and worst(["unknown", "fail"]) == "fail"


def test_make_report_fixture_manifest_is_canonical(tmp_path: Path) -> None:
    rec = make_report(tmp_path / "r", b"{}")
    raw = (rec / "report" / "manifest.json").read_bytes()
    assert rfc8785.dumps(json.loads(raw)) == raw


def test_svg_helpers() -> None:
    src = svg_src('<svg width="1"><title>Net &amp; <b>plan</b></title></svg>')
    assert src.startswith("data:image/svg+xml;base64,")
    import base64

    assert b'xmlns="http://www.w3.org/2000/svg"' in base64.b64decode(src.split(",", 1)[1])
    assert svg_alt('<svg><title>Net <b>plan</b></title></svg>') == "Net plan"
    assert svg_alt("<svg/>") == "picture"
    assert status_class("n/a") == "na" and status_class("FAIL") == "fail"


# ---- properties of the parsers and filters -------------------------------------------------

_PIECES = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "<a href='javascript:x'>j</a>",
    "<a href=\"https://example.com/x\">out</a>", "<iframe src=//example.com></iframe>", "<style>*{}</style>",
    "<p style='x:y'>s</p>", "<table><tr><td>ok</td></tr></table>", "<svg><use xlink:href='http://e/x#a'/></svg>",
    "<object data=x></object>", "<form action=http://e><input></form>", "<math><mi>x</mi></math>", "&lt;b&gt;",
    "<img src='data:image/png;base64,AA'>", "<a href='#frag'>f</a>", "<base href=http://e/>", "<meta http-equiv=refresh>",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=8))
def test_clean_never_keeps_active_content(parts: list[str]) -> None:
    doc = _Collect()
    doc.feed(clean("".join(parts)))
    for tag, attrs in doc.tags:
        assert tag not in ("script", "style", "iframe", "object", "form", "input", "base", "meta", "math", "embed")
        assert tag != "img" or (attrs.get("src") or "").startswith("data:image/")
        for name, value in attrs.items():
            assert not name.startswith("on") and name != "style"
            if name in URL_ATTRS:
                v = (value or "").strip()
                assert v.startswith("#") or (tag == "img" and v.startswith("data:image/")), (tag, name, v)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab./\\~:\x00 ")), max_size=20))
def test_safe_relpath_stays_inside(value: str) -> None:
    rel = safe_relpath(value)
    if rel is not None:
        parts = rel.split("/")
        assert not rel.startswith("/") and ".." not in parts and "" not in parts and "." not in parts
        assert "\\" not in rel and (Path("/base") / rel).resolve().is_relative_to(Path("/base"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.text(alphabet="abc ", max_size=5)), max_size=6), st.integers(0, 5))
def test_shift_headings_keeps_levels_in_range(heads: list[tuple[int, str]], by: int) -> None:
    html = "".join(f"<h{n}>{t}</h{n}>" for n, t in heads)
    out = shift_headings(html, by)
    doc = _Collect()
    doc.feed(out)
    levels = [int(tag[1]) for tag, _ in doc.tags]
    assert levels == [min(n + by, 6) for n, _ in heads]


def test_hostile_constant_has_the_payloads() -> None:
    assert "<script>" in HOSTILE and "onerror" in HOSTILE


def test_renderer_drops_what_would_run_or_fetch() -> None:
    """Outputs a report notebook should not have still render as inert HTML (no kernel needed)."""
    import nbformat

    from zowe_ha_lib.publish.render import NotebookRenderer

    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("![local](secret.png) <img src='/etc/passwd'> [x](javascript:alert(1))")
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [
        nbformat.v4.new_output("display_data", {"application/javascript": "alert(1)", "text/plain": "js"}),
        nbformat.v4.new_output("display_data", {
            "application/vnd.jupyter.widget-view+json": {"model_id": "m", "version_major": 2, "version_minor": 0},
            "text/plain": "widget"}),
        nbformat.v4.new_output("display_data", {"text/html": "<b>isolated</b><script>alert(2)</script>"},
                               metadata={"text/html": {"isolated": True}}),
        nbformat.v4.new_output("display_data", {"image/svg+xml": "<svg><script>alert(3)</script></svg>"}),
        nbformat.v4.new_output("display_data", {
            "application/vnd.zowe-ha.outcome+json": {"notebook": "<i>nb</i>", "status": "bogus", "summary": "<b>s</b>",
                                                     "steps": [{"id": "x", "status": "pass", "message": "<u>m</u>"}, "junk"]},
            "text/plain": "OUTCOME"}),
        nbformat.v4.new_output("error", ename="E", evalue="v", traceback=["\x1b[31mred line\x1b[0m"]),
    ]
    nb.cells = [md, code]
    html = NotebookRenderer().render(nbformat.writes(nb))
    doc = _Collect()
    doc.feed(html)
    tags = [t for t, _ in doc.tags]
    assert "script" not in tags and "iframe" not in tags
    assert all(not (a.get("src") or "").startswith(("/", "secret", "javascript")) for _, a in doc.tags)
    assert all("href" not in a or a["href"].startswith("#") for _, a in doc.tags)
    assert "(a script output is not shown in the published runbook)" in html
    assert "<pre>widget</pre>" in html  # a widget without saved state falls back to its text
    assert "<b>isolated</b>" in html and "alert(2)" not in html
    assert 'src="data:image/svg+xml;base64,' in html  # the SVG stays an inert picture
    assert '<span class="status status-unknown">UNKNOWN</span>' in html  # a bogus status reads unknown
    assert "&lt;b&gt;s&lt;/b&gt;" in html and "&lt;u&gt;m&lt;/u&gt;" in html and "&lt;i&gt;nb&lt;/i&gt;" in html
    assert "red line" in html and "\x1b" not in html
