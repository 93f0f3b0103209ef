"""Hand-built SVG pictures: the sysplex topology and the failover timeline.

Plain strings, no plotting library: the pictures are small, they must look
the same in a notebook, in the static site and on paper, and every piece of
text in them comes from a user's file, so each one goes through
:func:`esc`. Meaning never rests on colour alone: every state and role is
also written out, and lines differ by dash pattern as well as by shade.
Each picture has a fixed ``viewBox`` computed from its content, a
``<title>`` that names this picture (the site uses it as the image's alt
text, so two timelines never share one) and a ``<desc>`` (for screen readers
and for the plain-text twin a report shows next to it).

Text never runs out of its box. There is no font measurement at build time
(the picture is drawn in a kernel without a browser), so :func:`text_width`
estimates a width from per-character classes sized to DejaVu Sans, the
widest of the fonts the pictures name; every label is shortened with
:func:`fit` or wrapped with :func:`wrap` to the room its box has, and boxes
that hold fixed text (the coupling facility, the captions) grow to it. Each
box and its labels sit in one ``<g class='box'>`` so a test can check the
labels against the box.
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
PAD = 8  # room between a box's edge and its text

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Width classes in em, (normal, bold): upper bounds of DejaVu Sans's advance
# widths for the characters in each class (Arial and Liberation Sans are narrower).
_CLASSES = {
    "thin": (" .,:;'|iIjJl", 0.34, 0.40),
    "narrow": ("()-/!ftr", 0.42, 0.50),
    "upper_s": ("ABEFKLPRSTVXYZ", 0.70, 0.78),
    "upper": ("CDGHNOQU", 0.79, 0.86),
    "wide": ("MWmw@%", 1.00, 1.12),
}
_WIDTH = {ch: (normal, bold) for chars, normal, bold in _CLASSES.values() for ch in chars}
_LOWER, _DIGIT, _OTHER, _FOREIGN = (0.64, 0.72), (0.64, 0.70), (0.86, 0.90), (1.00, 1.12)
ELLIPSIS = "\u2026"


def esc(text: Any) -> str:
    """Text for SVG content or attribute values: quotes escaped, characters XML forbids dropped."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def _em(ch: str) -> tuple[float, float]:
    if ch in _WIDTH:
        return _WIDTH[ch]
    if not ch.isascii():
        return _FOREIGN
    if ch.isdigit():
        return _DIGIT
    return _LOWER if ch.islower() else _OTHER


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A width in pixels no smaller than ``text`` needs at ``size`` (an estimate from character classes)."""
    col = 1 if bold else 0
    return sum(_em(ch)[col] for ch in str(text)) * size


def _squash(text: Any) -> str:
    return " ".join(_NOT_XML.sub("", str(text)).split())


def fit(text: Any, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, shortened with an ellipsis so that it fits ``width``."""
    text = _squash(text)
    if text_width(text, size, bold) <= width:
        return text
    room = width - text_width(ELLIPSIS, size, bold)
    cut = ""
    for ch in text:
        if text_width(cut + ch, size, bold) > room:
            break
        cut += ch
    return cut.rstrip() + ELLIPSIS if cut.strip() else ""


def wrap(text: Any, width: float, size: float, bold: bool = False, max_lines: int = 0) -> list[str]:
    """``text`` broken at spaces into lines that each fit ``width`` (a word too long for a line is shortened).

    With ``max_lines`` the last line allowed takes an ellipsis when text is left over.
    """
    lines: list[str] = []
    line = ""
    for word in _squash(text).split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word if text_width(word, size, bold) <= width else fit(word, width, size, bold)
    if line:
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], fit(" ".join(lines[max_lines - 1:]) + ELLIPSIS, width, size, bold)]
    return lines or [""]


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    width, height = round(width), round(height)
    head = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
        f"height='{height}' role='img' aria-labelledby='t d' {FONT} font-size='12'>"
    )
    parts = [head, f"<title id='t'>{esc(title)}</title>", f"<desc id='d'>{esc(desc)}</desc>",
             f"<rect x='0' y='0' width='{width}' height='{height}' fill='white'/>", *body, "</svg>"]
    return "\n".join(parts) + "\n"


