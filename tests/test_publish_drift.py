"""The site: "changes since the signed baseline", the sign-off policy and the change ticket on a record's page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.reports import fake_report
from tests.support.signing import Team
from zowe_ha_lib.publish.site import publish

GRS_LOG = "evidence/SYSA/syslog-plex1-20241125.txt"


def text_of(page: str, element_id: str) -> str:
    """The text of the element with ``element_id`` (tags dropped, blanks squashed)."""
    match = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, element_id
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def section(page: str, element_id: str) -> str:
    match = re.search(rf'<section id="{element_id}".*?</section>', page, re.S)
    assert match, element_id
    return match.group(0)


def rows(page: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="{table_class}">.*?</table>', page, re.S)
    assert table, table_class
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split())
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)][1:]


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path / "keys", tmp_path / "recs" / "allowed_signers")


def test_the_record_page_shows_drift_and_the_policy_until_a_reviewer_signs(example_run, tmp_path: Path, team: Team) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    (record.parent / "signoff-policy.yaml").write_text("policy_version: 1\nroles: [reviewer]\n")
    team.sign(record, "alice@example.com", "implementer")
    site = tmp_path / "site"
    publish([record], site)
    page = (site / "records/CHG0001/index.html").read_text()
    assert text_of(page, "record-drift") == "none since report ( see them )"
    assert "Nothing changed since the signed baseline." in section(page, "drift")
    assert text_of(page, "record-policy") == "not met : 2 things missing ( see the policy )"
    assert "as recs/signoff-policy.yaml says" in text_of(page, "policy-intro")
    assert str(tmp_path) not in page  # no local path on a page read elsewhere
    assert text_of(page, "policy-missing") == ("result: no approval by a reviewer result: only the implementer "
                                               "(alice@example.com) approved; the policy asks for an approval by someone else")

    log = record / GRS_LOG
    log.write_text(log.read_text().replace("SYSB      CONNECTED", "SYSB      QUIESCED ", 1))
    result = publish([record], site)
    assert result.rendered == ["CHG0001"]  # a new capture in evidence/ changes the page
    page = (site / "records/CHG0001/index.html").read_text()
    assert text_of(page, "record-drift") == "1 worse, 0 better, 1 changed since report ( see them )"
    drift = rows(section(page, "drift"), "drift")
    assert drift[0].startswith("worse shared-dasd on SYSB pass fail GRS state of SYSB is QUIESCED")
    assert drift[1].startswith("changed D GRS on SYSA: systems[SYSB].state CONNECTED QUIESCED")
    assert "signed by alice@example.com" in section(page, "drift")

    team.sign(record, "bob@example.com", "reviewer", comment="SYSB is being re-IPLed; accepted")
    result = publish([record], site)
    assert result.rendered == ["CHG0001"]
    page = (site / "records/CHG0001/index.html").read_text()
    assert text_of(page, "record-policy") == "met"
    assert 'id="policy-missing"' not in page
    assert "bob@example.com (reviewer, " in text_of(page, "policy-approved-result")
    signoffs = rows(section(page, "signoffs"), "signoffs")
    assert [r.split()[:4] for r in signoffs] == [["alice@example.com", "implementer", "result", "approve"],
                                                 ["bob@example.com", "reviewer", "result", "approve"]]
    # The baseline is now the report bob signed too: the drift is measured against it all the same.
    assert text_of(page, "record-drift").startswith("1 worse")


def test_a_record_without_a_signed_report_says_there_is_no_baseline_yet(example_run, tmp_path: Path) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    publish([record], tmp_path / "site")
    page = (tmp_path / "site/records/CHG0001/index.html").read_text()
    assert text_of(page, "record-drift") == "no signed baseline yet"
    assert "No signed baseline to compare with yet" in section(page, "drift")
    assert 'id="record-policy"' not in page and 'id="policy"' not in page


def test_a_record_that_cannot_be_compared_says_why(example_run, tmp_path: Path, team: Team) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    team.sign(record, "alice@example.com", "implementer")
    (record / "change.yaml").write_text((record / "change.yaml").read_text().replace("name: PLEX1", "name: PLEX-ONE"))
    publish([record], tmp_path / "site")
    page = (tmp_path / "site/records/CHG0001/index.html").read_text()
    assert text_of(page, "record-drift") == "cannot compare ( why )"
    assert "CHG0001/change.yaml:10: sysplex.name: 'PLEX-ONE' is not valid" in text_of(page, "drift-error")
    assert str(tmp_path) not in page


def test_the_change_ticket_is_a_link_only_when_it_is_an_http_address(example_copy: Path, tmp_path: Path) -> None:
    text = (example_copy / "change.yaml").read_text()
    (example_copy / "change.yaml").write_text(text.replace(
        "  zowe_release: v3\n", "  zowe_release: v3\n  ticket:\n    id: CHG0012345\n    url: https://itsm.example.com/c/CHG0012345\n"))
    fake_report(example_copy)
    publish([example_copy], tmp_path / "site")
    page = (tmp_path / "site/records/CHG0001/index.html").read_text()
    assert re.search(r'<dd id="record-ticket"><a href="https://itsm.example.com/c/CHG0012345" rel="noopener noreferrer">'
                     r"CHG0012345</a></dd>", page)
    # A manifest edited to hold a script link shows the id as text (verify reports the edit anyway).
    manifest = json.loads((example_copy / "report/manifest.json").read_text())
    assert manifest["ticket"] == {"id": "CHG0012345", "url": "https://itsm.example.com/c/CHG0012345"}
    manifest["ticket"]["url"] = "javascript:alert(1)"
    (example_copy / "report/manifest.json").write_text(json.dumps(manifest))
    publish([example_copy], tmp_path / "site2")
    page = (tmp_path / "site2/records/CHG0001/index.html").read_text()
    assert '<dd id="record-ticket">CHG0012345</dd>' in page and "javascript:" not in page


@pytest.mark.browser
def test_in_chromium_the_drift_and_the_missing_approvals_are_shown_and_printed(example_run, tmp_path: Path,
                                                                              team: Team) -> None:
    from playwright.sync_api import sync_playwright

    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    (record.parent / "signoff-policy.yaml").write_text("policy_version: 1\nroles: [reviewer]\n")
    team.sign(record, "alice@example.com", "implementer")
    log = record / GRS_LOG
    log.write_text(log.read_text().replace("SYSB      CONNECTED", "SYSB      QUIESCED ", 1))
    site = tmp_path / "site"
    publish([record], site)
    requests: list[str] = []
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto((site / "records/CHG0001/index.html").as_uri())
            page.click("#record-drift a")
            assert page.evaluate("location.hash") == "#drift"
            drift = page.locator("table.drift tbody tr")
            assert drift.count() == 2 and drift.first.is_visible()
            assert "shared-dasd on SYSB" in drift.first.inner_text() and "QUIESCED" in drift.nth(1).inner_text()
            assert page.locator("#policy-missing li").all_inner_texts()[0] == "result: no approval by a reviewer"
            assert page.locator("#policy-missing").is_visible()
            page.emulate_media(media="print")
            assert page.locator("table.drift").is_visible()  # on paper too: something changed
        finally:
            browser.close()
    assert problems == [] and all(u.startswith("file://") for u in requests), (problems, requests)
