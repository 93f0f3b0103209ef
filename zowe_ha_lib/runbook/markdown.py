"""A small Markdown-to-HTML renderer for the kit's own Markdown (the operator sheet).

The operator sheet is Markdown so that it reads well as plain text at the
console; in a notebook, on the site and on paper it should read as a
document: headings, paragraphs, lists and command blocks that wrap. The kit
writes that Markdown itself, so only the few constructs it uses are
understood (ATX headings, paragraphs, ``-``/``*`` lists nested by indent,
fenced code blocks, inline code, ``**bold**`` and ``> `` notes); anything else
is shown as the text it is. Every piece of text is escaped before any tag is
added, so a value from a change record can never become markup, and nothing
refers to anything outside the page. No third-party parser is needed in the
kernel for this.
"""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)[-*]\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*")


def inline(text: str) -> str:
    """Escaped text with ``code`` and **bold** spans."""
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[pos:match.start()], quote=False))
        if match.group(1) is not None:
            out.append(f"<code>{html.escape(match.group(1), quote=False)}</code>")
        else:
            out.append(f"<strong>{html.escape(match.group(2), quote=False)}</strong>")
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def _list(items: list[tuple[int, str]]) -> str:
    """Nested ``<ul>`` from ``(indent, text)`` items in order."""
    out: list[str] = []
    depth: list[int] = []
    for indent, text in items:
        if not depth or indent > depth[-1]:
            out.append("<ul>")
            depth.append(indent)
        else:
            while len(depth) > 1 and indent < depth[-1]:
                out.append("</li></ul>")
                depth.pop()
            out.append("</li>")
        out.append(f"<li>{inline(text)}")
    out.append("</li></ul>" * len(depth))
    return "".join(out)


def to_html(text: str, shift: int = 0, code_class: str = "") -> str:
    """HTML for the Markdown ``text``; headings move down ``shift`` levels (to nest under a page's own)."""
    blocks: list[str] = []
    para: list[str] = []
    items: list[tuple[int, str]] = []
    quote: list[str] = []
    code: list[str] | None = None
    cls = f' class="{html.escape(code_class)}"' if code_class else ""

    def flush() -> None:
        if para:
            blocks.append(f"<p>{inline(' '.join(para))}</p>")
            para.clear()
        if items:
            blocks.append(_list(items))
            items.clear()
        if quote:
            blocks.append(f"<blockquote><p>{inline(' '.join(quote))}</p></blockquote>")
            quote.clear()

    for line in text.split("\n"):
        if code is not None:
            if _FENCE.match(line):
                blocks.append(f"<pre{cls}><code>{html.escape(chr(10).join(code), quote=False)}</code></pre>")
                code = None
            else:
                code.append(line)
            continue
        if _FENCE.match(line):
            flush()
            code = []
            continue
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if heading:
            flush()
            level = min(len(heading.group(1)) + shift, 6)
            blocks.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif item:
            if para or quote:
                flush()
            items.append((len(item.group(1).expandtabs()), item.group(2)))
        elif line.startswith(">"):
            if para or items:
                flush()
            quote.append(line[1:].strip())
        elif items:
            # A continuation line of the last list item.
            indent, last = items[-1]
            items[-1] = (indent, f"{last} {line.strip()}")
        else:
            para.append(line.strip())
    if code is not None:  # an unclosed fence still shows its text
        blocks.append(f"<pre{cls}><code>{html.escape(chr(10).join(code), quote=False)}</code></pre>")
    flush()
    return "\n".join(blocks)