def _text(x: float, y: float, text: str, *, width: float, size: int = 12, anchor: str = "start",
          weight: str = "normal", fill: str = INK, extra: str = "") -> str:
    """One line of text fitted to ``width``; the full text goes into a <title> when it had to be shortened."""
    bold = weight == "bold"
    shown = fit(text, width, size, bold)
    inner = esc(shown)
    if shown != _squash(text):
        inner = f"<title>{esc(text)}</title>{inner}"
    return (f"<text x='{x:g}' y='{y:g}' font-size='{size}' text-anchor='{anchor}' "
            f"font-weight='{weight}' fill='{fill}'{extra}>{inner}</text>")


def _box(x: float, y: float, w: float, h: float, attrs: str, texts: list[str]) -> str:
    """A rectangle and the labels that belong inside it, as one group."""
    rect = f"<rect x='{x:g}' y='{y:g}' width='{w:g}' height='{h:g}' {attrs}/>"
    return "<g class='box'>" + rect + "".join(texts) + "</g>"


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


def topology_title(record: ChangeRecord) -> str:
    """The picture's title and alt text: which change, which sysplex, which systems."""
    return (f"Topology of {record.id}: sysplex {record.sysplex.name}, "
            f"systems {', '.join(record.sysplex.system_names)}")


def topology_svg(record: ChangeRecord) -> str:
    """The sysplex: systems, coupling facility, DVIPAs, distributor/backup stacks, targets."""
    names = list(record.sysplex.system_names)
    groups = dvipa_groups(record)
    box_w, gap = 230, 20
    cf_label = "Coupling facility (XCF, sysplex)"
    cf_w = text_width(cf_label, 12, True) + 2 * PAD
    legend = [("owns the DVIPA (VIPADEFINE)", ""), ("takes it over (VIPABACKUP)", " stroke-dasharray='6 4'")]
    legend_w = sum(40 + text_width(words, 11) + 30 for words, _ in legend)
    width = max(700, len(names) * (box_w + gap) + gap, cf_w + 2 * gap, legend_w + 2 * gap)
    info = {n: _system_lines(record, n) for n in names}
    box_h = 40 + 16 * max(len(v) for v in info.values())
    dvipa_y = 60
    sys_y = dvipa_y + 40 + 14 * max(len(g.distributions) for g in groups) + 70
    cf_y = sys_y + box_h + 40
    height = cf_y + 40 + 50
    body: list[str] = [_text(width / 2, 28, f"{record.id}: sysplex {record.sysplex.name}", size=16,
                             anchor="middle", weight="bold", width=width - 2 * PAD)]
    xs = {n: gap + i * (box_w + gap) for i, n in enumerate(names)}
    centre = {n: xs[n] + box_w / 2 for n in names}
    # coupling facility: every system connects to it (XCF signalling, sysplex structures)
    cf_x = (width - cf_w) / 2
    body.append(_box(cf_x, cf_y, cf_w, 40, f"rx='4' fill='{SOFT}' stroke='{INK}'",
                     [_text(width / 2, cf_y + 25, cf_label, anchor="middle", weight="bold", width=cf_w - 2 * PAD + 1)]))
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
        room = dv_w - 2 * PAD
        texts = [_text(cx, dvipa_y + 17, f"DVIPA {group.dvipa}", anchor="middle", weight="bold", width=room),
                 _text(cx, dvipa_y + 32, host or "(no host name)", anchor="middle", size=11, width=room)]
        for j, d in enumerate(dists):
            ports = " ".join(str(p) for p in d.ports)
            texts.append(_text(cx, dvipa_y + 47 + 14 * j, f"{d.name}: port {ports}", anchor="middle", size=11, width=room))
        body.append(_box(x, dvipa_y, dv_w, h, f"rx='10' fill='white' stroke='{ACTIVE}' stroke-width='2'", texts))
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
        room = box_w - 2 * PAD
        texts = [_text(x + PAD, sys_y + 20, n, size=14, weight="bold", width=room)]
        texts += [_text(x + PAD, sys_y + 40 + 16 * k, line, size=11, width=room) for k, line in enumerate(info[n])]
        body.append(_box(x, sys_y, box_w, box_h, f"rx='4' fill='white' stroke='{INK}' stroke-width='{2.5 if owner else 1}'",
                         texts))
    legend_y = height - 18
    x = gap
    for words, dash in legend:
        body.append(f"<line x1='{x:g}' y1='{legend_y - 4}' x2='{x + 30:g}' y2='{legend_y - 4}' stroke='{ACTIVE}' "
                    f"stroke-width='{2.5 if not dash else 1.5}'{dash}/>")
        body.append(_text(x + 36, legend_y, words, size=11, width=width - x - 36 - PAD))
        x += 40 + text_width(words, 11) + 30
    return _svg(width, height, topology_title(record), topology_text(record), body)


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

