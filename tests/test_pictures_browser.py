"""The pictures in Chromium: the width estimate holds for the real font, so labels really stay in their boxes.

tests/test_pictures.py checks the layout against the kit's own width estimate
(:func:`zowe_ha_lib.runbook.pictures.text_width`); here the browser measures
every drawn label with ``getBBox`` and the estimate must never be smaller.
"""

from __future__ import annotations

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.paths import EXAMPLE
from tests.support.records import build, systems
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.runbook.pictures import timeline_svg, topology_svg
from zowe_ha_lib.tcpip.failover import from_record, run

pytestmark = pytest.mark.browser

NAMES = ["SYSA", "WWWWWWWW", "mmmmmmmmmmmmmmmmmmmm", "Ünïcødé-Sÿstem", "@@@@%%%%", "0123456789", "(no, a target)"]


def pictures() -> dict[str, str]:
    record = load_record(EXAMPLE)
    result = run(from_record(record, record.gateway()), ["SYSA:down", "SYSB:unhealthy", "SYSB:down", "SYSC:down"])
    long_record = build({
        "change": {"id": "LONG", "title": "long"},
        "sysplex": {"name": "PLEXWWWW", "systems": [*systems(3), {"name": "WWWWWWWW", "dynamic_xcf": "198.51.100.99"}]},
        "distributions": [{"name": "a-long-distribution-name-for-the-gateway", "dvipa": "203.0.113.5",
                           "hostname": "a-very-long-host-name.with.many.subdomains.example.com",
                           "ports": [7554, 7555, 7556, 7557, 7558, 7559], "preferred": "WWWWWWWW",
                           "backups": ["SYSA", "SYSB"]}],
    })
    odd = [{"event": f"{n}:server-down then more words", "active": n if i % 2 else None, "states": {m: "unhealthy" for m in NAMES}}
           for i, n in enumerate(NAMES)]
    return {
        "topology": topology_svg(record),
        "timeline": timeline_svg(result["timeline"], result["distribution"]["targets"]),
        "long topology": topology_svg(long_record),
        "odd timeline": timeline_svg(odd, NAMES, "Failover timeline of WWWWWWWW: everything"),
    }


MEASURE = """svg => {
    const bad = [];
    const box = svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll('text')) {
        const b = t.getBBox();
        if (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5 || b.y + b.height > box.y + box.height + 0.5)
            bad.push(['outside the picture', t.textContent, b.x, b.x + b.width]);
    }
    for (const g of svg.querySelectorAll('g.box')) {
        const r = g.querySelector('rect').getBBox();
        for (const t of g.querySelectorAll('text')) {
            const b = t.getBBox();
            if (b.x < r.x - 0.5 || b.x + b.width > r.x + r.width + 0.5)
                bad.push(['outside its box', t.textContent, b.x, b.x + b.width, r.x, r.x + r.width]);
        }
    }
    return bad;
}"""


def test_labels_stay_inside_when_the_browser_measures_them() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for name, svg in pictures().items():
                page.set_content(f"<!DOCTYPE html><html><body>{svg}</body></html>")
                page.evaluate("document.fonts.ready")
                assert page.locator("svg text").count() > 5, name
                assert page.locator("svg").evaluate(MEASURE) == [], name
        finally:
            browser.close()
