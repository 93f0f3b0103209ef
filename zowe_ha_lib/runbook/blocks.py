"""Small display helpers for the notebooks.

The report notebooks are read in three places: JupyterLab, the executed
copy papermill writes, and the static site. Each helper therefore returns an
object that carries both an HTML and a plain-text form (``_repr_html_`` and
``__repr__``), so every viewer shows something sensible and the text form
still reads well in a diff of the executed notebook.

Everything inserted into HTML passes through :func:`html.escape`: record
values, evidence lines and messages come from files a person wrote. The only
markup that is not escaped is an SVG picture made by the kit itself
(:func:`svg`). Colours are a convenience; every status is also written out as
a word, so nothing depends on seeing colour.

Imports are light on purpose (the standard library, the kit's own SVG
pictures and the findings' column headings): a kernel start should not pay for anything the notebook does not
use. Helpers that show several outputs in a row (a heading, a picture, a
table) return a list, shown with ``display(*blocks.x(...))``: each picture
stays an ``image/svg+xml`` output of its own, which the site and the
printed report place as pictures.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..requirements.findings import COLUMNS as FINDING_COLUMNS
from .pictures import timeline_svg

# Background colours of the status badges (text stays dark for contrast).
_COLOURS = {
    "pass": "#c8e6c9",
    "warn": "#fff3bf",
    "fail": "#ffcdd2",
    "error": "#ffcdd2",
    "incomplete": "#ffe0b2",
    "unknown": "#e0e0e0",
    "n/a": "#eeeeee",
    "info": "#d0e4ff",
}
_BADGE_STYLE = "display:inline-block;padding:0 0.45em;border-radius:3px;font-weight:bold;font-family:monospace;color:#111;"
_TABLE_STYLE = "border-collapse:collapse;margin:0.3em 0;"
_CELL_STYLE = "border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top;"


def esc(value: Any) -> str:
    """HTML-escape any value (``None`` becomes an empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


class Html:
    """HTML with a plain-text twin; displaying it shows whichever the viewer can."""

    def __init__(self, markup: str, text: str):
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: Html) -> Html:
        return Html(self.markup + other.markup, self.text + "\n" + other.text)


class Svg:
    """An SVG picture made by the kit, with a one-line text description."""

    def __init__(self, svg_text: str, description: str = "picture"):
        self.svg_text = svg_text
        self.description = description

    def _repr_svg_(self) -> str:
        return self.svg_text

    def __repr__(self) -> str:
        return f"[{self.description}]"


def svg(svg_text: str, description: str = "picture") -> Svg:
    """Wrap kit-made SVG text for display (``image/svg+xml`` plus a text line)."""
    return Svg(svg_text, description)


def badge(status: str, label: str | None = None) -> Html:
    """A status word in a coloured box, e.g. ``PASS``; the word is always shown."""
    word = (label or status).upper()
    colour = _COLOURS.get(status.lower(), "#eeeeee")
    markup = f'<span class="zha-badge zha-{esc(status.lower().replace("/", ""))}" style="{_BADGE_STYLE}background:{colour}">{esc(word)}</span>'
    return Html(markup, word)


def heading(text: str, level: int = 3) -> Html:
    level = min(max(level, 1), 6)
    return Html(f"<h{level}>{esc(text)}</h{level}>", text)


def para(text: str) -> Html:
    """One escaped paragraph."""
    return Html(f"<p>{esc(text)}</p>", text)


