"""Zowe release lines and levels, and the rules that differ between them (Node.js first of all).

The list of things a sysplex needs before Zowe can run highly available has
changed between Zowe releases, and so has the supported Node.js level. A
check that used one fixed list would fail a healthy v3 site for lacking VSAM
RLS it never uses, or pass a v1 site on a Node.js level it cannot run. So
the rules are keyed to the record's ``change.zowe_release``: a line
(``v3``) or a level (``v3.4``; parsed by :mod:`zowe_ha_lib.record.release`).

Per-release values are looked up with :func:`choose`: a mapping's keys are
``*`` (the default), a line (``v2``: what the kit assumes when the record
names only the line) and levels (``v2.15``: from that level on, inside its
line). The registry's per-release text uses the same lookup.

Node.js follows the **last** documentation of each line, and says which
page each verdict rests on (the pages of one release do not always agree;
then the levels some pages list are warnings, not passes):

* v1 (v1.28.x, the last): system requirements "v12.x, v14.x (except
  v14.17.2), or v16.x"; the sysplex page's copies say "v12.x, v14.x (except
  v14.17.2), or v16.x" or "v16.x or higher". v8 appears only on early pages.
* v2.0.x: "v14.x (except v14.17.2) or v16.x"; v2.15.x: v16.x, v18.x;
  v2.18.x (the last): system requirements v16.x, v18.x or v20.x, the newest
  Node.js page only v20.x and v22.x, the sysplex page v14.x or v16.x.
* v3.0.x: "Node.js v20.x is required during installation"; v3.1.x's Node.js
  page lists v18.x, v20.x and v22.x; the current page 20 or 22.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from ..record.release import LINES, Release, parse

RELEASE_LINES: tuple[str, ...] = LINES
"""The Zowe release lines the rules know (``v1``, ``v2``, ``v3``)."""

V1_END_OF_SUPPORT = "support for Zowe v1 ended on 30 September 2024"
"""Source: the docs-site banner of every v1 page ("Support for Zowe Version 1 ended on Sept. 30, 2024")."""

T = TypeVar("T")


def release_line(release: str) -> str:
    """The release line of a Zowe release: ``v3`` for ``v3``, ``v3.4`` and ``v3.5.1``."""
    return parse(release).line


def choose(mapping: Mapping[str, T], release: str | Release) -> str | None:
    """The key of ``mapping`` that applies to ``release`` (see the module docstring), or None.

    For a level (``v2.16``) the highest level key of its line at or below it
    wins (``v2.15``), then the line key (``v2``), then ``*``. For a bare line
    the line key wins, then ``*``.
    """
    rel = release if isinstance(release, Release) else parse(release)
    if rel.level is not None:
        best: tuple[tuple[int, ...], str] | None = None
        for key in mapping:
            if key.startswith(rel.line + ".") and key.count(".") >= 1:
                level = tuple(int(p) for p in key[1:].split(".")[1:])
                if level <= rel.level[1:] and (best is None or level > best[0]):
                    best = (level, key)
        if best is not None:
            return best[1]
    if rel.line in mapping:
        return rel.line
    return "*" if "*" in mapping else None


def lookup(mapping: Mapping[str, T], release: str | Release, default: T) -> T:
    """The value of ``mapping`` for ``release`` (:func:`choose`), or ``default``."""
    key = choose(mapping, release)
    return mapping[key] if key is not None else default


# --------------------------------------------------------------------------- Node.js


@dataclass(frozen=True)
class NodeRule:
    """What one release's documentation says about Node.js, and on which pages."""

    label: str  # the documentation the rule follows: "v2.18.x"
    text: str  # the supported levels as a sentence fragment (titles and fixes)
    pages: str  # the pages the verdicts rest on
    passes: frozenset[int]  # majors every cited page lists
    warns: Mapping[int, str] = field(default_factory=dict)  # majors only some pages list: why
    excluded: Mapping[tuple[int, int, int], tuple[str, str]] = field(default_factory=dict)
    assumed: str = ""  # what the kit assumed about the level, when the record gives only the line


_V14_17_2 = {(14, 17, 2): ("fail", "every Zowe page that lists v14.x excludes v14.17.2")}
_V1_PAGES = ("the v1.28.x pages: 'Addressing z/OS requirements' (v12.x, v14.x except v14.17.2, v16.x) and "
             "'Configuring Sysplex for high availability' (its copies: v12.x/v14.x/v16.x, or v16.x or higher)")
