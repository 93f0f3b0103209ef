"""A block of text with a Copy button, as plain HTML that works offline.

ipywidgets has no clipboard API, and a kernel cannot reach the person's
clipboard anyway, so the button is a few lines of JavaScript in an
``onclick`` attribute: it copies the text of the ``<pre>`` beside it. It
uses ``navigator.clipboard`` where the page is a secure context (localhost,
https) and falls back to ``document.execCommand('copy')`` on a hidden
textarea elsewhere (JupyterLab served over plain http on a host name), and
says "select and copy by hand" when neither is allowed. No request leaves
the page. The same HTML works in JupyterLab, in Voila and in a static copy
of the notebook; where scripts do not run, the text is still there to
select.
"""

from __future__ import annotations

import html

_COPY_JS = (
    "(function(b){var t=b.parentNode.querySelector('.zha-copy-text').innerText;"
    "function said(w){b.textContent=w;setTimeout(function(){b.textContent='Copy';},1500);}"
    "function fallback(){var a=document.createElement('textarea');a.value=t;a.setAttribute('readonly','');"
    "a.style.position='fixed';a.style.opacity='0';document.body.appendChild(a);a.select();"
    "var ok=false;try{ok=document.execCommand('copy');}catch(e){ok=false;}"
    "document.body.removeChild(a);said(ok?'Copied':'Select and copy by hand');}"
    "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then("
    "function(){said('Copied');},fallback);}else{fallback();}})(this)"
)

_PRE_STYLE = ("margin:0;padding:0.4em 0.6em;line-height:1.35;background:#f6f8fa;border:1px solid #ddd;white-space:pre-wrap;"
              "overflow-wrap:anywhere;font-family:monospace;flex:1;")
_BUTTON_STYLE = "margin-left:0.4em;align-self:flex-start;cursor:pointer;"


def copy_block(text: str, label: str = "", css: str = "") -> str:
    """HTML: an optional label, the text in a ``<pre>``, and a Copy button that copies exactly that text."""
    head = f'<div class="zha-copy-label"><b>{html.escape(label)}</b></div>' if label else ""
    extra = f" {html.escape(css)}" if css else ""
    return (f'<div class="zha-copyable{extra}" style="margin:0.3em 0">{head}'
            f'<div style="display:flex">'
            f'<pre class="zha-copy-text" style="{_PRE_STYLE}">{html.escape(text)}</pre>'
            f'<button type="button" class="zha-copy" title="copy this text" style="{_BUTTON_STYLE}" '
            f'onclick="{html.escape(_COPY_JS, quote=True)}">Copy</button></div></div>')
