"""Zowe release lines and the rules that differ between them (the supported Node.js levels).

The list of things a sysplex needs before Zowe can run highly available has
changed between Zowe releases, and so has the supported Node.js level. A
check that used one fixed list would fail a healthy v3 site for lacking VSAM
RLS it never uses, or pass a v1 site on a Node.js level it cannot run. So
the rules are keyed to the record's ``change.zowe_release``; the registry
(:mod:`.registry`) uses this module for what applies per release.

Sources (the Zowe documentation of each release line):

* v1: the original "Configuring Sysplex for high availability" page and the
  2021 zowe-install-packaging wiki: VSAM RLS required; Node.js v8.x (except
  8.16.1), v12.x or v14.x, recommended on a shared file system. A later copy
  of the same page says "v14.x except v14.17.2, or v16.x"; those two cases are
  warnings because the sources disagree.
* v2: docs v2.15.x list Node.js v16 and v18, v2.18.x list v18 and v20; the
  current page lists 20 or 22 for the v2 LTS line. Pass 18 and 20; 16 and 22
  are warnings (supported only by some v2 levels). The record does not say
  which v2.x level runs, so Node.js always applies for v2 (v2.16.0+ can run
  without it when the Desktop is off, earlier levels cannot).
* v3: docs v3.1.x and stable: Node.js 20 or 22, needed only when the Desktop
  (app-server) is enabled. VSAM RLS (v2 and v3) is needed only when the
  Caching Service stores its data in VSAM.
"""

from __future__ import annotations

import re

from ..record.model import RELEASES

RELEASE_LINES: tuple[str, ...] = RELEASES
"""The Zowe release lines the rules know (``v1``, ``v2``, ``v3``)."""

# Node.js major versions per release: (pass, warn-with-reason).
_NODE_PASS: dict[str, tuple[int, ...]] = {"v1": (8, 12, 14), "v2": (18, 20), "v3": (20, 22)}
_NODE_WARN: dict[str, dict[int, str]] = {
    "v1": {16: "a later copy of the v1 sysplex page allows v16.x, the original page does not; confirm with your Zowe v1 level's documentation"},
    "v2": {
        16: "only Zowe v2.15 and earlier list v16.x, and IBM withdrew it from marketing in 2023; plan a move to v18 or v20",
        22: "only the newest Zowe documentation lists v22.x for the v2 LTS line; confirm your v2 level supports it",
    },
    "v3": {},
}
# Exact versions a release's documentation excludes: (version, status, reason).
_NODE_EXCLUDED: dict[str, dict[tuple[int, int, int], tuple[str, str]]] = {
    "v1": {
        (8, 16, 1): ("fail", "the Zowe v1 documentation excludes v8.16.1 explicitly"),
        (14, 17, 2): ("warn", "a later copy of the v1 sysplex page excludes v14.17.2 (the original does not)"),
    },
    "v2": {},
    "v3": {},
}
_NODE_TEXT = {
    "v1": "v8.x (except v8.16.1), v12.x or v14.x",
    "v2": "v18.x or v20.x",
    "v3": "v20.x or v22.x",
}
_VERSION = re.compile(r"(?<![\w.])v?(\d{1,3})\.(\d{1,4})\.(\d{1,4})(?![\w.])")
_MAJOR_ONLY = re.compile(r"(?<![\w.])v(\d{1,3})(?:\.(\d{1,4}))?(?![\w.])")


def release_line(release: str) -> str:
    """The release line of a Zowe release: ``v3`` for ``v3`` (and, once levels are known, ``v3.4``)."""
    rel = str(release).strip().lower()
    line = rel.split(".", 1)[0]
    if line not in RELEASE_LINES:
        raise ValueError(f"unknown Zowe release {release!r}; expected one of {', '.join(RELEASE_LINES)}")
    return line




def node_requirement(release: str) -> str:
    """Human text of the supported Node.js levels for ``release``."""
    return _NODE_TEXT[release_line(release)]


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
    or ``unknown`` when the text holds no version number at all.
    """
    rel = release_line(release)
    parsed = parse_node_version(version_text)
    wanted = _NODE_TEXT[rel]
    if parsed is None:
        return "unknown", f"no Node.js version found in {version_text.strip()[:60]!r}; Zowe {rel} needs Node.js {wanted}"
    major, minor, patch = parsed
    shown = "v" + ".".join(str(p) for p in parsed if p is not None)
    if minor is not None and patch is not None and (major, minor, patch) in _NODE_EXCLUDED[rel]:
        status, why = _NODE_EXCLUDED[rel][(major, minor, patch)]
        return status, f"Node.js {shown}: {why}; Zowe {rel} needs Node.js {wanted}"
    if major in _NODE_PASS[rel]:
        return "pass", f"Node.js {shown} is supported by Zowe {rel} ({wanted})"
    if major in _NODE_WARN[rel]:
        return "warn", f"Node.js {shown}: {_NODE_WARN[rel][major]} (UNSURE: sources differ)"
    return "fail", f"Node.js {shown} is not supported by Zowe {rel}; install {wanted}"
