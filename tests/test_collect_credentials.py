"""Where the z/OSMF user and password come from, and the Zowe team configuration reader."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zowe_ha_lib.collect.credentials import (
    Credentials,
    TeamProfile,
    _strip_json_comments,
    _strip_trailing_commas,
    find_team_config,
    load_team_profile,
    resolve,
)
from zowe_ha_lib.util.errors import InputError

SECRET = "k33p-Me-0ut"


def never(_prompt: str) -> str:
    raise AssertionError("must not prompt")


def test_environment_password_and_user():
    env = {"ZOWE_HA_ZOSMF_USER": "OPS1", "ZOWE_HA_ZOSMF_PASSWORD": SECRET}
    creds = resolve(None, environ=env, prompt=never, is_tty=True)
    assert (creds.user, creds.password) == ("OPS1", SECRET)
    assert SECRET not in repr(creds) and SECRET not in str(creds)


def test_option_user_wins_over_environment():
    creds = resolve("OPS2", environ={"ZOWE_HA_ZOSMF_USER": "OPS1", "ZOWE_HA_ZOSMF_PASSWORD": SECRET}, prompt=never)
    assert creds.user == "OPS2"


def test_prompt_only_on_a_terminal():
    asked = []
    creds = resolve("OPS1", environ={}, prompt=lambda p: asked.append(p) or SECRET, is_tty=True, target="https://h:443")
    assert creds.password == SECRET and asked == ["Password for OPS1 at https://h:443: "]
    with pytest.raises(InputError, match="set ZOWE_HA_ZOSMF_PASSWORD or run on a terminal"):
        resolve("OPS1", environ={}, prompt=never, is_tty=False)


def test_empty_prompt_answer_is_refused():
    with pytest.raises(InputError, match="empty password"):
        resolve("OPS1", environ={}, prompt=lambda _p: "", is_tty=True)


def test_no_user_anywhere():
    with pytest.raises(InputError, match="no z/OSMF user"):
        resolve(None, environ={}, prompt=never, is_tty=True)


def test_plain_text_profile_password_only_for_its_own_user():
    profile = TeamProfile("cfg.json", "zosmf", "h", 443, "OPS1", SECRET)
    assert resolve(None, profile, environ={}, prompt=never).password == SECRET
    asked = []
    resolve("OTHER", profile, environ={}, prompt=lambda p: asked.append(p) or "x", is_tty=True)
    assert asked, "a different user must not get the profile's password"


def test_basic_header_is_built_on_demand():
    import base64

    header = Credentials("U", "p:w").basic_header()
    assert base64.b64decode(header.split()[1]) == b"U:p:w"


def write(path: Path, doc: dict, prefix: str = "") -> Path:
    path.write_text(prefix + json.dumps(doc, indent=2))
    return path


def test_nested_profile_inherits_and_base_fills_in(tmp_path):
    doc = {
        "profiles": {
            "plex1": {"properties": {"host": "zosmf.plex1.example.com", "rejectUnauthorized": False},
                      "profiles": {"zosmf": {"type": "zosmf", "properties": {"port": "10443"}, "secure": ["user", "password"]}}},
            "base": {"type": "base", "properties": {"user": "BASEUSR"}},
        },
        "defaults": {"zosmf": "plex1.zosmf", "base": "base"},
    }
    prof = load_team_profile(write(tmp_path / "zowe.config.json", doc, "// comment\n"))
    assert (prof.host, prof.port, prof.user, prof.password) == ("zosmf.plex1.example.com", 10443, "BASEUSR", None)
    assert prof.url == "https://zosmf.plex1.example.com:10443" and not prof.reject_unauthorized
    assert prof.secure == ("user", "password")


def test_named_profile_and_errors(tmp_path):
    doc = {"profiles": {"a": {"type": "zosmf", "properties": {"host": "a.example.com"}},
                        "b": {"type": "zosmf", "properties": {"host": "b.example.com", "port": "x"}}}}
    path = write(tmp_path / "z.json", doc)
    assert load_team_profile(path, "a").host == "a.example.com"
    with pytest.raises(InputError, match="no default zosmf profile"):
        load_team_profile(path)
    with pytest.raises(InputError, match="no such profile"):
        load_team_profile(path, "c")
    with pytest.raises(InputError, match="expected a port number"):
        load_team_profile(path, "b")
    (tmp_path / "bad.json").write_text("{ not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_team_profile(tmp_path / "bad.json")


def test_find_team_config_project_first_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("ZOWE_CLI_HOME", raising=False)
    home = tmp_path / "home"
    (home / ".zowe").mkdir(parents=True)
    (home / ".zowe" / "zowe.config.json").write_text("{}")
    project = tmp_path / "proj" / "sub"
    project.mkdir(parents=True)
    assert find_team_config(project, home) == home / ".zowe" / "zowe.config.json"
    (tmp_path / "proj" / "zowe.config.json").write_text("{}")
    assert find_team_config(project, home) == tmp_path / "proj" / "zowe.config.json"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(string.printable, max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(string.printable, max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(doc=_json, comment=st.text(string.printable.replace("*", ""), max_size=20))
def test_comment_stripping_keeps_json_values(doc, comment):
    """Comments vanish, string contents (even with // or /*) stay, trailing commas are tolerated."""
    line_comment = comment.replace("\n", " ").replace("\r", " ")
    text = f"// {line_comment}\n/* {comment} */" + json.dumps(doc, indent=1) + f"\n// {line_comment}"
    assert json.loads(_strip_json_comments(text)) == doc


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=6), st.integers(), min_size=1, max_size=5))
def test_trailing_commas_are_tolerated(doc):
    text = json.dumps(doc, indent=1)[:-1].rstrip() + ",\n}"
    assert json.loads(_strip_trailing_commas(_strip_json_comments(text))) == doc


@settings(max_examples=150, deadline=None)
@given(doc=_json)
def test_trailing_comma_removal_never_touches_strings(doc):
    text = json.dumps(doc)
    assert json.loads(_strip_trailing_commas(text)) == doc
