"""zowe-ha export workflow: the change as a z/OSMF workflow definition and its variable input file.

The element order is checked against a table of z/OSMF's workflow schema
order written here, independently of the exporter, and (with lxml) against
a small XSD of the same order in tests/fixtures/workflow/. Texts that z/OSMF
passes through its template engine are decoded by a small Velocity subset
written here too, so that "the statements inside the workflow equal
generate's output" compares what z/OSMF will really write.
"""

from __future__ import annotations

import copy
import html
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cli import assert_clean_rejection, zowe_ha
from tests.support.paths import EXAMPLE, FAULTY, FIXTURES, NOTEBOOK_FIXTURES, SINGLE, copy_record
from tests.support.records import build, systems
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.export import xsd
from zowe_ha_lib.export.velocity import Var, template
from zowe_ha_lib.export.workflow import (
    DSN_REGEX,
    build_workflow,
    data_set,
    export_files,
    ident,
    rollback_data_set,
)
from zowe_ha_lib.publish import publish
from zowe_ha_lib.record.load import check_mapping, load_record
from zowe_ha_lib.report import manifest as manifest_mod
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.sheet import operator_sheet, rollback_text

RECORDS = [EXAMPLE, FAULTY, SINGLE]
MINIMAL_XSD = FIXTURES / "workflow" / "minimal-workflow.xsd"

# --------------------------------------------------------------------------- the schema's order, our own table
# Each parent: its children in order, as (tag or tuple of alternative tags, how many: "1", "?", "*" or "+").
# Written from the order of z/OSMF's workflow_v1.xsd as Zowe's own workflows use it; the <rest> part from
# IBM's sample console-command workflow (openmainframeproject/zorow, IBM-MF-AUTO-ZOS-CONSCMD.xml).
ORDER: dict[str, list[tuple[str | tuple[str, ...], str]]] = {
    "workflow": [("autoTakeOwnership", "?"), ("workflowSettingInfo", "?"), ("workflowInfo", "1"),
                 ("exportDocMeta", "?"), ("translatedTextFiles", "?"), ("variable", "*"), ("atCreate", "*"),
                 ("categoryEvents", "?"), ("feedbackItem", "*"), ("step", "+"), ("preserveOptions", "?")],
    "workflowInfo": [("parallelSteps", "?"), ("workflowID", "1"), ("workflowDefaultName", "?"),
                     ("workflowDescription", "1"), ("workflowVersion", "1"), ("vendor", "1"),
                     (("Configuration", "Provisioning", "General"), "1")],
    "variable": [("label", "1"), ("abstract", "1"), ("description", "1"), ("exposeToUser", "?"), ("category", "1"),
                 ("datastore", "?"),
                 (("boolean", "string", "integer", "decimal", "time", "date", "password", "array"), "1"),
                 ("readOnlyAt", "?")],
    "string": [("minLength", "?"), ("maxLength", "?"), ("validationType", "?"), ("regularExpression", "?"),
               ("errorMessage", "?"), ("choice", "*"), ("default", "?")],
    "step": [("title", "1"), ("description", "1"), ("prereqStep", "*"), ("prereqDescription", "?"),
             ("prereqTargetState", "?"), ("runAsUser", "?"), ("approver", "*"), ("condition", "?"), ("suspend", "?"),
             ("variableValue", "*"), ("feedback", "*"), ("instructions", "1"), ("weight", "1"), ("skills", "?"),
             ("autoEnable", "?"), ("canMarkAsFailed", "?"), (("template", "rest"), "?"), ("setVariable", "*")],
    "template": [(("inlineTemplate", "fileTemplate"), "1"), ("submitAs", "?"), ("maxLrecl", "?"), ("output", "?"),
                 ("saveAsUnixFile", "?"), ("saveAsDataset", "?")],
    "rest": [("httpMethod", "1"), ("schemeName", "?"), ("hostname", "?"), ("port", "?"), ("uriPath", "1"),
             ("queryParameters", "?"), ("requestBody", "?"), ("expectedStatusCode", "1")],
}


