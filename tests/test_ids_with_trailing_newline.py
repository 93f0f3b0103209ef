"""A trailing newline slips past a Python '^...$' pattern; ids and names with one are refused.

Python's ``$`` also matches just before a final newline, so ``"SYSA\\n"`` passed
patterns meant to allow only A-Z 0-9 (JSON Schema's ``$``, ECMA's, does not).
"""

from __future__ import annotations

import json

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cli import assert_clean_rejection, zowe_ha
from tests.support.reports import fake_report
from tests.support.signing import keygen
from zowe_ha_lib.record.schema import SCHEMA
from zowe_ha_lib.signoff.signoffs import check_signer
from zowe_ha_lib.util.errors import InputError


def test_change_id_with_a_trailing_newline_is_refused(example_copy, capsys):
    text = (example_copy / "change.yaml").read_text()
    (example_copy / "change.yaml").write_text(text.replace("  id: CHG0001", '  id: "CHG0001\\n"'))
    answer = zowe_ha(capsys, "validate", example_copy)
    assert_clean_rejection(answer, "change.id")


def test_system_name_with_a_trailing_newline_is_named_on_one_line(example_copy, capsys):
    text = (example_copy / "change.yaml").read_text()
    (example_copy / "change.yaml").write_text(text.replace("    - name: SYSA", '    - name: "SYSA\\n"'))
    answer = zowe_ha(capsys, "validate", example_copy)
    assert_clean_rejection(answer, "sysplex.systems[0].name")


def test_signer_with_a_trailing_newline_is_refused(example_copy, capsys):
    fake_report(example_copy)
    keys = example_copy.parent / "keys"
    keys.mkdir()
    answer = zowe_ha(capsys, "sign", example_copy, "--key", keygen(keys, "alice"),
                     "--signer", "alice@example.com\n", "--role", "reviewer")
    assert_clean_rejection(answer, "--signer")
    assert not list((example_copy / "report" / "signoffs").glob("*alice*"))


def test_publish_refuses_a_manifest_id_with_a_trailing_newline(example_copy, capsys, tmp_path):
    fake_report(example_copy)
    manifest = example_copy / "report" / "manifest.json"
    data = json.loads(manifest.read_bytes())
    data["change"] = "CHG0001\n"
    manifest.write_bytes(rfc8785.dumps(data))
    answer = zowe_ha(capsys, "publish", example_copy, "--out", tmp_path / "site")
    assert_clean_rejection(answer, "manifest.json")
    assert not (tmp_path / "site").exists()


@settings(max_examples=150, deadline=None)
@given(signer=st.text(max_size=40))
def test_an_accepted_signer_is_exactly_the_allowed_characters(signer):
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+@-")
    try:
        check_signer(signer)
    except InputError:
        assert not signer or not set(signer) <= allowed
    else:
        assert signer and set(signer) <= allowed


def test_schema_patterns_are_anchored():
    """The guard above relies on every pattern being a whole-value match."""
    patterns = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(SCHEMA)
    assert patterns and all(p.startswith("^") and p.endswith("$") for p in patterns)
