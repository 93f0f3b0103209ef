"""The reachability picture of a drill: probe samples over time, with the steps marked.

Same rules as :mod:`zowe_ha_lib.runbook.pictures`: hand-built SVG, every
user text escaped, meaning never by colour alone (a failed sample is a tall
bar below the line, a good one a short bar above it, and the legend says
so), a fixed ``viewBox``, a ``<title>`` and a ``<desc>`` that states the
outage in words.
"""

from __future__ import annotations

from typing import Any

from ..runbook.pictures import ACTIVE, FONT, INK, WARN, esc, fit

WIDTH = 760
LEFT, RIGHT = 70, 20


def runs(series: list[dict[str, Any]]) -> list[tuple[bool, float, float]]:
    """Consecutive samples of one result as ``(ok, from, to)``; a run lasts until the next run's first sample."""
    out: list[tuple[bool, float, float]] = []
    for s in series:
        if out and out[-1][0] == bool(s["ok"]):
            out[-1] = (out[-1][0], out[-1][1], s["t"])
            continue
        if out:
            out[-1] = (out[-1][0], out[-1][1], s["t"])
        out.append((bool(s["ok"]), s["t"], s["t"]))
    return out


def reachability_svg(samples: list[dict[str, Any]], marks: list[dict[str, Any]], title: str, outage_text: str) -> str:
    """``samples``: ``{"t", "kind", "ok"}``; ``marks``: ``{"t", "label"}`` (seconds since the probe started)."""
    kinds = [k for k in ("tcp", "https") if any(s["kind"] == k for s in samples)] or ["tcp"]
    lane_h, top = 46, 34
    height = top + lane_h * len(kinds) + 24 + 18 * max(1, len(marks)) + 12
    end = max([s["t"] for s in samples] + [m["t"] for m in marks] + [1.0])
    span = WIDTH - LEFT - RIGHT

    def x(t: float) -> float:
        return LEFT + span * (t / end)

    body = [f"<text x='{LEFT}' y='18' font-size='13' font-weight='bold' fill='{INK}'>{esc(fit(title, WIDTH - LEFT - RIGHT - 300, 13, bold=True))}</text>"]
    for i, kind in enumerate(kinds):
        base = top + lane_h * i + lane_h / 2
        label = "TCP connect" if kind == "tcp" else "HTTPS GET"
        body.append(f"<text x='4' y='{base + 4:g}' font-size='11' fill='{INK}'>{label}</text>")
        body.append(f"<line x1='{LEFT}' y1='{base:g}' x2='{WIDTH - RIGHT}' y2='{base:g}' stroke='{INK}' stroke-width='0.5'/>")
        for ok, start, stop in runs([s for s in samples if s["kind"] == kind]):
            width = max(1.5, x(stop) - x(start))
            if ok:
                body.append(f"<rect x='{x(start):.1f}' y='{base - 8:g}' width='{width:.1f}' height='8' fill='{ACTIVE}'/>")
            else:
                body.append(f"<rect x='{x(start):.1f}' y='{base:g}' width='{width:.1f}' height='16' fill='{WARN}'/>")
    axis = top + lane_h * len(kinds) + 4
    body.append(f"<line x1='{LEFT}' y1='{axis}' x2='{WIDTH - RIGHT}' y2='{axis}' stroke='{INK}'/>")
    for k in range(6):
        t = end * k / 5
        body.append(f"<text x='{x(t):.1f}' y='{axis + 14}' font-size='10' text-anchor='middle' fill='{INK}'>{t:.1f} s</text>")
    for n, m in enumerate(marks):
        mx = x(m["t"])
        body.append(f"<line x1='{mx:.1f}' y1='{top - 6}' x2='{mx:.1f}' y2='{axis}' stroke='{INK}' stroke-dasharray='4 3'/>")
        body.append(f"<text x='{mx + 2:.1f}' y='{top - 8}' font-size='10' fill='{INK}'>{n + 1}</text>")
        body.append(f"<text x='{LEFT}' y='{axis + 32 + 18 * n}' font-size='11' fill='{INK}'>"
                    f"{n + 1}: {esc(fit(m['label'], WIDTH - LEFT - RIGHT - 90, 11))} (at {m['t']:.1f} s)</text>")
    legend = "short bar above the line: reached; tall bar below: failed"
    body.append(f"<text x='{WIDTH - RIGHT}' y='18' font-size='10' text-anchor='end' fill='{INK}'>{legend}</text>")
    desc = f"Reachability of the DVIPA from the probing machine over {end:.1f} s. {outage_text}"
    head = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' width='{WIDTH}' height='{height}' "
            f"role='img' aria-labelledby='t d' {FONT} font-size='12'>")
    parts = [head, f"<title id='t'>{esc(title)}</title>", f"<desc id='d'>{esc(desc)}</desc>",
             f"<rect x='0' y='0' width='{WIDTH}' height='{height}' fill='white'/>", *body, "</svg>"]
    return "\n".join(parts) + "\n"
