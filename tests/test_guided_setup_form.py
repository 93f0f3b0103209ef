"""The guided-setup form, driven in Python: widgets work headless, observers fire on
assignment and Button.click() runs the handlers, so no browser is needed here."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE, ROOT
from zowe_ha_lib.record.load import check_mapping, load_record, record_to_mapping
from zowe_ha_lib.runbook.form import SetupForm, _ports, _words
from zowe_ha_lib.runbook.formtext import terminal_path
from zowe_ha_lib.util.errors import InputError


@pytest.fixture
def form() -> SetupForm:
    return SetupForm.open(EXAMPLE)


def test_opening_a_record_fills_every_field(form: SetupForm) -> None:
    assert form.change_id.value == "CHG0001"
    assert form.sysplex.value == "PLEX1"
    assert [r.name.value for r in form.systems] == ["SYSA", "SYSB", "SYSC"]
    assert [r.xcf.value for r in form.systems] == ["198.51.100.11", "198.51.100.12", "198.51.100.13"]
    gw = form.distributions[0]
    assert (gw.name.value, gw.dvipa.value, gw.ports.value) == ("zowe-gateway", "203.0.113.50", "7554")
    assert (gw.preferred.value, gw.backups.value) == ("SYSA", "SYSB, SYSC")
    assert gw.autoswitchback.value is True and gw.healthswitch.value is True
    assert form.zowe_config.value == "zowe.yaml"
    assert form.problems == [] and form.record is not None


@pytest.mark.parametrize("name", ["CHG0001", "CHG0002", "CHG0003"])
def test_form_mapping_is_the_record(name: str) -> None:
    """Unchanged fields give back the same record the CLI loads (obeyfile, a release level such as v3.4 kept)."""
    folder = ROOT / "runbooks" / name
    form = SetupForm.open(folder)
    record, problems = check_mapping(form.to_mapping(), folder)
    assert problems == []
    assert record_to_mapping(record) == record_to_mapping(load_record(folder))


def test_a_bad_field_shows_the_cli_problem_and_marks_the_field(form: SetupForm) -> None:
    gw = form.distributions[0]
    gw.dvipa.value = "198.51.100.12"  # SYSB's dynamic XCF address
    lines = [str(p) for p in form.problems]
    assert lines == ["change.yaml: distributions[0].dvipa: 198.51.100.12 is the dynamic XCF address of SYSB; "
                     "a DVIPA must be an address of its own"]
    assert "zha-invalid" in gw.dvipa._dom_classes
    # The form says it in its own words: next to the field, and in the list under Check with the row's name.
    assert gw.notes[gw.dvipa].value == ('<div class="zha-field-problem">DVIPA: 198.51.100.12 is the dynamic XCF '
                                        'address of SYSB; a DVIPA must be an address of its own</div>')
    assert "distribution zowe-gateway: DVIPA: 198.51.100.12" in form.problems_html.value
    assert "distributions[0]" not in form.problems_html.value
    assert "Showing the last valid state" in form.preview.value
    gw.dvipa.value = "203.0.113.60"
    assert form.problems == []
    assert "zha-invalid" not in gw.dvipa._dom_classes and gw.notes[gw.dvipa].value == ""
    assert "203.0.113.60" in form.preview.value


def test_problem_text_is_escaped_in_the_page(form: SetupForm) -> None:
    form.systems[0].hostname.value = "<b>x"
    assert "&lt;b&gt;x" in form.problems_html.value
    assert "<b>x" not in form.problems_html.value


def test_ports_that_are_not_numbers_are_reported_by_the_schema(form: SetupForm) -> None:
    form.distributions[0].ports.value = "7554, http"
    assert any(p.where == "distributions[0].ports[1]" for p in form.problems)
    assert "zha-invalid" in form.distributions[0].ports._dom_classes


def test_changing_the_preferred_system_changes_the_preview(form: SetupForm) -> None:
    gw = form.distributions[0]
    before = form.preview.value
    assert "198.51.100.11 PREFERRED" in " ".join(before.split())
    gw.preferred.value = "SYSB"
    gw.backups.value = "SYSA, SYSC"
    # z/OSMF shares the DVIPA, so it must follow (one owner per DVIPA); until then the form says so.
    assert any("different distributor" in p.message for p in form.problems)
    zosmf = form.distributions[1]
    zosmf.preferred.value = "SYSB"
    zosmf.backups.value = "SYSA, SYSC"
    after = " ".join(form.preview.value.split())
    assert after != " ".join(before.split())
    assert "198.51.100.12 PREFERRED" in after
    assert form.record.distributions[0].backups == ("SYSA", "SYSC")


def test_switchback_changes_the_timeline(form: SetupForm) -> None:
    gw = form.distributions[0]
    with_switchback = form.timeline.value
    assert "<svg" in with_switchback and "AUTOSWITCHBACK" in with_switchback
    gw.autoswitchback.value = False
    assert form.timeline.value != with_switchback
    assert "NOAUTOSWITCHBACK" in form.timeline.value


def test_buttons_add_and_remove_rows(form: SetupForm) -> None:
    form.add_system.click()
    assert len(form.systems) == 4 and len(form.systems_box.children) == 4
    assert any(p.where == "sysplex.systems[3].name" for p in form.problems)
    new = form.systems[3]
    new.name.value = "SYSD"
    new.xcf.value = "198.51.100.14"
    assert form.problems == []
    assert "SYSD" in form.distributions[0].preferred.options
    assert "SYSD: TCP/IP profile statements" in form.preview.value
    new.remove.click()
    assert [r.name.value for r in form.systems] == ["SYSA", "SYSB", "SYSC"]
    form.add_distribution.click()
    assert len(form.distributions) == 3 and form.problems
    form.distributions[2].remove.click()
    assert len(form.distributions) == 2 and form.problems == []


def test_save_writes_a_record_the_cli_loads(form: SetupForm, tmp_path: Path) -> None:
    for dist in form.distributions:  # both share the DVIPA, so both change
        dist.backups.value = "SYSC, SYSB"
    target = tmp_path / "CHG0042"
    form.folder.value = str(target)
    form.change_id.value = "CHG0042"
    form.zowe_config.value = ""  # the new folder has no zowe.yaml (see test_a_record_names_no_zowe_yaml_that_is_not_there)
    form.save_button.click()
    assert "Saved" in form.status.value, form.status.value
    saved = load_record(target)
    assert saved.id == "CHG0042"
    assert saved.distributions[0].backups == ("SYSC", "SYSB")
    assert saved.sysplex.systems[0].obeyfile == "SYS1.TCPPARMS(ZWEHASA)"
    assert "Saved" in form.status.value


def test_save_with_problems_writes_nothing(form: SetupForm, tmp_path: Path) -> None:
    form.systems[1].name.value = "SYSA"  # duplicate
    assert form.save(tmp_path) is None
    assert not (tmp_path / "change.yaml").exists()
    assert "Not saved" in form.status.value and "listed twice" in form.status.value


def test_a_new_record_in_an_empty_folder(tmp_path: Path) -> None:
    form = SetupForm.for_folder(tmp_path / "CHG0100")
    assert form.problems == [] and len(form.systems) == 2
    assert form.save() == tmp_path / "CHG0100" / "change.yaml"
    assert load_record(tmp_path / "CHG0100").sysplex.system_names == ("SYSA", "SYSB")


def test_open_button_loads_another_record(form: SetupForm, tmp_path: Path) -> None:
    other = tmp_path / "OTHER"
    shutil.copytree(EXAMPLE, other)
    text = (other / "change.yaml").read_text().replace("CHG0001", "CHG0777")
    (other / "change.yaml").write_text(text)
    form.folder.value = str(other)
    form.open_button.click()
    assert form.change_id.value == "CHG0777" and form.problems == []


def test_opening_a_record_with_problems_shows_them(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "R")
    path = tmp_path / "R" / "change.yaml"
    path.write_text(path.read_text().replace("preferred: SYSA\n    backups: [SYSB, SYSC]\n    autoswitchback",
                                             "preferred: SYSQ\n    backups: [SYSB, SYSC]\n    autoswitchback"))
    with pytest.raises(InputError):
        load_record(tmp_path / "R")
    form = SetupForm.open(tmp_path / "R")
    assert form.distributions[0].preferred.value == "SYSQ"
    assert any("'SYSQ' is not a system of this record" in str(p) for p in form.problems)


def test_unreadable_yaml_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "change.yaml").write_text("change: [unclosed\n")
    form = SetupForm.open(tmp_path)
    assert "Cannot open" in form.status.value and "YAML syntax error" in form.status.value


def test_static_html_for_viewers_without_widgets(form: SetupForm) -> None:
    bundle = form._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "SYSA: TCP/IP profile statements" in bundle["text/html"]
    assert "<svg" in bundle["text/html"]
    assert bundle["text/plain"] == "Guided setup for CHG0001: valid"


def test_key_widgets_have_stable_css_classes(form: SetupForm) -> None:
    for widget, css in ((form.change_id, "zha-change-id"), (form.save_button, "zha-save"), (form.folder, "zha-folder"),
                        (form.preview, "zha-preview"), (form.timeline, "zha-timeline"),
                        (form.distributions[0].dvipa, "zha-dvipa"), (form.systems[0].xcf, "zha-sys-xcf")):
        assert css in widget._dom_classes


@given(st.lists(st.integers(min_value=0, max_value=10**6), max_size=8), st.sampled_from([", ", ",", " ", " ; "]))
@settings(max_examples=150, deadline=None)
def test_ports_parser_round_trips(ports: list[int], sep: str) -> None:
    assert _ports(sep.join(str(p) for p in ports)) == ports


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12), max_size=6))
@settings(max_examples=150, deadline=None)
def test_word_splitter_never_returns_blanks_or_separators(items: list[str]) -> None:
    words = _words(", ".join(items))
    assert all(w and not any(c in w for c in ", ;\t\n") for w in words)


_name = st.from_regex(r"\A[A-Z][A-Z0-9]{0,7}\Z")


@given(names=st.lists(_name, min_size=2, max_size=5, unique=True), switch=st.booleans(), health=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_valid_mapping_survives_the_form(names: list[str], switch: bool, health: bool) -> None:
    mapping = {
        "change": {"id": "CHG1", "title": "t", "zowe_release": "v2"},
        "sysplex": {"name": "P", "systems": [{"name": n, "dynamic_xcf": f"198.51.100.{i + 1}"} for i, n in enumerate(names)],
                    "dynamic_xcf_mask": "255.255.255.0", "dynamic_xcf_cost": 1},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.9", "mask": "255.255.255.0", "ports": [7554],
                           "preferred": names[-1], "backups": names[:-1], "autoswitchback": switch, "healthswitch": health}],
    }
    form = SetupForm(mapping, ".")
    assert form.problems == []
    assert form.to_mapping() == mapping


# -- issue 13: a form that never surprises -------------------------------------------------------------------


def test_a_new_record_is_a_marked_sample_in_a_new_folder(tmp_path: Path) -> None:
    form = SetupForm.for_folder(tmp_path / "CHG0100", cwd=tmp_path)
    assert form.is_new and "sample values" in form.sample.value
    assert form.zowe_config.value == "" and "zowe" not in form.to_mapping()
    form.change_id.value = "CHG0123"  # the folder is still named after the id: it follows
    assert Path(form.folder.value).name == "CHG0123"
    assert form.save() == tmp_path / "CHG0123" / "change.yaml"
    assert form.sample.value == "" and not form.is_new


def test_the_notebook_opens_a_new_record_not_the_example() -> None:
    cells = json.loads((ROOT / "notebooks" / "guided-setup.ipynb").read_text())["cells"]
    params = next(c for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))
    default = re.search(r'^record: str = "([^"]*)"', "".join(params["source"]), re.M).group(1)
    assert default == "../runbooks/CHG0100"
    assert not (ROOT / "notebooks" / default).exists()  # no shipped record there
    assert SetupForm.for_folder(ROOT / "notebooks" / default, cwd=ROOT / "notebooks").is_new
    # Run All ends at the form: its cell is the last code cell, so the form is in view.
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "".join(code[-1]["source"]).strip() == "form.show()"


def test_a_record_names_no_zowe_yaml_that_is_not_there(tmp_path: Path) -> None:
    form = SetupForm.for_folder(tmp_path / "CHG0100", cwd=tmp_path)
    form.zowe_config.value = "zowe.yaml"
    assert [p.where for p in form.problems] == ["zowe.config"]
    assert "zowe.yaml: there is no zowe.yaml in the record folder " in form.notes[form.zowe_config].value
    assert form.save() is None and not (tmp_path / "CHG0100").exists()
    (tmp_path / "CHG0100").mkdir()
    (tmp_path / "CHG0100" / "zowe.yaml").write_text("zowe: {}\n")
    form.refresh()
    assert form.problems == [] and form.save() is not None


def test_renaming_a_system_renames_it_everywhere(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "R")
    form = SetupForm.open(tmp_path / "R", cwd=tmp_path)
    gw, zosmf = form.distributions
    gw.distributor.value = "SYSA"
    gw.distributor_backups.value = "SYSB, SYSC"
    zosmf.distributor.value = "SYSA"
    zosmf.distributor_backups.value = "SYSB, SYSC"
    assert form.problems == []
    name = form.systems[1].name
    for typed in ("SYS", "", "S", "SYSX"):  # typed key by key, emptied on the way
        name.value = typed
    assert form.problems == [], [str(p) for p in form.problems]
    for panel in (gw, zosmf):
        assert panel.backups.value == "SYSX, SYSC"
        assert panel.distributor_backups.value == "SYSX, SYSC"
    form.systems[0].name.value = "sysq"
    assert (gw.preferred.value, gw.distributor.value) == ("SYSQ", "SYSQ")
    assert form.problems == [] and form.record.distributions[0].preferred == "SYSQ"


def test_a_clash_on_the_way_renames_nothing_it_should_not(form: SetupForm) -> None:
    gw = form.distributions[0]
    form.systems[1].name.value = "SYSA"  # for now two SYSA: nothing follows, the name is not SYSB's own
    assert (gw.preferred.value, gw.backups.value) == ("SYSA", "SYSB, SYSC")
    form.systems[1].name.value = "SYSAB"  # unique again: SYSB's references follow
    assert (gw.preferred.value, gw.backups.value) == ("SYSA", "SYSAB, SYSC")


def test_every_key_of_a_record_has_a_field(tmp_path: Path) -> None:
    mapping = {
        "change": {"id": "CHG1", "title": "t", "zowe_release": "v2"},
        "sysplex": {"name": "P", "systems": [
            {"name": "SYSA", "dynamic_xcf": "198.51.100.1", "hostname": "a.example.com", "tcpip_proc": "TCPIPA",
             "obeyfile": "SYS1.TCPPARMS(A)"},
            {"name": "SYSB", "dynamic_xcf": "198.51.100.2"}, {"name": "SYSC", "dynamic_xcf": "198.51.100.3"}],
            "dynamic_xcf_mask": "255.255.255.0", "dynamic_xcf_cost": 2},
        "distributions": [{"name": "gw", "role": "zowe-gateway", "dvipa": "203.0.113.9", "mask": "255.255.255.0",
                           "hostname": "zowe.example.com", "ports": [7554], "preferred": "SYSA", "backups": ["SYSB", "SYSC"],
                           "autoswitchback": False, "healthswitch": False, "distributor": "SYSB",
                           "distributor_backups": ["SYSC"]}],
    }
    form = SetupForm(mapping, tmp_path, cwd=tmp_path)
    assert form.problems == [] and form.to_mapping() == mapping
    row, panel = form.systems[0], form.distributions[0]
    assert (row.tcpip_proc.value, row.obeyfile.value) == ("TCPIPA", "SYS1.TCPPARMS(A)")
    assert (panel.distributor.value, panel.distributor_backups.value) == ("SYSB", "SYSC")
    assert row.extra == {} and panel.extra == {}  # nothing travels without a field
    # Every key the schema allows is a field of the form, or derived and said so.
    schema = json.loads((ROOT / "runbooks" / "change.schema.json").read_text())
    dist_keys = set(schema["properties"]["distributions"]["items"]["properties"])
    sys_keys = set(schema["properties"]["sysplex"]["properties"]["systems"]["items"]["properties"])
    assert {k.split(".", 1)[1] for k in panel.paths("d")} == dist_keys
    assert {k.split(".", 1)[1] for k in row.paths("s")} == sys_keys
    help_text = " ".join(w.value for w in panel.box.children if hasattr(w, "value") and isinstance(w.value, str))
    for words in ("<b>distributor</b>", "is the preferred system", "<b>distributor backups</b>", "<b>role</b> from the name"):
        assert words in help_text


def test_problems_are_in_the_forms_words_next_to_their_fields(form: SetupForm) -> None:
    form.systems[1].xcf.value = "198.51.100.11"  # SYSA's
    note = form.systems[1].notes[form.systems[1].xcf].value
    assert note == ('<div class="zha-field-problem">Dynamic XCF address: 198.51.100.11 is also the dynamic XCF '
                    "address of SYSA; each stack needs its own</div>")
    assert "SYSB: Dynamic XCF address: 198.51.100.11" in form.problems_html.value
    assert "systems[" not in form.problems_html.value and "dynamic_xcf" not in form.problems_html.value
    form.systems[1].xcf.value = "198.51.100.12"
    form.change_id.value = ""
    assert form.notes[form.change_id].value.startswith('<div class="zha-field-problem">Change id: ')
    assert form.systems[1].notes[form.systems[1].xcf].value == ""


def test_save_asks_before_replacing_another_record_and_keeps_the_old_file(form: SetupForm, tmp_path: Path) -> None:
    other = tmp_path / "OTHER"
    shutil.copytree(EXAMPLE, other)
    old_text = (other / "change.yaml").read_text().replace("CHG0001", "CHG0777")
    (other / "change.yaml").write_text(old_text)
    form.folder.value = str(other)
    form.change_id.value = "CHG0900"
    assert form.save() is None  # a question, not a write
    assert form.confirm_box.layout.display == "flex"
    assert "holds change CHG0777, not CHG0900. Replace it?" in form.confirm_text.value
    assert (other / "change.yaml").read_text() == old_text
    form.cancel_button.click()
    assert form.confirm_box.layout.display == "none" and "unchanged" in form.status.value
    assert (other / "change.yaml").read_text() == old_text and not list(other.glob("change.yaml.*.bak"))
    form.save_button.click()
    form.replace_button.click()
    assert load_record(other).id == "CHG0900"
    backups = list(other.glob("change.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text() == old_text
    assert re.fullmatch(r"change\.yaml\.\d{8}T\d{6}Z\.bak", backups[0].name)
    assert f"The old file is kept as {backups[0].resolve()}" in form.status.value


def test_save_over_the_file_it_opened_asks_nothing_and_still_keeps_it(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "R")
    before = (tmp_path / "R" / "change.yaml").read_text()
    form = SetupForm.open(tmp_path / "R", cwd=tmp_path)
    form.title.value = "Changed title"
    assert form.save() == tmp_path / "R" / "change.yaml"
    assert load_record(tmp_path / "R").title == "Changed title"
    assert [b.read_text() for b in (tmp_path / "R").glob("change.yaml.*.bak")] == [before]
    assert form.save() is not None  # saving again the same content writes nothing new
    assert len(list((tmp_path / "R").glob("change.yaml.*.bak"))) == 1
    # Someone else edits the file: the next save asks.
    (tmp_path / "R" / "change.yaml").write_text((tmp_path / "R" / "change.yaml").read_text() + "# edited\n")
    form.title.value = "Again"
    assert form.save() is None and "another version of CHG0001" in form.confirm_text.value


def test_messages_name_paths_for_a_terminal_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "kit" / "notebooks").mkdir(parents=True)
    (tmp_path / "kit" / "runbooks").mkdir()
    nbdir = tmp_path / "kit" / "notebooks"
    form = SetupForm.for_folder("../runbooks/CHG0100", cwd=nbdir)
    assert form.save() == nbdir / "../runbooks/CHG0100/change.yaml"
    assert "Next, in a terminal at the repository root: zowe-ha run runbooks/CHG0100" in form.status.value
    assert "Saved runbooks/CHG0100/change.yaml." in form.status.value
    text = (tmp_path / "kit" / "runbooks" / "CHG0100" / "change.yaml").read_text()
    assert "# Check it, in a terminal at the repository root: zowe-ha validate runbooks/CHG0100\n" in text
    assert terminal_path(Path("x"), tmp_path) == (str((tmp_path / "x").resolve()), "in a terminal")


def test_the_timeline_shows_the_chosen_distribution_and_events(form: SetupForm) -> None:
    assert list(form.timeline_dist.options) == ["zowe-gateway", "zosmf"]
    assert "Failover timeline of zowe-gateway: SYSA:down, SYSA:up" in form.timeline.value
    form.timeline_dist.value = "zosmf"
    assert "Failover timeline of zosmf" in form.timeline.value
    form.timeline_events.value = "SYSA:down, SYSB:down, SYSC:down"
    assert "Failover timeline of zosmf: SYSA:down, SYSB:down, SYSC:down" in form.timeline.value
    assert "NO TARGET" in form.timeline.value
    form.timeline_events.value = "SYSZ:down"
    assert "Events: event &#x27;SYSZ:down&#x27;" in form.timeline_note.value
    assert "SYSC:down" in form.timeline.value  # the last good timeline stays
    form.timeline_events.value = ""
    assert form.timeline_note.value == "" and "SYSA:down, SYSA:up" in form.timeline.value