TIMELINE_HEADING = "Which target gets new connections"
TIMELINE_CAPTION = ("Columns: the state after each event, left to right. Rows: the targets in order of "
                    "preference, each listening, unhealthy or down; the filled cell is the target that gets "
                    "new connections.")
DISTRIBUTOR_CAPTION = ("Columns: the state after each event, left to right. Rows: the stack that owns and "
                       "distributes the DVIPA, then the targets in order of preference, each listening, unhealthy "
                       "or down; the filled cell is the target that gets new connections.")
NO_TARGET = "(no target)"
DISTRIBUTOR_ROW = "distributor"
NO_DISTRIBUTOR = "none (no DVIPA)"


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


def timeline_rows(timeline: list[dict[str, Any]], targets: list[Any]) -> list[str]:
    """The picture's rows: the given targets in order, any other active target, then
    :data:`NO_TARGET` only when some step has no active target.

    The list is data, not layout: a caller with more to show (a distributor
    row, say) passes its rows and the picture draws one row per entry.
    """
    names = _target_names(targets)
    for entry in timeline:
        active = entry.get("active")
        if active is not None and str(active) not in names:
            names.append(str(active))
    if any(entry.get("active") is None for entry in timeline):
        names.append(NO_TARGET)
    return names


def _distributor_row(timeline: list[dict[str, Any]], left: float, y: float, col_w: float, row_h: float,
                     label_size: int) -> list[str]:
    """The first row: which stack owns and distributes the DVIPA after each event."""
    out = [_text(left - 10, y + row_h / 2 + 4, DISTRIBUTOR_ROW, anchor="end", weight="bold", size=label_size,
                 width=left - 10 - PAD),
           f"<line x1='{left:g}' y1='{y + row_h - 2:g}' x2='{left + len(timeline) * col_w:g}' y2='{y + row_h - 2:g}' "
           f"stroke='{INK}'/>"]
    for c, entry in enumerate(timeline):
        x = left + c * col_w
        stack = entry.get("distributor")
        dash = "" if stack else " stroke-dasharray='4 3'"
        out.append(_box(x + 4, y + 6, col_w - 8, row_h - 12, f"rx='3' fill='white' stroke='{ACTIVE if stack else WARN}'{dash}",
                        [f"<title>{esc(entry.get('event'))}: distributor {esc(stack or 'none')}</title>",
                         _text(x + col_w / 2, y + row_h / 2 + 4, str(stack) if stack else NO_DISTRIBUTOR, anchor="middle",
                               size=10, weight="bold" if stack else "normal", width=col_w - 8 - 2 * PAD)]))
    return out


def _event_lines(event: str, width: float, size: int) -> list[str]:
    """A column heading: the event as typed when it fits, else broken after its ``:`` (two lines at most)."""
    if text_width(_squash(event), size) <= width:
        return [_squash(event)]
    return wrap(event.replace(":", ": "), width, size, max_lines=2)


