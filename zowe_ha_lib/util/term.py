"""Colour on the terminal, and nowhere else.

Status words in colour help a person scan sixty findings for the one that
failed; escape codes in a log file, a pipe or a CI transcript only get in the
way. So colour is used when the stream is a terminal, and never when
``NO_COLOR`` is set to anything (https://no-color.org), when ``TERM`` is
``dumb``, or when the user gave ``--no-color`` (:func:`configure`, called by
the command line for every command). The word itself is always printed, so
nothing depends on seeing the colour.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

_RESET = "\033[0m"
_STYLES = {
    "error": "\033[1;31m",  # bold red
    "fail": "\033[1;31m",
    "incomplete": "\033[1;35m",  # bold magenta: not ready, but not broken either
    "unknown": "\033[35m",
    "warn": "\033[33m",  # yellow
    "pass": "\033[32m",  # green
    "n/a": "\033[2m",  # dim
    "bold": "\033[1m",
    "dim": "\033[2m",
}

#: every escape sequence the kit itself writes: the only ones the output filter
#: (:class:`zowe_ha_lib.util.text.SafeStream`) lets through to the terminal
SEQUENCES = frozenset({*_STYLES.values(), _RESET})

_no_color = False


def configure(no_color: bool = False) -> None:
    """Switch colour off for this process (``--no-color``); the command line calls this before every command."""
    global _no_color
    _no_color = bool(no_color)


def enabled(stream: TextIO | None = None) -> bool:
    """Whether to colour what is written to ``stream`` (default: standard output)."""
    stream = stream if stream is not None else sys.stdout
    if _no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def paint(text: str, style: str, stream: TextIO | None = None) -> str:
    """``text`` in ``style`` (a status word, ``bold`` or ``dim``) when colour is on; as it is otherwise."""
    code = _STYLES.get(style)
    if not code or not text or not enabled(stream):
        return text
    return f"{code}{text}{_RESET}"


def status(word: str, width: int = 0, stream: TextIO | None = None) -> str:
    """A status word as printed (``FAIL``), padded to ``width`` outside the colour so columns line up."""
    label = str(word).upper()
    return paint(label, str(word).lower(), stream) + " " * max(0, width - len(label))
