"""Showing untrusted text on a terminal without letting it drive the terminal.

Titles, evidence lines, file names, profile tokens, signer names and
decisions come from files anybody can write: a change record from a clone,
evidence captured elsewhere, a sign-off record in a report. A terminal obeys
the control characters in what it prints: ESC sequences clear the screen or
move the cursor (a forged sign-off could print a fake ``verify: OK`` over the
real verdict), a carriage return overwrites the line, a newline starts a line
the kit never wrote, and bidi overrides reorder what the eye reads. So every
such character is shown as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``)
instead of being sent to the terminal.

Two strengths, because the kit's own output has lines and the untrusted
fields inside it must not:

* :func:`safe_terminal` for one field (nothing but printable text survives);
* :func:`safe_lines` for a whole stream the kit writes (newlines and tabs are
  kept, everything else is escaped); :class:`SafeStream` applies it to
  ``sys.stdout``/``sys.stderr`` in :func:`zowe_ha_lib.cli.main`, so a field
  somebody forgot to pass through :func:`safe_terminal` still cannot send
  an ESC sequence.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TextIO

from .term import SEQUENCES

# C0 and C1 controls and DEL, line and paragraph separators, bidi marks,
# embeddings, overrides and isolates, zero-width and other invisible format
# characters, lone surrogates (bytes kept by surrogateescape). Compiled once:
# the stream filter runs on every write.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1 (0x9b is a one-byte CSI)
_INVISIBLE = (
    "\u061c\u180e\u200b-\u200f"      # Arabic letter mark, Mongolian separator, zero-width, LRM/RLM
    "\u2028-\u202e\u2060-\u206f"     # line/paragraph separators, embeddings and overrides, isolates
    "\ufeff\ufff9-\ufffb"             # BOM (zero-width no-break space), interlinear annotations
    "\ud800-\udfff"                    # lone surrogates
)
_UNSAFE = re.compile(f"[\t\n{_CONTROLS}{_INVISIBLE}]")
_UNSAFE_STREAM = re.compile(f"[{_CONTROLS}{_INVISIBLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _other_format(text: str) -> str:
    """Escape the format characters (Unicode category Cf) the ranges above do not list, e.g. tag characters."""
    if text.isascii():
        return text
    return "".join(f"\\U{ord(c):08x}" if ord(c) > 0xffff and unicodedata.category(c) == "Cf" else c for c in text)


def safe_terminal(text: Any) -> str:
    """``text`` as one line of printable characters: every control, ESC, newline and bidi character escaped."""
    value = text if isinstance(text, str) else str(text)
    return _other_format(_UNSAFE.sub(_escape, value))


def safe_lines(text: str) -> str:
    """Like :func:`safe_terminal`, but newlines and tabs stay (for output the kit itself lays out)."""
    return _other_format(_UNSAFE_STREAM.sub(_escape, text))


_SGR = re.compile(r"(\x1b\[[0-9;]*m)")


def safe_output(text: str) -> str:
    """:func:`safe_lines`, except that the kit's own colour sequences (:data:`term.SEQUENCES`) stay.

    Only the few colour codes the kit writes pass: no cursor movement, no
    clearing, no hidden text. Fields from files are escaped with
    :func:`safe_terminal` before they are coloured, so these are the kit's.
    """
    if "\x1b" not in text:
        return safe_lines(text)
    return "".join(part if part in SEQUENCES else safe_lines(part) for part in _SGR.split(text))


class SafeStream:
    """A text stream wrapper that writes everything through :func:`safe_output`.

    Attributes other than ``write`` and ``writelines`` (``isatty``, ``fileno``,
    ``encoding``, ``flush`` ...) are the wrapped stream's, so progress bars and
    pytest's capture keep working.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        #: the stream itself, for the kit's own progress bar (which moves the cursor with ``\\r`` on purpose)
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self._stream.write(safe_output(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