def order_problems(element: ET.Element, path: str = "") -> list[str]:
    """Every place where ``element``'s tree breaks the table: unknown child, wrong order, wrong count."""
    here = f"{path}/{element.tag}"
    children = list(element)
    problems: list[str] = []
    if element.tag in ORDER:
        i = 0
        for tags, how in ORDER[element.tag]:
            names = tags if isinstance(tags, tuple) else (tags,)
            count = 0
            while i < len(children) and children[i].tag in names:
                count += 1
                i += 1
            if (how in "1+" and count == 0) or (how in "1?" and count > 1):
                problems.append(f"{here}: {'/'.join(names)} occurs {count} times (expected {how})")
        if i < len(children):
            problems.append(f"{here}: {children[i].tag} is out of order or unknown here")
    elif children:  # every element with children that the export writes is in the table
        problems.append(f"{here}: unexpected children {[c.tag for c in children]}")
    for child in children:
        problems += order_problems(child, here)
    return problems


# --------------------------------------------------------------------------- a small Velocity, ours


_SET = re.compile(r"#set\(\$(?P<name>\w+) = '(?P<value>[^']*)'\)")
_REF = re.compile(r"\$\{(?P<name>[A-Za-z][\w-]*)\}")


def expand(text: str, values: dict[str, str]) -> str:
    """What z/OSMF's template engine makes of a substituted text, for the constructs the export uses."""
    bindings: dict[str, str] = {}
    while match := _SET.match(text):
        bindings[match["name"]] = match["value"]
        text = text[match.end():]

    def ref(m: re.Match[str]) -> str:
        name = m["name"]
        if name.startswith("instance-"):
            return values[name[len("instance-"):]]
        return bindings[name]

    rest = _REF.sub("", text)
    assert not re.search(r"[$#\\]", rest), f"a character Velocity would interpret is left in: {rest!r}"
    return _REF.sub(ref, text)


def read_properties(text: str) -> dict[str, str]:
    """A Java properties file of the simple kind the export writes (name=value, # comments, \\ escapes)."""
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "!")):
            continue
        name, _, value = line.partition("=")
        out[name.strip()] = re.sub(r"\\u([0-9a-fA-F]{4})|\\(.)",
                                   lambda m: chr(int(m[1], 16)) if m[1] else m[2], value)
    return out


def text_of(element: ET.Element, values: dict[str, str]) -> str:
    """An element's text as z/OSMF shows or uses it: expanded when it asks for substitution."""
    text = element.text or ""
    return expand(text, values) if element.get("substitution") == "true" else text


def exported(rec: Path, commands: str = "rest") -> tuple[ET.Element, dict[str, str], str]:
    record = load_record(rec)
    files = export_files(record, commands)
    xml_text = files[f"{record.id}.xml"]
    return ET.fromstring(xml_text.encode("ascii")), read_properties(files[f"{record.id}.properties"]), xml_text


def steps(root: ET.Element) -> list[ET.Element]:
    return root.findall("step")


def step(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f"step[@name='{name}']")
    assert found is not None, name
    return found


def in_stream(jcl: str) -> str:
    """The in-stream data of the export's IEBGENER job (between DD DATA,DLM=@@ and @@)."""
    head, _, rest = jcl.partition("DD DATA,DLM=@@\n")
    assert head and rest.endswith("@@"), jcl
    return rest[: -len("@@")]


