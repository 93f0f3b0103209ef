"""End to end in a real browser: JupyterLab, the guided-setup notebook, ipywidgets.

Debian's Chromium, driven by Playwright, opens the notebook in a private
JupyterLab server and runs it. The form must be in view after Run All and
start a new record; a problem shows next to its field in the form's words;
renaming a system carries through the distribution; the failover preview
follows the events typed; Save asks before it replaces another record's
change.yaml and keeps the old file; and the saved change.yaml loads with
the command line's model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.lab import jupyter_lab
from tests.support.paths import ROOT
from zowe_ha_lib.record.load import load_record

IN_VIEW = """form => {
    const scroller = form.closest('.jp-WindowedPanel-outer') || form.closest('.jp-Notebook');
    const f = form.getBoundingClientRect(), s = scroller.getBoundingClientRect();
    return f.top < s.bottom - 50 && f.bottom > s.top + 50;
}"""


def _run_all(page, expect) -> None:
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
            return
        except Exception:
            if attempt == 2:
                raise


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_guided_setup_in_jupyterlab(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "guided-setup.ipynb", root / "notebooks")
    shutil.copytree(ROOT / "runbooks" / "CHG0001", root / "runbooks" / "CHG0001",
                    ignore=shutil.ignore_patterns("report", "history", "evidence"))
    example = (root / "runbooks" / "CHG0001" / "change.yaml").read_text()
    with jupyter_lab(root, tmp_path / "state") as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(lab.open_url("notebooks/guided-setup.ipynb"))
            _run_all(page, expect)
            form = page.locator(".zha-form")
            preview = page.locator(".zha-preview")
            # A new record, not the shipped example, and the form is in view after Run All.
            expect(page.locator(".zha-change-id input")).to_have_value("CHG0100")
            expect(page.locator(".zha-sample-note")).to_contain_text("sample values")
            expect(preview).to_contain_text("203.0.113.50", timeout=20_000)
            page.wait_for_timeout(500)  # let JupyterLab finish scrolling after the last cell
            assert form.evaluate(IN_VIEW)

            # One field changes -> the statements follow.
            page.locator(".zha-dvipa input").first.fill("203.0.113.77")
            expect(preview).to_contain_text("203.0.113.77", timeout=20_000)

            # A mistake -> the problem appears under that field, in the form's words, and the field is marked.
            xcf_b = page.locator(".zha-system").nth(1).locator(".zha-sys-xcf input")
            xcf_b.fill("198.51.100.11")  # SYSA's address
            note = page.locator(".zha-system").nth(1).locator(".zha-field-problem")
            expect(note).to_have_text("Dynamic XCF address: 198.51.100.11 is also the dynamic XCF address of SYSA; "
                                      "each stack needs its own", timeout=20_000)
            expect(page.locator(".zha-system").nth(1).locator(".zha-sys-xcf.zha-invalid")).to_be_attached()
            field, under = xcf_b.bounding_box(), note.bounding_box()
            assert 0 <= under["y"] - (field["y"] + field["height"]) < 40  # right under the field
            assert under["x"] < field["x"] + field["width"] and under["x"] + 10 > field["x"] - 200
            expect(page.locator(".zha-problems")).to_contain_text("SYSB: Dynamic XCF address")
            expect(page.locator(".zha-problems")).not_to_contain_text("systems[1]")
            xcf_b.fill("198.51.100.12")
            expect(page.locator(".zha-problems")).to_contain_text("The record is valid", timeout=20_000)
            expect(note).to_have_count(0)

            # Rename SYSB -> SYSX: the distribution's backups follow, the record stays valid.
            page.locator(".zha-system").nth(1).locator(".zha-sys-name input").fill("SYSX")
            expect(page.locator(".zha-backups input").first).to_have_value("SYSX", timeout=20_000)
            expect(preview).to_contain_text("SYSX: TCP/IP profile statements", timeout=20_000)
            expect(page.locator(".zha-problems")).to_contain_text("The record is valid")

            # The failover preview follows the distribution and the events chosen.
            page.locator(".zha-timeline-events input").fill("SYSA:down, SYSX:down")
            expect(page.locator(".zha-timeline")).to_contain_text("NO TARGET", timeout=20_000)
            page.locator(".zha-autoswitchback input").first.uncheck()
            expect(page.locator(".zha-timeline")).to_contain_text("NOAUTOSWITCHBACK", timeout=20_000)

            # Save into the example's folder: the form asks, then replaces and keeps the old file.
            page.locator(".zha-folder input").fill("../runbooks/CHG0001")
            page.locator("button.zha-save").click()
            question = page.locator(".zha-confirm")
            expect(question).to_be_visible(timeout=20_000)
            expect(question).to_contain_text("holds change CHG0001, not CHG0100. Replace it?")
            assert (root / "runbooks" / "CHG0001" / "change.yaml").read_text() == example
            page.locator("button.zha-confirm-replace").click()
            status = page.locator(".zha-save-status")
            expect(status).to_contain_text("Saved runbooks/CHG0001/change.yaml", timeout=20_000)
            expect(status).to_contain_text("Next, in a terminal at the repository root: zowe-ha run runbooks/CHG0001")
            expect(question).to_be_hidden()
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()

    saved = load_record(root / "runbooks" / "CHG0001")
    assert saved.id == "CHG0100"
    gateway = saved.gateway()
    assert gateway is not None and gateway.dvipa == "203.0.113.77" and gateway.autoswitchback is False
    assert [s.name for s in saved.sysplex.systems] == ["SYSA", "SYSX"] and gateway.backups == ("SYSX",)
    kept = list((root / "runbooks" / "CHG0001").glob("change.yaml.*.bak"))
    assert len(kept) == 1 and kept[0].read_text() == example
