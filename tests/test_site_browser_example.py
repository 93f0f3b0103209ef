"""The example change record end to end: zowe-ha run, zowe-ha publish, then Chromium.

This is the site `make demo` builds, checked the way a reviewer would open it:
from file://, with no network, no console error, every notebook's status and
the sign-off state shown in words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_site_browser import ARGS, CHROMIUM
from zowe_ha_lib.cli import main as cli

pytestmark = [pytest.mark.browser, pytest.mark.notebook]


def test_example_record_site(example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import sync_playwright

    assert cli(["run", str(example_copy)]) in (0, 1)
    out = tmp_path / "site"
    assert cli(["publish", str(example_copy), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str((out / "index.html").resolve())
    manifest = json.loads((example_copy / "report" / "manifest.json").read_text())
    labels = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "unknown": "UNKNOWN", "n/a": "N/A", "error": "ERROR"}
    requests: list[str] = []
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.goto((out / "index.html").as_uri())
        page.click(f"text={manifest['change']}")
        page.wait_for_url("**/records/*/index.html")
        assert page.locator("#record-outcome").inner_text() == labels[manifest["outcome"]]
        assert page.locator("#record-signoff").inner_text() == "unsigned"
        for nb in manifest["notebooks"]:
            section = page.locator(f"#nb-{nb['name']}")
            assert section.locator(".nb-outcome .status").inner_text() == labels[nb["status"]]
            for img in section.locator("img").all():
                assert img.evaluate("i => i.complete && i.naturalWidth > 0"), nb["name"]
        assert "injected-parameters" not in page.content()
        for path in sorted(out.rglob("*.html")):
            page.goto(path.as_uri())
        browser.close()
    assert [u for u in requests if not u.startswith("file://")] == []
    assert console == []