def plain_text(fragment: str) -> str:
    """HTML instructions as the words a reader sees."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --------------------------------------------------------------------------- the files


@pytest.mark.parametrize("commands", ["rest", "manual"])
@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_the_xml_is_well_formed_ascii_and_in_schema_order(rec: Path, commands: str) -> None:
    root, _values, xml_text = exported(rec, commands)
    assert xml_text.startswith('<?xml version="1.0" encoding="UTF-8"')
    assert xml_text.isascii()
    assert root.tag == "workflow"
    info = root.find("workflowInfo")
    for tag in ("workflowID", "workflowDefaultName", "workflowDescription", "workflowVersion", "vendor"):
        assert (info.findtext(tag) or "").strip(), tag
    assert order_problems(root) == []


def test_the_order_table_catches_a_misplaced_element() -> None:
    root, _values, _text = exported(EXAMPLE)
    first = steps(root)[0]
    weight = first.find("weight")
    first.remove(weight)
    first.insert(0, weight)  # weight before title
    root.remove(root.find("workflowInfo"))
    root.append(ET.Element("workflowInfo"))  # after the steps
    problems = order_problems(root)
    assert any("/step: title occurs 0 times" in p or "/step: weight is out of order" in p for p in problems), problems
    assert any(p.startswith("/workflow: workflowInfo occurs 0 times") for p in problems), problems


@pytest.mark.parametrize("commands", ["rest", "manual"])
@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_every_variable_used_is_defined_prompted_and_given_a_value(rec: Path, commands: str) -> None:
    root, values, _text = exported(rec, commands)
    defined = {v.get("name") for v in root.findall("variable")}
    assert defined and set(values) == defined
    assert all(values[name] for name in defined)
    for s in steps(root):
        used = set()
        for element in s.iter():
            if element.get("substitution") == "true":
                used |= {m["name"][len("instance-"):] for m in _REF.finditer(element.text or "")
                         if m["name"].startswith("instance-")}
                text_of(element, values)  # expands: every reference has a value
            else:
                assert "${instance-" not in (element.text or ""), (s.get("name"), element.tag)
        prompted = {v.get("name") for v in s.findall("variableValue")}
        assert used <= defined, (s.get("name"), used - defined)
        assert prompted == used, (s.get("name"), prompted, used)


@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_the_statements_equal_generate_system_and_the_sheet_roll_back(rec: Path, capsys) -> None:
    record = load_record(rec)
    root, values, _text = exported(rec)
    writes = [s for s in steps(root) if s.find("template") is not None]
    applied = [s for s in writes if s.get("name").startswith("apply")]
    assert len(applied) == len(record.sysplex.systems)
    for s in applied:
        sysname = s.get("name").split("_", 1)[1].rsplit("_", 1)[0]
        answer = zowe_ha(capsys, "generate", str(rec), "--system", sysname)
        assert answer.code == 0
        jcl = text_of(s.find("template/inlineTemplate"), values)
        assert in_stream(jcl) == answer.out
        assert f"DSN={values['obeyfile_' + sysname]}\n" in jcl
        assert s.findtext("template/submitAs") == "JCL" and s.findtext("template/maxLrecl") == "80"
        assert all(len(line) <= 80 for line in jcl.splitlines())
    for s in writes:
        if s.get("name").startswith("rollback"):
            sysname = s.get("name").split("_", 1)[1].rsplit("_", 1)[0]
            jcl = text_of(s.find("template/inlineTemplate"), values)
            assert in_stream(jcl) == rollback_text(record, sysname)
            assert f"DSN={values['rollback_' + sysname]}\n" in jcl


@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_the_steps_follow_the_operator_sheet(rec: Path) -> None:
    record = load_record(rec)
    sheet = operator_sheet(record)
    root, values, _text = exported(rec, "manual")
    order = re.search(r"Apply in this order: ([^.]+)\.", sheet)[1].split(", ")
    applied = [s.get("name") for s in steps(root) if s.get("name").startswith("apply")]
    kinds = ["config", "write", "syntaxcheck", "obeyfile", "vipadcfg", "state"]
    assert applied == [f"apply{n}_{ident(sysname)}_{k}" for n, sysname in enumerate(order, 1) for k in kinds]
    rollback_order = re.search(r"Order: ([^.]+)\. Backups first", sheet)[1].split(", ")
    rolled = [s.get("name") for s in steps(root) if s.get("name").startswith("rollback")]
    assert rolled == [f"rollback{n}_{ident(sysname)}_{k}" for n, sysname in enumerate(rollback_order, 1)
                      for k in ("write", "syntaxcheck", "obeyfile")]
    names = [s.get("name") for s in steps(root)]
    assert names.index(applied[-1]) < names.index("verify1_vipadyn") < names.index("permanent") < names.index(rolled[0])
    # every command the workflow issues is on the sheet, the data set filled in (roll-back: the sheet's placeholder)
    checked = 0
    for s in steps(root):
        for command in re.findall(r"<pre>(.*?)</pre>", text_of(s.find("instructions"), values)):
            command = html.unescape(command)
            if not command.startswith(("D TCPIP", "V TCPIP")):
                continue
            sysname = s.get("name").split("_", 1)[1].rsplit("_", 1)[0] if "rollback" in s.get("name") else None
            if sysname:
                command = command.replace(values[f"rollback_{sysname}"], f"<roll-back data set for {sysname}>")
            assert command in sheet, (s.get("name"), command)
            checked += 1
    assert checked == 5 * len(order) + 2 * len(rollback_order) + 2 * sheet.count("### DVIPA")
    # what each display must show is what the sheet says it must show
    bullets = [line.strip()[2:].replace("`", "") for line in sheet.splitlines() if line.lstrip().startswith("- ")]
    words = " ".join(plain_text(text_of(s.find("instructions"), values)) for s in steps(root))
    words = " ".join(words.split())
    assert len(bullets) > 10
    for bullet in bullets:
        if "roll" in bullet.lower():
            continue
        assert " ".join(bullet.split()) in words, bullet


@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_order_optional_roll_back_and_skills(rec: Path) -> None:
    root, _values, _text = exported(rec)
    names = [s.get("name") for s in steps(root)]
    assert len(names) == len(set(names))
    main = [s for s in steps(root) if not s.get("name").startswith("rollback")]
    back = [s for s in steps(root) if s.get("name").startswith("rollback")]
    assert back and names[-len(back):] == [s.get("name") for s in back]
    assert all(s.get("optional") == "false" for s in main) and all(s.get("optional") == "true" for s in back)
    for chain in (main, back):
        assert chain[0].find("prereqStep") is None
        for earlier, later in itertools.pairwise(chain):
            assert [p.get("name") for p in later.findall("prereqStep")] == [earlier.get("name")]
    for s in steps(root):
        skills = s.findtext("skills")
        assert skills in ("z/OS network administrator", "z/OS system programmer"), skills
        expected = "z/OS network administrator" if s.find("template") is not None or s.get("name") == "permanent" \
            else "z/OS system programmer"
        assert skills == expected, s.get("name")
        assert s.findtext("autoEnable") == "false"


@pytest.mark.parametrize("commands", ["rest", "manual"])
@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_no_credential_in_either_file(rec: Path, commands: str) -> None:
    record = load_record(rec)
    files = export_files(record, commands)
    root = ET.fromstring(files[f"{record.id}.xml"].encode())
    tags = {e.tag for e in root.iter()}
    assert not tags & {"username", "password", "runAsUser", "schemeName", "hostname", "port"}
    for text in files.values():
        assert not re.search(r"(?i)password\s*[=:]|passwd|authorization:|basic [a-z0-9+/=]{8,}|bearer ", text)
    for rest in root.iter("rest"):  # the local z/OSMF, under the performer's own user ID
        assert rest.findtext("uriPath") == "/zosmf/restconsoles/consoles/defcn"


def test_rest_steps_issue_the_instructions_command_on_the_steps_system() -> None:
    root, values, _text = exported(EXAMPLE)
    rest_steps = [s for s in steps(root) if s.find("rest") is not None]
    assert len(rest_steps) == 23
    for s in rest_steps:
        body = json.loads(text_of(s.find("rest/requestBody"), values))
        assert set(body) == {"cmd", "system"}
        shown = html.unescape(re.search(r"<pre>(.*?)</pre>", text_of(s.find("instructions"), values))[1])
        assert body["cmd"] == shown
        assert s.findtext("rest/httpMethod") == "PUT" and s.findtext("rest/expectedStatusCode") == "200"
    obey = step(root, "apply1_SYSA_obeyfile")
    assert json.loads(text_of(obey.find("rest/requestBody"), values)) == {
        "cmd": "V TCPIP,TCPIP,OBEYFILE,DSN=SYS1.TCPPARMS(ZWEHASA)", "system": "SYSA"}
    assert step(root, "verify1_vdpt").find("rest/requestBody").text == \
        '{"cmd":"D TCPIP,TCPIP,NETSTAT,VDPT","system":"SYSA"}'


def test_manual_mode_has_no_rest_step_and_says_to_issue_the_command() -> None:
    root, values, _text = exported(EXAMPLE, "manual")
    assert not list(root.iter("rest"))
    text = text_of(step(root, "apply2_SYSB_syntaxcheck").find("instructions"), values)
    assert "Issue this command on SYSB" in text
    assert "<pre>V TCPIP,TCPIP,SYNTAXCHECK,SYS1.TCPPARMS(ZWEHASB)</pre>" in text


def test_the_example_step_list(capsys, tmp_path: Path) -> None:
    answer = zowe_ha(capsys, "export", "workflow", str(EXAMPLE), "--out", str(tmp_path))
    assert answer.code == 0, answer.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CHG0001.properties", "CHG0001.xml"]
    assert answer.out.splitlines()[0] == (
        f"CHG0001: wrote {tmp_path}/CHG0001.xml (30 steps, 9 of them optional) and "
        f"{tmp_path}/CHG0001.properties (6 variables)")
    listed = [line.split()[1] for line in answer.out.splitlines()[1:]]
    assert listed[:6] == ["apply1_SYSA_config", "apply1_SYSA_write", "apply1_SYSA_syntaxcheck",
                          "apply1_SYSA_obeyfile", "apply1_SYSA_vipadcfg", "apply1_SYSA_state"]
    assert listed[18:22] == ["verify1_vipadyn", "verify1_vdpt", "permanent", "rollback1_SYSC_write"]
    assert listed[-1] == "rollback3_SYSA_obeyfile"
    assert (tmp_path / "CHG0001.xml").read_text() == export_files(load_record(EXAMPLE))["CHG0001.xml"]
    assert answer.err == ""


# --------------------------------------------------------------------------- the XSD


@pytest.mark.parametrize("rec", RECORDS, ids=lambda p: p.name)
def test_the_export_validates_against_a_schema_of_the_same_order(rec: Path, capsys, tmp_path: Path) -> None:
    answer = zowe_ha(capsys, "export", "workflow", str(rec), "--out", str(tmp_path), "--xsd", str(MINIMAL_XSD))
    assert answer.code == 0, answer.err
    assert f"valid against {MINIMAL_XSD}" in answer.out


def test_a_misordered_workflow_does_not_validate() -> None:
    _root, _values, xml_text = exported(EXAMPLE)
    swapped = xml_text.replace("<weight>1</weight>\n    <skills>z/OS system programmer</skills>",
                               "<skills>z/OS system programmer</skills>\n    <weight>1</weight>", 1)
    assert swapped != xml_text
    errors = xsd.validate(swapped, MINIMAL_XSD)
    assert errors and "skills" in errors[0]


def test_an_export_that_fails_the_schema_writes_nothing(capsys, tmp_path: Path) -> None:
    strict = tmp_path / "strict.xsd"
    strict.write_text(MINIMAL_XSD.read_text().replace(
        '<xs:element name="autoTakeOwnership" type="xs:boolean" minOccurs="0"/>',
        '<xs:element name="autoTakeOwnership" type="xs:boolean"/>'))
    out = tmp_path / "out"
    answer = zowe_ha(capsys, "export", "workflow", str(EXAMPLE), "--out", str(out), "--xsd", str(strict))
    assert_clean_rejection(answer, "CHG0001.xml does not validate against", code=1)
    assert "nothing written" in answer.err and not out.exists()


@pytest.mark.parametrize("content, says", [
    (None, "cannot read the schema"),
    ("<xs:schema", "not XML"),
    ("<root/>", "not a usable XML schema"),
])
def test_a_bad_schema_file_is_one_line_exit_2(capsys, tmp_path: Path, content: str | None, says: str) -> None:
    schema = tmp_path / "given.xsd"
    if content is not None:
        schema.write_text(content)
    answer = zowe_ha(capsys, "export", "workflow", str(EXAMPLE), "--out", str(tmp_path / "o"), "--xsd", str(schema))
    assert_clean_rejection(answer, f"{schema}")
    assert says in answer.err and len(answer.err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- bad input and odd records


def _edit(folder: Path, change) -> Path:
    path = folder / "change.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


def test_an_obeyfile_that_is_no_data_set_name_is_exit_2_naming_the_key(capsys, tmp_path: Path) -> None:
    rec = _edit(copy_record(EXAMPLE, tmp_path / "rec"),
                lambda d: d["sysplex"]["systems"][1].update(obeyfile="SYS1.TCPPARMS(ZWEHASB) ; rm"))
    answer = zowe_ha(capsys, "export", "workflow", str(rec), "--out", str(tmp_path / "o"))
    assert_clean_rejection(answer, "change.yaml:")
    assert "sysplex.systems[1].obeyfile: 'SYS1.TCPPARMS(ZWEHASB) ; rm' is not a data set name" in answer.err
    assert not (tmp_path / "o").exists()


def test_a_record_without_obeyfile_names_gets_empty_values_and_a_warning(capsys, tmp_path: Path) -> None:
    rec = _edit(copy_record(EXAMPLE, tmp_path / "rec"), lambda d: d["sysplex"]["systems"][2].pop("obeyfile"))
    answer = zowe_ha(capsys, "export", "workflow", str(rec), "--out", str(tmp_path / "o"))
    assert answer.code == 0
    props = read_properties((tmp_path / "o" / "CHG0001.properties").read_text())
    assert props["obeyfile_SYSC"] == "" and props["rollback_SYSC"] == ""
    assert props["obeyfile_SYSB"] == "SYS1.TCPPARMS(ZWEHASB)"
    assert answer.err.splitlines() == [
        "warning: CHG0001.properties: obeyfile_SYSC has no value (the record names no data set): give one before "
        "creating the workflow",
        "warning: CHG0001.properties: rollback_SYSC has no value (the record names no data set): give one before "
        "creating the workflow"]
    root = ET.fromstring((tmp_path / "o" / "CHG0001.xml").read_bytes())
    variable = root.find("variable[@name='obeyfile_SYSC']")
    assert variable.find("string/default") is None


def test_out_that_is_a_file_is_exit_2(capsys, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    answer = zowe_ha(capsys, "export", "workflow", str(EXAMPLE), "--out", str(target))
    assert_clean_rejection(answer, "--out")
    assert target.read_text() == "x"


@pytest.mark.parametrize("argv, says", [
    (["export"], "FORMAT: missing"),
    (["export", "html", str(EXAMPLE)], "invalid choice 'html'"),
    (["export", "workflow", str(EXAMPLE)], "--out: missing"),
    (["export", "workflow", str(EXAMPLE), "--out", ""], "--out: empty"),
    (["export", "workflow", str(EXAMPLE), "--out", "x", "--commands", "tso"], "--commands: invalid choice"),
])
def test_usage_errors(capsys, argv: list[str], says: str) -> None:
    answer = zowe_ha(capsys, *argv)
    assert_clean_rejection(answer, says)


def national_record():
    """Names with every national character: a SYSNAME with $, one with #, a started task with @."""
    mapping = {
        "change": {"id": "CHG-NAT", "title": "National characters: $ # @ and a backslash \\", "zowe_release": "v3"},
        "sysplex": {"name": "PLEX$1", "systems": systems(3)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.50", "ports": [7554],
                           "preferred": "SYS$A", "backups": ["SYS#B", "SYSC"]}],
    }
    mapping["sysplex"]["systems"][0].update(name="SYS$A", tcpip_proc="TCP@IP", obeyfile="TCP$.PARMS(HA#A)")
    mapping["sysplex"]["systems"][1].update(name="SYS#B", obeyfile="TCP$.PARMS(HA#B)")
    mapping["sysplex"]["systems"][2].update(obeyfile="TCPIP.PARMS.SYSC")
    return build(mapping)


