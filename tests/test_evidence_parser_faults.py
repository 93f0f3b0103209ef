"""No capture, however mangled, makes a display parser fail: bad input is a problem, never a bug.

A parser says "malformed or cut off" with DisplayError; the reader reports
anything else as an *internal* problem (the kit's fault). These properties
take every display of the example records in IBM's layout, mangle it the
ways captures get mangled (cut short, spliced with other displays, blanks
lost or gained, case changed, extra columns, odd digits, lines lost or
repeated) and require that no problem is internal. The reader's own split between the two kinds is pinned first.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.evidence import ibm_layout_displays, responses
from zowe_ha_lib.evidence import reader
from zowe_ha_lib.evidence.base import DisplayError, Response
from zowe_ha_lib.evidence.reader import parse_response, read_evidence

GRS = ["ISG343I 13.45.07 GRS STATUS", " SYSTEM    STATE               SYSTEM    STATE",
       " SYSA      ACTIVE              SYSB      ACTIVE"]
CORPUS = ibm_layout_displays()
# Sampling by family first gives the rare families (one GRS display among dozens of
# netstat reports) as many mangled variants as the common ones.
FAMILIES = sorted({reader.STARTS[r.msgid][0] for lines in CORPUS for r in responses(lines[0])})
BY_FAMILY = {f: [lines for lines in CORPUS if reader.STARTS[responses(lines[0])[0].msgid][0] == f] for f in FAMILIES}
# Tokens a capture may carry in a column the parser does not expect, chosen to
# trip number, address and name handling (superscript and Arabic-Indic digits,
# an over-long number, key-like and range-like tokens).
EXTRA_TOKENS = ["X", "0", "000100", "99999999999999999999999", "9" * 5000, "²", "١٢", "-1", ":", "Rank:", "Dest:", "..", "..7554",
                "203.0.113.50..", "/", "/24", "=", "KEY=", "=VALUE", "(", ")", "N/A", "ACTIVE", "BACKUP", "SYSA",
                "11/25/2024", "13:45:01", "TM=", "SYSNAME:", "GROUP", "IPADDR:", "MEMBER(", "\t", "ÄÖÜ", "ß"]


def _problems(text: str) -> list[str]:
    """Every internal problem the reader reports for ``text`` captured as a plain file on SYSA."""
    return [d.problem or "" for d in map(parse_response, responses(text)) if d.internal]


# --------------------------------------------------------------------------- the reader's split


def test_a_display_error_is_a_problem_of_the_capture(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuses(resp: Response):
        raise DisplayError("no SYSTEM/STATE rows; the response looks cut off")

    monkeypatch.setitem(reader.STARTS, "ISG343I", ("grs", refuses))
    (d,) = map(parse_response, responses("\n".join(GRS)))
    assert not d.usable and not d.internal
    assert d.problem == "no SYSTEM/STATE rows; the response looks cut off"


@pytest.mark.parametrize("bug", [IndexError("list index out of range"), KeyError("MODE"), ValueError("invalid literal"),
                                 ZeroDivisionError("division by zero"), AttributeError("'NoneType' object")])
def test_any_other_exception_is_an_internal_problem_never_a_crash(
        bug: Exception, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(resp: Response):
        raise bug

    monkeypatch.setitem(reader.STARTS, "ISG343I", ("grs", broken))
    (tmp_path / "SYSA").mkdir()
    (tmp_path / "SYSA" / "d-grs.txt").write_text("\n".join(GRS) + "\n")
    evidence = read_evidence(tmp_path, ["SYSA"], base=tmp_path)
    (problem,) = evidence.problems
    assert problem.internal and problem.requirement == "shared-dasd" and problem.where == "SYSA/d-grs.txt:1"
    assert "internal error in the kit's grs display parser, please report it" in problem.message
    assert type(bug).__name__ in problem.message
    assert not evidence.of("grs")


def test_the_example_displays_parse_cleanly() -> None:
    """The seed of the properties below: every display in it is read, and read whole."""
    assert len(CORPUS) > 40
    for lines in CORPUS:
        found = [parse_response(r) for r in responses("\n".join(lines))]
        assert found and all(d.usable for d in found), (lines, [d.problem for d in found])


# --------------------------------------------------------------------------- every cut, every extra column


def _boundaries(line: str) -> list[int]:
    """Where words start and end in ``line`` (and its two ends)."""
    points = {0, len(line)}
    for m in re.finditer(r"\S+", line):
        points |= {m.start(), m.end()}
    return sorted(points)


def test_every_display_cut_at_any_word_is_never_a_parser_bug() -> None:
    """Deterministic: each display cut after each of its words (the capture stopped there)."""
    for lines in CORPUS:
        for i, line in enumerate(lines):
            for at in _boundaries(line):
                text = "\n".join([*lines[:i], line[:at]])
                assert _problems(text) == [], text


@pytest.mark.parametrize("token", ["X", "SYSA", "ACTIVE", "0", "²", "9" * 5000, "Rank:", "=", "..", "(", "ß"])
def test_every_display_with_an_extra_column_anywhere_is_never_a_parser_bug(token: str) -> None:
    """Deterministic: ``token`` inserted between any two words of any line of each display."""
    for lines in CORPUS:
        for i, line in enumerate(lines):
            for at in _boundaries(line):
                text = "\n".join([*lines[:i], f"{line[:at]} {token} {line[at:]}", *lines[i + 1:]])
                assert _problems(text) == [], text[:2000]


# --------------------------------------------------------------------------- mangled captures


def _cut(draw, lines: list[str]) -> list[str]:
    keep = draw(st.integers(0, len(lines)))
    out = lines[:keep]
    if out and draw(st.booleans()):
        out[-1] = out[-1][: draw(st.integers(0, len(out[-1])))]
    return out


def _splice(draw, lines: list[str]) -> list[str]:
    other = list(draw(st.sampled_from(CORPUS)))
    start = draw(st.integers(0, len(other)))
    piece = other[start: start + draw(st.integers(1, 4))]
    at = draw(st.integers(0, len(lines)))
    return lines[:at] + piece + lines[at:]


def _respace(draw, lines: list[str]) -> list[str]:
    i = draw(st.integers(0, max(0, len(lines) - 1)))
    if not lines:
        return lines
    words = lines[i].split()
    how = draw(st.sampled_from(["single", "wide", "glued", "lead", "strip", "tabs"]))
    if how == "single":
        new = " ".join(words)
    elif how == "wide":
        new = (" " * draw(st.integers(2, 12))).join(words)
    elif how == "glued":  # a blank lost between two words
        j = draw(st.integers(0, max(0, len(words) - 2)))
        new = " ".join([*words[:j], "".join(words[j:j + 2]), *words[j + 2:]])
    elif how == "lead":
        new = " " * draw(st.integers(1, 20)) + lines[i]
    elif how == "strip":
        new = lines[i].strip()
    else:
        new = lines[i].replace("  ", "\t")
    return [*lines[:i], new, *lines[i + 1:]]


def _recase(draw, lines: list[str]) -> list[str]:
    change = draw(st.sampled_from([str.lower, str.upper, str.swapcase, str.title]))
    if draw(st.booleans()):
        return [change(line) for line in lines]
    i = draw(st.integers(0, max(0, len(lines) - 1)))
    return [change(line) if n == i else line for n, line in enumerate(lines)]


def _extra_column(draw, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    words = lines[i].split(" ")
    at = draw(st.integers(0, len(words)))
    token = draw(st.one_of(st.sampled_from(EXTRA_TOKENS), st.text(min_size=1, max_size=8)))
    return [*lines[:i], " ".join([*words[:at], token, *words[at:]]), *lines[i + 1:]]


# Digits as a capture through the wrong code page or a word processor may show
# them: superscripts, full-width, Arabic-Indic. Python calls all of them digits;
# int() reads only some.
ODD_DIGITS = ["²", "³", "¹", "０", "９", "٣", "۷", "①"]


def _odd_digits(draw, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    digit = draw(st.sampled_from(ODD_DIGITS))
    i = draw(st.integers(0, len(lines) - 1))  # one line: odd digits everywhere would hide the message id
    return [*lines[:i], re.sub(r"[0-9]", digit, lines[i]), *lines[i + 1:]]


def _drop_or_repeat(draw, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    return lines[:i] + lines[i + 1:] if draw(st.booleans()) else lines[: i + 1] + lines[i:]


MUTATIONS = [_cut, _splice, _respace, _recase, _extra_column, _odd_digits, _drop_or_repeat]


@st.composite
def mangled(draw, mutations=tuple(MUTATIONS)) -> str:
    lines = list(draw(st.sampled_from(BY_FAMILY[draw(st.sampled_from(FAMILIES))])))
    for _ in range(draw(st.integers(1, 5))):
        lines = draw(st.sampled_from(mutations))(draw, lines)
    return "\n".join(lines)


PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text=mangled())
def test_mangled_displays_are_read_or_reported_never_a_parser_bug(text: str) -> None:
    assert _problems(text) == [], text


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__.strip("_"))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_kind_of_damage_alone_is_never_a_parser_bug(mutation, data: st.DataObject) -> None:
    text = data.draw(mangled((mutation,)))
    assert _problems(text) == [], text
