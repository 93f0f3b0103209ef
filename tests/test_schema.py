"""The printed JSON Schema is valid and agrees with the kit's own validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.schema import SCHEMA, validate
from zowe_ha_lib.record.yamlsrc import Located


def test_schema_command_prints_a_valid_draft_2020_12_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == SCHEMA


def test_example_is_valid_for_both_validators() -> None:
    data = yaml.safe_load((EXAMPLE / "change.yaml").read_text())
    jsonschema.validate(data, SCHEMA)
    assert validate(Located(data, "change.yaml")) == []


def _mutations() -> st.SearchStrategy[tuple[list, object]]:
    """A key path into the example and a replacement value (or a deletion)."""
    paths = [
        ["change", "id"], ["change", "zowe_release"], ["sysplex", "systems", 0, "name"],
        ["sysplex", "systems"], ["sysplex", "dynamic_xcf_cost"], ["distributions", 0, "ports"],
        ["distributions", 0, "backups"], ["distributions", 0, "autoswitchback"], ["distributions", 0],
        ["change"], ["zowe"],
    ]
    values = st.one_of(
        st.none(), st.booleans(), st.integers(-5, 70000), st.text(max_size=12),
        st.lists(st.integers(0, 70000), max_size=3), st.lists(st.text(max_size=9), max_size=3),
        st.dictionaries(st.sampled_from(["id", "x", "name"]), st.text(max_size=5), max_size=2),
        st.just("__delete__"),
    )
    return st.tuples(st.sampled_from(paths), values)


@settings(max_examples=200, deadline=None)
@given(_mutations())
def test_validators_agree_on_mutated_records(mutation: tuple[list, object]) -> None:
    data = yaml.safe_load((EXAMPLE / "change.yaml").read_text())
    path, value = mutation
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if value == "__delete__":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    ours = validate(Located(data, "change.yaml")) == []
    theirs = jsonschema.Draft202012Validator(SCHEMA).is_valid(data)
    assert ours == theirs, (path, value)


def test_schema_file_for_editors_is_current() -> None:
    """runbooks/change.schema.json (referenced by the modeline in change.yaml) matches the schema."""
    on_disk = json.loads((Path(EXAMPLE).parent / "change.schema.json").read_text())
    assert on_disk == SCHEMA


def test_the_schemas_example_validates_and_its_dvipa_is_no_dynamic_xcf_address() -> None:
    """The example an editor offers must be a record the kit accepts: a DVIPA of its own (issue 13)."""
    from zowe_ha_lib.record.load import check_mapping

    (example,) = SCHEMA["examples"]
    jsonschema.validate(example, SCHEMA)
    record, problems = check_mapping(example)
    assert record is not None, problems
    xcfs = {s["dynamic_xcf"] for s in example["sysplex"]["systems"]}
    assert all(d["dvipa"] not in xcfs for d in example["distributions"])
    # The field examples too: a DVIPA's example is not a dynamic XCF address's example.
    system = SCHEMA["properties"]["sysplex"]["properties"]["systems"]["items"]["properties"]
    dist = SCHEMA["properties"]["distributions"]["items"]["properties"]
    assert set(dist["dvipa"]["examples"]).isdisjoint(system["dynamic_xcf"]["examples"])
    assert set(dist["dvipa"]["examples"]).isdisjoint(xcfs)