def test_national_characters_survive_the_template_engine() -> None:
    record = national_record()
    files = export_files(record)
    root = ET.fromstring(files["CHG-NAT.xml"].encode())
    values = read_properties(files["CHG-NAT.properties"])
    assert values == {"obeyfile_SYS_dA": "TCP$.PARMS(HA#A)", "obeyfile_SYS_hB": "TCP$.PARMS(HA#B)",
                      "obeyfile_SYSC": "TCPIP.PARMS.SYSC", "rollback_SYSC": "TCPIP.PARMS.SYSC.ROLLBACK",
                      "rollback_SYS_hB": "TCP$.PARMS(HA#BR)", "rollback_SYS_dA": "TCP$.PARMS(HA#AR)"}
    jcl = step(root, "apply1_SYS_dA_write").find("template/inlineTemplate")
    assert jcl.get("substitution") == "true" and jcl.text.startswith("#set(")
    assert in_stream(expand(jcl.text, values)) == generate_profile(record, "SYS$A")
    body = json.loads(expand(step(root, "apply1_SYS_dA_obeyfile").find("rest/requestBody").text, values))
    assert body == {"cmd": "V TCPIP,TCP@IP,OBEYFILE,DSN=TCP$.PARMS(HA#A)", "system": "SYS$A"}
    config = step(root, "apply2_SYS_hB_config")  # no variable: kept as written, no engine involved
    assert config.find("rest/requestBody").get("substitution") == "false"
    assert json.loads(config.find("rest/requestBody").text)["system"] == "SYS#B"
    assert order_problems(root) == []


