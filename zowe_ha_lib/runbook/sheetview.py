"""The operator sheet as people read it: a warning first when the change must not be applied, then the sheet.

:func:`zowe_ha_lib.tcpip.sheet.operator_sheet` writes the sheet from the
record alone; it cannot know that the report found failures. An operator
who prints the sheet of a failing record must see that before the first
command, so the report's copy of the sheet (``generated/operator-sheet.md``)
and the sheet shown in the 40-operations notebook, on the site and on paper
open with "Do not apply: N failures", naming the failed steps.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import markdown
from .blocks import Html, badge, esc


def banner(failing: Sequence[str], missing: Sequence[str] = ()) -> str:
    """The warning sentence for a sheet whose record is not ready ('' when it is).

    Failures come first ("Do not apply"); a record whose only gap is missing
    evidence reads "Do not apply yet", naming the requirements the kit could
    not judge, because the sheet is then unchecked rather than wrong.
    """
    if failing:
        n = len(failing)
        return (f"Do not apply: {n} failure{'s' if n != 1 else ''} ({', '.join(failing)}). "
                "Fix them, run the report again, and use the sheet of a report without failures.")
    if missing:
        n = len(missing)
        return (f"Do not apply yet: {n} requirement{'s have' if n != 1 else ' has'} no evidence ({', '.join(missing)}). "
                "Capture the displays the report names, run it again, and use the sheet of a report that is ready.")
    return ""


def with_banner(sheet: str, failing: Sequence[str], missing: Sequence[str] = ()) -> str:
    """The sheet's Markdown, opening with the warning when the record is not ready."""
    words = banner(failing, missing)
    return f"**{words}**\n\n{sheet}" if words else sheet


def sheet_html(sheet: str, failing: Sequence[str], missing: Sequence[str] = (), shift: int = 2) -> Html:
    """The sheet as HTML (headings, lists, command blocks that wrap), the warning first.

    ``shift`` moves the sheet's headings down so that they nest under the
    notebook's "Operator sheet" heading.
    """
    words = banner(failing, missing)
    top = ""
    if words:
        top = f'<p class="zha-do-not-apply">{badge("fail", "do not apply").markup} <strong>{esc(words)}</strong></p>'
    body = markdown.to_html(sheet, shift=shift, code_class="zha-sheet-code")
    # JupyterLab keeps no site CSS: the inline style makes command blocks wrap there too.
    body = body.replace('<pre class="zha-sheet-code">',
                        '<pre class="zha-sheet-code" style="white-space:pre-wrap;overflow-wrap:anywhere;'
                        'background:#f6f8fa;padding:0.5em;border:1px solid #ddd">')
    return Html(f'<div class="zha-sheet">{top}{body}</div>', with_banner(sheet, failing, missing))
