"""The published site in Debian Chromium (Playwright, sync API), opened from file://.

One browser and one fixture site per module. Every page visit records its
requests, console messages, page errors and dialogs; the site must make no
request outside file:// (data: images are not requests), log no console
error, and a hostile record must show its markup as text and run nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.reports import HOSTILE, fixture_records, site_files
from tests.support.signing import sign_record
from zowe_ha_lib.publish import publish

pytestmark = pytest.mark.browser


@dataclass
class Watch:
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        outside = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert outside == [], outside
        assert [c for c in self.console if c[0] in ("error", "warning")] == []
        assert self.errors == [] and self.dialogs == []


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, executed_notebooks: dict[str, bytes]) -> Path:
    root = tmp_path_factory.mktemp("records")
    records = fixture_records(root, executed_notebooks)
    sign_record(records["CHG0001"], root / "keys", comment="Reviewed. " + HOSTILE)
    out = tmp_path_factory.mktemp("site") / "_build"
    publish(list(records.values()), out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(java_script_enabled=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    watch = Watch()
    pg.on("request", lambda r: watch.requests.append(r.url))
    pg.on("console", lambda m: watch.console.append((m.type, m.text)))
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(d: object) -> None:
        watch.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    pg.on("dialog", on_dialog)
    yield pg, watch
    context.close()


def visible_rows(pg: object) -> list[str]:
    return pg.locator("#records tbody tr:visible th a").all_inner_texts()  # type: ignore[attr-defined]


def test_index_filter_and_follow_a_record(site: Path, page: tuple) -> None:
    pg, watch = page
    pg.goto((site / "index.html").as_uri())
    assert pg.locator("#filter").is_visible()
    assert visible_rows(pg) == ["CHG0001", "CHG0666"]
    assert pg.locator("#filter-count").inner_text() == "Showing 2 of 2 change records."
    pg.fill("#filter-text", "hostile")
    assert visible_rows(pg) == ["CHG0666"]
    pg.fill("#filter-text", "plex1 jes2")
    assert visible_rows(pg) == ["CHG0001", "CHG0666"]
    pg.fill("#filter-text", "")
    pg.select_option("#filter-outcome", "warn")
    assert visible_rows(pg) == ["CHG0001"]
    pg.select_option("#filter-signoff", "unsigned")
    assert visible_rows(pg) == [] and pg.locator("#filter-empty").is_visible()
    pg.select_option("#filter-signoff", "signed")
    assert visible_rows(pg) == ["CHG0001"] and not pg.locator("#filter-empty").is_visible()
    assert pg.locator("#filter-count").inner_text() == "Showing 1 of 2 change records."
    pg.click("text=CHG0001")
    pg.wait_for_url("**/records/CHG0001/index.html")
    assert pg.locator("#record-outcome").inner_text() == "WARN"
    assert pg.locator("#record-signoff").inner_text() == "signed"
    signoffs = pg.locator("#signoffs table tbody tr").all_inner_texts()
    assert len(signoffs) == 1
    for word in ("alice@example.com", "reviewer", "approve", "valid", "Reviewed. " + HOSTILE):
        assert word in signoffs[0]
    findings = pg.locator("table.findings tbody tr").all_inner_texts()
    assert len(findings) == 3  # each finding once: the two that need attention, the one that passes
    assert any("jes2-mas" in row and "FAIL" in row for row in findings)
    nb = pg.locator("#nb-10-requirements")
    assert "WARN" in nb.locator(".nb-outcome").inner_text()
    nb.locator("a").click()
    pg.wait_for_url("**/records/CHG0001/notebooks/10-requirements.html")
    assert pg.locator("img[alt='Topology of PLEX1']").evaluate("img => img.complete && img.naturalWidth > 0")
    assert "PARAMETER-CELL-TEXT" not in pg.content()
    pg.click("nav[aria-label=Site] >> text=Requirements")
    pg.wait_for_url("**/requirements/index.html")
    assert pg.locator("table.matrix tbody tr").count() == 3
    watch.assert_clean()


def test_every_page_is_offline_and_error_free(site: Path, page: tuple) -> None:
    pg, watch = page
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        pg.goto(path.as_uri())
        pg.wait_for_load_state("load")
        sheets = pg.evaluate("document.styleSheets.length")
        assert sheets >= 2, path  # site.css and pygments.css loaded under the CSP
    assert watch.requests and all(u.startswith("file://") for u in watch.requests)
    watch.assert_clean()


def test_hostile_record_shows_markup_as_text_and_runs_nothing(site: Path, page: tuple) -> None:
    pg, watch = page
    pg.goto((site / "index.html").as_uri())
    row = pg.locator("#records tbody tr", has_text="CHG0666")
    assert "Hostile " + HOSTILE in row.inner_text()
    pg.click("text=CHG0666")
    pg.wait_for_url("**/records/CHG0666/index.html")
    assert pg.locator("h1").inner_text() == "CHG0666: Hostile " + HOSTILE
    assert HOSTILE in pg.locator("table.findings-attention").inner_text()  # host names in findings, as text
    pg.goto((site / "records" / "CHG0666" / "notebooks" / "10-requirements.html").as_uri())
    assert HOSTILE in pg.locator(".outcome-line").inner_text()
    pg.goto((site / "records" / "CHG0666" / "sources" / "evidence" / "SYSB" / "d-jes.txt.html").as_uri())
    assert HOSTILE in pg.locator("#L1").inner_text()
    # Nothing from the payloads became an element or a handler.
    active = pg.evaluate(
        """() => {
            const bad = [];
            for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) { if (a.name.startsWith('on') || a.name === 'style') bad.push(el.tagName + ' ' + a.name); }
            }
            const scripts = [...document.scripts].map(s => s.src);
            const imgs = [...document.images].map(i => i.getAttribute('src') || '').filter(s => !s.startsWith('data:'));
            return {bad, scripts, imgs};
        }"""
    )
    assert active == {"bad": [], "scripts": [], "imgs": []}
    pg.goto((site / "requirements" / "shared-dasd.html").as_uri())
    assert HOSTILE in pg.locator("main").inner_text()
    watch.assert_clean()


def test_keyboard_skip_link_and_focus(site: Path, page: tuple) -> None:
    pg, watch = page
    pg.goto((site / "records" / "CHG0001" / "index.html").as_uri())
    pg.keyboard.press("Tab")
    focused = pg.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    assert pg.evaluate("getComputedStyle(document.activeElement).top") != "-3em"
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.id") == "main"
    # Headings run in order: one h1, and no level is skipped going down.
    levels = pg.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))
    watch.assert_clean()


def test_print_view_hides_navigation_and_prints_no_link_targets(site: Path, page: tuple) -> None:
    pg, watch = page
    pg.goto((site / "records" / "CHG0001" / "index.html").as_uri())
    pg.emulate_media(media="print")
    assert not pg.locator("nav[aria-label=Site]").is_visible()
    assert not pg.locator("nav.toc").is_visible()
    # On paper a link prints its words only, not its (relative, meaningless) target.
    for link in pg.locator("main a[href]").all():
        assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    pdf = pg.pdf()
    assert pdf[:4] == b"%PDF"
    watch.assert_clean()


def test_a_findings_file_and_line_opens_that_line_of_the_kept_evidence(site: Path, page: tuple) -> None:
    pg, watch = page
    pg.goto((site / "records" / "CHG0001" / "index.html").as_uri())
    row = pg.locator("table.findings tbody tr", has_text="jes2-mas")
    row.locator("td.evidence a").click()
    pg.wait_for_url("**/records/CHG0001/sources/evidence/SYSB/d-jes.txt.html#L1")
    target = pg.locator("tr:target")
    assert target.get_attribute("id") == "L1"
    assert "$HASP608 SYSB" in target.inner_text() and "FAIL" in target.inner_text() and "jes2-mas" in target.inner_text()
    assert target.evaluate("tr => tr.getBoundingClientRect().top < window.innerHeight")  # scrolled into view
    pg.click("text=CHG0001: Enable Zowe high availability")
    pg.wait_for_url("**/records/CHG0001/index.html#findings")
    watch.assert_clean()


def test_no_page_scrolls_sideways_on_a_390_px_phone(site: Path, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    try:
        pg = context.new_page()
        for path in site_files(site):
            pg.goto(path.as_uri())
            wide = pg.evaluate("document.documentElement.scrollWidth")
            assert wide <= pg.evaluate("window.innerWidth"), (path, wide)
    finally:
        context.close()