# --------------------------------------------------------------------------- properties of the pieces


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["$", "#", "\\", "##", "$x", "#set(", "${a}"]),
                          st.just(Var("obeyfile_SYSA"))), max_size=8))
def test_template_text_expands_back_to_itself(parts: list) -> None:
    values = {"obeyfile_SYSA": "SYS1.TCPPARMS(ZWEHASA)"}
    wanted = "".join(values[p.name] if isinstance(p, Var) else p for p in parts)
    assert expand(template(parts), values) == wanted


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCZ019@#$-.()x ", max_size=50))
def test_z_osmf_and_the_exporter_accept_the_same_data_set_names(text: str) -> None:
    """The record itself accepts an obeyfile only when z/OSMF's workflow regex would (validate time, issue 17),
    and the exporter then passes it on upper-cased."""
    record, _problems = check_mapping({**copy.deepcopy(BASE), "sysplex": {**BASE["sysplex"], "systems": [
        {**systems(2)[0], "obeyfile": text}, systems(2)[1]]}})
    z_osmf = re.fullmatch(DSN_REGEX.strip("^$"), text.upper()) is not None
    long_name = len(text.split("(")[0]) > 44
    assert (record is not None) == (z_osmf and not long_name), text
    if record is not None:
        assert data_set(record, 0) == text.upper()


