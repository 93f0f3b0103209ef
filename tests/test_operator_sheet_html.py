"""The operator sheet as a document: Markdown rendered to safe HTML, "Do not apply" first when the record fails."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.runbook import markdown
from zowe_ha_lib.runbook.sheetview import banner, sheet_html, with_banner
from zowe_ha_lib.tcpip.sheet import operator_sheet

ALLOWED = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "li", "pre", "code", "strong", "blockquote"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)  # well nested
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    t.close()
    assert t.stack == []
    return t


def test_the_constructs_the_sheet_uses() -> None:
    text = ("# Title\n\nA paragraph with `V TCPIP,,OBEYFILE` and **bold**\ncontinued.\n\n## 1. Apply\n\n"
            "- first\n  - nested `x`\n  - nested two\n- second\n\n```\nD TCPIP,TCPIP,NETSTAT,VIPADCFG\n  indented\n```\n\n> a note\n")
    html = markdown.to_html(text, shift=2)
    assert "<h3>Title</h3>" in html and "<h4>1. Apply</h4>" in html
    assert "<p>A paragraph with <code>V TCPIP,,OBEYFILE</code> and <strong>bold</strong> continued.</p>" in html
    assert "<ul><li>first<ul><li>nested <code>x</code></li><li>nested two</li></ul></li><li>second</li></ul>" in html
    assert "<pre><code>D TCPIP,TCPIP,NETSTAT,VIPADCFG\n  indented</code></pre>" in html
    assert "<blockquote><p>a note</p></blockquote>" in html


def test_markup_in_the_text_stays_text() -> None:
    html = markdown.to_html('# <script>alert(1)</script>\n\n- <img src=x onerror=alert(1)>\n\n```\n</pre><b>x</b>\n```\n')
    tags = parse(html)
    assert set(tags.tags) <= ALLOWED
    assert "<script>alert(1)</script>" in "".join(tags.text) and "</pre><b>x</b>" in "".join(tags.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(["```", "# h", "- item", "  - sub", "> q", "", "**b**", "`c`"])),
                max_size=30), st.integers(min_value=0, max_value=5))
def test_any_text_gives_well_nested_allowed_html(lines: list[str], shift: int) -> None:
    source = "\n".join(lines)
    tags = parse(markdown.to_html(source, shift=shift))
    assert set(tags.tags) <= ALLOWED
    # Every visible character of the input is still there (markup characters aside).
    shown = re.sub(r"\s", "", "".join(tags.text))
    for ch in re.sub(r"[\s#*`>\-]", "", source):
        assert ch in shown


def test_the_example_sheet_renders_as_a_document() -> None:
    sheet = operator_sheet(load_record(EXAMPLE))
    out = sheet_html(sheet, [])
    html = out._repr_html_()
    assert "```" not in html and "zha-do-not-apply" not in html
    assert "<h3>Operator sheet: CHG0001 on sysplex PLEX1</h3>" in html
    assert html.count("<pre") == sheet.count("```") // 2
    assert 'white-space:pre-wrap' in html  # commands wrap in JupyterLab too
    assert repr(out) == sheet


def test_a_failing_record_sheet_opens_with_do_not_apply() -> None:
    failing = ["coupling-facility", "shared-dasd"]
    assert banner([]) == "" and with_banner("# S\n", []) == "# S\n"
    assert banner(failing).startswith("Do not apply: 2 failures (coupling-facility, shared-dasd).")
    assert banner(["x"]).startswith("Do not apply: 1 failure (x).")
    assert with_banner("# S\n", failing).startswith("**Do not apply: 2 failures")
    html = sheet_html("# Operator sheet\n", failing)._repr_html_()
    assert html.index("Do not apply: 2 failures") < html.index("Operator sheet")
    assert html.startswith('<div class="zha-sheet"><p class="zha-do-not-apply">')


def test_a_sheet_without_evidence_says_do_not_apply_yet() -> None:
    from zowe_ha_lib.runbook.sheetview import banner, with_banner

    assert banner([], []) == ""
    words = banner([], ["shared-dasd", "jes2-mas"])
    assert words.startswith("Do not apply yet: 2 requirements have no evidence (shared-dasd, jes2-mas)")
    assert banner(["sysplex-timer"], ["shared-dasd"]).startswith("Do not apply: 1 failure (sysplex-timer)")
    assert with_banner("# Sheet\n", [], ["nodejs"]).startswith("**Do not apply yet: 1 requirement has no evidence (nodejs)")
