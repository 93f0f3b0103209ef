"""The shared table reader: rows read against their header line, whatever the order, spacing or width of the columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zowe_ha_lib.evidence import columns as cols

NAME = cols.matches(r"[A-Z0-9$#@]{1,8}")
STATE = cols.one_of("ACTIVE", "BACKUP", "MOVING", "QUIESCING")
RANK = cols.matches(r"[0-9]{1,3}")
IP = cols.matches(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
WHEN = cols.matches(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d")
TABLE = cols.Table([
    cols.Col("TCPNAME", NAME, required=True),
    cols.Col("MVSNAME", NAME, required=True),
    cols.Col("STATUS", STATE, required=True),
    cols.Col("RANK", RANK),
    cols.Col("ADDRESS MASK", IP),
    cols.Col("LAST CHANGE", WHEN, words=2),
])


def test_header_words_become_columns_in_printed_order_and_unknown_titles_are_kept() -> None:
    layout = TABLE.layout("  MVSNAME  TCPNAME  NEWCOL STATUS  ADDRESS MASK")
    assert layout.names == ["MVSNAME", "TCPNAME", "?NEWCOL", "STATUS", "ADDRESS MASK"]
    assert TABLE.layout("  MVSNAME  STATUS") is None  # a required title missing: not this table's header
    assert TABLE.layout("") is None


def test_blank_cells_overflowing_values_and_an_underline() -> None:
    layout = TABLE.layout("TCPNAME  MVSNAME  STATUS RANK ADDRESS MASK")
    assert cols.is_rule("-------- -------- ------ ---- ------------") and not cols.is_rule("TCPIP SYSA")
    assert layout.read("TCPIP    SYSA     ACTIVE      255.255.255.0") == {
        "TCPNAME": "TCPIP", "MVSNAME": "SYSA", "STATUS": "ACTIVE", "RANK": "", "ADDRESS MASK": "255.255.255.0", cols.REST: ""}
    # QUIESCING is wider than STATUS and runs into RANK's space: still the status, and 100 the rank.
    assert layout.read("TCPIP    SYSB     QUIESCING 100")["RANK"] == "100"
    assert layout.read("TCPIP    SYSB     QUIESCING100") is None  # glued words cannot be split: no guess
    assert layout.read("TCPIP SYSC") is None  # no status: the row cannot be fitted
    assert layout.read("TCPIP SYSC BACKUP 1 192.0.2.1 TM=STP")[cols.REST] == "TM=STP"


def test_two_addresses_of_one_shape_are_placed_by_position_when_the_spacing_lines_up() -> None:
    table = cols.Table([cols.Col("NAME", NAME, required=True), cols.Col("MASK", IP), cols.Col("PREFIX", IP)])
    layout = table.layout("NAME     MASK            PREFIX")
    assert layout.read("SYSA                     192.0.2.0") == {"NAME": "SYSA", "MASK": "", "PREFIX": "192.0.2.0", cols.REST: ""}
    assert layout.read("SYSA     255.255.0.0") == {"NAME": "SYSA", "MASK": "255.255.0.0", "PREFIX": "", cols.REST: ""}


def test_a_title_printed_twice_gives_a_second_optional_set() -> None:
    table = cols.Table([cols.Col("SYSTEM", NAME, required=True), cols.Col("STATE", STATE, required=True)])
    layout = table.layout(" SYSTEM    STATE      SYSTEM    STATE")
    assert layout.names == ["SYSTEM", "STATE", "SYSTEM#2", "STATE#2"]
    assert layout.read(" SYSA ACTIVE SYSB BACKUP")["STATE#2"] == "BACKUP"
    assert layout.read(" SYSC      ACTIVE")["SYSTEM#2"] == ""


def test_rows_without_their_header_use_a_default_layout() -> None:
    layout = TABLE.default(["TCPNAME", "MVSNAME", "STATUS", "RANK"])
    assert layout.read("TCPIP SYSB BACKUP 050")["RANK"] == "050"


# ------------------------------------------------------------------ properties

TITLES = ["TCPNAME", "MVSNAME", "STATUS", "RANK", "ADDRESS MASK", "LAST CHANGE"]
VALUES = {
    "TCPNAME": st.from_regex(r"[A-Z][A-Z0-9]{0,7}", fullmatch=True),
    "MVSNAME": st.from_regex(r"[A-Z][A-Z0-9]{0,7}", fullmatch=True),
    "STATUS": st.sampled_from(["ACTIVE", "BACKUP", "MOVING", "QUIESCING"]),
    "RANK": st.integers(1, 254).map(str),
    "ADDRESS MASK": st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t))),
    "LAST CHANGE": st.tuples(st.integers(1, 12), st.integers(1, 28), st.integers(0, 23)).map(
        lambda t: f"{t[0]:02d}/{t[1]:02d}/2024 {t[2]:02d}:15:00"),
}


@st.composite
def tables(draw, blanks: bool):
    """A header in any column order with any spacing, and rows of values (blank optional cells when ``blanks``)."""
    order = draw(st.permutations(TITLES))
    widths = {t: max(len(t), 19) + draw(st.integers(1, 6)) for t in order}
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = {t: draw(VALUES[t]) for t in order}
        if blanks:
            for t in ("RANK", "ADDRESS MASK", "LAST CHANGE"):
                if draw(st.booleans()):
                    row[t] = ""
        rows.append(row)
    return order, widths, rows


def _line(order, widths, cells) -> str:
    return "".join(str(cells[t]).ljust(widths[t]) for t in order).rstrip()


@settings(max_examples=150, deadline=None)
@given(tables(blanks=False), st.integers(1, 9), st.integers(0, 4))
def test_any_header_order_and_any_spacing_reads_the_same_values(table, gap: int, indent: int) -> None:
    """With every cell filled, the values are found by the header's order and their shapes, however the blanks fall."""
    order, _widths, rows = table
    layout = TABLE.layout(" " * indent + (" " * gap).join(order))
    assert layout is not None and layout.names == order
    for row in rows:
        text = " " * indent + (" " * gap).join(row[t] for t in order)
        got = layout.read(text)
        assert got is not None and {t: got[t] for t in order} == row, (text, got)


@settings(max_examples=150, deadline=None)
@given(tables(blanks=True))
def test_blank_cells_are_read_as_blank_when_rows_line_up_with_the_header(table) -> None:
    order, widths, rows = table
    layout = TABLE.layout(_line(order, widths, {t: t for t in order}))
    for row in rows:
        got = layout.read(_line(order, widths, row))
        assert got is not None and {t: got[t] for t in order} == row


@settings(max_examples=150, deadline=None)
@given(tables(blanks=True), st.integers(1, 4))
def test_blank_cells_of_distinct_shapes_survive_any_respacing(table, gap: int) -> None:
    """Shapes alone place values when the spacing is lost, as long as no two filled columns could swap."""
    order, _widths, rows = table
    layout = TABLE.layout(" ".join(order))
    for row in rows:
        got = layout.read((" " * gap).join(row[t] for t in order if row[t]))
        assert got is not None and {t: got[t] for t in order} == row


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=120))
def test_any_text_reads_as_a_row_or_none_never_an_exception(header: str, row: str) -> None:
    layout = TABLE.layout(header) or TABLE.default(["TCPNAME", "MVSNAME", "STATUS"])
    got = layout.read(row)
    assert got is None or set(layout.names) <= set(got)
