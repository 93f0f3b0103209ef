"""The option types the commands share, and the choice of a hot-standby distribution, without the CLI."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.paths import ROOT
from zowe_ha_lib.commands import options
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip import choose
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.util.errors import UsageError

EXAMPLE = ROOT / "runbooks" / "CHG0001"


def _accepts(parse, text: str) -> bool:
    try:
        parse(text)
    except argparse.ArgumentTypeError as exc:
        assert str(exc) and "\n" not in str(exc)
        return False
    return True


@given(st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                 st.sampled_from(["nan", "NaN", "inf", "-inf", "+inf", "1e999", "0", "-0.0", "1e-300", " 2 "])))
def test_positive_float_is_exactly_the_finite_numbers_above_0(text):
    try:
        wanted = math.isfinite(float(text)) and float(text) > 0
    except ValueError:
        wanted = False
    assert _accepts(options.positive_float, text) == wanted


@given(st.one_of(st.text(max_size=8), st.integers(-5, 5).map(str), st.sampled_from(["1.5", "nan", "07", "+3"])))
def test_positive_int_is_exactly_the_whole_numbers_above_0(text):
    try:
        wanted = int(text) > 0
    except ValueError:
        wanted = False
    assert _accepts(options.positive_int, text) == wanted
    if wanted:
        assert options.positive_int(text) == int(text)


@given(st.integers(-10, 30))
def test_bounded_numbers_keep_their_bounds(n):
    assert _accepts(options.int_between(0, 10), str(n)) == (0 <= n <= 10)
    assert _accepts(options.seconds_between(0, 20, low_included=False), str(n)) == (0 < n <= 20)
    assert _accepts(options.seconds_between(0, 20), str(n)) == (0 <= n <= 20)


@given(st.integers(-2, 70000))
def test_port_is_1_to_65535(n):
    assert _accepts(options.port, str(n)) == (1 <= n <= 65535)


@given(st.ip_addresses())
def test_ip_address_is_normalised(address):
    assert options.ip_address(str(address)) == str(address)


def test_ip_address_accepts_zos_leading_zeros_and_rejects_nonsense():
    assert options.ip_address("198.051.100.011") == "198.51.100.11"
    for bad in ("198.51.100", "198.51.100.256", "host.example.com", ""):
        assert not _accepts(options.ip_address, bad)


@given(st.text(max_size=10))
def test_system_name_is_1_to_8_of_the_sysname_characters(text):
    ok = 1 <= len(text.strip()) <= 8 and all(c.isascii() and (c.isalnum() or c in "@#$") for c in text.strip())
    assert _accepts(options.system_name, text) == ok
    if ok:
        assert options.system_name(text) == text.strip().upper()


@pytest.mark.parametrize("parse", [options.record, options.output_folder, options.file_name("a file"),
                                   options.file_path("a file")])
@pytest.mark.parametrize("text", ["", " ", "\t"])
def test_an_empty_path_is_refused_and_shown(parse, text):
    with pytest.raises(argparse.ArgumentTypeError, match=r"^empty \("):
        parse(text)


def test_paths_keep_what_was_typed():
    assert options.record("runbooks/CHG0001/") == "runbooks/CHG0001/"
    assert options.file_name("x")("./sysa.tcpip") == "./sysa.tcpip"
    assert options.file_path("x")("k") == Path("k")


def test_console_uss_path_and_url():
    assert options.console_name("defcn") == "defcn" and options.console_name("ZOWEHA1") == "ZOWEHA1"
    assert not _accepts(options.console_name, "1ABC") and not _accepts(options.console_name, "A")
    assert options.uss_path("/global/zowe/zowe.yaml") == "/global/zowe/zowe.yaml"
    assert not _accepts(options.uss_path, "zowe.yaml")
    assert options.zosmf_url("https://zosmf.example.com:443") == "https://zosmf.example.com:443"
    with pytest.raises(argparse.ArgumentTypeError) as info:
        options.zosmf_url("https://IBMUSER:s3cret@zosmf.example.com")
    assert "s3cret" not in str(info.value)


def test_signer_and_comment():
    assert options.signer_id("alice@example.com") == "alice@example.com"
    for bad in ("alice example", "a*@example.com", "alice@example.com\n", ""):
        assert not _accepts(options.signer_id, bad)
    assert not _accepts(options.comment, "x" * 2001) and options.comment("x" * 2000)


def test_system_of_names_the_option_and_the_choices():
    assert options.system_of("--system", "SYSB", ("SYSA", "SYSB"), "C1") == "SYSB"
    with pytest.raises(UsageError) as info:
        options.system_of("--system", "SYSZ", ("SYSA", "SYSB"), "C1")
    assert info.value.problems == [("--system", "SYSZ is not a system of C1; choose one of SYSA, SYSB")]


# ------------------------------------------------------------------ which distribution (tcpip/choose)

ITEMS = [{"name": "zowe-gateway", "dvipa": "203.0.113.50", "ports": [7554]},
         {"name": "zosmf", "dvipa": "203.0.113.50", "ports": [443]},
         {"dvipa": "203.0.113.60", "ports": []}]


def test_choose_by_dvipa_port_or_default():
    assert choose.choose(ITEMS, None, 443, None) == 1
    assert choose.choose(ITEMS, "203.0.113.060", None, None) == 2  # addresses are compared normalised
    assert choose.choose(ITEMS, "203.0.113.50", 7554, None) == 0
    assert choose.choose(ITEMS, None, None, 1) == 1
    assert choose.choose(ITEMS[:1], None, None, None) == 0


@pytest.mark.parametrize(("dvipa", "port", "words"), [
    (None, None, "several hot-standby distributions"),
    ("203.0.113.50", None, "ambiguous: zowe-gateway 203.0.113.50 port 7554; zosmf 203.0.113.50 port 443"),
    ("203.0.113.99", None, "no hot-standby distribution matches"),
    (None, 80, "the choices are: zowe-gateway 203.0.113.50 port 7554; zosmf 203.0.113.50 port 443; 203.0.113.60 port any port"),
])
def test_choose_names_the_choices(dvipa, port, words):
    with pytest.raises(choose.ChoiceError) as info:
        choose.choose(ITEMS, dvipa, port, None)
    assert words in str(info.value)


def test_a_record_defaults_to_its_zowe_gateway():
    record = load_record(EXAMPLE)
    assert choose.from_record_choice(record).name == "zowe-gateway"
    assert choose.from_record_choice(record, port=443).name == "zosmf"


def test_profiles_are_modelled_from_what_lint_accepts(tmp_path):
    record = load_record(EXAMPLE)
    paths = []
    for name in record.sysplex.system_names:
        path = tmp_path / f"{name}.tcpip"
        path.write_text(generate_profile(record, name))
        paths.append(path)
    assert {tuple(d["ports"]) for d in choose.profile_distributions(paths)[0]} == {(7554,), (443,)}
    model = choose.from_profiles_choice(paths, port=7554)
    assert model.dvipa == "203.0.113.50" and model.ports == (7554,)
    empty = tmp_path / "empty.tcpip"
    empty.write_text("IPCONFIG DYNAMICXCF 198.51.100.1 255.255.255.0 1\n")
    with pytest.raises(choose.NoHotStandby):
        choose.from_profiles_choice([empty])
