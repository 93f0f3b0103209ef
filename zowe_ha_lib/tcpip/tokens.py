"""Split TCP/IP profile text into tokens by IBM's rules, in one pass.

The rules (z/OS IP Configuration Reference, "Syntax rules for configuration
statements"): entries are free format; blanks and line ends separate
arguments; ``;`` starts a comment that runs to the end of the line; a
statement may go on over any number of lines; lower case is folded to upper
case. Sequence numbers are not allowed.

Besides the tokens the tokenizer reports hygiene problems that only the raw
text shows: a ``;`` glued to an argument (``7554;x`` - z/OS wants a blank
before it), text past column 71 and what look like sequence numbers in
columns 73-80, and ``/*`` written as if it began a comment (it does not: IBM's
rules know only ``;``, so z/OS reads ``/* ... */`` as arguments). The column rules are not in IBM's profile documentation (they
are parmlib/JCL conventions), so those two are warnings and say so.

Each line is handled with ``str.find`` and ``str.split`` only (no regular
expressions, so nothing can backtrack): any text tokenizes in linear time.
"""

from __future__ import annotations

from typing import NamedTuple

from .statements import LintFinding, finding

_SEQ_COL = 72  # 0-based start of columns 73-80
_LAST_DATA_COL = 71


class Token(NamedTuple):
    """One argument: ``value`` is folded to upper case, ``text`` is as written.

    A named tuple rather than a dataclass: a large profile has tens of
    thousands of tokens and tuples are the cheapest immutable record.
    """

    value: str
    text: str
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return self.text


def _looks_numbered(line: str) -> bool:
    """Columns 73-80 of an 80-column record hold eight digits (ISPF NUMBER ON)."""
    return len(line) == 80 and line[_SEQ_COL:].isdigit() and line[_SEQ_COL:].isascii()


def _lines_list(lines: list[int], limit: int = 5) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" and {len(lines) - limit} more" if len(lines) > limit else "")


def tokenize(text: str, file: str) -> tuple[list[Token], list[LintFinding]]:
    """Tokens of ``text`` and the hygiene findings about it. Never raises for any ``str``."""
    tokens: list[Token] = []
    findings: list[LintFinding] = []
    numbered: list[int] = []
    wide: list[int] = []
    slashed: list[int] = []
    append = tokens.append
    new = tuple.__new__  # builds a Token without NamedTuple's argument handling (hot loop)
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line:
            continue
        semi = line.find(";")
        code = line if semi < 0 else line[:semi]
        if semi < 0 and _looks_numbered(line.rstrip()):
            numbered.append(lineno)
            code = line[:_SEQ_COL]
        if len(code) > _LAST_DATA_COL and code[_LAST_DATA_COL:].strip():
            wide.append(lineno)
        if semi > 0 and not line[semi - 1].isspace():
            start = semi - 1
            while start > 0 and not line[start - 1].isspace():
                start -= 1
            glued = line[start:semi]
            findings.append(finding(
                "semicolon-needs-blank", file, lineno,
                f"';' right after '{glued[-20:]}' (column {semi + 1}); write '{glued[-20:]} ;...'",
            ))
        if "/*" in code and any(word.startswith("/*") for word in code.split()):
            slashed.append(lineno)
        pos = 0
        for word in code.split():
            pos = code.find(word, pos)
            append(new(Token, (word.upper(), word, file, lineno, pos + 1)))
            pos += len(word)
    if numbered:
        findings.append(finding(
            "sequence-numbers", file, numbered[0],
            f"columns 73-80 look like sequence numbers on {len(numbered)} line(s) (lines {_lines_list(numbered)})",
        ))
    if slashed:
        findings.append(finding(
            "slash-star-comment", file, slashed[0],
            f"'/*' on {len(slashed)} line(s) (lines {_lines_list(slashed)})",
        ))
    if wide:
        findings.append(finding(
            "past-column-71", file, wide[0],
            f"text past column 71 on {len(wide)} line(s) (lines {_lines_list(wide)})",
        ))
    return tokens, findings