BASE = {
    "change": {"id": "CHG9", "title": "t", "zowe_release": "v3"},
    "sysplex": {"name": "P", "systems": systems(2)},
    "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.50", "ports": [7554], "preferred": "SYSA",
                       "backups": ["SYSB"]}],
}


@pytest.mark.parametrize("obeyfile, rollback", [
    ("SYS1.TCPPARMS(ZWEHASA)", "SYS1.TCPPARMS(ZWEHASAR)"),
    ("SYS1.TCPPARMS(ZWEHAS1X)", "SYS1.TCPPARMS(ZWEHAS1R)"),
    ("SYS1.TCPPARMS(ZWEHAS1R)", "SYS1.TCPPARMS(ZWEHAS1B)"),
    ("TCPIP.ZWEHA.SYSA", "TCPIP.ZWEHA.SYSA.ROLLBACK"),
    ("AAAAAAAA.BBBBBBBB.CCCCCCCC.DDDDDDDD.EEEEEE", "AAAAAAAA.BBBBBBBB.CCCCCCCC.DDDDDDDD.ROLLBACK"),
])
def test_roll_back_data_set_names(obeyfile: str, rollback: str) -> None:
    assert rollback_data_set(obeyfile) == rollback
    assert rollback != obeyfile and len(rollback.split("(")[0]) <= 44


