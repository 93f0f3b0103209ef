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

from ..requirements.status import rank
from .paths import href
from .render import status_class
from .source import Report

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
            req_title=lambda rid: requirement_titles.get(rid, rid),
        )

    def _render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def index(self, reports: list[Report]) -> str:
        outcomes = sorted({r.outcome for r in reports}, key=rank)
        return self._render("index.html.j2", root="", reports=reports, outcomes=outcomes, page="index")

    def record(self, report: Report, bodies: dict[str, str]) -> str:
        safe = {name: Markup(html) for name, html in bodies.items()}  # sanitised by render.clean
        groups: dict[str, list[Any]] = {}
        for d in report.downloads:
            groups.setdefault(d.group, []).append(d)
        return self._render("record.html.j2", root="../../", report=report, bodies=safe, downloads=groups, page="record")

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
        return self._render("requirement.html.j2", root="../", rid=rid, rows=rows, page="requirements")