def code(text: str, title: str | None = None, language: str = "") -> Html:
    """A block of statements or commands, shown verbatim (monospace, not wrapped)."""
    cls = f' class="zha-code language-{esc(language)}"' if language else ' class="zha-code"'
    head = f'<div class="zha-code-title"><b>{esc(title)}</b></div>' if title else ""
    markup = f'{head}<pre{cls} style="background:#f6f8fa;padding:0.5em;border:1px solid #ddd;overflow-x:auto">{esc(text)}</pre>'
    plain = f"{title}\n{text}" if title else text
    return Html(markup, plain)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str | None = None,
          status_column: int | None = None) -> Html:
    """An HTML table with a matching fixed-width text table.

    ``status_column`` names the column holding a status; its cells become badges.
    """
    rows = [list(r) for r in rows]
    head = "".join(f'<th style="{_CELL_STYLE}">{esc(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            inner = badge(str(value)).markup if i == status_column and value else esc(value)
            cells.append(f'<td style="{_CELL_STYLE}">{inner}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption style='text-align:left'><b>{esc(caption)}</b></caption>" if caption else ""
    markup = f'<table class="zha-table" style="{_TABLE_STYLE}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return Html(markup, _text_table(headers, rows, caption))


def _text_table(headers: Sequence[str], rows: list[list[Any]], caption: str | None) -> str:
    cols = [[str(h)] + ["" if r[i] is None else " ".join(str(r[i]).split()) for r in rows] for i, h in enumerate(headers)]
    widths = [min(max(len(c) for c in col), 60) for col in cols]
    lines = [caption] if caption else []
    for n in range(len(rows) + 1):
        lines.append("  ".join(col[n][:60].ljust(w) for col, w in zip(cols, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def findings_table(findings: Iterable[Any], caption: str | None = None) -> Html:
    """Table of :class:`zowe_ha_lib.findings.Finding` objects (or their JSON dicts).

    Columns that would say nothing are left out, so the table fits a printed
    page: the requirement when every finding is about the same one (the
    section already names it), and the fix when no finding has one.
    """
    items = [f if isinstance(f, dict) else f.to_json() for f in findings]
    if not items:
        return para("No findings.")
    with_requirement = len({d.get("requirement") for d in items}) > 1
    with_fix = any(d.get("fix") for d in items)
    fields = (["requirement"] if with_requirement else []) + ["system", "status", "message", "evidence"]
    fields += ["fix"] if with_fix else []
    headers = [FINDING_COLUMNS[f] for f in fields]
    rows = []
    for d in items:
        row = [d.get("requirement")] if with_requirement else []
        row += [d.get("system") or "sysplex", d.get("status"), d.get("message"), d.get("evidence") or "(none)"]
        row += [d.get("fix") or ""] if with_fix else []
        rows.append(row)
    return table(headers, rows, caption=caption, status_column=fields.index("status"))


def problems_list(problems: Iterable[Any], title: str = "Problems") -> Html:
    """The ``file:line: where: message`` lines of :class:`zowe_ha_lib.errors.Problem` objects."""
    lines = [str(p) for p in problems]
    if not lines:
        return Html('<p class="zha-ok">No problems.</p>', "No problems.")
    items = "".join(f"<li><code>{esc(line)}</code></li>" for line in lines)
    markup = f'<div class="zha-problem-list"><b>{esc(title)}</b><ul>{items}</ul></div>'
    return Html(markup, title + ":\n" + "\n".join(f"  {line}" for line in lines))


def status_line(status: str, text: str) -> Html:
    """A badge followed by one escaped sentence."""
    b = badge(status)
    return Html(f"<p>{b.markup} {esc(text)}</p>", f"{b.text}: {text}")


def readiness_block(verdict: Any, headline: str) -> Html:
    """The verdict on the change (a :class:`~zowe_ha_lib.requirements.readiness.Readiness`) and what to do about it.

    The headline comes first; then, when requirements have no evidence, what
    to capture for each; then the warnings a ready change asks someone to read.
    """
    head = status_line(verdict.status, headline)
    markup, text = [head.markup], [head.text]
    advice = verdict.advice_for("<record>")
    if advice:
        items = "".join(f"<li>{esc(line)}</li>" for line in advice)
        markup.append(f'<div class="zha-missing"><b>Capture the missing evidence, then run the report again:</b><ul>{items}</ul></div>')
        text += ["Capture the missing evidence, then run the report again:", *(f"  {line}" for line in advice)]
    if verdict.ready and verdict.warnings:
        listed = ", ".join(verdict.warnings)
        markup.append(f"<p>Read every warning before the change window: {esc(listed)}.</p>")
        text.append(f"Read every warning before the change window: {listed}.")
    return Html("".join(markup), "\n".join(text))


def step(step_id: str, title: str, status: str, message: str) -> dict[str, str]:
    """One entry of an outcome record's ``steps`` list."""
    return {"id": step_id, "title": title, "status": status, "message": message}


def steps_table(steps: Iterable[dict[str, Any]], caption: str | None = None) -> Html:
    """Table of outcome steps (what the summary notebook shows)."""
    rows = [[s.get("id"), s.get("title"), s.get("status"), s.get("message")] for s in steps]
    return table(["step", "title", "status", "result"], rows, caption=caption, status_column=2)


# ------------------------------------------------------------------ report building blocks


def record_overview(record: Any) -> Html:
    """The change, its systems and its distributions as three tables."""
    change = table(["change", "title", "Zowe release", "sysplex"],
                   [[record.id, record.title, record.zowe_release, record.sysplex.name]], caption="Change")
    systems = table(["system", "dynamic XCF address (DESTIP)", "host name", "TCP/IP task", "OBEYFILE data set"],
                    [[s.name, s.dynamic_xcf, s.hostname or "", s.tcpip_proc, s.obeyfile or "(not given)"]
                     for s in record.sysplex.systems], caption="Systems")
    return change + systems + distributions_table(record)


def distributions_table(record: Any) -> Html:
    """Each distributed DVIPA: ports, hot-standby targets, owner and takeover stacks, switching.

    Six columns rather than one per attribute, so the table fits a printed page.
    """
    rows = []
    for d in record.distributions:
        targets = "; ".join([f"{d.preferred} preferred"] + [f"{b} backup {d.backup_rank(b)}" for b in d.backups])
        takeover = ", ".join(f"{b} rank {d.distributor_backup_rank(b)}" for b in d.distributor_backups)
        owner = f"{d.distributor} owns it; takeover: {takeover}" if takeover else f"{d.distributor} owns it; no takeover stack"
        switching = ", ".join(["AUTOSWITCHBACK" if d.autoswitchback else "NOAUTOSWITCHBACK",
                               "HEALTHSWITCH" if d.healthswitch else "NOHEALTHSWITCH"])
        address = f"{d.dvipa} ({d.hostname})" if d.hostname else d.dvipa
        rows.append([d.name, address, ", ".join(str(p) for p in d.ports), targets, owner, switching])
    return table(["distribution", "DVIPA (host name)", "ports", "new connections go to (BACKUP rank)",
                  "VIPADEFINE owner, VIPABACKUP takeover (rank)", "switching"],
                 rows, caption="Distributed DVIPAs")


# Statuses after which a requirement's fix is advice for later, not an action.
_SETTLED = ("pass", "n/a")


def requirement_block(row: dict[str, Any], findings: list[Any], step_entry: dict[str, Any] | None = None) -> Html:
    """One requirement: its verdict, why, how to verify, displays, this change's results, the fix.

    The block has no heading of its own: the notebook's markdown cell above it
    names the requirement and says what it is, and the verdict line here reads
    as the first sentence under that heading.
    """
    title = str(row.get("title") or row.get("id"))
    status = step_entry["status"] if step_entry else "unknown"
    b = badge(status)
    parts = [Html(f'<p class="zha-verdict">{b.markup} <b>{esc(title)}</b></p>', f"{b.text}: {title}")]
    for key, label in (("why", "Why Zowe HA needs it"), ("verify", "How to verify"), ("when", "When it applies")):
        if row.get(key):
            parts.append(Html(f"<p><b>{esc(label)}:</b> {esc(row[key])}</p>", f"{label}: {row[key]}"))
    displays = row.get("displays") or []
    if displays:
        items = ", ".join(f"<code>{esc(d)}</code>" for d in displays)
        parts.append(Html(f"<p><b>Displays to capture on each system:</b> {items}</p>",
                          "Displays to capture on each system: " + "; ".join(displays)))
    parts.append(findings_table(findings, caption="Results for this change"))
    if row.get("fix"):
        label = "Fix, if it ever fails" if status in _SETTLED else "Fix"
        parts.append(Html(f"<p><b>{label}:</b> {esc(row['fix'])}</p>", f"{label}: {row['fix']}"))
    if row.get("sources"):
        parts.append(Html(f'<p class="zha-sources"><b>Sources:</b> {esc(row["sources"])}</p>', f"Sources: {row['sources']}"))
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out


def requirement_section(row: dict[str, Any], findings: list[Any], step_entry: dict[str, Any] | None = None,
                        level: int = 2) -> Html:
    """A requirement's whole section: its name as a heading, what it is, then :func:`requirement_block`.

    The notebooks loop over the registry and show one section per
    requirement, so a requirement added to the registry gets its section
    without a notebook edit. The heading names the requirement (short title
    and id), and the verdict line under it says the claim a pass proves.
    """
    rid = str(row.get("id") or "")
    name = str(row.get("short") or row.get("title") or rid)
    head = Html(f'<h{level} id="req-{esc(rid)}">{esc(name)} (<code>{esc(rid)}</code>)</h{level}>',
                f"{'#' * level} {name} ({rid})")
    what = row.get("what")
    out = head
    if what:
        out = out + Html(f"<p><b>What it is.</b> {esc(what)}</p>", f"What it is. {what}")
    return out + requirement_block(row, findings, step_entry)


def requirement_sections(views: Iterable[tuple[dict[str, Any], list[Any], dict[str, Any] | None]]) -> Html:
    """One :func:`requirement_section` per ``(row, findings, step)``, in order (``RequirementResult.views()``)."""
    sections = [requirement_section(row, found, entry) for row, found, entry in views]
    if not sections:
        return para("No requirement to show.")
    out = sections[0]
    for section in sections[1:]:
        out = out + section
    return out


def lint_table(findings: Iterable[Any], caption: str | None = None) -> Html:
    """Lint findings (severity, rule, file, line, message); severities shown as words."""
    colour = {"error": "fail", "warning": "warn", "info": "info"}
    rows = [[f.severity, f.rule, f"{f.file}:{f.line}" if f.line else f.file, f.message] for f in findings]
    if not rows:
        return status_line("pass", "No lint findings: z/OS would accept these statements as the record intends.")
    cells = [[badge(colour.get(r[0], "warn"), r[0]).markup, esc(r[1]), esc(r[2]), esc(r[3])] for r in rows]
    head = "".join(f'<th style="{_CELL_STYLE}">{h}</th>' for h in ("severity", "rule", "where", "message"))
    body = "".join("<tr>" + "".join(f'<td style="{_CELL_STYLE}">{c}</td>' for c in row) + "</tr>" for row in cells)
    cap = f"<caption style='text-align:left'><b>{esc(caption)}</b></caption>" if caption else ""
    markup = f'<table class="zha-table" style="{_TABLE_STYLE}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return Html(markup, _text_table(["severity", "rule", "where", "message"], rows, caption))


def timeline_table(events: list[str], actives: list[Any], expected: list[Any] | None = None,
                   distributors: list[Any] | None = None, expected_distributors: list[Any] | None = None) -> Html:
    """Which stack distributes the DVIPA and which target takes new connections after each event ("none" when none)."""
    labels = ["start", *events]

    def shown(values: list[Any] | None, i: int) -> str:
        return str(values[i]) if values is not None and i < len(values) and values[i] else "none"

    rows = []
    for i, label in enumerate(labels):
        row = [label]
        if distributors is not None:
            row.append(shown(distributors, i))
        row.append(shown(actives, i))
        if expected_distributors is not None:
            row.append(shown(expected_distributors, i))
        if expected is not None:
            row.append(shown(expected, i))
        rows.append(row)
    headers = ["event"] + (["distributor (model)"] if distributors is not None else [])
    headers += ["new connections go to (model)"]
    headers += ["IBM's rules: distributor"] if expected_distributors is not None else []
    headers += ["IBM's hot-standby rules say"] if expected is not None else []
    return table(headers, rows)


def ipconfig_table(rows: Iterable[Sequence[str]]) -> Html:
    """Step 1 of 20-dvipa: each system's dynamic XCF address and its IPCONFIG statement.

    ``rows`` are ``(system, address, statement)``, as :func:`steps.ipconfig_statements` gives them.
    """
    return table(["system", "dynamic XCF address", "statement"], rows, caption="IPCONFIG per system")


def profile_blocks(profiles: Mapping[str, str]) -> list[Html]:
    """Each system's generated statements as a code block titled for its OBEYFILE data set."""
    return [code(text, title=f"{name}: statements for its OBEYFILE data set", language="tcpip")
            for name, text in profiles.items()]


def drill_views(drills: Iterable[Any]) -> list[Html | Svg]:
    """Per failover drill (:class:`steps.Drill`): a heading, the timeline picture, and the table
    that sets the model's answer beside what IBM's hot-standby rules say."""
    out: list[Html | Svg] = []
    for drill in drills:
        out.append(heading(f"{drill.distribution.name}: {drill.title}", 4))
        title = f"Failover timeline of {drill.distribution.name}: {drill.title}"
        out.append(svg(timeline_svg(drill.timeline, drill.rows, title), title))
        out.append(timeline_table(drill.events, drill.actives, drill.expected, drill.distributors,
                                  drill.expected_distributors))
    return out