def test_every_example_builds_with_both_command_modes() -> None:
    for rec in RECORDS:
        for commands in ("rest", "manual"):
            wf = build_workflow(load_record(rec), commands)
            assert {s.kind for s in wf.steps} == ({"rest", "jcl", "manual"} if commands == "rest" else {"jcl", "manual"})


# --------------------------------------------------------------------------- in the signed report and on the site


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_run_signs_the_workflow_and_the_site_offers_it(example_copy: Path, tmp_path: Path) -> None:
    assert cli(["run", str(example_copy), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")]) == 0
    report = example_copy / "report"
    expected = export_files(load_record(example_copy))
    for name, text in expected.items():
        assert (report / "generated" / "workflow" / name).read_text() == text
    manifest = json.loads((report / "manifest.json").read_bytes())
    listed = {f["path"] for f in manifest["files"]}
    assert {"generated/workflow/CHG0001.xml", "generated/workflow/CHG0001.properties"} <= listed
    assert manifest_mod.check_files(report, *manifest_mod.load(report)[::-1][::-1]) == []
    site = tmp_path / "site"
    publish([example_copy], site)
    page = (site / "records" / "CHG0001" / "index.html").read_text()
    section = page.split("<h3>z/OSMF workflow (definition and variable input file)</h3>", 1)[1].split("</ul>", 1)[0]
    for name in ("CHG0001.xml", "CHG0001.properties"):
        assert f'href="files/generated/workflow/{name}" download' in section
        assert (site / "records/CHG0001/files/generated/workflow" / name).read_text() == expected[name]


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_a_record_that_is_not_ready_gets_a_workflow_that_says_do_not_apply(tmp_path: Path) -> None:
    rec = copy_record(FAULTY, tmp_path / "CHG0002")
    cli(["run", str(rec), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")])
    report = rec / "report"
    sheet_warning = (report / "generated" / "operator-sheet.md").read_text().split("\n", 1)[0].strip("*")
    assert sheet_warning.startswith("Do not apply")
    root = ET.fromstring((report / "generated" / "workflow" / "CHG0002.xml").read_bytes())
    assert root.findtext("workflowInfo/workflowDescription").startswith(sheet_warning + " ")
    first = steps(root)[0].findtext("instructions")
    assert first.startswith(f"<p><strong>{html.escape(sheet_warning, quote=False)}</strong></p>")
    assert order_problems(root) == []


def test_without_a_warning_the_workflow_opens_with_the_order() -> None:
    root, _values, _text = exported(EXAMPLE)
    assert root.findtext("workflowInfo/workflowDescription").startswith("Enable Zowe high availability on PLEX1. ")
    assert steps(root)[0].findtext("instructions").startswith("<p>Apply in this order: SYSA, SYSB, SYSC.")


def test_xsd_without_lxml_is_a_usage_error_naming_the_extra(capsys, tmp_path: Path, monkeypatch) -> None:
    # lxml is installed for the tests; a user's plain install may lack it (it is the optional "xsd" extra).
    monkeypatch.setattr(xsd, "available", lambda: False)
    answer = zowe_ha(capsys, "export", "workflow", str(EXAMPLE), "--out", str(tmp_path / "o"), "--xsd", str(MINIMAL_XSD))
    assert_clean_rejection(answer, "zowe-ha export workflow: --xsd: validating needs the lxml package")
    assert "zowe-ha-kit[xsd]" in answer.err and not (tmp_path / "o").exists()
