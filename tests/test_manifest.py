"""The manifest, the scrubber and the report parsers, property-tested (no kernels here)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import rfc8785
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.reports import fake_report
from zowe_ha_lib.report import manifest as manifest_mod
from zowe_ha_lib.report.runner import discover
from zowe_ha_lib.report.scrub import REDACTED, Scrubber, secret_values
from zowe_ha_lib.requirements.status import worst
from zowe_ha_lib.signoff.signoffs import report_status
from zowe_ha_lib.util.errors import InputError

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=12).filter(
    lambda s: s not in (".", "..") and not s.startswith("."))
trees = st.dictionaries(
    st.lists(names, min_size=1, max_size=3).map("/".join).filter(lambda p: p != "manifest.json" and not p.startswith("signoffs")),
    st.binary(min_size=1, max_size=200), min_size=1, max_size=8,
)


def _write_tree(root: Path, tree: dict[str, bytes]) -> dict[str, bytes]:
    written = {}
    for rel, data in tree.items():
        path = root / rel
        if any(p.is_file() for p in [root / Path(rel).parents[i] for i in range(len(Path(rel).parents) - 1)]):
            continue  # a file already sits where this path needs a folder
        if path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[rel] = data
    return written


@SETTINGS
@given(tree=trees, pick=st.integers(min_value=0), where=st.integers(min_value=0))
def test_hashes_match_until_one_byte_changes(tree, pick, where):
    root = Path(tempfile.mkdtemp())
    try:
        written = _write_tree(root, tree)
        manifest = {"change": "X", "files": manifest_mod.file_entries(root)}
        data = manifest_mod.write(root, manifest)
        assert manifest_mod.check_files(root, *manifest_mod.load(root)) == []
        assert data == rfc8785.dumps(json.loads(data))
        rel = sorted(written)[pick % len(written)]
        blob = bytearray(written[rel])
        blob[where % len(blob)] ^= 0x01
        (root / rel).write_bytes(bytes(blob))
        issues = manifest_mod.check_files(root, *manifest_mod.load(root))
        assert [(i.path, i.kind) for i in issues] == [(rel, "changed")]
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_a_damaged_manifest_is_bad_input_never_a_crash(raw):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "manifest.json").write_bytes(raw)
        try:
            manifest, data = manifest_mod.load(root)
        except InputError as exc:
            assert all(str(p) for p in exc.problems)
        else:
            manifest_mod.check_files(root, manifest, data)
    finally:
        shutil.rmtree(root)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(SETTINGS, max_examples=60)
@given(body=json_values, raw=st.binary(max_size=100), sig=st.binary(max_size=60))
def test_any_signoff_file_is_judged_never_a_crash(example_copy, body, raw, sig):
    report = example_copy / "report"
    if not report.exists():
        fake_report(example_copy)
    folder = report / "signoffs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "001-reviewer-a.json").write_bytes(json.dumps(body).encode())
    (folder / "001-reviewer-a.json.sig").write_bytes(sig)
    (folder / "002-reviewer-b.json").write_bytes(raw)
    status = report_status(example_copy)
    assert status.state == "invalid"
    assert [s["state"] for s in status.signoffs] == ["invalid", "invalid"]
    assert all(s["reason"] for s in status.signoffs)


@SETTINGS
@given(meta=json_values)
def test_notebook_metadata_is_accepted_or_bad_input(meta):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "10-a.ipynb").write_text(json.dumps({"cells": [], "metadata": {"zowe_ha": {"title": "A"}}}))
        (root / "20-b.ipynb").write_text(json.dumps({"cells": [], "metadata": {"zowe_ha": meta}}))
        try:
            specs = discover(root)
        except InputError as exc:
            assert all("20-b.ipynb" in str(p) for p in exc.problems)
        else:
            assert [s.name for s in specs] == ["10-a", "20-b"]
            assert set(specs[1].depends) <= {"10-a"}
    finally:
        shutil.rmtree(root)


secret_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=8, max_size=30)


@SETTINGS
@given(before=st.text(max_size=40), after=st.text(max_size=40), secret=secret_text)
def test_a_secret_never_survives_scrubbing(before, after, secret):
    scrub = Scrubber(secrets={secret: "ZOWE_HA_TOKEN"}, paths={"/srv/kit/runbooks/CHG1": ".", "/srv/kit": "<kit>"})
    text = scrub.text(before + secret + after)
    assert secret not in text
    nb = {"cells": [{"cell_type": "code", "source": [before, secret], "metadata": {},
                     "outputs": [{"output_type": "stream", "text": secret + after}]}],
          "metadata": {"papermill": {"input_path": "/srv/kit/x.ipynb", "environment_variables": {"T": secret}}}}
    data = scrub.file("notebooks/x.ipynb", json.dumps(nb).encode())
    assert scrub.leaks(data) == []
    assert b"/srv/kit" not in data


@SETTINGS
@given(text=st.text(alphabet=st.characters(blacklist_characters="/<"), max_size=80))
def test_text_without_secrets_or_paths_is_left_alone(text):
    scrub = Scrubber(secrets={"s3cret-value": "X_TOKEN"}, paths={"/srv/kit": "<kit>"})
    if "s3cret-value" not in text:
        assert scrub.text(text) == text


def test_paths_become_relative_or_placeholders():
    scrub = Scrubber(paths={"/srv/kit/runbooks/CHG1": ".", "/srv/kit": "<kit>", "/srv/kit/.venv": "<venv>", "/root": "<home>"})
    assert scrub.text("File /srv/kit/.venv/lib/x.py, in /srv/kit/runbooks/CHG1/change.yaml") == \
        "File <venv>/lib/x.py, in ./change.yaml"
    assert scrub.text("/srv/kitchen stays; /srv/kit/zowe_ha_lib moves") == "/srv/kitchen stays; <kit>/zowe_ha_lib moves"
    assert scrub.text("see /home/alice/.ssh") == "see <home>/.ssh"
    assert scrub.text("/root/.cache") == "<home>/.cache"


def test_secret_names_and_short_values():
    env = {"ZOSMF_PASSWORD": "hunter2!", "API_TOKEN": "abcdef", "MY_KEY": "no", "ZOSMF_PORT": "10443",
           "ZOSMF_HOST": "zosmf.example.com", "HOME": "/root", "DB_CREDENTIALS": "user:pass"}
    found = secret_values(env)
    assert set(found.values()) == {"ZOSMF_PASSWORD", "API_TOKEN", "ZOSMF_HOST", "DB_CREDENTIALS"}
    assert Scrubber(secrets=found).text("login hunter2! at zosmf.example.com:10443") == \
        f"login {REDACTED} at {REDACTED}:10443"


def test_binary_outputs_are_not_rewritten():
    scrub = Scrubber(paths={"/srv/kit": "<kit>"})
    png = "iVBORw0KGgo/srv/kitAAAA"
    nb = {"cells": [{"cell_type": "code", "source": "", "metadata": {},
                     "outputs": [{"output_type": "display_data", "metadata": {},
                                  "data": {"image/png": png, "text/plain": "/srv/kit/x"}}]}], "metadata": {}}
    out = json.loads(scrub.file("notebooks/x.ipynb", json.dumps(nb).encode()))
    assert out["cells"][0]["outputs"][0]["data"] == {"image/png": png, "text/plain": "<kit>/x"}


@pytest.mark.parametrize("statuses, expected", [
    (["pass", "warn"], "warn"), (["pass", "error", "fail"], "error"), (["n/a", "pass"], "pass"),
    (["unknown", "warn"], "unknown"), ([], "n/a"),
])
def test_overall_outcome(statuses, expected):
    assert worst(statuses) == expected
