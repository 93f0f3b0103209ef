"""Profile generation: the Zowe page's example, layout rules, shared DVIPAs, ranks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from tests.support.records import (
    ADDR_B,
    ADDR_V,
    PAGE_SAMPLE,
    build,
    page_record,
    record_mappings,
    systems,
    tokens,
)
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.plan import COLUMNS, comment, statement


def page_tokens_with_kit_changes() -> list[str]:
    """The page's sample with the three documented differences applied.

    The kit writes MOVEABLE IMMEDIATE explicitly, spells DISTM out as
    DISTMETHOD (the same keyword, IBM's minimum abbreviation), and gives the
    single backup an explicit rank (50) so that adding a second one later
    needs no renumbering.
    """
    out: list[str] = []
    for tok in tokens(PAGE_SAMPLE):
        if tok == "DISTM":
            tok = "DISTMETHOD"
        out.append(tok)
        if tok == "VIPADEFINE":
            out += ["MOVEABLE", "IMMEDIATE"]
        if tok == "BACKUP":
            out.append("50")
    return out


def _comments(profile: str) -> str:
    return " ".join(line.strip().lstrip(";").strip() for line in profile.splitlines() if line.strip().startswith(";"))


def test_page_example_on_the_distributor_token_for_token():
    assert tokens(generate_profile(page_record(), "SYSA")) == page_tokens_with_kit_changes()


def test_page_example_adds_vipabackup_and_the_same_distribute_on_the_backup():
    got = tokens(generate_profile(page_record(), "SYSB"))
    distribute = page_tokens_with_kit_changes()
    distribute = distribute[distribute.index("VIPADISTRIBUTE"): distribute.index("ENDVIPADYNAMIC")]
    assert got == [
        "IPCONFIG", "SYSPLEXROUTING", "DYNAMICXCF", ADDR_B, "255.255.255.0", "1",
        "VIPADYNAMIC",
        "VIPABACKUP", "50", "MOVEABLE", "IMMEDIATE", "255.255.255.0", ADDR_V,
        *distribute,
        "ENDVIPADYNAMIC",
    ]


def test_backup_profile_says_why_in_a_comment():
    text = generate_profile(page_record(), "SYSB")
    comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith(";"))
    assert "no VIPABACKUP" in comments and "IPLed first" in comments


def test_switches_appear_only_when_not_default():
    default = tokens(generate_profile(page_record(), "SYSA"))
    assert "NOAUTOSWITCHBACK" not in default and "NOHEALTHSWITCH" not in default
    off = tokens(generate_profile(page_record(autoswitchback=False, healthswitch=False), "SYSA"))
    start = off.index("VIPADISTRIBUTE")
    assert off[start: start + 7] == ["VIPADISTRIBUTE", "DEFINE", "DISTMETHOD", "HOTSTANDBY",
                                     "NOAUTOSWITCHBACK", "NOHEALTHSWITCH", ADDR_V]


def test_example_record_shares_one_vipadefine_for_two_distributions():
    record = load_record(EXAMPLE)
    sysa = tokens(generate_profile(record, "SYSA"))
    assert sysa.count("VIPADEFINE") == 1 and sysa.count("VIPADISTRIBUTE") == 2
    for name, rank in (("SYSB", "100"), ("SYSC", "50")):
        toks = tokens(generate_profile(record, name))
        assert toks.count("VIPABACKUP") == 1 and toks.count("VIPADEFINE") == 0
        assert toks[toks.index("VIPABACKUP") + 1] == rank
        assert toks.count("VIPADISTRIBUTE") == 2


def test_backup_ranks_follow_the_order_of_backups():
    mapping = {
        "change": {"id": "R", "title": "ranks"},
        "sysplex": {"name": "P", "systems": systems(4)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554],
                           "preferred": "SYSB", "backups": ["SYSD", "SYSA", "SYSC"]}],
    }
    toks = tokens(generate_profile(build(mapping), "SYSB"))
    destip = toks[toks.index("DESTIP") + 1:toks.index("ENDVIPADYNAMIC")]
    assert destip == ["198.51.100.12", "PREFERRED", "198.51.100.14", "BACKUP", "150",
                      "198.51.100.11", "BACKUP", "100", "198.51.100.13", "BACKUP", "50"]
    # VIPABACKUP ranks follow the same order by default
    assert tokens(generate_profile(build(mapping), "SYSD"))[7:9] == ["VIPABACKUP", "150"]


def test_explicit_distributor_and_target_only_system():
    mapping = {
        "change": {"id": "D", "title": "distributor elsewhere"},
        "sysplex": {"name": "P", "systems": systems(4)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554],
                           "preferred": "SYSA", "backups": ["SYSB"],
                           "distributor": "SYSC", "distributor_backups": ["SYSA"]}],
    }
    record = build(mapping)
    assert "VIPADEFINE" in tokens(generate_profile(record, "SYSC"))
    assert tokens(generate_profile(record, "SYSA"))[7:9] == ["VIPABACKUP", "50"]
    assert "VIPADYNAMIC" not in tokens(generate_profile(record, "SYSB"))
    assert tokens(generate_profile(record, "SYSD")) == [
        "IPCONFIG", "SYSPLEXROUTING", "DYNAMICXCF", "198.51.100.14", "255.255.255.0", "1"]


def test_ipv6_uses_ipconfig6_and_the_interface_name():
    mapping = {
        "change": {"id": "V6", "title": "ipv6"},
        "sysplex": {"name": "P", "systems": [{"name": "SYSA", "dynamic_xcf": "2001:db8::11"},
                                              {"name": "SYSB", "dynamic_xcf": "2001:db8::12"}]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "2001:db8:1::50", "interface": "ZOWEV6",
                           "ports": [7554], "preferred": "SYSA", "backups": ["SYSB"]}],
    }
    record = build(mapping)
    a = tokens(generate_profile(record, "SYSA"))
    assert a[:5] == ["IPCONFIG", "SYSPLEXROUTING", "IPCONFIG6", "DYNAMICXCF", "2001:DB8::11"]
    assert a[a.index("VIPADEFINE"):a.index("VIPADEFINE") + 5] == ["VIPADEFINE", "MOVEABLE", "IMMEDIATE", "ZOWEV6", "2001:DB8:1::50"]
    assert a[a.index("HOTSTANDBY") + 1] == "ZOWEV6"


def test_unknown_system_is_a_key_error():
    with pytest.raises(KeyError):
        generate_profile(page_record(), "SYSZ")


def _check_layout(text: str) -> None:
    for line in text.splitlines():
        assert len(line) <= COLUMNS, line
        assert line == line.rstrip()
        assert line.isascii()
        if ";" in line:
            assert line.lstrip().startswith(";"), "comments sit on their own lines"
    assert text.endswith("\n")


def test_every_generated_line_fits_columns_1_to_71():
    record = load_record(EXAMPLE)
    for name in record.sysplex.system_names:
        _check_layout(generate_profile(record, name))


def test_many_ports_and_backups_wrap_within_the_limit():
    mapping = {
        "change": {"id": "W", "title": "wide"},
        "sysplex": {"name": "P", "systems": systems(12)},
        "distributions": [{"name": "other-" + "x" * 30, "dvipa": "203.0.113.5",
                           "ports": list(range(10000, 10040)), "preferred": "SYSA",
                           "backups": [f"SYS{chr(66 + i)}" for i in range(11)]}],
    }
    record = build(mapping)
    text = generate_profile(record, "SYSA")
    _check_layout(text)
    toks = tokens(text)
    assert toks[toks.index("PORT") + 1:toks.index("DESTIP")] == [str(p) for p in range(10000, 10040)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=30), st.text(alphabet=" ", max_size=6))
def test_statement_layout_keeps_tokens_and_width(words, indent):
    words = [w for w in (w.replace(" ", "").replace("\n", "") for w in words) if w and w.isprintable()]
    if not words:
        return
    lines = statement([words[:3], words[3:]] if len(words) > 3 else [words], indent)
    assert " ".join(lines).split() == words
    for line in lines:
        assert len(line) <= COLUMNS or len(line.split()) == 1 or len(line.strip().split()) == 1


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_comments_are_ascii_and_fit(text):
    for line in comment(text, "  "):
        assert line.startswith("  ;") and line.isascii()
        assert len(line) <= COLUMNS or len(line.split()) == 2


@settings(max_examples=120, deadline=None)
@given(record_mappings())
def test_any_valid_record_generates_well_formed_profiles(mapping):
    record = build(mapping)
    per_system = {name: generate_profile(record, name) for name in record.sysplex.system_names}
    defines: dict[str, int] = {}
    backups: dict[str, list[str]] = {}
    for name, text in per_system.items():
        _check_layout(text)
        toks = tokens(text)
        assert toks[:3] == ["IPCONFIG", "SYSPLEXROUTING", "DYNAMICXCF"]
        assert toks.count("VIPADYNAMIC") == toks.count("ENDVIPADYNAMIC") <= 1
        for i, tok in enumerate(toks):
            if tok == "VIPADEFINE":
                defines[toks[i + 4]] = defines.get(toks[i + 4], 0) + 1
            if tok == "VIPABACKUP":
                backups.setdefault(toks[i + 5], []).append(name)
    for dist in record.distributions:
        assert defines[dist.dvipa] == 1, "one VIPADEFINE per DVIPA in the sysplex"
        assert sorted(backups.get(dist.dvipa, [])) == sorted(dist.distributor_backups)
        for name in (dist.distributor, *dist.distributor_backups):
            toks = tokens(per_system[name])
            heads = [toks[i + 1:i + 8] for i, t in enumerate(toks) if t == "VIPADISTRIBUTE"]
            assert any(dist.dvipa in h and str(dist.ports[0]) in toks for h in heads)


def test_vipadefine_comment_says_what_moveable_immediate_does_on_the_owner():
    # On VIPADEFINE, MOVEABLE IMMEDIATE governs the move back to the owner when it
    # asks for the DVIPA again; takeover after a failure needs no MOVEABLE at all.
    text = _comments(generate_profile(load_record(EXAMPLE), "SYSA"))
    assert "a backup may take it over at once" not in text
    assert "takes it back at once" in text