_V2_18_PAGES = ("the v2.18.x pages: 'Addressing z/OS requirements' (v16.x, v18.x or v20.x), 'Addressing Node.js "
                "requirements' (v20.x, v22.x) and 'Configuring Sysplex for high availability' (v14.x, v16.x)")
_V3_PAGES = ("the v3.1.x 'Addressing Node.js requirements' page (v18.x, v20.x, v22.x) and the current one (20 or 22)")
_LATER_V2 = "listed only by later v2 documentation; check your level's 'Addressing z/OS requirements' page"

NODE_RULES: dict[str, NodeRule] = {
    "v1": NodeRule(
        "v1.28.x", "v14.x (not v14.17.2) or v16.x", _V1_PAGES, frozenset({14, 16}),
        warns={12: "the v1.28.x system requirements list v12.x, the later copies of the v1.28.x sysplex page do not",
               **{m: "only one copy of the v1.28.x sysplex page allows it ('v16.x or higher'); the v1.28.x system "
                     "requirements stop at v16.x" for m in (18, 20, 22)}},
        excluded=_V14_17_2),
    "v2.0": NodeRule(
        "v2.0.x", "v14.x (not v14.17.2) or v16.x",
        "the v2.0.x 'Addressing z/OS requirements' page (v14.x except v14.17.2, v16.x)", frozenset({14, 16}),
        warns={m: _LATER_V2 for m in (18, 20, 22)}, excluded=_V14_17_2,
        assumed="levels 2.1 to 2.14 are judged by the v2.0.x page; their own pages were not read"),
    "v2.15": NodeRule(
        "v2.15.x", "v16.x or v18.x",
        "the v2.15.x 'Addressing Node.js requirements' page (v16.x, v18.x; IBM withdrew v16 from marketing on "
        "4 September 2023 and ended v14 service on 30 September 2022)", frozenset({16, 18}),
        warns={14: "listed only by earlier v2 pages, and IBM service for v14 ended on 30 September 2022",
               20: _LATER_V2, 22: _LATER_V2},
        excluded=_V14_17_2),
    "v2.18": NodeRule(
        "v2.18.x", "v20.x (the v2.18.x pages disagree on v16.x, v18.x and v22.x)", _V2_18_PAGES, frozenset({20}),
        warns={14: "only the v2.18.x sysplex page still lists v14.x (IBM service for v14 ended on 30 September 2022)",
               16: "the v2.18.x system requirements and sysplex pages list v16.x, the newest v2.18.x Node.js page does not",
               18: "the v2.18.x system requirements page lists v18.x, the newest v2.18.x Node.js page does not",
               22: "only the newest v2.18.x Node.js page lists v22.x"},
        excluded=_V14_17_2),
    "v3.0": NodeRule(
        "v3.0.x", "v20.x",
        "the v3.0.x 'Addressing z/OS requirements' page ('Node.js v20.x is required during installation')",
        frozenset({20}),
        warns={18: "the v3.0.x system requirements name only v20.x; the v3.1.x Node.js page lists v18.x",
               22: "the v3.0.x system requirements name only v20.x; later v3 pages list v22.x"}),
    "v3.1": NodeRule(
        "v3.1.x and later", "v20.x or v22.x", _V3_PAGES, frozenset({20, 22}),
        warns={18: "only the v3.1.x Node.js page lists v18.x; the v3.0.x system requirements and the current page do not"}),
}
# A bare line follows the last documentation of the line, and says so.
NODE_RULES["v2"] = replace(NODE_RULES["v2.18"], assumed=(
    "the record names only v2, so the kit follows the last v2 documentation "
                                          "(v2.18.x); give the level, e.g. v2.15, for its own pages"))
NODE_RULES["v3"] = replace(NODE_RULES["v3.1"], assumed=(
    "the record names only v3, so the kit follows the v3.1.x and current pages; "
                                          "v3.0.x names only v20.x"))

_VERSION = re.compile(r"(?<![\w.])v?(\d{1,3})\.(\d{1,4})\.(\d{1,4})(?![\w.])")
_MAJOR_ONLY = re.compile(r"(?<![\w.])v(\d{1,3})(?:\.(\d{1,4}))?(?![\w.])")


def node_rule(release: str | Release) -> NodeRule:
    """The Node.js rule of ``release`` (its level's documentation, or its line's last)."""
    return lookup(NODE_RULES, release, NODE_RULES["v3"])


