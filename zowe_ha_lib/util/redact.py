"""A secret in every form it can take in text, found and removed.

The kit handles two kinds of secret: the z/OSMF password ``collect`` sends,
and environment variables with secret-looking names that a notebook could
print during ``run``. Neither may reach a file, and a server or a notebook
does not hand a secret back only as itself. A misbehaving z/OSMF, a proxy's
error page or a traceback can carry it

* literally, or escaped for JSON;
* URL-encoded (``%2F`` or ``%2f``, ``+`` for a blank);
* as HTML entities (``&amp;``, ``&#x27;``, ``&#39;``, or every character as a
  numeric entity);
* in base64, alone or as the HTTP Basic token of ``user:password``;
* cut off: an error page that shows the first 40 characters of the
  ``Authorization`` header, a message squashed to one line and shortened.

So every form of each secret is searched for, and so is every *prefix* of a
form long enough to reveal part of the secret: :data:`MIN_PREFIX` characters
of the secret itself (for an encoded form, the encoding of that many
characters; for the Basic token, that many characters of the password past
the user name). Six is the line drawn: shorter pieces of a password occur in
ordinary text too often (``SYS1``, ``TCPIP``) to be blanked everywhere, and
what they reveal is short of a guess. The price of the prefix rule is that a
password that begins like a word (``SYSPLEX1``) blanks that word too; the
kit says how often it redacted, so nobody is left wondering.

Redaction must happen before anything is cut or squashed (a cut can turn a
full form into a prefix, and squashing blanks can break one apart), and a
last look at the written bytes (:meth:`SecretSet.found`) catches what slipped
through.
"""

from __future__ import annotations

import base64
import html
import json
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

MIN_PREFIX = 6
REDACTED = "<redacted>"


def _json_escaped(text: str) -> list[str]:
    """``text`` as it appears inside a JSON string (ASCII-only and not)."""
    return [json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]]


def _char_encodings(text: str) -> list[str]:
    """Encodings that work character by character, so a prefix encodes to a prefix."""
    quoted = urllib.parse.quote(text, safe="")
    plus = urllib.parse.quote_plus(text, safe="")
    entities = html.escape(text, quote=True)
    forms = [
        text, quoted, quoted.lower(), plus, plus.lower(),
        entities, html.escape(text, quote=False),
        entities.replace("&#x27;", "&#39;"), entities.replace("&#x27;", "&apos;").replace("&quot;", "&#34;"),
        "".join(f"&#{ord(c)};" for c in text),
        "".join(f"&#x{ord(c):x};" for c in text), "".join(f"&#x{ord(c):X};" for c in text),
    ]
    return forms


def _b64(data: bytes) -> list[str]:
    std = base64.b64encode(data).decode("ascii")
    url = base64.urlsafe_b64encode(data).decode("ascii")
    return [std, std.rstrip("="), url, url.rstrip("=")]


def _b64_chars(n_bytes: int) -> int:
    """Base64 characters needed to show ``n_bytes`` bytes completely."""
    return (n_bytes * 4 + 2) // 3


@dataclass
class Secret:
    """One secret: its forms, each with the shortest prefix of it that counts as a leak."""

    label: str  # how a message names it: "the z/OSMF password", "the value of $ZOSMF_TOKEN"
    forms: list[tuple[str, int]] = field(default_factory=list)

    @classmethod
    def of(cls, value: str, label: str, user: str | None = None) -> Secret:
        """Every form of ``value`` (and of ``user:value`` as a Basic token when ``user`` is given)."""
        found: dict[str, int] = {}

        def add(form: str, minimum: int) -> None:
            minimum = min(max(minimum, 1), len(form))
            if form and (form not in found or found[form] > minimum):
                found[form] = minimum

        head = value[:MIN_PREFIX]
        for form, head_form in zip(_char_encodings(value), _char_encodings(head), strict=True):
            minimum = len(form) if len(value) <= MIN_PREFIX else len(head_form)
            add(form, minimum)
            for escaped, escaped_head in zip(_json_escaped(form), _json_escaped(head_form), strict=True):
                add(escaped, len(escaped) if len(value) <= MIN_PREFIX else len(escaped_head))
        raw = value.encode("utf-8")
        for form in _b64(raw):
            add(form, len(form) if len(value) <= MIN_PREFIX else _b64_chars(len(head.encode("utf-8"))))
        if user is not None:
            lead = f"{user}:".encode()
            for form in _b64(lead + raw):
                add(form, _b64_chars(len(lead) + len(head.encode("utf-8"))))
        ordered = sorted(found.items(), key=lambda item: (-len(item[0]), item[0]))
        return cls(label, ordered)


def _spans(text: str, form: str, minimum: int) -> list[tuple[int, int]]:
    """Where ``text`` holds ``form`` or a prefix of it at least ``minimum`` characters long."""
    spans = []
    head = form[:minimum]
    start = 0
    while (i := text.find(head, start)) >= 0:
        j, k = i + minimum, minimum
        while k < len(form) and j < len(text) and text[j] == form[k]:
            j, k = j + 1, k + 1
        spans.append((i, j))
        start = j
    return spans


@dataclass
class SecretSet:
    """The secrets of one command, redacted from text and looked for in written files."""

    secrets: list[Secret] = field(default_factory=list)
    redactions: int = 0  # how many pieces :meth:`redact` blanked (to say so)

    @classmethod
    def of(cls, secrets: Iterable[Secret]) -> SecretSet:
        return cls([s for s in secrets if s.forms])

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def redact(self, text: str) -> str:
        """``text`` with every form and revealing prefix of every secret replaced by ``<redacted>``.

        All matches are found in the text as given and overlapping ones merged,
        so that a prefix shared by two forms (``hunter2`` of ``hunter2!`` and
        of ``hunter2%21``) cannot leave the tail of the other behind. Markers
        already in the text are left alone (a secret such as ``act`` would
        otherwise be found again inside them).
        """
        if not self.secrets or not text:
            return text
        if REDACTED in text:
            return REDACTED.join(self.redact(part) for part in text.split(REDACTED))
        spans = sorted(span for secret in self.secrets for form, minimum in secret.forms
                       if form[:minimum] in text for span in _spans(text, form, minimum))
        if not spans:
            return text
        pieces, last, merged = [], 0, []
        for i, j in spans:
            if merged and i <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], j)
            else:
                merged.append([i, j])
        for i, j in merged:
            pieces += [text[last:i], REDACTED]
            last = j
        self.redactions += len(merged)
        return "".join(pieces) + text[last:]

    def found(self, data: bytes | str) -> list[str]:
        """The labels of the secrets that ``data`` still holds in some form (a last look at written bytes).

        The ``<redacted>`` markers are not part of the search.
        """
        text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        latin = None if isinstance(data, str) else data.decode("latin-1")
        # The pieces between markers, each searched alone: joining them with a stand-in character
        # would find a secret that is that character (a NUL password, found by the property test).
        pieces = text.split(REDACTED) + (latin.split(REDACTED) if latin is not None else [])
        hits = []
        for secret in self.secrets:
            for form, minimum in secret.forms:
                head = form[:minimum]
                if any(head in piece for piece in pieces):
                    hits.append(secret.label)
                    break
        return hits
