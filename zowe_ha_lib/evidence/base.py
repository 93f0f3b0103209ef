"""What every display parser shares: the raw response and the parsed display.

The reader cuts files into :class:`Response` objects (the lines of one
command response, prefixes removed, each line keeping its line number in the
file). A parser module turns a response into a typed :class:`Display`
subclass. Displays keep ``file:line`` of everything a check may quote, so a
finding can point a person at the exact line of the capture.

A parser that finds its response malformed or cut off raises
:class:`DisplayError`, and nothing else: that is a fact about the capture,
and the reader reports it as such. Any other exception out of a parser is a
bug in the kit; the reader still reports it (never a crash) but marks it as
internal, and the property tests fail on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Line = tuple[int, str]

CUT_OFF = "the capture stops inside this response (no end line); capture the whole response again"


class DisplayError(ValueError):
    """This response is malformed or cut off, so it says nothing a check may use.

    The message says what is missing, for a person to capture the display again.
    """


@dataclass
class Response:
    """One command response as captured, before parsing.

    ``system`` is the system the response came from: the SYSNAME in a SYSLOG
    or SDSF line prefix when there is one, else the evidence folder's name.
    ``complete`` is False when the capture visibly stops inside the response
    (a SYSLOG multi-line message without its end line).
    """

    msgid: str
    system: str | None
    file: str
    lines: list[Line] = field(default_factory=list)
    complete: bool = True
    folder: str | None = None

    @property
    def line(self) -> int:
        return self.lines[0][0] if self.lines else 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Display:
    """A parsed display; subclasses add the fields of their family.

    ``problem`` says why a display is not usable (cut off, or missing the part
    that makes it a display); checks skip such displays and the reader turns
    the problem into an ``unknown`` finding. ``internal`` marks a problem that
    is the kit's fault (its parser failed), not the capture's.
    """

    kind: str
    system: str | None
    file: str
    line: int
    problem: str | None = None
    internal: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def at(self, line: int | None) -> str:
        """``file:line`` of a line inside this display (the display's first line if None)."""
        return f"{self.file}:{line or self.line}"

    @property
    def usable(self) -> bool:
        return self.problem is None


def start(resp: Response, cls: type, kind: str, **fields) -> Display:
    """A display of type ``cls`` carrying the response's place.

    Raises :class:`DisplayError` when the capture visibly stops inside the
    response: a display read from part of a response could pass a check that
    the whole of it fails.
    """
    if not resp.complete:
        raise DisplayError(CUT_OFF)
    return cls(kind=kind, system=resp.system, file=resp.file, line=resp.line, **fields)


# Field-value helpers, shared by the parsers. Displays are parsed by field
# names and token shapes, never by column positions: captures lose or gain
# blanks when they pass through consoles, e-mail and editors.

NAME = re.compile(r"^[A-Z0-9$#@]{1,8}$")


def number(text: str | None) -> int | None:
    """``text`` as a whole number when it is one as z/OS prints it (ASCII digits), else None.

    ``str.isdigit`` also says yes to superscripts and other scripts' digits,
    which ``int`` refuses or reads as numbers no display prints; and ``int``
    refuses more than 4300 digits. A capture can hold any of them.
    """
    if text and len(text) <= 18 and text.isascii() and text.isdigit():
        return int(text)
    return None


def upper_tokens(text: str) -> list[str]:
    return text.upper().split()


def fields_of(text: str) -> dict[str, str]:
    """``Name: value`` pairs on a netstat-style line, keys in upper case.

    A token ending in ``:`` is a key and the next token its value, unless that
    token is itself a key (an empty field such as ``Flg:``); IPv6 addresses and
    times keep their colons because only a *trailing* colon marks a key.
    """
    out: dict[str, str] = {}
    tokens = text.split()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if len(tok) > 1 and tok.endswith(":") and tok[0].isalpha():
            key = tok[:-1].upper()
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt and not (nxt.endswith(":") and nxt[0].isalpha()):
                out.setdefault(key, nxt)
                i += 2
                continue
            out.setdefault(key, "")
        i += 1
    return out


def split_keywords(text: str) -> list[tuple[str, str]]:
    """``KEY=value,KEY=(a,b),...`` as pairs; commas inside parentheses stay in the value."""
    out: list[tuple[str, str]] = []
    depth = 0
    token = []
    parts: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if (ch == "," or ch.isspace()) and depth == 0:
            if token:
                parts.append("".join(token))
                token = []
            continue
        token.append(ch)
    if token:
        parts.append("".join(token))
    for part in parts:
        if "=" in part:
            key, _, value = part.partition("=")
            if key:
                out.append((key.upper(), value))
    return out
