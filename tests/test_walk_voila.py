"""The walk and the guided setup as an app: Voila (``make app``), Chromium, Playwright, a real kernel.

People without JupyterLab open the walk in Voila: no code cell is shown,
only the widgets. A good D ETR gives a pass and a LOCAL one a fail; Save
writes the response into the record; a reopened page (a new kernel) shows
the same progress; the first DVIPA step is verified by its displays. The
guided setup's form opens there too. Screenshots of a requirement step and
a DVIPA step are saved in ``tests/artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.voila import voila_server
from tests.support.walk import (
    ARTIFACTS,
    ETR_LOCAL,
    FIRST_DVIPA_INDEX,
    STEP1,
    STEP1_GOOD_STATE,
    TIMER,
    TIMER_INDEX,
    choose_step,
    clipboard_page,
    counts,
    header_text,
    lab_root,
    paste,
    said,
    shoot,
    sysplex_vipadyn,
    timer_verdicts,
    vipadcfg_sysa,
)


def _no_code_shown(page) -> None:
    """Voila shows outputs and text only: no code cell's input, no source text of the notebook's code."""
    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, .jp-InputPrompt").count() == 0
    assert "show_walk(" not in page.content() and "SetupForm.for_folder" not in page.content()


@pytest.mark.browser
@pytest.mark.timeout(600)
def test_walk_in_voila(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "app"
    record = lab_root(root, ("walk.ipynb", "guided-setup.ipynb"))
    saved = record / "evidence" / "SYSB" / "walk-sysplex-timer.txt"
    start = counts(record)
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"requirement": ARTIFACTS / "walk-requirement-voila.png", "dvipa": ARTIFACTS / "walk-dvipa-voila.png"}
    with voila_server(root / "notebooks", tmp_path / "state") as app, sync_playwright() as pw:
        browser, page = clipboard_page(pw)
        try:
            page.goto(app.open_url("walk.ipynb"))
            header = page.locator(".zha-walk-progress")
            expect(header).to_contain_text(said(start), timeout=120_000)
            _no_code_shown(page)

            choose_step(page, TIMER_INDEX)
            step = page.locator(TIMER)
            expect(step).to_contain_text("Sysplex timer (STP)", timeout=20_000)
            step.locator(".zha-walk-system button", has_text="SYSB").click()
            expect(step.locator(".zha-walk-commands")).to_contain_text("(on SYSB)", timeout=20_000)
            timer_verdicts(page, expect, "SYSB", shots["requirement"])
            step.locator("button.zha-walk-save").click()
            expect(step.locator(".zha-walk-saved")).to_contain_text("Saved evidence/SYSB/walk-sysplex-timer.txt",
                                                                     timeout=20_000)
            assert saved.read_text() == ETR_LOCAL
            expect(header).to_contain_text(said(start, done=-1, failed=1), timeout=20_000)

            choose_step(page, FIRST_DVIPA_INDEX)
            dvipa = page.locator(STEP1)
            paste(page, STEP1, vipadcfg_sysa() + sysplex_vipadyn(*STEP1_GOOD_STATE))
            line = dvipa.locator(".zha-walk-verdict-line")
            expect(line).to_have_attribute("data-status", "pass", timeout=20_000)
            expect(line).to_contain_text("verified")
            dvipa.locator("button.zha-walk-save").click()
            expect(header).to_contain_text(said(start, failed=1, todo=-1), timeout=20_000)
            shoot(page, dvipa, shots["dvipa"])
            progress = header_text(page)

            # Reopen the app: a new kernel, the same progress, read from the record folder.
            page.reload()
            expect(page.locator(".zha-walk-progress")).to_have_text(progress, timeout=120_000)

            # The guided setup runs as an app too, its form without code.
            page.goto(app.open_url("guided-setup.ipynb"))
            expect(page.locator(".zha-form")).to_be_visible(timeout=120_000)
            expect(page.locator(".zha-change-id input")).to_have_value("CHG0100")
            _no_code_shown(page)
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"failure screenshot: {tmp_path / 'failure.png'}; voila log: {app.log}")
            raise
        finally:
            browser.close()
    assert (record / "evidence" / "SYSA" / "walk-apply.txt").is_file()
    print(f"screenshots: {shots['requirement']} {shots['dvipa']}")