def timeline_svg(timeline: list[dict[str, Any]], targets: list[Any], title: str = "Failover timeline") -> str:
    """Events along the x-axis, one row per target, the active one marked in each column.

    ``targets`` are names or ``{"name": ...}`` mappings (as in ``failover
    --json``), in the order the rows should appear (preference order reads
    best). A column without an active target shows a hatched cell in a
    "(no target)" row, which exists only when such a column does. When the
    entries say which stack distributes the DVIPA (``distributor``), a first
    row names it in each column ("none (no DVIPA)" when no stack has it).
    ``title`` names this picture (the distribution and the scenario): it is
    the alt text of the picture on the site.
    """
    rows = timeline_rows(timeline, targets)
    has_dist = any("distributor" in e for e in timeline)
    labels = [DISTRIBUTOR_ROW, *rows] if has_dist else rows
    label_size, col_w, row_h, head_size = 12, 112, 34, 11
    left = PAD + min(170.0, max([60.0, *(text_width(r, label_size, True) for r in labels)])) + 12
    cols = max(1, len(timeline))
    grid_w = cols * col_w
    width = max(left + grid_w + PAD, 360.0)
    heading = wrap(TIMELINE_HEADING, width - 2 * PAD, 15, True)
    caption = wrap(DISTRIBUTOR_CAPTION if has_dist else TIMELINE_CAPTION, width - 2 * PAD, 10)
    event_lines = [_event_lines(str(e.get("event")), col_w - 2 * PAD, head_size) for e in timeline]
    head_h = 14 * max([1, *(len(lines) for lines in event_lines)])
    top = PAD + 20 * len(heading) + 8 + head_h + 6 + (row_h if has_dist else 0)
    height = top + len(rows) * row_h + 14 + 13 * len(caption) + PAD
    body = [
        "<defs><pattern id='hatch' width='8' height='8' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        f"<line x1='0' y1='0' x2='0' y2='8' stroke='{WARN}' stroke-width='1.5' stroke-opacity='0.6'/></pattern></defs>",
    ]
    body += [_text(PAD, PAD + 15 + 20 * i, line, size=15, weight="bold", width=width - 2 * PAD) for i, line in enumerate(heading)]
    if has_dist:
        body += _distributor_row(timeline, left, top - row_h, col_w, row_h, label_size)
    for r, name in enumerate(rows):
        y = top + r * row_h
        body.append(_text(left - 10, y + row_h / 2 + 4, name, anchor="end", weight="bold", width=left - 10 - PAD,
                          size=label_size))
        body.append(f"<line x1='{left:g}' y1='{y + row_h:g}' x2='{left + grid_w:g}' y2='{y + row_h:g}' stroke='#ccc'/>")
    bottom = top + len(rows) * row_h
    for c, entry in enumerate(timeline):
        x = left + c * col_w
        cx = x + col_w / 2
        first = top - (row_h if has_dist else 0)
        body.append(f"<line x1='{x:g}' y1='{first - head_h - 4:g}' x2='{x:g}' y2='{bottom:g}' stroke='#ddd'/>")
        head_y = first - 6 - 14 * (len(event_lines[c]) - 1)
        body.append(f"<g><title>{esc(entry.get('event'))}</title>" + "".join(
            _text(cx, head_y + 14 * i, line, anchor="middle", size=head_size, width=col_w - 2 * PAD)
            for i, line in enumerate(event_lines[c])) + "</g>")
        states = entry.get("states") or {}
        active = entry.get("active")
        room = col_w - 8 - 2 * PAD
        for r, name in enumerate(rows):
            y = top + r * row_h
            if name == NO_TARGET and r == len(rows) - 1 and active is None:
                body.append(_box(x + 4, y + 5, col_w - 8, row_h - 10,
                                 f"fill='url(#hatch)' stroke='{WARN}'",
                                 [f"<title>{esc(entry.get('event'))}: no target</title>",
                                  _text(cx, y + row_h / 2 + 4, "NO TARGET", anchor="middle", weight="bold", size=11,
                                        width=room)]))
                continue
            state = states.get(name)
            if active is not None and str(active) == name:
                texts = [f"<title>{esc(entry.get('event'))}: {esc(name)} active</title>"]
                if state in (None, "listening"):
                    texts.append(_text(cx, y + row_h / 2 + 4, "ACTIVE", anchor="middle", weight="bold", fill="white",
                                       size=11, width=room))
                else:
                    texts.append(_text(cx, y + row_h / 2 - 2, "ACTIVE", anchor="middle", weight="bold", fill="white",
                                       size=10, width=room))
                    texts.append(_text(cx, y + row_h / 2 + 10, f"({state})", anchor="middle", fill="white", size=9,
                                       width=room))
                body.append(_box(x + 4, y + 4, col_w - 8, row_h - 8, f"rx='3' fill='{ACTIVE}'", texts))
            elif state:
                style = " font-style='italic'" if state != "listening" else ""
                body.append(_text(cx, y + row_h / 2 + 4, state, anchor="middle", size=10, fill="#555",
                                  width=col_w - 2 * PAD, extra=style))
    body += [_text(PAD, bottom + 14 + 10 + 13 * i, line, size=10, fill="#555", width=width - 2 * PAD)
             for i, line in enumerate(caption)]
    return _svg(width, height, title, timeline_text(timeline), body)
