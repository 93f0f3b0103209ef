"""Hand-built SVG pictures: the sysplex topology and the failover timeline.

Plain strings, no plotting library: the pictures are small, they must look
the same in a notebook, in the static site and on paper, and every piece of
text in them comes from a user's file, so each one goes through
:func:`esc`. Meaning never rests on colour alone: every state and role is
also written out, and lines differ by dash pattern as well as by shade.
Each picture has a fixed ``viewBox`` computed from its content, a
``<title>`` and a ``<desc>`` (for screen readers and for the plain-text
twin a report shows next to it).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from ..record.model import ChangeRecord
from ..tcpip.plan import dvipa_groups, roles

FONT = "font-family='DejaVu Sans, Arial, Helvetica, sans-serif'"
INK = "#1a1a1a"
SOFT = "#f2f2f2"
ACTIVE = "#2b5d8a"
WARN = "#b36b00"


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def esc(text: Any) -> str:
    """Text for SVG content or attribute values: quotes escaped, characters XML forbids dropped."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def clip(text: str, limit: int) -> str:
    """Shorten long user text so it stays inside its box (the full text goes into a <title>)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    head = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
        f"height='{height}' role='img' aria-labelledby='t d' {FONT} font-size='12'>"
    )
    parts = [head, f"<title id='t'>{esc(title)}</title>", f"<desc id='d'>{esc(desc)}</desc>",
             f"<rect x='0' y='0' width='{width}' height='{height}' fill='white'/>", *body, "</svg>"]
    return "\n".join(parts) + "\n"


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start", weight: str = "normal",
          fill: str = INK, limit: int = 60) -> str:
    shown = clip(text, limit)
    inner = esc(shown)
    if shown != " ".join(str(text).split()):
        inner = f"<title>{esc(text)}</title>{inner}"
    return (f"<text x='{x:g}' y='{y:g}' font-size='{size}' text-anchor='{anchor}' "
            f"font-weight='{weight}' fill='{fill}'>{inner}</text>")


# --------------------------------------------------------------------------- topology


def _system_lines(record: ChangeRecord, name: str) -> list[str]:
    system = record.system(name)
    lines = [f"XCF {system.dynamic_xcf}"]
    for group, role in roles(record, name):
        if role == "owner":
            lines.append(f"VIPADEFINE {group.dvipa} (owner)")
        else:
            lines.append(f"VIPABACKUP {group.dvipa} rank {group.rank(name)}")
    for dist in record.distributions:
        for t in record.targets(dist):
            if t.system == name:
                what = "PREFERRED" if t.role == "preferred" else f"BACKUP {t.rank}"
                lines.append(f"{dist.name}: {what}")
    return lines


def topology_svg(record: ChangeRecord) -> str:
    """The sysplex: systems, coupling facility, DVIPAs, distributor/backup stacks, targets."""
    names = list(record.sysplex.system_names)
    groups = dvipa_groups(record)
    box_w, gap = 210, 20
    width = max(700, len(names) * (box_w + gap) + gap)
    info = {n: _system_lines(record, n) for n in names}
    box_h = 40 + 16 * max(len(v) for v in info.values())
    dvipa_y = 60
    sys_y = dvipa_y + 40 + 14 * max(len(g.distributions) for g in groups) + 70
    cf_y = sys_y + box_h + 40
    height = cf_y + 40 + 50
    body: list[str] = [_text(width / 2, 28, f"{record.id}: sysplex {record.sysplex.name}", size=16,
                             anchor="middle", weight="bold", limit=80)]
    xs = {n: gap + i * (box_w + gap) for i, n in enumerate(names)}
    centre = {n: xs[n] + box_w / 2 for n in names}
    # coupling facility: every system connects to it (XCF signalling, sysplex structures)
    cf_w = 260
    cf_x = (width - cf_w) / 2
    body.append(f"<rect x='{cf_x:g}' y='{cf_y:g}' width='{cf_w}' height='40' rx='4' fill='{SOFT}' stroke='{INK}'/>")
    body.append(_text(width / 2, cf_y + 25, "Coupling facility (XCF, sysplex)", anchor="middle", weight="bold"))
    for n in names:
        body.append(f"<line x1='{centre[n]:g}' y1='{sys_y + box_h:g}' x2='{width / 2:g}' y2='{cf_y:g}' "
                    f"stroke='#888' stroke-width='1'/>")
    # DVIPAs: one box each, a solid line to the owner, dashed lines to VIPABACKUP stacks
    dv_w = min(300, (width - gap) / max(1, len(groups)) - gap)
    for i, group in enumerate(groups):
        x = gap + i * (dv_w + gap)
        cx = x + dv_w / 2
        dists = group.distributions
        h = 40 + 14 * len(dists)
        host = next((d.hostname for d in dists if d.hostname), None)
        body.append(f"<rect x='{x:g}' y='{dvipa_y:g}' width='{dv_w:g}' height='{h}' rx='10' fill='white' "
                    f"stroke='{ACTIVE}' stroke-width='2'/>")
        body.append(_text(cx, dvipa_y + 17, f"DVIPA {group.dvipa}", anchor="middle", weight="bold", limit=44))
        body.append(_text(cx, dvipa_y + 32, host or "(no host name)", anchor="middle", size=11, limit=44))
        for j, d in enumerate(dists):
            ports = " ".join(str(p) for p in d.ports)
            body.append(_text(cx, dvipa_y + 47 + 14 * j, f"{d.name}: port {ports}", anchor="middle", size=11, limit=44))
        top = dvipa_y + h
        body.append(f"<line x1='{cx:g}' y1='{top:g}' x2='{centre[group.owner]:g}' y2='{sys_y:g}' "
                    f"stroke='{ACTIVE}' stroke-width='2.5'><title>{esc(group.owner)} owns {esc(group.dvipa)}</title></line>")
        for b in group.backups:
            body.append(f"<line x1='{cx:g}' y1='{top:g}' x2='{centre[b]:g}' y2='{sys_y:g}' stroke='{ACTIVE}' "
                        f"stroke-width='1.5' stroke-dasharray='6 4'><title>{esc(b)} backs up {esc(group.dvipa)}"
                        "</title></line>")
    for n in names:
        x = xs[n]
        owner = any(g.owner == n for g in groups)
        body.append(f"<rect x='{x:g}' y='{sys_y:g}' width='{box_w}' height='{box_h}' rx='4' fill='white' "
                    f"stroke='{INK}' stroke-width='{2.5 if owner else 1}'/>")
        body.append(_text(x + 10, sys_y + 20, n, size=14, weight="bold", limit=24))
        for k, line in enumerate(info[n]):
            body.append(_text(x + 10, sys_y + 40 + 16 * k, line, size=11, limit=34))
    legend_y = height - 18
    body.append(f"<line x1='{gap}' y1='{legend_y - 4}' x2='{gap + 30}' y2='{legend_y - 4}' stroke='{ACTIVE}' stroke-width='2.5'/>")
    body.append(_text(gap + 36, legend_y, "owns the DVIPA (VIPADEFINE)", size=11))
    body.append(f"<line x1='{gap + 230}' y1='{legend_y - 4}' x2='{gap + 260}' y2='{legend_y - 4}' stroke='{ACTIVE}' "
                "stroke-width='1.5' stroke-dasharray='6 4'/>")
    body.append(_text(gap + 266, legend_y, "takes it over (VIPABACKUP)", size=11))
    return _svg(width, height, f"Topology of {record.id}", topology_text(record), body)


def topology_text(record: ChangeRecord) -> str:
    """The topology in words (the picture's <desc>, and its text twin)."""
    parts = [f"Sysplex {record.sysplex.name} with systems {', '.join(record.sysplex.system_names)} and a coupling facility."]
    for group in dvipa_groups(record):
        backups = ", ".join(f"{b} (rank {group.rank(b)})" for b in group.backups) or "no stack"
        parts.append(f"DVIPA {group.dvipa} is owned and distributed by {group.owner}; VIPABACKUP on {backups}.")
        for d in group.distributions:
            targets = ", ".join(
                f"{t.system} {'preferred' if t.role == 'preferred' else f'backup rank {t.rank}'}" for t in record.targets(d)
            )
            parts.append(f"{d.name} on port {' '.join(str(p) for p in d.ports)}: targets {targets}.")
    return " ".join(parts)


# --------------------------------------------------------------------------- timeline


def _target_names(targets: list[Any]) -> list[str]:
    names = []
    for t in targets:
        name = t.get("name") or t.get("system") or t.get("destip") if isinstance(t, dict) else getattr(t, "name", t)
        names.append(str(name))
    return names


def timeline_text(timeline: list[dict[str, Any]]) -> str:
    if any("distributor" in e for e in timeline):
        steps = [f"{e['event']}: distributor {e.get('distributor') or 'none'}, "
                 f"{e['active'] if e.get('active') else 'no target'}" for e in timeline]
        return "Distributor and active target after each event: " + "; ".join(steps) + "."
    steps = [f"{e['event']}: {e['active'] if e.get('active') else 'no target'}" for e in timeline]
    return "Active target after each event: " + "; ".join(steps) + "."


def timeline_svg(timeline: list[dict[str, Any]], targets: list[Any]) -> str:
    """Events along the x-axis, one row per target, the active one marked in each column.

    ``targets`` are names or ``{"name": ...}`` mappings (as in ``failover
    --json``), in the order the rows should appear (preference order reads
    best). A column without an active target shows a hatched "no target" cell.
    When the entries say which stack distributes the DVIPA (``distributor``),
    a first row names it in each column ("none" when no stack has the DVIPA).
    """
    names = _target_names(targets)
    for entry in timeline:
        active = entry.get("active")
        if active is not None and str(active) not in names:
            names.append(str(active))
    left, top, col_w, row_h = 150, 50, 112, 34
    cols = max(1, len(timeline))
    has_dist = any("distributor" in e for e in timeline)
    if has_dist:
        top += row_h  # the distributor row sits above the target rows
    rows = len(names) + 1  # the last row is "no target"
    width = left + cols * col_w + 20
    height = top + rows * row_h + 110
    body = [
        "<defs><pattern id='hatch' width='8' height='8' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        f"<line x1='0' y1='0' x2='0' y2='8' stroke='{WARN}' stroke-width='1.5' stroke-opacity='0.6'/></pattern></defs>",
        _text(left, 28, "Which target gets new connections", size=15, weight="bold", limit=80),
    ]
    if has_dist:
        y = top - row_h
        body.append(_text(left - 10, y + row_h / 2 + 4, "distributor", anchor="end", weight="bold", limit=20))
        body.append(f"<line x1='{left}' y1='{top - 2:g}' x2='{left + cols * col_w}' y2='{top - 2:g}' stroke='{INK}'/>")
        for c, entry in enumerate(timeline):
            x = left + c * col_w
            stack = entry.get("distributor")
            body.append(f"<rect x='{x + 4}' y='{y + 6}' width='{col_w - 8}' height='{row_h - 12}' rx='3' fill='white' "
                        f"stroke='{ACTIVE if stack else WARN}' stroke-dasharray='{'0' if stack else '4 3'}'>"
                        f"<title>{esc(entry.get('event'))}: distributor {esc(stack or 'none')}</title></rect>")
            body.append(_text(x + col_w / 2, y + row_h / 2 + 4, str(stack) if stack else "none (no DVIPA)",
                              anchor="middle", size=10, weight="bold" if stack else "normal", limit=18))
    row_names = [*names, "(no target)"]
    for r, name in enumerate(row_names):
        y = top + r * row_h
        body.append(_text(left - 10, y + row_h / 2 + 4, name, anchor="end", weight="bold", limit=20))
        body.append(f"<line x1='{left}' y1='{y + row_h:g}' x2='{left + cols * col_w}' y2='{y + row_h:g}' stroke='#ccc'/>")
    for c, entry in enumerate(timeline):
        x = left + c * col_w
        body.append(f"<line x1='{x}' y1='{top}' x2='{x}' y2='{top + rows * row_h}' stroke='#ddd'/>")
        states = entry.get("states") or {}
        active = entry.get("active")
        for r, name in enumerate(names):
            y = top + r * row_h
            state = states.get(name)
            if active is not None and str(active) == name:
                body.append(f"<rect x='{x + 4}' y='{y + 4}' width='{col_w - 8}' height='{row_h - 8}' rx='3' "
                            f"fill='{ACTIVE}'><title>{esc(entry.get('event'))}: {esc(name)} active</title></rect>")
                if state in (None, "listening"):
                    body.append(_text(x + col_w / 2, y + row_h / 2 + 4, "ACTIVE", anchor="middle", weight="bold",
                                      fill="white", size=11))
                else:
                    body.append(_text(x + col_w / 2, y + row_h / 2 - 2, "ACTIVE", anchor="middle", weight="bold",
                                      fill="white", size=10))
                    body.append(_text(x + col_w / 2, y + row_h / 2 + 10, f"({state})", anchor="middle",
                                      fill="white", size=9, limit=18))
            elif state:
                style = "font-style='italic' " if state != "listening" else ""
                body.append(f"<text x='{x + col_w / 2:g}' y='{y + row_h / 2 + 4:g}' font-size='10' text-anchor='middle' "
                            f"{style}fill='#555'>{esc(state)}</text>")
        if active is None:
            y = top + len(names) * row_h
            body.append(f"<rect x='{x + 4}' y='{y + 5}' width='{col_w - 8}' height='{row_h - 10}' fill='url(#hatch)' "
                        f"stroke='{WARN}'><title>{esc(entry.get('event'))}: no target</title></rect>")
            body.append(_text(x + col_w / 2, y + row_h / 2 + 4, "NO TARGET", anchor="middle", weight="bold", size=11))
        label_y = top + rows * row_h + 14
        body.append(
            f"<text x='{x + col_w / 2:g}' y='{label_y}' font-size='11' text-anchor='end' "
            f"transform='rotate(-30 {x + col_w / 2:g} {label_y})' fill='{INK}'>"
            f"<title>{esc(entry.get('event'))}</title>{esc(clip(str(entry.get('event')), 22))}</text>"
        )
    if has_dist:
        # two short lines from the left edge, so that even a one-column picture holds them
        body.append(_text(10, height - 22, "Columns: state after each event, left to right.", size=9, fill="#555"))
        body.append(_text(10, height - 10, "Rows: the distributing stack, then the targets.", size=9, fill="#555"))
    else:
        body.append(_text(left, height - 10, "Columns: state after each event, left to right. "
                          "Rows: targets (listening, unhealthy, down).", size=10, fill="#555", limit=120))
    return _svg(width, height, "Failover timeline", timeline_text(timeline), body)
