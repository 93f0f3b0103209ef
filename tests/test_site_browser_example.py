"""The example change record end to end: zowe-ha run, zowe-ha publish, then Chromium.

This is the site `make demo` builds, checked the way a reviewer would open it:
from file://, with no network, no console error, every notebook's status and
the sign-off state shown in words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.reports import ExampleRun
from zowe_ha_lib.cli import main as cli

pytestmark = [pytest.mark.browser, pytest.mark.notebook]


def test_example_record_site(example_run: ExampleRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import sync_playwright

    assert example_run.code in (0, 1)
    example_copy = example_run.copy(tmp_path / "CHG0001")
    out = tmp_path / "site"
    assert cli(["publish", str(example_copy), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str((out / "index.html").resolve())
    manifest = json.loads((example_copy / "report" / "manifest.json").read_text())
    labels = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "unknown": "UNKNOWN", "n/a": "N/A", "error": "ERROR"}
    requests: list[str] = []
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.goto((out / "index.html").as_uri())
        page.click(f"text={manifest['change']}")
        page.wait_for_url("**/records/*/index.html")
        assert page.locator("#record-outcome").inner_text() == labels[manifest["outcome"]]
        assert page.locator("#record-signoff").inner_text() == "unsigned"
        record_page = page.url
        for nb in manifest["notebooks"]:
            row = page.locator(f"#nb-{nb['name']}")
            assert row.locator(".nb-outcome .status").inner_text() == labels[nb["status"]]
        assert "injected-parameters" not in page.content()
        assert page.locator("#record-systems").inner_text() == "SYSA, SYSB, SYSC"
        ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        for nb in manifest["notebooks"]:
            page.goto(record_page)
            page.locator(f"#nb-{nb['name']} a").click()
            page.wait_for_url(f"**/notebooks/{nb['name']}.html")
            assert page.locator(".nb-outcome .status").first.inner_text() == labels[nb["status"]]
            alts = page.locator("img").evaluate_all("is => is.map(i => [i.alt, i.complete && i.naturalWidth > 0])")
            assert all(ok for _, ok in alts), nb["name"]
            assert len({alt for alt, _ in alts}) == len(alts), alts  # each picture its own alt text
            assert "injected-parameters" not in page.content()
        # A reviewer's context: in the requirement notebook each requirement's heading is
        # followed by prose, never by a smaller heading.
        page.goto(record_page.replace("index.html", "notebooks/10-requirements.html"))
        heads = page.locator("#nb-10-requirements h3, #nb-10-requirements h4").all_inner_texts()
        assert "Coupling facility connectivity (cf-connectivity)" in heads
        assert not any(h.startswith("Every processor") for h in heads)
        # Printed on A4 (about 680 CSS pixels of text width) no table runs off the page.
        page.set_viewport_size({"width": 680, "height": 960})
        page.emulate_media(media="print")
        for path in [out / "records" / manifest["change"] / "index.html",
                     *sorted((out / "records" / manifest["change"] / "notebooks").glob("*.html"))]:
            page.goto(path.as_uri())
            wide = page.evaluate("""() => [...document.querySelectorAll('table, pre, img')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map(e => e.querySelector('caption')?.textContent || e.tagName)""")
            assert wide == [], path
        page.emulate_media(media="screen")
        # On a 390 px phone no page scrolls sideways: wide tables and code scroll in their own box.
        page.set_viewport_size({"width": 390, "height": 844})
        for path in sorted(out.rglob("*.html")):
            page.goto(path.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        browser.close()
    assert [u for u in requests if not u.startswith("file://")] == []
    assert console == []
