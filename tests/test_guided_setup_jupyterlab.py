"""End to end in a real browser: JupyterLab, the guided-setup notebook, ipywidgets.

Debian's Chromium, driven by Playwright, opens the notebook in a private
JupyterLab server, runs it, edits the form, watches the preview follow,
saves, and the saved change.yaml must load with the command line's model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.lab import jupyter_lab
from tests.support.paths import ROOT
from zowe_ha_lib.record.load import load_record


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_guided_setup_in_jupyterlab(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "guided-setup.ipynb", root / "notebooks")
    shutil.copytree(ROOT / "runbooks" / "CHG0001", root / "runbooks" / "CHG0001",
                    ignore=shutil.ignore_patterns("report", "history", "evidence"))
    with jupyter_lab(root, tmp_path / "state") as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(lab.open_url("notebooks/guided-setup.ipynb"))
            page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
            # The toolbar can say "idle" before the kernel is connected, and a Run All sent
            # then is dropped; wait for the status bar's kernel status, and retry Run All.
            expect(page.locator(".jp-StatusBar-Item", has_text="| Idle").first).to_be_visible(timeout=90_000)
            form = page.locator(".zha-form")
            for attempt in range(3):
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
                try:
                    form.wait_for(timeout=40_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
            preview = page.locator(".zha-preview")
            expect(page.locator(".zha-change-id input")).to_have_value("CHG0001")
            expect(preview).to_contain_text("203.0.113.50", timeout=20_000)

            # One field changes -> the statements follow.
            page.locator(".zha-dvipa input").first.fill("203.0.113.77")
            expect(preview).to_contain_text("203.0.113.77", timeout=20_000)
            # A mistake -> the CLI's problem line appears and the field is marked.
            page.locator(".zha-dvipa input").first.fill("198.51.100.12")
            expect(page.locator(".zha-problems")).to_contain_text("distributions[0].dvipa", timeout=20_000)
            expect(page.locator(".zha-dvipa.zha-invalid").first).to_be_attached()
            page.locator(".zha-dvipa input").first.fill("203.0.113.77")
            expect(page.locator(".zha-problems")).to_contain_text("The record is valid", timeout=20_000)
            # Switchback off -> the timeline says so.
            page.locator(".zha-autoswitchback input").first.uncheck()
            expect(page.locator(".zha-timeline")).to_contain_text("NOAUTOSWITCHBACK", timeout=20_000)

            page.locator(".zha-change-id input").fill("CHG0900")
            page.locator(".zha-folder input").fill("../runbooks/CHG0900")
            page.locator("button.zha-save").click()
            expect(page.locator(".zha-save-status")).to_contain_text("Saved", timeout=20_000)
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()

    saved = load_record(root / "runbooks" / "CHG0900")
    assert saved.id == "CHG0900"
    gateway = saved.gateway()
    assert gateway is not None and gateway.dvipa == "203.0.113.77" and gateway.autoswitchback is False
    assert [s.name for s in saved.sysplex.systems] == ["SYSA", "SYSB", "SYSC"]
