"""The site's own pages, rendered with Jinja (autoescape on for every template).

Every value taken from a record (titles, host names, finding messages,
sign-off comments) reaches the HTML through autoescaping; the only markup
inserted as-is is a notebook body that :mod:`.render` has already sanitised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..requirements.findings import COLUMNS as FINDING_COLUMNS
from ..requirements.registry import IDS as REQUIREMENTS
from ..requirements.registry import requirement
from ..requirements.releases import RELEASE_LINES, release_line
from ..requirements.status import rank
from .paths import has_page, href
from .render import status_class
from .source import Notebook, Report

_SIZE_UNITS = ("bytes", "KiB", "MiB", "GiB")


def human_size(n: int) -> str:
    size = float(n)
    for unit in _SIZE_UNITS:
        if size < 1024 or unit == _SIZE_UNITS[-1]:
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


def breakable(path: str) -> Any:
    """A path escaped for HTML, with a line-break opportunity after each ``/``.

    Evidence paths are long and have no spaces; without this a narrow column
    (or a printed page) either overflows or breaks them at a hyphen.
    """
    return Markup("/<wbr>").join(escape(part) for part in str(path).split("/"))


class Pages:
    """Renders the index, record and requirement pages to strings.

    Everything a page needs that is not a report comes in as an argument (the
    template folder, the policy and labels the site decides), so this module
    depends on no other part of the build.
    """

    def __init__(self, templates: Path, csp: str, status_labels: dict[str, str], requirement_titles: dict[str, str]):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["status_class"] = status_class
        self.env.filters["href"] = href
        self.env.filters["human_size"] = human_size
        self.env.filters["breakable"] = breakable
        self.env.globals.update(
            csp=csp, status_labels=status_labels, requirement_titles=requirement_titles,
            req_title=lambda rid: requirement_titles.get(rid, rid), columns=FINDING_COLUMNS, has_page=has_page,
        )

    def _render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def index(self, reports: list[Report]) -> str:
        outcomes = sorted({r.outcome for r in reports}, key=rank)
        return self._render("index.html.j2", root="", reports=reports, outcomes=outcomes, page="index")

    def record(self, report: Report, rendered: set[str]) -> str:
        """The record page; ``rendered`` names the notebooks that have a page of their own."""
        groups: dict[str, list[Any]] = {}
        for d in report.downloads:
            groups.setdefault(d.group, []).append(d)
        return self._render("record.html.j2", root="../../", report=report, rendered=rendered, downloads=groups,
                            page="record")

    def notebook(self, report: Report, nb: Notebook, body: str) -> str:
        """One executed notebook on a page of its own (``body`` is sanitised by render.clean)."""
        return self._render("notebook.html.j2", root="../../../", report=report, nb=nb, body=Markup(body),
                            page="record")

    def source(self, report: Report, rel: str, text: str) -> str:
        """An evidence file kept with the report: numbered lines, each a link target, cited lines marked."""
        page_path = f"records/{report.id}/sources/{rel}.html"
        depth = page_path.count("/")
        cited = report.cited_lines(rel)
        lines = [(n, line.rstrip("\r"), cited.get(n, [])) for n, line in enumerate(text.split("\n"), 1)]
        if len(lines) > 1 and lines[-1][1] == "" and not lines[-1][2]:
            lines.pop()  # the newline that ends the last line starts no line of its own
        return self._render("source.html.j2", root="../" * depth, report=report, rel=rel, lines=lines,
                            record_root="../" * (depth - 2), cited=sum(1 for _, _, c in lines if c), page="record")

    def requirements(self, reports: list[Report], requirement_ids: list[str]) -> str:
        return self._render("requirements.html.j2", root="../", reports=reports,
                            requirement_ids=requirement_ids, page="requirements")

    def requirement(self, rid: str, reports: list[Report]) -> str:
        rows = []
        for rep in reports:
            if rid not in rep.requirements:
                continue
            findings = [f for f in rep.findings if f["requirement"] == rid]
            steps = [(nb, s) for nb in rep.notebooks for s in nb.steps if s.get("id") == rid]
            rows.append({"report": rep, "status": rep.requirements[rid], "findings": findings, "steps": steps})
        return self._render("requirement.html.j2", root="../", rid=rid, rows=rows, page="requirements",
                            about=explanation(rid, [r.zowe_release for r in reports if rid in r.requirements]))


def _line(release: str) -> str | None:
    """The release line of a manifest's release text, None when the kit does not know it."""
    try:
        return release_line(release)
    except ValueError:
        return None


# What a requirement page explains before it lists findings, in this order.
EXPLAINED = (("what", "What it is"), ("why", "Why Zowe HA needs it"), ("verify", "How to verify it"),
             ("when", "When it applies"), ("fix", "How to fix it"))


def explanation(rid: str, releases: list[str]) -> list[dict[str, Any]]:
    """The registry's text about a requirement, for the Zowe releases of the records shown.

    Where the text differs between those releases each variant is shown with
    the releases it is for; an id the kit does not know (a foreign manifest)
    has no explanation.
    """
    if rid not in REQUIREMENTS:
        return []
    req = requirement(rid)
    shown = sorted({line for line in (_line(r) for r in releases) if line}) or [RELEASE_LINES[-1]]
    out: list[dict[str, Any]] = []
    for field, label in EXPLAINED:
        variants: dict[str, list[str]] = {}
        for release in shown:
            text = req.text(field, release)
            if text:
                variants.setdefault(text, []).append(release)
        if variants:
            single = len(variants) == 1
            out.append({"label": label, "variants": [(None if single else ", ".join(rels), text)
                                                     for text, rels in variants.items()]})
    displays = [d.shown for d in req.display_list()]
    if displays:
        out.insert(3, {"label": "Displays to capture on each system", "displays": displays})
    return out