def node_requirement(release: str | Release) -> str:
    """Human text of the supported Node.js levels for ``release``."""
    return node_rule(release).text


def node_needed_only_for_desktop(release: str | Release) -> bool | None:
    """Whether a running Zowe of ``release`` needs Node.js only for the Desktop (app-server).

    v3: yes (installation still needs it). v2: from v2.16.0 on; None when the
    record names only v2 (the kit cannot tell). v1: no.
    """
    rel = release if isinstance(release, Release) else parse(release)
    if rel.line == "v3":
        return True
    if rel.line == "v2":
        return rel.at_least(16)
    return False


def parse_node_version(text: str) -> tuple[int, int | None, int | None] | None:
    """The first Node.js version in ``text`` (``v20.11.1``, ``20.11.1``, ``node: v18.20.3``), or None.

    A full ``major.minor.patch`` triple wins over a bare ``v20`` so that a
    prompt or path such as ``/usr/lpp/IBM/cnj/v20`` followed by the real
    ``v20.11.1`` line reads the real version.
    """
    match = _VERSION.search(text or "")
    if match:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    match = _MAJOR_ONLY.search(text or "")
    if match:
        minor = match.group(2)
        return int(match.group(1)), int(minor) if minor is not None else None, None
    return None


def check_node_version(release: str, version_text: str) -> tuple[str, str]:
    """Judge ``node --version`` output against ``release``'s supported levels.

    Returns ``(status, message)`` with status ``pass``, ``warn`` or ``fail``,
    or ``unknown`` when the text holds no version number at all. The message
    names the documentation the verdict rests on.
    """
    rel = parse(release)
    rule = node_rule(rel)
    parsed = parse_node_version(version_text)
    wanted = f"Zowe {rel} needs Node.js {rule.text}"
    note = f" ({rule.assumed})" if rule.assumed else ""
    if rel.line == "v1":
        note += f"; {V1_END_OF_SUPPORT}"
    if parsed is None:
        return "unknown", f"no Node.js version found in {version_text.strip()[:60]!r}; {wanted}"
    major, minor, patch = parsed
    shown = "v" + ".".join(str(p) for p in parsed if p is not None)
    if minor is not None and patch is not None and (major, minor, patch) in rule.excluded:
        status, why = rule.excluded[(major, minor, patch)]
        return status, f"Node.js {shown}: {why}; {wanted}{note}"
    if major in rule.passes:
        return "pass", f"Node.js {shown} is supported by Zowe {rel} (per {rule.pages}){note}"
    if major in rule.warns:
        return "warn", f"Node.js {shown}: {rule.warns[major]} (the pages disagree, so a warning); {wanted}{note}"
    return "fail", f"Node.js {shown} is not supported by Zowe {rel}: no page lists v{major}.x (per {rule.pages}); install {rule.text}{note}"


# --------------------------------------------------------------------------- levels inside v3 (and v2)


def single_service_known(release: str | Release) -> bool:
    """Whether the release has single-service API ML (``components.apiml``): v3.3 and later.

    A bare ``v3`` counts: a zowe.yaml that enables apiml on "some 3.x" runs a
    level that has it.
    """
    rel = release if isinstance(release, Release) else parse(release)
    return rel.line == "v3" and rel.at_least(3) is not False


def vsam_deprecated(release: str | Release) -> bool | None:
    """Whether the Caching Service's VSAM storage is deprecated at ``release``: from v2.18 (None: bare v2)."""
    rel = release if isinstance(release, Release) else parse(release)
    if rel.line == "v3":
        return True
    if rel.line == "v2":
        return rel.at_least(18)
    return False


def infinispan_peers_derived(release: str | Release) -> bool | None:
    """Whether the start scripts derive Infinispan's initialHosts when it is unset: v3.6 and later.

    api-layer PR 4731 builds it from ZWE_DISCOVERY_SERVICES_LIST; the same PR
    carries the Java 21 fix the docs date to v3.6. None for a bare ``v3``.
    """
    rel = release if isinstance(release, Release) else parse(release)
    return rel.at_least(6) if rel.line == "v3" else False


def java21_stall(release: str | Release) -> bool | None:
    """Whether Infinispan stalls in HA on Java 21 at ``release``: v3.4 and v3.5 (None: bare v3)."""
    rel = release if isinstance(release, Release) else parse(release)
    return rel.between((4, 0), (6, 0)) if rel.line == "v3" else False
