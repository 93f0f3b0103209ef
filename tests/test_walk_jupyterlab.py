"""End to end in a real browser: the walk notebook in JupyterLab (Chromium, Playwright, a real kernel).

One session walks a copy of the example record the way a person would: the
Copy button puts the display on the clipboard; a good D ETR pasted gives a
pass, a LOCAL one a fail with the fix; Save writes the response into the
record's evidence folder (and asks before replacing it); the progress header
follows the disk, and a reopened notebook shows the same progress; the
first DVIPA step shows what differs (and the roll-back) for a wrong display
and is verified by the right one; and the report run from the walk's last
step reads the evidence saved during the walk.

Screenshots of a requirement step and a DVIPA step are saved in
``tests/artifacts/`` (the path is printed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.fake_zosmf import FakeZosmf, assert_no_secret
from tests.support.lab import jupyter_lab
from tests.support.walk import (
    ARTIFACTS,
    ETR_GOOD,
    ETR_LOCAL,
    FIRST_DVIPA_INDEX,
    STEP1,
    STEP1_GOOD_STATE,
    STEP1_WRONG_STATE,
    TIMER,
    TIMER_INDEX,
    choose_step,
    clipboard_page,
    counts,
    header_text,
    lab_root,
    paste,
    said,
    set_parameters,
    shoot,
    sysplex_vipadyn,
    timer_verdicts,
    vipadcfg_sysa,
)
from zowe_ha_lib.requirements import registry


def _run_all(page, expect) -> None:
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    # As in the guided-setup test: wait for the kernel, and retry a Run All sent too early.
    expect(page.locator(".jp-StatusBar-Item", has_text="| Idle").first).to_be_visible(timeout=90_000)
    for attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
        try:
            page.locator(".zha-walk-progress").wait_for(timeout=40_000)
            return
        except Exception:
            if attempt == 2:
                raise


@pytest.mark.browser
@pytest.mark.timeout(600)
def test_walk_in_jupyterlab(tmp_path: Path, tls: tuple[Path, Path], capfd) -> None:
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "lab"
    record = lab_root(root)
    cert, key = tls
    user, secret = "IBMUSER", "walk-lab-S3cret!7"
    saved = record / "evidence" / "SYSA" / "walk-sysplex-timer.txt"
    step_file = record / "evidence" / "SYSA" / "walk-apply.txt"
    start = counts(record)  # the timer step passes on disk; the three DVIPA steps and the verification are to do
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"requirement": ARTIFACTS / "walk-requirement-jupyterlab.png", "dvipa": ARTIFACTS / "walk-dvipa-jupyterlab.png"}
    with FakeZosmf(cert, key, users={user: secret}) as fake, jupyter_lab(root, tmp_path / "state") as lab, \
            sync_playwright() as pw:
        for display in registry.requirement("sysplex-timer").display_list():  # what the timer step collects
            cmd = display.command()
            fake.respond("SYSC", cmd, ETR_LOCAL if display.key == "d-etr" else f"{display.expect[0]} {cmd} ON SYSC")
        # The z/OSMF the walk may collect from, as a person fills in the parameters cell.
        set_parameters(root / "notebooks" / "walk.ipynb", zosmf_url=fake.url, zosmf_user=user, ca_bundle=str(cert),
                       poll_interval=0.0)
        browser, page = clipboard_page(pw)
        try:
            page.goto(lab.open_url("notebooks/walk.ipynb"))
            _run_all(page, expect)
            header = page.locator(".zha-walk-progress")
            expect(header).to_contain_text(said(start), timeout=30_000)

            # A requirement step: what and why from the registry, the display with a Copy button.
            choose_step(page, TIMER_INDEX)
            step = page.locator(TIMER)
            expect(step).to_contain_text("Sysplex timer (STP)", timeout=20_000)
            expect(step).to_contain_text("Why Zowe HA needs it.")
            # Copy, then a good and a faulty D ETR: each verdict appears as soon as the text is there.
            timer_verdicts(page, expect, "SYSA", shots["requirement"])

            # Save: the file is in the record; the header counts the failure, from the disk.
            step.locator("button.zha-walk-save").click()
            expect(step.locator(".zha-walk-saved")).to_contain_text("Saved evidence/SYSA/walk-sysplex-timer.txt",
                                                                     timeout=20_000)
            assert saved.read_text() == ETR_LOCAL
            expect(header).to_contain_text(said(start, done=-1, failed=1), timeout=20_000)

            # Saving other text over it asks first; Keep leaves it, Replace replaces it.
            paste(page, TIMER, ETR_GOOD)
            step.locator("button.zha-walk-save").click()
            question = step.locator(".zha-walk-confirm")
            expect(question).to_be_visible(timeout=20_000)
            expect(question).to_contain_text("already exists")
            step.locator("button.zha-walk-cancel").click()
            expect(question).to_be_hidden()
            assert saved.read_text() == ETR_LOCAL
            step.locator("button.zha-walk-save").click()
            step.locator("button.zha-walk-replace").click()
            expect(header).to_contain_text(said(start), timeout=20_000)
            assert saved.read_text() == ETR_GOOD

            # The first DVIPA step: a wrong state says what differs and offers the roll-back; the right one verifies.
            choose_step(page, FIRST_DVIPA_INDEX)
            dvipa = page.locator(STEP1)
            expect(dvipa.locator(".zha-walk-statements")).to_contain_text("VIPADEFINE", timeout=20_000)
            expect(dvipa).to_contain_text("V TCPIP,TCPIP,OBEYFILE,DSN=SYS1.TCPPARMS(ZWEHASA)")
            paste(page, STEP1, vipadcfg_sysa() + sysplex_vipadyn(*STEP1_WRONG_STATE))
            line = dvipa.locator(".zha-walk-verdict-line")
            expect(line).to_have_attribute("data-status", "fail", timeout=20_000)
            expect(dvipa.locator(".zha-walk-differences")).to_contain_text("it must be ACTIVE on SYSA only")
            expect(dvipa.locator(".zha-walk-rollback")).to_contain_text("VIPADELETE")
            paste(page, STEP1, vipadcfg_sysa() + sysplex_vipadyn(*STEP1_GOOD_STATE))
            expect(line).to_have_attribute("data-status", "pass", timeout=20_000)
            expect(line).to_contain_text("verified")
            expect(dvipa.locator(".zha-walk-rollback")).to_have_count(0)
            dvipa.locator("button.zha-walk-save").click()
            expect(dvipa.locator(".zha-walk-step-head")).to_contain_text("Saved in evidence/SYSA/walk-apply.txt",
                                                                          timeout=20_000)
            assert step_file.is_file()
            shoot(page, dvipa, shots["dvipa"])
            expect(header).to_contain_text(said(start, done=1, todo=-1), timeout=20_000)
            progress = header_text(page)

            # Reopen: a new kernel, nothing in memory; the progress comes back from the record folder.
            page.reload()
            _run_all(page, expect)
            expect(page.locator(".zha-walk-progress")).to_have_text(progress, timeout=30_000)

            # Collect through z/OSMF: the password is asked for, used once and cleared; the answer is judged.
            choose_step(page, TIMER_INDEX)
            step = page.locator(TIMER)
            step.locator(".zha-walk-system button", has_text="SYSC").click()
            step.locator("button.zha-walk-collect").click()
            step.locator(".zha-walk-password input").fill(secret)
            step.locator("button.zha-walk-collect-go").click()
            expect(step.locator(".zha-walk-collect-status")).to_contain_text("Collected from SYSC", timeout=30_000)
            expect(step.locator(".zha-walk-verdict-line")).to_contain_text("SYSC timing mode LOCAL")
            assert "D ETR on SYSC" in step.locator(".zha-walk-paste textarea").input_value()
            assert step.locator(".zha-walk-password input").input_value() == ""

            # The end of the walk: the report runs with its progress shown, then the sign command.
            choose_step(page, page.locator(".zha-walk-steps select option").count() - 1)
            page.locator("button.zha-walk-run").click()
            outcome = page.locator(".zha-walk-outcome")
            expect(outcome).to_be_visible(timeout=400_000)
            assert "zowe-ha run runbooks/CHG0001" in page.locator(".zha-walk-run-log textarea").input_value()
            expect(page.locator(".zha-walk-sign")).to_contain_text(
                "zowe-ha sign runbooks/CHG0001 --key ~/.ssh/id_ed25519 --signer YOU@example.com --role implementer")
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"failure screenshot: {tmp_path / 'failure.png'}")
            raise
        finally:
            browser.close()
    assert_no_secret(root, user, secret, *capfd.readouterr())
    print(f"screenshots: {shots['requirement']} {shots['dvipa']}")

    # The report the walk ran read the evidence saved during the walk, and keeps a copy of it.
    report = record / "report"
    check = json.loads((report / "check.json").read_text())
    timer = [f for f in check["findings"] if f["requirement"] == "sysplex-timer" and f["system"] == "SYSA"]
    assert timer and timer[0]["status"] == "pass"
    assert timer[0]["evidence"].startswith("evidence/SYSA/walk-sysplex-timer.txt:")
    assert (report / "sources" / "evidence" / "SYSA" / "walk-sysplex-timer.txt").read_text() == ETR_GOOD
    listed = {f["path"] for f in json.loads((report / "manifest.json").read_text())["files"]}
    assert "sources/evidence/SYSA/walk-sysplex-timer.txt" in listed
