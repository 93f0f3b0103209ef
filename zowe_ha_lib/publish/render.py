"""Rendering executed notebooks to HTML fragments with nbconvert.

One :class:`NotebookRenderer` holds one configured exporter and renders every
notebook of a publish run in this process: nbconvert's import and template
compilation cost more than rendering a report notebook, so paying them once
is what keeps a site build fast (the reference measured ~0.7 s per CLI call
against ~0.04 s per notebook through the API).

The exporter uses the kit's template (``templates/site/nbconvert/zowe-ha``):
no prompts, no widget or JavaScript outputs, SVG pictures as ``<img>`` data
URIs (a picture shown as an image cannot run script or fetch anything), the
outcome record as a status line. The parameters and injected-parameters
cells are removed whole; ``hide-code`` cells keep their outputs only. The
result is sanitised with :func:`zowe_ha_lib.publish.sanitize.clean`.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from ..requirements.status import ORDER as STATUSES  # outcome and step words: steps may say unknown
from ..requirements.status import css as status_class
from ..resources import nbconvert_templates_dir
from ..util.lightimport import import_module
from .sanitize import clean

TEMPLATE_DIR = nbconvert_templates_dir()
TEMPLATE_NAME = "zowe-ha"
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")
HIDDEN_INPUT_TAGS = ("hide-code",)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")


def svg_src(svg: str | list[str]) -> str:
    """A data: URI for an SVG output; adds the namespace an ``<img>`` needs."""
    text = "".join(svg) if isinstance(svg, list) else str(svg)
    match = _SVG_OPEN.search(text)
    if match and "xmlns=" not in match.group(0):
        tag = match.group(0)
        text = text.replace(tag, tag[:4] + ' xmlns="http://www.w3.org/2000/svg"' + tag[4:], 1)
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def svg_alt(svg: str | list[str]) -> str:
    """Alternative text for an SVG picture: its ``<title>``, else a generic word."""
    text = "".join(svg) if isinstance(svg, list) else str(svg)
    match = _SVG_TITLE.search(text)
    if match:
        title = " ".join(_TAGS.sub("", match.group(1)).split())
        if title:
            return title
    return "picture"


class NotebookRenderer:
    """Renders executed notebooks (as dicts) to sanitised HTML fragments."""

    def __init__(self) -> None:
        self._exporter: Any = None
        self._nbformat: Any = None
        self.rendered = 0

    def _make_exporter(self) -> Any:
        self._nbformat = import_module("nbformat")  # without rfc3987_syntax's 1.8 s; see util.lightimport
        from nbconvert import HTMLExporter  # local: ~2 s, only when a notebook is rendered
        from traitlets.config import Config  # local: loads with nbconvert (above)

        config = Config()
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_cell_tags = set(HIDDEN_CELL_TAGS)
        config.TagRemovePreprocessor.remove_input_tags = set(HIDDEN_INPUT_TAGS)
        config.HTMLExporter.exclude_input_prompt = True
        config.HTMLExporter.exclude_output_prompt = True
        config.HTMLExporter.sanitize_html = False  # nh3 below cleans the whole fragment instead
        config.HTMLExporter.embed_images = False  # never read local files named by markdown
        config.CSSHTMLHeaderPreprocessor.enabled = False  # the site ships its own pygments.css
        exporter = HTMLExporter(
            config=config, template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATE_DIR)]
        )
        exporter.register_filter("zowe_svg_src", svg_src)
        exporter.register_filter("zowe_svg_alt", svg_alt)
        return exporter

    def render(self, text: str | bytes) -> str:
        """The cells of a notebook file's text as sanitised HTML (no ``<html>`` or ``<body>``)."""
        if self._exporter is None:
            self._exporter = self._make_exporter()
        raw = text.decode("utf-8") if isinstance(text, bytes) else text
        node = self._nbformat.reads(raw, as_version=4)
        resources = {
            "zowe_statuses": STATUSES,
            "zowe_status_class": {s: status_class(s) for s in STATUSES},
        }
        body, _ = self._exporter.from_notebook_node(node, resources=resources)
        self.rendered += 1
        return clean(body)
