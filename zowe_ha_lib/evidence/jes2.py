"""JES2 multi-access spool: ``$D MASDEF``, ``$D MEMBER`` and ``$D CKPTDEF``.

UNSURE (reference 2.10): the ids are believed to be ``$HASP843`` (MASDEF),
``$HASP673`` (one per member) and ``$HASP829`` (CKPTDEF); JES2 repeats the id
on every line of a long reply, and only a line starting ``MASDEF``,
``MEMBER(n)`` or ``CKPTDEF`` begins a new one. Values are read as
``KEYWORD=value`` pairs (parenthesised values may hold commas), wherever the
line breaks fall; the CKPTDEF keywords (``CKPT1=(DSNAME=,VOLSER=,STRNAME=,
INUSE=)``, ``CKPT2=``, ``MODE=``, ``DUPLEX=``) are confirmed by the $D CKPTDEF
and CKPTDEF reference pages, the response id is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import Display, DisplayError, Response, split_keywords, start

IDS = {"$HASP843": "jes2-masdef", "$HASP673": "jes2-member", "$HASP829": "jes2-ckptdef"}
REQUIREMENTS = {"jes2-masdef": "jes2-mas", "jes2-member": "jes2-mas", "jes2-ckptdef": "resilience"}
CONTINUES = {
    "$HASP843": lambda rest: not rest.upper().startswith("MASDEF"),
    "$HASP673": lambda rest: not rest.upper().startswith("MEMBER"),
    "$HASP829": lambda rest: not rest.upper().startswith("CKPTDEF"),
}


@dataclass
class Jes2Values(Display):
    values: dict[str, tuple[str, int]] = field(default_factory=dict)
    member: str | None = None

    def get(self, key: str) -> str | None:
        item = self.values.get(key)
        return item[0] if item else None

    def at_key(self, key: str) -> str:
        item = self.values.get(key)
        return self.at(item[1] if item else None)

    def sub(self, key: str) -> dict[str, str]:
        """The ``(KEY=value,...)`` of a parenthesised value such as ``CKPT1=(DSNAME=X,INUSE=YES)``."""
        value = self.get(key) or ""
        if value.startswith("(") and value.endswith(")"):
            value = value[1:-1]
        return {k: v.strip().upper() for k, v in split_keywords(value)}


def parse(resp: Response) -> Jes2Values:
    kind = IDS[resp.msgid]
    d = start(resp, Jes2Values, kind)
    # A parenthesised value (CKPT1=(DSNAME=...,INUSE=YES)) may wrap onto the next
    # line; such lines are joined before the pairs are split.
    pending, pending_line = "", 0
    for number, text in resp.lines:
        body = text.strip()
        if body.upper().startswith(resp.msgid):
            body = body[len(resp.msgid):].strip()
        head = body.split(None, 1)
        if head and head[0].upper().startswith("MEMBER(") and kind == "jes2-member":
            d.member = head[0][7:].rstrip(")")
            body = head[1] if len(head) > 1 else ""
        elif head and head[0].upper() in ("MASDEF", "CKPTDEF"):
            body = head[1] if len(head) > 1 else ""
        if pending:
            body = pending + ("" if pending.endswith(",") else ",") + body
        else:
            pending_line = number
        if body.count("(") > body.count(")"):
            pending = body
            continue
        pending = ""
        for key, value in split_keywords(body):
            d.values.setdefault(key, (value.strip().upper(), pending_line))
    for key, value in split_keywords(pending):
        d.values.setdefault(key, (value.strip().upper(), pending_line))
    if not d.values:
        raise DisplayError("no KEYWORD=value pairs; the response looks cut off")
    if kind == "jes2-member" and "NAME" not in d.values and "SYSNAME" not in d.values:
        raise DisplayError("no NAME= or SYSNAME= for this member; the response looks cut off")
    return d
