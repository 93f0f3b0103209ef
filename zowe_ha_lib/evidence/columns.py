"""Tables in displays, read by their header line rather than by token position.

Many z/OS displays print a table: a line of column titles, often an underline
of dashes, then one row per item. Reading such a row by token position breaks
as soon as IBM adds a column (``D TCPIP,,SYSPLEX,VIPADYN`` grew ``ADDRESS MASK``
and ``NETWORK PREFIX`` before ``DIST``), leaves a cell blank (no ``RANK`` on
the owning stack) or prints a value wider than its column. Reading it by
character columns breaks as soon as a capture loses or gains blanks on its way
through consoles, e-mail and editors. So a row is read against its header in
two ways at once:

* the **header** says which columns exist and in which order (a header with
  columns permuted, added or missing is read as printed);
* each column says what its values **look like** (a rank is digits, a mask a
  dotted address, a state one of a few words), which places values when the
  spacing no longer lines up with the header;
* where the spacing does line up, a value under (or overflowing from) its
  title is preferred, which settles the cases shapes cannot (two columns of
  addresses, one of them blank).

:meth:`Layout.read` finds the best assignment of a row's words to the columns
with a small dynamic programme over (words used, columns passed); a column may
be blank unless it is ``required``, a value may span up to ``words`` words,
and words left over at the end of the row are kept in :data:`REST` (the
``TM=STP`` after ``D XCF,S,ALL``'s SYSTEM STATUS, say). A row that cannot be
fitted at all (a required column has no word of its shape) reads as None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

REST = "_rest"
"""Row key of words after the last column that fit no column."""

Shape = Callable[[str], bool]

_WORD = re.compile(r"\S+")
_RULE = re.compile(r"^[\s\-=_]+$")
NO_FIT = -(10**9)


def one_of(*words: str) -> Shape:
    """A shape: the value is one of ``words`` (upper-cased)."""
    allowed = frozenset(w.upper() for w in words)
    return lambda v: v.upper() in allowed


def matches(pattern: str) -> Shape:
    """A shape: the whole value matches ``pattern`` (case-insensitive)."""
    rx = re.compile(pattern, re.IGNORECASE)
    return lambda v: rx.fullmatch(v) is not None


ANY: Shape = lambda v: True  # noqa: E731 - a constant, named for reading


@dataclass(frozen=True)
class Col:
    """One column a table may have.

    ``title`` is the header text, words separated by one blank, upper case
    (``ADDRESS MASK``; a trailing colon is part of it where IBM prints one).
    ``key`` names the value in a row (default: the title). ``words`` is how
    many blank-separated words one value may span (``MONITOR-DETECTED STOP``).
    """

    title: str
    shape: Shape = ANY
    key: str = ""
    words: int = 1
    required: bool = False

    @property
    def name(self) -> str:
        return self.key or self.title


@dataclass(frozen=True)
class Placed:
    """A column as found in one header line: where its title starts and ends."""

    col: Col
    start: int | None
    end: int | None


@dataclass
class Layout:
    """The columns of one header line, in the order the header prints them."""

    columns: list[Placed]
    line: int | None = None

    @property
    def names(self) -> list[str]:
        return [p.col.name for p in self.columns]

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, text: str) -> dict[str, str] | None:
        """The row ``text`` as ``{column name: value}`` (blank columns ``""``), or None if it cannot fit."""
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text.expandtabs(8))]
        return _align(self.columns, tokens)


def _region(columns: Sequence[Placed], j: int) -> tuple[int, int] | None:
    """Where values of column ``j`` may start when the row lines up with the header."""
    p = columns[j]
    if p.start is None:
        return None
    nxt = next((c.start for c in columns[j + 1:] if c.start is not None), None)
    return p.start, nxt if nxt is not None else 10**9


def _bonus(columns: Sequence[Placed], j: int, first: tuple[int, int, str]) -> int:
    """2 when a value's first word sits under its column's title (or in the space the title owns), else 0."""
    p = columns[j]
    region = _region(columns, j)
    if region is None or p.end is None:
        return 0
    start, end = first[0], first[1]
    if region[0] <= start < region[1] or (start < p.end and end > p.start):
        return 2
    return 0


def _align(columns: Sequence[Placed], tokens: list[tuple[int, int, str]]) -> dict[str, str] | None:
    n, m = len(tokens), len(columns)
    # best[j][i]: best score having filled columns j.. from tokens i..; choice records the step.
    best = [[NO_FIT] * (n + 1) for _ in range(m + 1)]
    choice: list[list[int]] = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(n + 1):
        best[m][i] = -(n - i)  # words left over go to REST, at a small cost
    for j in range(m - 1, -1, -1):
        col = columns[j].col
        for i in range(n, -1, -1):
            top = NO_FIT
            pick = -1
            if not col.required and best[j + 1][i] > NO_FIT:
                top, pick = best[j + 1][i], 0
            for k in range(1, min(col.words, n - i) + 1):
                rest = best[j + 1][i + k]
                if rest == NO_FIT:
                    continue
                value = " ".join(t[2] for t in tokens[i:i + k])
                if not col.shape(value):
                    continue
                score = rest + 10 * k + _bonus(columns, j, tokens[i])
                if score > top:
                    top, pick = score, k
            best[j][i] = top
            choice[j][i] = pick
    if best[0][0] == NO_FIT:
        return None
    row: dict[str, str] = {}
    i = 0
    for j in range(m):
        k = choice[j][i]
        row.setdefault(columns[j].col.name, " ".join(t[2] for t in tokens[i:i + k]))
        i += k
    row[REST] = " ".join(t[2] for t in tokens[i:])
    return row


@dataclass
class Table:
    """The columns a display's table may have, and which titles make a line its header.

    ``needs`` are titles that must all be in a line for it to be the header,
    besides every required column's title (which a row can then always read). A header word that is no known
    title becomes a column of its own that takes any one word, so a column IBM
    adds later shifts nothing.
    """

    columns: Sequence[Col]
    needs: Sequence[str] = ()
    _titles: list[tuple[list[str], Col]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._titles = sorted(((c.title.upper().split(), c) for c in self.columns), key=lambda t: -len(t[0]))
        if not self.needs:
            self.needs = tuple(c.title for c in self.columns if c.required)

    def layout(self, text: str, line: int | None = None) -> Layout | None:
        """The layout of ``text`` when it is this table's header line, else None."""
        words = [(m.start(), m.end(), m.group().upper()) for m in _WORD.finditer(text.expandtabs(8))]
        if not words:
            return None
        placed: list[Placed] = []
        seen: dict[str, int] = {}
        i = 0
        while i < len(words):
            for title, col in self._titles:
                k = len(title)
                if [w[2] for w in words[i:i + k]] == title:
                    count = seen.get(col.name, 0)
                    seen[col.name] = count + 1
                    # A repeated title (GRS prints SYSTEM STATE twice per line) is a second
                    # set of columns that a short last line may leave blank.
                    named = col if count == 0 else Col(col.title, col.shape, f"{col.name}#{count + 1}", col.words, False)
                    placed.append(Placed(named, words[i][0], words[i + k - 1][1]))
                    i += k
                    break
            else:
                placed.append(Placed(Col(words[i][2], ANY, f"?{words[i][2]}"), words[i][0], words[i][1]))
                i += 1
        titles = {p.col.title for p in placed}
        required = [c.title for c in self.columns if c.required]
        if not all(t.upper() in titles for t in (*self.needs, *required)):
            return None
        return Layout(placed, line)

    def default(self, titles: Iterable[str]) -> Layout:
        """A layout without positions, for rows captured without their header line."""
        by_title = {c.title.upper(): c for c in self.columns}
        return Layout([Placed(by_title[t.upper()], None, None) for t in titles])

    def find(self, lines: Iterable[tuple[int, str]]) -> Layout | None:
        """The first header line among ``lines``."""
        for number, text in lines:
            found = self.layout(text, number)
            if found is not None:
                return found
        return None


def is_rule(text: str) -> bool:
    """True for the underline of a header (``-------- ---- ----``)."""
    return bool(text.strip()) and _RULE.match(text) is not None
