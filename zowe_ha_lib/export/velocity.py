"""Literal text and variable references inside z/OSMF workflow templates.

z/OSMF passes every text whose ``substitution`` attribute is true (step
instructions, inline JCL templates, REST request bodies) through the Apache
Velocity template engine: that is how ``${instance-NAME}`` becomes the value
of the workflow variable NAME (Zowe's own workflows rely on it, and on
Velocity directives such as ``#set`` and ``#if``). Everything else in such a
text must come out exactly as written, but Velocity gives three characters a
meaning: ``$`` starts a reference, ``#`` a directive (``##`` a comment) and
``\\`` escapes either. ``$``, ``#`` and ``@`` are national characters that z/OS
names may hold (a SYSNAME ``SYS$A``, a started task ``TCPIP#``).

So a text that holds any of the three gets a short preamble of ``#set``
directives binding each to a single-quoted string literal (Velocity never
interpolates single-quoted strings), and every occurrence in the literal
parts becomes a reference to its binding. The preamble sits on the first line
in front of the text, so no line is added whatever Velocity does with the
white space around directives. A text without any of the three is left
exactly as written, so the usual workflow reads like the operator sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The characters Velocity interprets, and the reference each becomes.
SPECIAL = {"$": "${zowehaDollar}", "#": "${zowehaHash}", "\\": "${zowehaBackslash}"}
_PREAMBLE = "#set($zowehaDollar = '$')#set($zowehaHash = '#')#set($zowehaBackslash = '\\')"
_SPECIAL = re.compile(r"[$#\\]")
#: What a workflow variable name may be here: it is also a properties-file key and part of a Velocity reference.
VARIABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True)
class Var:
    """A reference to an instance variable of the workflow, ``${instance-NAME}``."""

    name: str

    def __post_init__(self) -> None:
        if not VARIABLE_NAME.fullmatch(self.name):
            raise ValueError(f"not a usable workflow variable name: {self.name!r}")

    @property
    def reference(self) -> str:
        return "${instance-" + self.name + "}"


Part = str | Var


def needs_substitution(parts: Iterable[Part]) -> bool:
    """True when the text refers to a variable (its element needs ``substitution="true"``)."""
    return any(isinstance(p, Var) for p in parts)


def template(parts: Iterable[Part]) -> str:
    """The text for an element with ``substitution="true"``: literal parts kept literal, variables referenced."""
    parts = list(parts)
    literal = "".join(p for p in parts if isinstance(p, str))
    if not _SPECIAL.search(literal):
        return "".join(p if isinstance(p, str) else p.reference for p in parts)
    body = "".join(_SPECIAL.sub(lambda m: SPECIAL[m.group()], p) if isinstance(p, str) else p.reference
                   for p in parts)
    return _PREAMBLE + body


def plain(parts: Iterable[Part]) -> str:
    """The text for an element with ``substitution="false"`` (no variable may appear)."""
    parts = list(parts)
    if needs_substitution(parts):
        raise ValueError("a text that refers to variables needs substitution")
    return "".join(str(p) for p in parts)


def variables(parts: Iterable[Part]) -> list[str]:
    """The names of the variables a text refers to, first use first."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, Var) and p.name not in out:
            out.append(p.name)
    return out
