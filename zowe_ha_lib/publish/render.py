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

Outputs are capped before anything is rendered (:func:`cap_outputs`): one
output of more than :data:`OUTPUT_CAP` characters, or any output once the
notebook's outputs have used :data:`NOTEBOOK_CAP`, is replaced by a note
that says how large it was and links to the executed notebook among the
downloads (a long stream keeps its head). A notebook that printed 40 MB of
HTML otherwise took minutes and gigabytes to render, sanitise and show, for
a page nobody can read. The note's link is put in after sanitising (which
keeps same-page links only), in place of a random token notebook content
cannot guess.
"""

from __future__ import annotations

import base64
import html
import json
import re
import secrets
from typing import Any

from ..requirements.status import ORDER as STATUSES  # outcome and step words: steps may say unknown
from ..requirements.status import css as status_class
from ..resources import nbconvert_templates_dir
from ..util import jsontext
from ..util.lightimport import import_module
from .sanitize import clean

TEMPLATE_DIR = nbconvert_templates_dir()
TEMPLATE_NAME = "zowe-ha"
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")
OUTPUT_CAP = 512 * 1024  # characters of one output shown on the site
NOTEBOOK_CAP = 4 * 1024 * 1024  # characters of all outputs of one notebook shown on the site
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

    def render(self, text: str | bytes, full: str | None = None) -> str:
        """The cells of a notebook file's text as sanitised HTML (no ``<html>`` or ``<body>``).

        ``full`` is the site-relative link to the whole executed notebook, for
        the note that replaces an output too large to show.
        """
        if self._exporter is None:
            self._exporter = self._make_exporter()
        raw = text.decode("utf-8") if isinstance(text, bytes) else text
        data = jsontext.loads(raw)
        token = f"zowe-ha-output-cut-{secrets.token_hex(12)}"
        cuts = cap_outputs(data, token) if isinstance(data, dict) else []
        # nbformat reads the capped notebook (small now), with its own checks and upgrades as before.
        node = self._nbformat.reads(json.dumps(data) if cuts else raw, as_version=4)
        resources = {
            "zowe_statuses": STATUSES,
            "zowe_status_class": {s: status_class(s) for s in STATUSES},
        }
        body, _ = self._exporter.from_notebook_node(node, resources=resources)
        self.rendered += 1
        body = clean(body)
        for number, size in enumerate(cuts):
            body = body.replace(f"{token}-{number}-", _cut_note(size, full), 1)
        return body


def _size(output: dict[str, Any]) -> int:
    """Characters an output would put on the page (every MIME type's data, stream text, traceback)."""
    total = 0
    for value in [*(output.get("data") or {}).values(), output.get("text"), output.get("traceback")]:
        if isinstance(value, str):
            total += len(value)
        elif isinstance(value, list):
            total += sum(len(v) for v in value if isinstance(v, str))
        elif value is not None:
            total += len(str(value))
    return total


def _placeholder(token: str, number: int) -> dict[str, Any]:
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f'<div class="output-cut">{token}-{number}-</div>'}}


def cap_outputs(nb: dict[str, Any], token: str) -> list[int]:
    """Replace outputs too large for the site by placeholders (in place); the sizes cut, in order.

    A stream (printed text) keeps its first :data:`OUTPUT_CAP` characters;
    any other output is replaced whole (cutting HTML or an image in half
    shows nothing useful). Once the notebook has shown :data:`NOTEBOOK_CAP`
    characters, every further output is replaced.
    """
    cuts: list[int] = []
    budget = NOTEBOOK_CAP
    for cell in nb.get("cells") or []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        if not isinstance(outputs, list):
            continue
        kept: list[Any] = []
        for output in outputs:
            size = _size(output) if isinstance(output, dict) else 0
            if size <= min(OUTPUT_CAP, budget):
                budget -= size
                kept.append(output)
                continue
            if output.get("output_type") == "stream" and budget > 0:
                text = output.get("text")
                text = "".join(text) if isinstance(text, list) else str(text or "")
                head = text[: min(OUTPUT_CAP, budget)]
                budget -= len(head)
                kept.append({**output, "text": head})
            kept.append(_placeholder(token, len(cuts)))
            cuts.append(size)
        cell["outputs"] = kept
    return cuts


def _cut_note(size: int, full: str | None) -> str:
    """The kit's own note in place of an output too large to show (its HTML is trusted: built here)."""
    where = (f'; the whole output is in the executed notebook, <a href="{html.escape(full)}" download>'
             f"{html.escape(full.rsplit('/', 1)[-1])}</a>" if full else "; the whole output is in the executed notebook")
    return f"This output ({human(size)}) is too large to show on this page{where}."


def human(size: int) -> str:
    """``12.3 MB``, ``640 KB``: a size in characters for a person."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} characters"
