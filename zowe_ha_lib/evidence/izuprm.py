"""z/OSMF IZUPRMxx members given as evidence: recognising and parsing them.

A member is configuration rather than a console display, so it has no
message id; :func:`looks_like_izuprm` recognises one by its keywords. The
cross-checks of several members against each other and the change record
are in :mod:`zowe_ha_lib.checks.zosmf`.

Syntax handled: ``KEYWORD(value)`` pairs, several per line or one value over
several lines, ``/* ... */`` comments (also multi-line), quoted values with
``''`` for a quote, nested parentheses (``WLM_CLASSES(DEFAULT(IZUGHTTP))``).

Columns: "Use columns 1-71 for data; columns 72-80 are ignored" (IZUPRMxx
reference, confirmed). So every line is read up to column 71, always: a
sequence number in 73-80 disappears, and so does anything else written past
column 71, exactly as z/OSMF reads the member. Lines that had something other
than blanks or a sequence number there are listed in :attr:`IzuPrm.beyond`,
because z/OSMF silently loses that text (a value cut short, a comment never
closed) and a person should know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..util.errors import InputError, Problem, one_line

# Keywords that occur only in IZUPRMxx; three of them identify a member.
_DISTINCTIVE = (
    "AUTOSTART_GROUP", "SERVER_PROC", "ANGEL_PROC", "SAF_PREFIX", "USER_DIR", "KEYRING_NAME",
    "HTTP_SSL_PORT", "RESTAPI_FILE", "WLM_CLASSES", "UNAUTH_USER", "SEC_GROUPS", "COMMON_TZ",
    "CLOUD_SAF_PREFIX", "INCIDENT_LOG", "AUTOSTART",
)
_KEYWORD_RE = re.compile(r"\b(" + "|".join(sorted(_DISTINCTIVE, key=len, reverse=True)) + r")\s*\(", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Values z/OSMF uses when a keyword is left out (IBM's IZUPRM00 defaults).
DEFAULTS = {
    "HTTP_SSL_PORT": "443",
    "KEYRING_NAME": "IZUKeyring.IZUDFLT",
    "SERVER_PROC": "IZUSVR1",
    "SAF_PREFIX": "IZUDFLT",
    "USER_DIR": "/global/zosmf",
    "AUTOSTART_GROUP": "IZUDFLT",
}


@dataclass(frozen=True)
class IzuValue:
    value: str
    line: int


@dataclass
class IzuPrm:
    """One parsed IZUPRMxx member.

    ``system`` is the SYSNAME the member belongs to; the caller sets it from
    the evidence folder the file sits in (a member never names its system).
    """

    file: str
    values: dict[str, IzuValue] = field(default_factory=dict)
    system: str | None = None
    duplicates: list[str] = field(default_factory=list)
    #: lines with text past column 71 that is not a sequence number (z/OSMF ignores it)
    beyond: list[int] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        item = self.values.get(key.upper())
        return item.value if item else None

    def line(self, key: str) -> int | None:
        item = self.values.get(key.upper())
        return item.line if item else None

    def where(self, key: str | None = None) -> str:
        """``file:line`` of ``key`` (or of the first keyword, or the bare file)."""
        line = self.line(key) if key else None
        if line is None and self.values:
            line = min(v.line for v in self.values.values()) if key is None else None
        return f"{self.file}:{line}" if line else self.file


def looks_like_izuprm(text: str) -> bool:
    """True when ``text`` reads as an IZUPRMxx member: three distinct z/OSMF keywords as KEYWORD(."""
    seen: set[str] = set()
    for match in _KEYWORD_RE.finditer(text or ""):
        seen.add(match.group(1).upper())
        if len(seen) >= 3:
            return True
    return False


DATA_COLUMNS = 71
"""IZUPRMxx data is in columns 1-71; columns 72-80 are ignored."""


def _columns(line: str) -> str:
    """The part of a record z/OSMF reads: columns 1-71."""
    return line[:DATA_COLUMNS]


def _beyond(line: str) -> bool:
    """Whether a record has text past column 71 other than a sequence number in 73-80."""
    tail = line[DATA_COLUMNS:].strip()
    return bool(tail) and not (tail.isascii() and tail.isdigit() and len(line) <= 80 and not line[DATA_COLUMNS:72].strip())


def parse_izuprm(text: str, file: str, line_offset: int = 0) -> IzuPrm:
    """Parse an IZUPRMxx member; raise InputError naming ``file:line`` for what it cannot read.

    ``line_offset`` is added to every line number, for a member cut out of a
    larger evidence file.
    """
    raw_lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    src = "\n".join(_columns(raw) for raw in raw_lines)
    prm = IzuPrm(file=file)
    prm.beyond = [n + 1 + line_offset for n, raw in enumerate(raw_lines) if _beyond(raw)]
    problems: list[Problem] = []
    i, n, line = 0, len(src), 1

    def here(at_line: int) -> int:
        return at_line + line_offset

    while i < n:
        ch = src[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch in " \t,;\f\v" or ch == "\x00":
            i += 1
        elif src.startswith("/*", i):
            end = src.find("*/", i + 2)
            if end < 0:
                problems.append(Problem(file, here(line), "", "comment '/*' is never closed with '*/'"))
                break
            line += src.count("\n", i, end)
            i = end + 2
        else:
            match = _NAME.match(src, i)
            if not match:
                stop = src.find("\n", i)
                bad = src[i: stop if stop >= 0 else n]
                problems.append(Problem(file, here(line), "", f"expected KEYWORD(value), found {one_line(bad, 40)!r}"))
                if stop < 0:
                    break
                i = stop
                continue
            key = match.group(0).upper()
            key_line = line
            j = match.end()
            while j < n and src[j] in " \t":
                j += 1
            if j >= n or src[j] != "(":
                problems.append(Problem(file, here(key_line), key, "expected '(' after the keyword; IZUPRMxx values are written KEYWORD(value)"))
                stop = src.find("\n", j)
                if stop < 0:
                    break
                i = stop
                continue
            value, j, line, error = _read_value(src, j + 1, line)
            if error:
                problems.append(Problem(file, here(key_line), key, error))
                break
            if key in prm.values:
                prm.duplicates.append(key)
            prm.values[key] = IzuValue(value, here(key_line))
            i = j
    if problems:
        raise InputError(problems)
    return prm


def _read_value(src: str, i: int, line: int) -> tuple[str, int, int, str | None]:
    """Read up to the ``)`` that closes the value; returns (value, next index, line, error)."""
    out: list[str] = []
    depth = 0
    n = len(src)
    start_line = line
    while i < n:
        ch = src[i]
        if ch == "'":
            close = i + 1
            while True:
                close = src.find("'", close)
                if close < 0:
                    return "", n, line, f"quoted value opened on line {start_line} is never closed"
                if src.startswith("''", close):
                    close += 2
                    continue
                break
            piece = src[i: close + 1]
            line += piece.count("\n")
            out.append(piece.replace("\n", ""))
            i = close + 1
        elif src.startswith("/*", i):
            end = src.find("*/", i + 2)
            if end < 0:
                return "", n, line, "comment '/*' inside the value is never closed"
            line += src.count("\n", i, end)
            i = end + 2
        elif ch == "(":
            depth += 1
            out.append(ch)
            i += 1
        elif ch == ")":
            if depth == 0:
                return _clean("".join(out)), i + 1, line, None
            depth -= 1
            out.append(ch)
            i += 1
        elif ch == "\n":
            # A value continued on the next line: the line break and the
            # indentation around it count as one blank.
            line += 1
            while out and out[-1] in " \t":
                out.pop()
            i += 1
            while i < n and src[i] in " \t":
                i += 1
            if out and out[-1] not in ",(" and i < n and src[i] not in "),":
                out.append(" ")
        else:
            out.append(ch)
            i += 1
    return "", n, line, f"value opened on line {start_line} has no closing ')'"


def _clean(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == "'" and value[-1] == "'" and "'" not in value[1:-1].replace("''", ""):
        return value[1:-1].replace("''", "'")
    return value
