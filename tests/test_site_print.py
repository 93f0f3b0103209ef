"""A record printed: each finding once, so a failing record fits in a handful of pages.

The record pages of the two example records are built from their real check
findings (63 for the faulty one) and printed on A4 by Chromium. Before the
findings appeared once (and the notebooks moved to pages of their own) the
faulty record printed on 42 pages and the healthy one on 37.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, pdf_pages
from tests.support.paths import EXAMPLE, FAULTY
from tests.support.reports import checked_report
from zowe_ha_lib.publish import publish

pytestmark = pytest.mark.browser

MAX_PAGES = 6


def test_each_finding_once_and_a_handful_of_printed_pages(tmp_path: Path, executed_notebooks: dict[str, bytes]) -> None:
    from playwright.sync_api import sync_playwright

    records = {"CHG0001": checked_report(tmp_path / "CHG0001", EXAMPLE, executed_notebooks["plain"], "pass"),
               "CHG0002": checked_report(tmp_path / "CHG0002", FAULTY, executed_notebooks["plain"], "fail")}
    out = tmp_path / "site"
    publish(list(records.values()), out)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for cid, record in records.items():
                findings = json.loads((record / "report" / "check.json").read_text())["findings"]
                attention = [f for f in findings if f["status"] not in ("pass", "n/a")]
                page.goto((out / "records" / cid / "index.html").as_uri())
                assert page.locator("table.findings tbody tr").count() == len(findings), cid
                assert page.locator("table.findings-attention tbody tr").count() == len(attention), cid
                # Every finding's file:line that names a kept evidence file links to that line.
                cited = [f for f in findings if f["evidence"] and ":" in f["evidence"]]
                links = page.locator("table.findings td.evidence a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
                assert len(links) == len(cited) and all("#L" in h for h in links), cid
                pages = pdf_pages(page.pdf(format="A4"))
                assert 1 <= pages <= MAX_PAGES, (cid, pages)
        finally:
            browser.close()
    assert len(json.loads((records["CHG0002"] / "report" / "check.json").read_text())["findings"]) > 40
