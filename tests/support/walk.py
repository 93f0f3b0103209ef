"""Displays to paste into the walk, and a driver shared by its JupyterLab and Voila tests.

The displays are built from the example record CHG0001 (three systems; SYSA
owns and distributes 203.0.113.50, SYSB and SYSC back it up): a D ETR in
STP mode and one in LOCAL mode, and the two displays that verify the first
DVIPA step (SYSA's VIPADCFG from its capture, and a SYSPLEX,VIPADYN showing
the DVIPA active on SYSA only), plus a state display that is wrong for that
step (active on SYSB).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from zowe_ha_lib.requirements.registry import IDS
from zowe_ha_lib.runbook.walkmodel import WalkRecord

from .paths import EXAMPLE, ROOT, RUN_LEFTOVERS

ETR_GOOD = ("IEA386I 13.47.01 TIMING STATUS 512\n"
            "SYNCHRONIZATION MODE = STP  THIS SERVER IS A STRATUM 2\n"
            "CTN ID = PLEX1CTN  NUMBER OF USABLE TIMING LINKS = 4\n")
ETR_LOCAL = ("IEA282I 13.47.01 ETR STATUS 512\n"
             "SYNCHRONIZATION MODE = LOCAL  CPC SIDE = 0\n")


def vipadcfg_sysa() -> str:
    """SYSA's NETSTAT VIPADCFG as the example captured it (the owner's definitions of the whole plan)."""
    text = (EXAMPLE / "evidence" / "SYSA" / "netstat-distributor.txt").read_text()
    return text.split("IBMUSER:/u/ibmuser:>netstat -O")[0].split("\n", 1)[1]


def sysplex_vipadyn(*rows: str) -> str:
    """EZZ8260I for 203.0.113.50 with the given ``TCPNAME MVSNAME STATUS RANK DIST`` rows."""
    body = "".join(f"  {row}\n" for row in rows)
    return ("EZZ8260I SYSPLEX CS V2R5 361\n"
            "VIPA DYNAMIC DISPLAY FROM TCPIP    AT SYSA\n"
            "IPADDR: 203.0.113.50  LINKNAME: VIPLCB007132\n"
            "  ORIGIN: VIPADEFINE\n"
            "  TCPNAME  MVSNAME  STATUS RANK DIST\n"
            "  -------- -------- ------ ---- ----\n"
            f"{body}{len(rows)} OF {len(rows)} RECORDS DISPLAYED\n"
            "END OF THE REPORT\n")


STEP1_GOOD_STATE = ("TCPIP    SYSA     ACTIVE      BOTH",)
STEP1_WRONG_STATE = ("TCPIP    SYSB     ACTIVE      BOTH",)

TIMER_INDEX = IDS.index("sysplex-timer")
"""Position of the sysplex-timer step in the walk's list (the registry's order)."""
FIRST_DVIPA_INDEX = len(IDS)
"""The first DVIPA step comes right after the last requirement, whatever the registry holds."""


def lab_root(root: Path, notebooks: tuple[str, ...] = ("walk.ipynb",)) -> Path:
    """A folder laid out like the checkout: notebooks/ with the given notebooks, runbooks/CHG0001."""
    (root / "notebooks").mkdir(parents=True)
    for name in notebooks:
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks")
    shutil.copytree(EXAMPLE, root / "runbooks" / "CHG0001", ignore=shutil.ignore_patterns(*RUN_LEFTOVERS))
    return root / "runbooks" / "CHG0001"


def header_text(page) -> str:
    return page.locator(".zha-walk-progress").inner_text()


def choose_step(page, index: int) -> None:
    page.locator(".zha-walk-steps select").select_option(index=index)


def paste(page, step_css: str, text: str) -> None:
    page.locator(f"{step_css} .zha-walk-paste textarea").fill(text)


def shoot(page, element, path: Path) -> None:
    """A screenshot of one step, whole: the page grows tall enough for it first (JupyterLab and Voila
    lay their panels out to the window, so an element taller than the window would be cut)."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 3000})
    try:
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


def set_parameters(notebook: Path, **values: Any) -> None:
    """Give parameters new values in a notebook's parameters cell, as a person edits it (comments kept)."""
    nb = json.loads(notebook.read_text())
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    lines = "".join(cell["source"]).splitlines()
    for i, line in enumerate(lines):
        name = line.split(":", 1)[0]
        if name in values:
            typed, _, comment = line.partition("  # ")
            head = typed.split("=", 1)[0]
            lines[i] = f"{head}= {values[name]!r}  # {comment}"
    cell["source"] = "\n".join(lines)
    notebook.write_text(json.dumps(nb, indent=1))


def counts(record: Path) -> dict[str, int]:
    """Steps done, failed and to do in ``record`` as the walk reads it from disk (the registry may grow:
    the browser tests count from here rather than from numbers of their own)."""
    return WalkRecord.load(record).progress().counts


def said(c: dict[str, int], done: int = 0, failed: int = 0, todo: int = 0) -> str:
    """The header's words for ``c`` changed by the given amounts."""
    return f"{c['done'] + done} done, {c['failed'] + failed} failed, {c['to do'] + todo} to do"


ARTIFACTS = ROOT / "tests" / "artifacts"
TIMER = ".zha-walk-req-sysplex-timer"
STEP1 = ".zha-walk-apply-SYSA"


def clipboard_page(pw):
    """A Chromium page, 1500x1100, that may read and write the clipboard (the Copy buttons' test)."""
    from .browser import CHROMIUM, CHROMIUM_ARGS  # local: tests without a browser do not import it

    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 1500, "height": 1100},
                                  permissions=["clipboard-read", "clipboard-write"])
    return browser, context.new_page()


def timer_verdicts(page, expect, system: str, shot: Path):
    """The sysplex-timer step: Copy gives ``D ETR``; a good D ETR passes, a LOCAL one fails (screenshot).

    Returns the step's locator, its verdict showing the failure.
    """
    step = page.locator(TIMER)
    copy = step.locator(".zha-walk-commands button.zha-copy").first
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "D ETR"
    paste(page, TIMER, ETR_GOOD)
    verdict = step.locator(".zha-walk-verdict-line")
    expect(verdict).to_have_attribute("data-status", "pass", timeout=20_000)
    expect(verdict).to_contain_text(f"{system} timing mode STP")
    paste(page, TIMER, ETR_LOCAL)
    expect(verdict).to_have_attribute("data-status", "fail", timeout=20_000)
    expect(verdict).to_contain_text(f"{system} timing mode LOCAL")
    expect(step.locator(".zha-walk-verdict")).to_contain_text("Fix.")
    shoot(page, step, shot)
    return step
