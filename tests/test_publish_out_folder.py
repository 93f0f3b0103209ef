"""publish --out pointing somewhere it must not write, and a tampered build state.

The site folder is the kit's to replace; anything else (a file, the repository
root, a record, a report, a folder of someone's files) is refused with exit 2
before anything is written. The build state file is input too: a record id in
it must never lead the clean-up outside the site.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from tests.support.cli import assert_clean_rejection, zowe_ha
from tests.support.reports import make_report

pytestmark = pytest.mark.timeout(60)


def _record(root: Path, change: str = "CHG0001") -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Sysplex requirements")])
    return make_report(root / change, nbformat.writes(nb).encode())


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    rec = _record(tmp_path)
    target = tmp_path / "site.html"
    target.write_text("mine\n")
    answer = zowe_ha(capsys, "publish", rec, "--out", target)
    assert_clean_rejection(answer, "site.html")
    assert target.read_text() == "mine\n"


def test_out_that_is_a_folder_of_other_files_is_refused(tmp_path, capsys):
    rec = _record(tmp_path)
    docs = tmp_path / "docs"
    (docs / "requirements").mkdir(parents=True)
    (docs / "index.html").write_text("my home page\n")
    (docs / "requirements" / "notes.html").write_text("my notes\n")
    before = _tree(docs)
    answer = zowe_ha(capsys, "publish", rec, "--out", docs)
    assert_clean_rejection(answer, "docs")
    assert _tree(docs) == before


@pytest.mark.parametrize("where", ["report", "report/site", "record"])
def test_out_inside_a_record_or_its_report_is_refused(tmp_path, capsys, where):
    """The site written into a report would change the report: verify would then fail it."""
    rec = _record(tmp_path)
    out = rec if where == "record" else rec / where
    before = _tree(rec)
    answer = zowe_ha(capsys, "publish", rec, "--out", out)
    assert_clean_rejection(answer, "--out")
    assert _tree(rec) == before


def test_rebuilding_a_site_into_its_own_folder_still_works(tmp_path, capsys):
    rec = _record(tmp_path)
    out = tmp_path / "site"
    assert zowe_ha(capsys, "publish", rec, "--out", out).code == 0
    assert zowe_ha(capsys, "publish", rec, "--out", out, "--force").code == 0


def test_empty_existing_out_folder_is_fine(tmp_path, capsys):
    rec = _record(tmp_path)
    (tmp_path / "site").mkdir()
    assert zowe_ha(capsys, "publish", rec, "--out", tmp_path / "site").code == 0


@pytest.mark.parametrize("bad_id", ["../../victim", "CHG0001/../../../victim", "ABSOLUTE"])
def test_tampered_build_state_never_removes_anything_outside_the_site(tmp_path, capsys, bad_id):
    """Only ever a victim under tmp_path: before the fix publish really deleted it (never aim this at a system path)."""
    rec = _record(tmp_path)
    out = tmp_path / "site"
    assert zowe_ha(capsys, "publish", rec, "--out", out).code == 0
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "data").write_text("precious\n")
    state = out / ".zowe-ha-site.json"
    data = json.loads(state.read_text())
    data["records"][str(victim) if bad_id == "ABSOLUTE" else bad_id] = "0" * 64
    state.write_text(json.dumps(data))
    answer = zowe_ha(capsys, "publish", rec, "--out", out)
    assert answer.code == 0, answer.err
    assert (victim / "data").read_text() == "precious\n"
    assert "victim" not in answer.out
