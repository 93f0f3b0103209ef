"""Cleaning notebook HTML before it goes on the site.

A report notebook's outputs are HTML written by code that read evidence files
and a zowe.yaml, so any of it may carry markup someone else typed. The site
keeps what the kit's outputs use (prose, tables, code, inline SVG pictures and
data: images) and drops everything that runs or fetches: scripts, event
handlers, frames, forms, style attributes and sheets (the pages' CSP forbids
inline style, so keeping them would only log violations), and every URL that
is not a same-page fragment or an inline image.
"""

from __future__ import annotations

import re

import nh3

_HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var",
}
_SVG_TAGS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "marker", "lineargradient", "radialgradient", "stop",
    "clippath", "mask", "pattern",
}
_SVG_ATTRS = {
    "viewbox", "preserveaspectratio", "xmlns", "width", "height", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule",
    "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "stroke-opacity",
    "opacity", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "alignment-baseline", "dx", "dy", "textlength", "lengthadjust", "rotate",
    "marker-start", "marker-mid", "marker-end", "markerwidth", "markerheight", "refx", "refy",
    "orient", "markerunits", "offset", "stop-color", "stop-opacity", "gradientunits",
    "gradienttransform", "clip-path", "clippathunits", "mask", "patternunits", "href", "xlink:href",
    "role", "aria-label", "aria-hidden", "class", "id", "visibility", "display",
}
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-describedby", "aria-hidden"}
_HTML_ATTRS = {
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
}
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)(;base64)?,", re.IGNORECASE)
_FRAGMENT = re.compile(r"^#[^\s\"'<>]*$")
# An <img> as nh3 writes it (attribute values always double-quoted, '"' escaped).
_IMG = re.compile(r'<img(?:\s+[^\s="/>]+(?:="[^"]*")?)*\s*/?>')


def _keep_url(element: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: only same-page fragments and inline images survive."""
    if attribute in ("href", "xlink:href"):
        return value if _FRAGMENT.match(value.strip()) else None
    if attribute == "src":
        return value if element == "img" and _DATA_IMAGE.match(value.strip()) else None
    return value


def _attributes() -> dict[str, set[str]]:
    attrs: dict[str, set[str]] = {tag: set(extra) for tag, extra in _HTML_ATTRS.items()}
    for tag in _SVG_TAGS:
        attrs[tag] = set(_SVG_ATTRS)
    attrs["*"] = set(_GENERIC)
    return attrs


# html5ever gives SVG names their camelCase spelling (viewBox, linearGradient);
# nh3 compares names as parsed, so both spellings are listed.
_CAMEL = ["viewBox", "preserveAspectRatio", "textLength", "lengthAdjust", "markerWidth", "markerHeight", "refX", "refY", "markerUnits", "gradientUnits", "gradientTransform", "clipPathUnits", "patternUnits"]
_SVG_ATTRS |= set(_CAMEL)
_SVG_TAGS |= {"linearGradient", "radialGradient", "clipPath"}
_ATTRS = _attributes()
_TAGS = _HTML_TAGS | _SVG_TAGS


def clean(html: str) -> str:
    """``html`` with only the kit's allowed tags, attributes and URLs left."""
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRS,
        attribute_filter=_keep_url,
        url_schemes={"data"},
        link_rel=None,
        strip_comments=True,
    )
    # An image whose source was dropped would only show a broken-image box; one without
    # alternative text gets the stock text nbconvert gives it (render.py skips nbconvert's pass).
    return _IMG.sub(_image, cleaned)


NO_ALT = "No description has been provided for this image"


def _image(match: re.Match[str]) -> str:
    tag = match.group(0)
    if ' src="' not in tag:
        return ""
    return tag if ' alt="' in tag else f'<img alt="{NO_ALT}"{tag[4:]}'
