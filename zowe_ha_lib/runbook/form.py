"""The guided-setup form: a change record edited with ipywidgets.

The form is a plain class around a tree of widgets. It never decides
anything itself: every keystroke rebuilds the ``change.yaml`` mapping
(:meth:`SetupForm.to_mapping`), validates it with the same code the command
line uses (:func:`zowe_ha_lib.record.check_mapping`) and, when it is valid,
shows the statements :mod:`zowe_ha_lib.tcpip.generate` would write and the
failover timeline. Save writes that mapping, normalised through the record
model, with :func:`zowe_ha_lib.util.fsutil.atomic_write`. So the widgets only
produce parameters; the recorded run is always ``zowe-ha run`` on the saved
file.

What the form owes the person using it:

* every key a change record can hold has a field, or the form says how it is
  derived (the distributor is the preferred system, its backups the other
  targets, the TCP/IP procedure TCPIP, unless a field says otherwise);
* each problem is shown next to its field, in the form's words
  (:mod:`.formtext`), not as a YAML key path;
* renaming a system renames it wherever the record names it (preferred,
  backups, distributor, distributor backups);
* Save never replaces a file silently: it asks before replacing a record
  with another change id, or content the form did not open or write, and
  always keeps the old file beside it (``change.yaml.<UTC time>.bak``);
* the commands it suggests work in a terminal at the repository root.

Cost matters: the preview is rebuilt on every change (issue 8 asks for less
than 20 ms), so a change only updates the values of a few HTML widgets. The
widget tree is rebuilt only when a system or distribution row is added or
removed.

Key widgets carry stable CSS classes (``zha-...``) so a browser test can
find them without depending on JupyterLab's markup.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W
from IPython.display import Javascript, display

from ..record.load import RECORD_FILE, check_mapping, dump_yaml, record_to_mapping
from ..record.model import RELEASES, ChangeRecord, Distribution
from ..record.release import parse as parse_release
from ..record.yamlsrc import load_file
from ..tcpip import failover
from ..tcpip.generate import generate_profile
from ..util.errors import InputError, Problem
from ..util.fsutil import atomic_write
from . import blocks as nb
from . import formtext, pictures, steps

_SYSTEM_KEYS = ("name", "dynamic_xcf", "hostname", "tcpip_proc", "obeyfile")
_DIST_KEYS = ("name", "role", "dvipa", "mask", "interface", "hostname", "ports", "preferred", "backups",
              "autoswitchback", "healthswitch", "distributor", "distributor_backups")
_SPLIT = re.compile(r"[\s,;]+")

# Style for fields that have a problem and for the notes under them; JupyterLab keeps a <style> inside an HTML widget.
_STYLE = """<style>
.zha-invalid input, .zha-invalid select { border-color: #c62828 !important; background: #fff5f5 !important; }
.zha-form .widget-label { min-width: 9em; }
.zha-field-problem { color: #b71c1c; font-size: 0.85em; line-height: 1.3; margin: 0 0 0.3em 0.5em; }
.zha-sample { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.3em 0.6em; }
</style>"""

NEW_RECORD: dict[str, Any] = {
    "change": {"id": "CHG0100", "title": "Enable Zowe high availability", "zowe_release": "v3"},
    "sysplex": {
        "name": "PLEX1",
        "systems": [
            {"name": "SYSA", "dynamic_xcf": "198.51.100.11", "hostname": "sysa.example.com"},
            {"name": "SYSB", "dynamic_xcf": "198.51.100.12", "hostname": "sysb.example.com"},
        ],
        "dynamic_xcf_mask": "255.255.255.0",
        "dynamic_xcf_cost": 1,
    },
    "distributions": [
        {"name": "zowe-gateway", "dvipa": "203.0.113.50", "mask": "255.255.255.0", "hostname": "zowe.example.com",
         "ports": [7554], "preferred": "SYSA", "backups": ["SYSB"], "autoswitchback": True, "healthswitch": True},
    ],
}
"""What a new record starts with: a small sample that validates, so the preview shows at once what the
form makes; every value is marked as a sample to replace (the addresses are documentation addresses)."""

SAMPLE_NOTE = ("This is a new record, filled with sample values (documentation addresses): replace them with your "
               "sysplex's before you save.")
FIELD_HELP = (
    "<small>Derived unless you fill them in: <b>role</b> from the name (<code>zowe-gateway</code>, "
    "<code>zosmf</code>); <b>distributor</b> (the stack that owns the DVIPA with VIPADEFINE and distributes it) is "
    "the preferred system; <b>distributor backups</b> (the stacks that take the DVIPA over with VIPABACKUP, in rank "
    "order) are the preferred and backup systems other than the distributor; the <b>DVIPA mask</b> is "
    "255.255.255.0; an <b>IPv6 interface</b> is needed only for an IPv6 DVIPA. Backups in order of preference: "
    "the first gets the highest BACKUP rank. AUTOSWITCHBACK returns new connections to the preferred system when "
    "it is back; HEALTHSWITCH leaves an active target that is not healthy.</small>")
SYSTEM_HELP = ("<small>Each system's dynamic XCF address is its IPCONFIG DYNAMICXCF address and the DESTIP the "
               "distributor sends connections to. <b>TCP/IP procedure</b>: the stack's started task, used in the "
               "V TCPIP and D TCPIP commands (empty: TCPIP). <b>OBEYFILE data set</b>: where the operator sheet "
               "copies the system's statements (empty: the sheet shows a placeholder).</small>")
EVENTS_HELP = ("<small>Events, in order, separated by commas: <code>SYSA:down</code> / <code>SYSA:up</code> (the "
               "whole system), <code>SYSA:unhealthy</code> / <code>SYSA:healthy</code>. Empty: the preferred "
               "system fails and comes back.</small>")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.strip()) if w]


def _ports(text: str) -> list[int | str]:
    """``"7554, 7555"`` -> ``[7554, 7555]``; a non-number stays text so the schema names it."""
    return [int(w) if w.isdigit() else w for w in _words(text)]


def _list_text(value: Any) -> str:
    return ", ".join(str(b) for b in value) if isinstance(value, list) else _text(value)


def _folder_and_file(path: str | Path) -> tuple[Path, Path]:
    """``(folder, change.yaml)``; unlike ``record.locate`` a folder that does not exist yet stays a folder."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        return p.parent, p
    return p, p / RECORD_FILE


def _field(widget: W.Widget, css: str) -> W.Widget:
    widget.add_class(css)
    return widget


def _note() -> W.HTML:
    """The place under a field where its problems appear."""
    return _field(W.HTML(value="", layout=W.Layout(margin="0")), "zha-note")


def _with_note(widget: W.Widget, note: W.HTML) -> W.VBox:
    return W.VBox([widget, note], layout=W.Layout(margin="0"))


def backup_name(path: Path, now: float | None = None) -> Path:
    """``change.yaml.20261130T101500Z.bak`` beside ``path`` (a new name, never an existing file)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{stamp}-{n}.bak")
        n += 1
    return candidate


class SystemRow:
    """One system of the sysplex: SYSNAME, dynamic XCF address, host name, TCP/IP procedure, OBEYFILE data set."""

    def __init__(self, data: dict[str, Any], on_remove: Callable[[SystemRow], None]):
        self.name = _field(W.Text(value=_text(data.get("name")), description="SYSNAME", placeholder="SYSA",
                                  layout=W.Layout(width="16em"), style={"description_width": "5em"}), "zha-sys-name")
        self.xcf = _field(W.Text(value=_text(data.get("dynamic_xcf")), description="dynamic XCF",
                                 placeholder="198.51.100.11", layout=W.Layout(width="20em"), style={"description_width": "6.5em"}), "zha-sys-xcf")
        self.hostname = _field(W.Text(value=_text(data.get("hostname")), description="host name",
                                      placeholder="sysa.example.com (optional)", layout=W.Layout(width="26em"),
                                      style={"description_width": "5.5em"}), "zha-sys-host")
        self.tcpip_proc = _field(W.Text(value=_text(data.get("tcpip_proc")), description="TCP/IP procedure",
                                        placeholder="TCPIP (derived)", layout=W.Layout(width="20em"),
                                        style={"description_width": "8.5em"}), "zha-sys-proc")
        self.obeyfile = _field(W.Text(value=_text(data.get("obeyfile")), description="OBEYFILE data set",
                                      placeholder="SYS1.TCPPARMS(ZWEHASA) (optional)", layout=W.Layout(width="30em"),
                                      style={"description_width": "8.5em"}), "zha-sys-obeyfile")
        self.remove = _field(W.Button(description="remove", tooltip="remove this system", layout=W.Layout(width="6em")),
                             "zha-sys-remove")
        self.remove.on_click(lambda _b: on_remove(self))
        # Keys the form does not know (a newer kit's) travel with the row.
        self.extra = {k: v for k, v in data.items() if k not in _SYSTEM_KEYS}
        # The name the record's distributions know this system by: kept while the field is emptied and retyped.
        self.known_name = self.name.value.strip().upper()
        self.notes = {w: _note() for w in self.inputs}
        self.box = _field(W.VBox([
            W.HBox([_with_note(self.name, self.notes[self.name]), _with_note(self.xcf, self.notes[self.xcf]),
                    _with_note(self.hostname, self.notes[self.hostname]), self.remove]),
            W.HBox([_with_note(self.tcpip_proc, self.notes[self.tcpip_proc]),
                    _with_note(self.obeyfile, self.notes[self.obeyfile])]),
        ], layout=W.Layout(border_bottom="1px solid #eee", padding="2px 0")), "zha-system")

    @property
    def inputs(self) -> list[W.Widget]:
        return [self.name, self.xcf, self.hostname, self.tcpip_proc, self.obeyfile]

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.value.strip(), "dynamic_xcf": self.xcf.value.strip()}
        for key, widget in (("hostname", self.hostname), ("tcpip_proc", self.tcpip_proc), ("obeyfile", self.obeyfile)):
            if widget.value.strip():
                out[key] = widget.value.strip()
        out.update(self.extra)
        return out

    def paths(self, base: str) -> dict[str, W.Widget]:
        return {f"{base}.name": self.name, f"{base}.dynamic_xcf": self.xcf, f"{base}.hostname": self.hostname,
                f"{base}.tcpip_proc": self.tcpip_proc, f"{base}.obeyfile": self.obeyfile}


class DistributionPanel:
    """One VIPADISTRIBUTE: DVIPA, ports, preferred target and ordered backups, who owns and backs up the DVIPA."""

    def __init__(self, data: dict[str, Any], on_remove: Callable[[DistributionPanel], None]):
        self.name = _field(W.Text(value=_text(data.get("name")), description="name", placeholder="zowe-gateway"), "zha-dist-name")
        self.role = _field(W.Dropdown(options=[("from the name", ""), ("Zowe gateway", "zowe-gateway"), ("z/OSMF", "zosmf"), ("other", "other")],
                                      value=data.get("role") if data.get("role") in ("zowe-gateway", "zosmf", "other") else "",
                                      description="role"), "zha-dist-role")
        self.dvipa = _field(W.Text(value=_text(data.get("dvipa")), description="DVIPA", placeholder="203.0.113.50"), "zha-dvipa")
        self.mask = _field(W.Text(value=_text(data.get("mask", "" if "interface" in data else "255.255.255.0")),
                                  description="mask", placeholder="255.255.255.0 (IPv4)"), "zha-mask")
        self.interface = _field(W.Text(value=_text(data.get("interface")), description="IPv6 interface",
                                       placeholder="only for an IPv6 DVIPA"), "zha-interface")
        self.hostname = _field(W.Text(value=_text(data.get("hostname")), description="DVIPA host",
                                      placeholder="zowe.example.com (optional)"), "zha-dist-host")
        self.ports = _field(W.Text(value=_list_text(data.get("ports", [])), description="ports", placeholder="7554"), "zha-ports")
        self.preferred = _field(W.Combobox(value=_text(data.get("preferred")), options=[], ensure_option=False,
                                           description="preferred", placeholder="SYSA"), "zha-preferred")
        self.backups = _field(W.Text(value=_list_text(data.get("backups", [])), description="backups",
                                     placeholder="SYSB, SYSC (first = highest rank)"), "zha-backups")
        self.distributor = _field(W.Combobox(value=_text(data.get("distributor")), options=[], ensure_option=False,
                                             description="distributor", placeholder="the preferred (derived)"),
                                  "zha-distributor")
        self.distributor_backups = _field(W.Text(value=_list_text(data.get("distributor_backups", "")),
                                                 description="distributor backups",
                                                 placeholder="the other targets (derived)",
                                                 style={"description_width": "9em"}), "zha-distributor-backups")
        self.autoswitchback = _field(W.Checkbox(value=bool(data.get("autoswitchback", True)), description="AUTOSWITCHBACK",
                                                indent=False), "zha-autoswitchback")
        self.healthswitch = _field(W.Checkbox(value=bool(data.get("healthswitch", True)), description="HEALTHSWITCH",
                                              indent=False), "zha-healthswitch")
        self.remove = _field(W.Button(description="remove distribution"), "zha-remove-dist")
        self.remove.on_click(lambda _b: on_remove(self))
        self.extra = {k: v for k, v in data.items() if k not in _DIST_KEYS}
        self.notes = {w: _note() for w in self.inputs}
        self.note = _note()  # problems of the distribution as a whole

        def pair(a: W.Widget, b: W.Widget) -> W.HBox:
            return W.HBox([_with_note(a, self.notes[a]), _with_note(b, self.notes[b])])

        self.box = _field(W.VBox([
            pair(self.name, self.role), pair(self.dvipa, self.mask), pair(self.hostname, self.ports),
            pair(self.preferred, self.backups), pair(self.distributor, self.distributor_backups),
            W.HBox([_with_note(self.interface, self.notes[self.interface])]),
            W.HBox([self.autoswitchback, self.healthswitch, self.remove]),
            self.note, W.HTML(FIELD_HELP),
        ], layout=W.Layout(border="1px solid #ccc", padding="4px", margin="4px 0")), "zha-distribution")

    @property
    def inputs(self) -> list[W.Widget]:
        return [self.name, self.role, self.dvipa, self.mask, self.interface, self.hostname, self.ports, self.preferred,
                self.backups, self.distributor, self.distributor_backups, self.autoswitchback, self.healthswitch]

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.value.strip()}
        if self.role.value:
            out["role"] = self.role.value
        out["dvipa"] = self.dvipa.value.strip()
        if self.mask.value.strip() or not self.interface.value.strip():
            out["mask"] = self.mask.value.strip()
        if self.interface.value.strip():
            out["interface"] = self.interface.value.strip()
        if self.hostname.value.strip():
            out["hostname"] = self.hostname.value.strip()
        out["ports"] = _ports(self.ports.value)
        out["preferred"] = self.preferred.value.strip()
        out["backups"] = _words(self.backups.value)
        out["autoswitchback"] = self.autoswitchback.value
        out["healthswitch"] = self.healthswitch.value
        if self.distributor.value.strip():
            out["distributor"] = self.distributor.value.strip()
        if self.distributor_backups.value.strip():
            out["distributor_backups"] = _words(self.distributor_backups.value)
        out.update(self.extra)
        return out

    def paths(self, base: str) -> dict[str, W.Widget]:
        return {f"{base}.{key}": getattr(self, key) for key in _DIST_KEYS}

    def rename(self, old: str, new: str) -> None:
        """Replace the system name ``old`` by ``new`` in every field that names systems."""
        for widget in (self.preferred, self.distributor):
            if widget.value.strip().upper() == old:
                widget.value = new
        for widget in (self.backups, self.distributor_backups):
            words = _words(widget.value)
            if any(w.upper() == old for w in words):
                widget.value = ", ".join(new if w.upper() == old else w for w in words)


class SetupForm:
    """The whole guided-setup form for one change record.

    Build it with :meth:`open` (an existing record), :meth:`new` or
    :meth:`for_folder`; display it in a notebook as the last expression of a
    cell. In JupyterLab the widgets appear; a viewer without a widget manager
    (papermill, nbconvert) shows the static HTML summary instead.
    """

    def __init__(self, mapping: dict[str, Any] | None = None, folder: str | Path = ".", cwd: str | Path | None = None):
        self.last_refresh_s = 0.0
        self.record: ChangeRecord | None = None
        self.problems: list[Problem] = []
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()  # the notebook's folder: paths typed are relative to it
        self._loading = False
        self._invalid: set[W.Widget] = set()
        self._noted: set[W.HTML] = set()
        self._extra_top: dict[str, Any] = {}
        self._extra_zowe: dict[str, Any] = {}
        self._known: dict[Path, str] = {}  # change.yaml files this form opened or wrote -> their text then
        self._pending: tuple[Path, str] | None = None  # a save waiting for the person's answer
        self.is_new = mapping is None

        self.change_id = _field(W.Text(description="change id", placeholder="CHG0001"), "zha-change-id")
        self.title = _field(W.Text(description="title", layout=W.Layout(width="40em")), "zha-title")
        self.release = _field(W.Dropdown(options=list(RELEASES), value="v3", description="Zowe release"), "zha-release")
        self.sysplex = _field(W.Text(description="sysplex", placeholder="PLEX1"), "zha-sysplex")
        self.xcf_mask = _field(W.Text(description="XCF mask", value="255.255.255.0"), "zha-xcf-mask")
        self.xcf_cost = _field(W.IntText(description="XCF cost", value=1), "zha-xcf-cost")
        self.zowe_config = _field(W.Text(description="zowe.yaml", placeholder="zowe.yaml (optional)"), "zha-zowe-config")
        self.notes: dict[W.Widget, W.HTML] = {w: _note() for w in (self.change_id, self.title, self.release, self.sysplex,
                                                                    self.xcf_mask, self.xcf_cost, self.zowe_config)}
        self.systems: list[SystemRow] = []
        self.distributions: list[DistributionPanel] = []
        self.systems_box = _field(W.VBox(), "zha-systems")
        self.dists_box = _field(W.VBox(), "zha-distributions")
        self.systems_note = _note()
        self.dists_note = _note()
        self.add_system = _field(W.Button(description="add system", icon="plus"), "zha-add-system")
        self.add_system.on_click(lambda _b: self._add_system({}))
        self.add_distribution = _field(W.Button(description="add distribution", icon="plus"), "zha-add-dist")
        self.add_distribution.on_click(lambda _b: self._add_distribution({"autoswitchback": True, "healthswitch": True}))
        self.sample = _field(W.HTML(), "zha-sample-note")

        self.folder = _field(W.Text(value=str(folder), description="record folder", layout=W.Layout(width="40em")), "zha-folder")
        self.open_button = _field(W.Button(description="Open", tooltip="fill the form from this folder's change.yaml"), "zha-open")
        self.save_button = _field(W.Button(description="Save", button_style="primary",
                                           tooltip="validate and write change.yaml into the record folder"), "zha-save")
        self.open_button.on_click(lambda _b: self._open_clicked())
        self.save_button.on_click(lambda _b: self.save())
        self.status = _field(W.HTML(), "zha-save-status")
        self.confirm_text = _field(W.HTML(), "zha-confirm-text")
        self.replace_button = _field(W.Button(description="Replace it", button_style="danger",
                                              tooltip="write over that change.yaml; the old file is kept beside it"),
                                     "zha-confirm-replace")
        self.cancel_button = _field(W.Button(description="Cancel", tooltip="keep that change.yaml as it is"), "zha-confirm-cancel")
        self.replace_button.on_click(lambda _b: self.confirm(True))
        self.cancel_button.on_click(lambda _b: self.confirm(False))
        self.confirm_box = _field(W.VBox([self.confirm_text, W.HBox([self.replace_button, self.cancel_button])],
                                         layout=W.Layout(display="none", border="2px solid #b36b00", padding="4px")),
                                  "zha-confirm")
        self.problems_html = _field(W.HTML(), "zha-problems")
        self.preview = _field(W.HTML(), "zha-preview")
        self.timeline = _field(W.HTML(), "zha-timeline")
        self.timeline_dist = _field(W.Dropdown(options=[], description="distribution"), "zha-timeline-dist")
        self.timeline_events = _field(W.Text(description="events", placeholder="SYSA:down, SYSA:up",
                                             layout=W.Layout(width="40em")), "zha-timeline-events")
        self.timeline_note = _note()

        for w in (self.change_id, self.title, self.release, self.sysplex, self.xcf_mask, self.xcf_cost, self.zowe_config):
            w.observe(self._changed, names="value")
        self.change_id.observe(self._id_changed, names="value")
        self.timeline_dist.observe(self._timeline_changed, names="value")
        self.timeline_events.observe(self._timeline_changed, names="value")

        def noted(w: W.Widget) -> W.VBox:
            return _with_note(w, self.notes[w])

        self.widget = _field(W.VBox([
            W.HTML(_STYLE + "<h3>Change</h3>"), self.sample,
            W.HBox([noted(self.change_id), noted(self.release)]), noted(self.title),
            W.HTML("<h3>Sysplex and systems</h3>" + SYSTEM_HELP),
            W.HBox([noted(self.sysplex), noted(self.xcf_mask), noted(self.xcf_cost)]),
            self.systems_box, self.systems_note, self.add_system,
            W.HTML("<h3>Distributed DVIPAs</h3>"),
            self.dists_box, self.dists_note, self.add_distribution, noted(self.zowe_config),
            W.HTML("<small>zowe.yaml: a file in the record folder to cross-check (copy your Zowe configuration "
                   "there first); leave it empty when there is none.</small>"),
            W.HTML("<h3>Check</h3>"), self.problems_html,
            W.HTML("<h3>Generated profile statements</h3>"), self.preview,
            W.HTML("<h3>Failover timeline</h3>" + EVENTS_HELP),
            W.HBox([self.timeline_dist, _with_note(self.timeline_events, self.timeline_note)]), self.timeline,
            W.HTML("<h3>Save</h3>"),
            W.HBox([self.folder, self.open_button, self.save_button]), self.confirm_box, self.status,
        ]), "zha-form")
        self.load_mapping(mapping if mapping is not None else NEW_RECORD)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def new(cls, folder: str | Path = ".", cwd: str | Path | None = None) -> SetupForm:
        """A new record, pre-filled with a small two-system sample to replace."""
        return cls(None, folder, cwd)

    @classmethod
    def open(cls, path: str | Path, cwd: str | Path | None = None) -> SetupForm:
        """A form filled from an existing record (its folder or its change.yaml).

        A record with problems still opens: the form shows what it could read
        and lists the problems, so the person can fix them here.
        """
        form = cls({}, _folder_and_file(path)[0], cwd)
        form.open_record(path)
        return form

    @classmethod
    def for_folder(cls, path: str | Path, cwd: str | Path | None = None) -> SetupForm:
        """Open the record in ``path``, or start a new one there when it has no change.yaml."""
        folder, file = _folder_and_file(path)
        exists = (file if file.is_absolute() or cwd is None else Path(cwd) / file).exists()
        return cls.open(file, cwd) if exists else cls.new(folder, cwd)

    def _resolve(self, path: str | Path) -> Path:
        """A path typed into the form, as the notebook's kernel sees it."""
        p = Path(path)
        return p if p.is_absolute() else self.cwd / p

    def _shown(self, path: str | Path) -> tuple[str, str]:
        return formtext.terminal_path(Path(path), self.cwd)

    def open_record(self, path: str | Path) -> None:
        """Fill the form from a record folder or change.yaml (raw values, problems shown)."""
        folder, file = _folder_and_file(path)
        real = self._resolve(file)
        try:
            text = real.read_text("utf-8")
            data = load_file(real, str(file)).data
        except (InputError, OSError, UnicodeDecodeError) as exc:
            problems = exc.problems if isinstance(exc, InputError) else [Problem(str(file), None, "", f"cannot read it: {exc}")]
            self.status.value = nb.problems_list(problems, "Cannot open").markup
            return
        self.folder.value = str(folder)
        self.is_new = False
        self._known[real.resolve()] = text
        self.load_mapping(data if isinstance(data, dict) else {})
        self.status.value = nb.esc(f"Opened {self._shown(file)[0]}.")

    def load_mapping(self, data: dict[str, Any]) -> None:
        """Replace every field with the values of a change.yaml mapping."""
        self._loading = True
        try:
            change = data.get("change") or {}
            plex = data.get("sysplex") or {}
            self.change_id.value = _text(change.get("id"))
            self.title.value = _text(change.get("title"))
            self.release.value = self._release_option(change.get("zowe_release"))
            self.sysplex.value = _text(plex.get("name"))
            self.xcf_mask.value = _text(plex.get("dynamic_xcf_mask", "255.255.255.0"))
            cost = plex.get("dynamic_xcf_cost", 1)
            self.xcf_cost.value = cost if isinstance(cost, int) and not isinstance(cost, bool) else 1
            zowe = data.get("zowe") or {}
            self.zowe_config.value = _text(zowe.get("config")) if isinstance(zowe, dict) else ""
            self._extra_top = {k: v for k, v in data.items() if k not in ("change", "sysplex", "distributions", "zowe")}
            # zowe keys the form has no field for (restarted_by) go back as they came
            self._extra_zowe = {k: v for k, v in zowe.items() if k != "config"} if isinstance(zowe, dict) else {}
            self.systems, self.distributions = [], []
            for s in plex.get("systems") or []:
                self._add_system(s if isinstance(s, dict) else {}, layout=False)
            for d in data.get("distributions") or []:
                self._add_distribution(d if isinstance(d, dict) else {}, layout=False)
            self._layout()
            self.timeline_events.value = ""
        finally:
            self._loading = False
        self.sample.value = f'<p class="zha-sample">{nb.esc(SAMPLE_NOTE)}</p>' if self.is_new else ""
        self.refresh()

    def _release_option(self, value: Any) -> str:
        """The dropdown value for a record's zowe_release: a level (v3.4) becomes an option of its own."""
        try:
            text = parse_release(value).text
        except ValueError:
            return "v3"
        if text not in self.release.options:
            self.release.options = (*self.release.options, text)
        return text

    def _add_system(self, data: dict[str, Any], layout: bool = True) -> None:
        row = SystemRow(data, self._remove_system)
        for w in row.inputs:
            w.observe(self._changed, names="value")
        row.name.observe(lambda change, r=row: self._renamed(r, change), names="value")
        self.systems.append(row)
        if layout:
            self._layout()
            self.refresh()

    def _remove_system(self, row: SystemRow) -> None:
        self.systems.remove(row)
        self._layout()
        self.refresh()

    def _add_distribution(self, data: dict[str, Any], layout: bool = True) -> None:
        panel = DistributionPanel(data, self._remove_distribution)
        for w in panel.inputs:
            w.observe(self._changed, names="value")
        self.distributions.append(panel)
        if layout:
            self._layout()
            self.refresh()

    def _remove_distribution(self, panel: DistributionPanel) -> None:
        self.distributions.remove(panel)
        self._layout()
        self.refresh()

    def _layout(self) -> None:
        self.systems_box.children = [r.box for r in self.systems]
        self.dists_box.children = [p.box for p in self.distributions]

    # -- the parameters ---------------------------------------------------------------------

    def to_mapping(self) -> dict[str, Any]:
        """The change.yaml mapping the fields describe (not yet validated)."""
        out: dict[str, Any] = {
            "change": {"id": self.change_id.value.strip(), "title": self.title.value.strip(), "zowe_release": self.release.value},
            "sysplex": {"name": self.sysplex.value.strip(), "systems": [r.to_mapping() for r in self.systems],
                        "dynamic_xcf_mask": self.xcf_mask.value.strip(), "dynamic_xcf_cost": self.xcf_cost.value},
            "distributions": [p.to_mapping() for p in self.distributions],
        }
        if self.zowe_config.value.strip():
            out["zowe"] = {"config": self.zowe_config.value.strip()}
        if self._extra_zowe:
            out.setdefault("zowe", {}).update(self._extra_zowe)
        out.update(self._extra_top)
        return out

    def validate(self, folder: str | Path | None = None) -> tuple[ChangeRecord | None, list[Problem]]:
        """Validate the fields with the rules ``zowe-ha validate`` applies to a saved file, and one more.

        The record may name a zowe.yaml only when that file is in the record
        folder: a new record must not point at a file that is not there.
        An in-memory mapping has no line numbers, so the problems name the key
        path (the form shows them in its own words next to the fields).
        """
        target = self._resolve(folder if folder is not None else (self.folder.value.strip() or "."))
        record, problems = check_mapping(self.to_mapping(), target)
        problems = [Problem(p.file, None, p.where, p.message) for p in problems]
        config = self.zowe_config.value.strip()
        if record is not None and config and not (target / config).is_file():
            problems.append(Problem(RECORD_FILE, None, "zowe.config",
                                    f"there is no {config} in the record folder {self._shown(target)[0]}; copy "
                                    "your Zowe configuration there first, or leave this empty"))
            record = None
        return record, problems

    # -- reacting to changes -----------------------------------------------------------------

    def _changed(self, _change: dict[str, Any]) -> None:
        if not self._loading:
            self.refresh()

    def _renamed(self, row: SystemRow, change: dict[str, Any]) -> None:
        """A SYSNAME changed: the fields that name the system follow, from the last name that was its own.

        While the field is empty or holds another system's name, nothing is
        renamed (the references would become ambiguous); they follow once the
        name is unique again.
        """
        new = str(change.get("new") or "").strip().upper()
        others = {r.name.value.strip().upper() for r in self.systems if r is not row}
        if not new or new in others:
            return  # emptied or, for now, another system's name: the references wait for a name of its own
        old, row.known_name = row.known_name, new
        if self._loading or not old or old == new or old in others:
            return  # nothing to follow, or the old name is still another system's: its references stay
        self._loading = True
        try:
            for panel in self.distributions:
                panel.rename(old, new)
        finally:
            self._loading = False
        self.refresh()

    def _id_changed(self, change: dict[str, Any]) -> None:
        """While a new record's folder is named after its change id, the folder follows the id."""
        if self._loading or not self.is_new:
            return
        folder = Path(self.folder.value.strip() or ".")
        old, new = str(change.get("old") or "").strip(), str(change.get("new") or "").strip()
        if old and new and folder.name == old and re.fullmatch(r"[A-Za-z0-9_-]{1,32}", new):
            self.folder.value = str(folder.with_name(new))

    def _timeline_changed(self, _change: dict[str, Any]) -> None:
        if not self._loading and self.record is not None:
            self._draw_timeline(self.record)

    def refresh(self) -> None:
        """Validate, then update the notes, the problem list, the statements and the timeline.

        Only widget values change here (no new widgets), which keeps one
        refresh to a few milliseconds.
        """
        start = time.perf_counter()
        names = [r.name.value.strip().upper() for r in self.systems if r.name.value.strip()]
        for p in self.distributions:
            for box in (p.preferred, p.distributor):
                if list(box.options) != names:
                    box.options = names
        record, problems = self.validate()
        self.record, self.problems = record, problems
        self._show_problems(problems)
        if problems:
            note = '<p class="zha-stale"><i>Showing the last valid state; fix the problems above to update.</i></p>'
            if not self.preview.value.startswith(note):
                self.preview.value = note + self.preview.value if self.preview.value else note
        else:
            self.problems_html.value = nb.status_line("pass", "The record is valid.").markup
            self.preview.value = preview_statements(record).markup
            dists = [d.name for d in record.distributions]
            if list(self.timeline_dist.options) != dists:
                keep = self.timeline_dist.value if self.timeline_dist.value in dists else None
                self._loading = True
                try:
                    self.timeline_dist.options = dists
                    self.timeline_dist.value = keep or (record.gateway() or record.distributions[0]).name
                finally:
                    self._loading = False
            self._draw_timeline(record)
        self.last_refresh_s = time.perf_counter() - start

    def _draw_timeline(self, record: ChangeRecord) -> None:
        dist = next((d for d in record.distributions if d.name == self.timeline_dist.value), None)
        dist = dist or record.gateway() or record.distributions[0]
        events = _words(self.timeline_events.value) or None
        html, problem = preview_timeline(record, dist, events)
        self.timeline_note.value = f'<div class="zha-field-problem">{nb.esc(problem)}</div>' if problem else ""
        if not problem:
            self.timeline.value = html

    def _paths(self) -> dict[str, W.Widget]:
        paths: dict[str, W.Widget] = {
            "change.id": self.change_id, "change.title": self.title, "change.zowe_release": self.release,
            "sysplex.name": self.sysplex, "sysplex.dynamic_xcf_mask": self.xcf_mask,
            "sysplex.dynamic_xcf_cost": self.xcf_cost, "zowe.config": self.zowe_config,
        }
        for i, r in enumerate(self.systems):
            paths.update(r.paths(f"sysplex.systems[{i}]"))
        for i, p in enumerate(self.distributions):
            paths.update(p.paths(f"distributions[{i}]"))
        return paths

    def _note_of(self, widget: W.Widget) -> W.HTML | None:
        if widget in self.notes:
            return self.notes[widget]
        for row in (*self.systems, *self.distributions):
            if widget in row.notes:
                return row.notes[widget]
        return None

    def in_form_words(self, problem: Problem) -> str:
        """One problem as the form says it, e.g. ``Dynamic XCF address: ...``."""
        return formtext.in_form_words(problem.where, problem.message, self._system_names(), self._dist_names())

    def _system_names(self) -> list[str]:
        return [r.name.value.strip().upper() for r in self.systems]

    def _dist_names(self) -> list[str]:
        return [p.name.value.strip() for p in self.distributions]

    def _show_problems(self, problems: list[Problem]) -> None:
        """Each problem under its field (marked ``zha-invalid``), and all of them listed under Check."""
        paths = self._paths()
        bad: set[W.Widget] = set()
        notes: dict[W.HTML, list[str]] = {}
        lines: list[str] = []
        systems, dists = self._system_names(), self._dist_names()
        for p in problems:
            where = re.sub(r"\.(ports|backups|distributor_backups)\[\d+\]$", r".\1", p.where)
            words = self.in_form_words(p)
            row = formtext.row_name(p.where, systems, dists)
            lines.append(f"{row}: {words}" if row else words)
            widget = paths.get(where)
            note = (self._note_of(widget) if widget is not None else None) or self._container_note(where)
            if widget is not None:
                bad.add(widget)
            notes.setdefault(note, []).append(words)
        for w in self._invalid - bad:
            w.remove_class("zha-invalid")
        for w in bad - self._invalid:
            w.add_class("zha-invalid")
        self._invalid = bad
        for note in self._noted - set(notes):
            note.value = ""
        for note, texts in notes.items():
            value = "".join(f'<div class="zha-field-problem">{nb.esc(t)}</div>' for t in texts)
            if note.value != value:
                note.value = value
        self._noted = set(notes)
        if problems:
            items = "".join(f"<li>{nb.esc(line)}</li>" for line in lines)
            self.problems_html.value = (f'<div class="zha-problem-list"><b>{len(problems)} problem(s) to fix before '
                                        f"saving</b> (each is also shown next to its field)<ul>{items}</ul></div>")

    def _container_note(self, where: str) -> W.HTML:
        """Where a problem about a whole row or list goes (a distribution, the systems, the record)."""
        key, index = formtext.field_key(where)
        if key == "distribution" and index is not None and index < len(self.distributions):
            return self.distributions[index].note
        if key.startswith("system") or where.startswith("sysplex"):
            return self.systems_note
        return self.dists_note

    # -- saving ------------------------------------------------------------------------------

    def _open_clicked(self) -> None:
        self.open_record(self.folder.value.strip() or ".")

    def save(self, folder: str | Path | None = None, replace: bool = False) -> Path | None:
        """Validate and write ``change.yaml`` into ``folder`` (default: the folder field).

        Returns the written path, or ``None`` when nothing was written: the
        record has problems (listed in the form), or the folder already holds
        a change.yaml that the form did not open or write, or one of another
        change (the form then asks; ``replace=True`` answers yes). Replacing a
        file always keeps the old one beside it (:func:`backup_name`).
        """
        typed = Path(folder if folder is not None else (self.folder.value.strip() or "."))
        target = _folder_and_file(typed)[0]
        record, problems = self.validate(target)
        self._hide_question()
        if record is None:
            items = "".join(f"<li>{nb.esc(self.in_form_words(p))}</li>" for p in problems)
            self.status.value = (f'<div class="zha-problem-list"><b>Not saved: fix these problems first</b> (each is '
                                 f"shown next to its field)<ul>{items}</ul></div>")
            return None
        path = self._resolve(target / RECORD_FILE)
        shown_folder, where = self._shown(target)
        text = ("# Change record written by the zowe-ha guided setup (notebooks/guided-setup.ipynb).\n"
                f"# Check it, {where}: zowe-ha validate {shown_folder}\n" + dump_yaml(record_to_mapping(record)))
        old = self._read(path)
        if old is not None and old != text and not replace:
            question = self._question(path, old, record)
            if question:
                self._pending = (path, text)
                self.confirm_text.value = f'<p><b>{nb.esc(question)}</b></p>'
                self.confirm_box.layout.display = "flex"
                self.status.value = nb.status_line("warn", "Not saved yet: answer the question above.").markup
                return None
        return self._write(path, text, old)

    def confirm(self, yes: bool) -> Path | None:
        """The answer to the replace question: write (keeping the old file) or leave everything as it is."""
        pending, self._pending = self._pending, None
        self._hide_question()
        if pending is None:
            return None
        path, text = pending
        if not yes:
            self.status.value = nb.status_line("info", f"Not saved: {self._shown(path)[0]} is unchanged.").markup
            return None
        return self._write(path, text, self._read(path))

    def _hide_question(self) -> None:
        self.confirm_box.layout.display = "none"

    @staticmethod
    def _read(path: Path) -> str | None:
        try:
            return path.read_text("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            return ""  # unreadable: never replaced without asking

    def _question(self, path: Path, old: str, record: ChangeRecord) -> str:
        """Why replacing ``path`` needs a yes ('' when it is the file the form opened or wrote, unchanged since)."""
        shown = self._shown(path)[0]
        try:
            data = load_file(path, str(path)).data
            change = data.get("change") if isinstance(data, dict) else None
            other = str(change.get("id")) if isinstance(change, dict) and change.get("id") else None
        except InputError:
            other = None
        keep = f"The old file is kept beside it ({path.name}.<UTC time>.bak)."
        if other is not None and other != record.id:
            return f"{shown} holds change {other}, not {record.id}. Replace it? {keep}"
        if self._known.get(path.resolve()) == old:
            return ""
        if other is None:
            return f"{shown} holds something that is not a change record this form can read. Replace it? {keep}"
        return (f"{shown} holds another version of {other} than the one this form opened or saved "
                f"(changed since, or another record's file). Replace it? {keep}")

    def _write(self, path: Path, text: str, old: str | None) -> Path | None:
        backup = None
        try:
            if old is not None and old != text:
                backup = backup_name(path)
                atomic_write(backup, path.read_bytes())
            atomic_write(path, text)
        except OSError as exc:
            self.status.value = nb.status_line("fail", f"Not saved: cannot write {self._shown(path)[0]}: "
                                                       f"{exc.strerror or exc}").markup
            return None
        self._known[path.resolve()] = text
        self.is_new = False
        self.sample.value = ""
        folder, where = self._shown(path.parent)
        kept = f" The old file is kept as {self._shown(backup)[0]}." if backup else ""
        self.status.value = nb.status_line(
            "pass", f"Saved {self._shown(path)[0]}.{kept} Next, {where}: zowe-ha run {folder}").markup
        return path

    # -- display -----------------------------------------------------------------------------

    def show(self) -> None:
        """Display the form and bring it into view (the last cell of the notebook calls this).

        After *Run All Cells* JupyterLab leaves the view at the last cell's
        input, with the form below the fold. A widget cannot scroll the page,
        so a small script, shown after the form, waits for the form's element
        and scrolls it to the top of the view. Viewers that run no script
        (papermill, nbconvert, an untrusted notebook) just show the form.
        """
        marker = f"zha-form-{id(self):x}"
        self.widget.add_class(marker)
        display(self)
        display(Javascript(_SCROLL_SCRIPT.replace("MARKER", marker)))

    def static_html(self) -> str:
        """What the form shows, as plain HTML (for papermill and static viewers)."""
        parts = [f"<h3>Guided setup: {nb.esc(self.change_id.value)} {nb.esc(self.title.value)}</h3>",
                 "<p><i>This is a static copy. Open the notebook in JupyterLab to edit the record with the form.</i></p>"]
        if self.problems:
            parts.append(nb.problems_list([self.in_form_words(p) for p in self.problems]).markup)
        elif self.record is not None:
            parts.append(nb.status_line("pass", "The record is valid.").markup)
            parts.append(preview_statements(self.record).markup)
            parts.append(preview_timeline(self.record)[0])
        return "".join(parts)

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_())
        bundle["text/html"] = self.static_html()
        state = "valid" if self.record else f"{len(self.problems)} problem(s)"
        bundle["text/plain"] = f"Guided setup for {self.change_id.value or 'a new record'}: {state}"
        return bundle


# Polls for the form's element (its view is created after this output arrives), then scrolls it into view once.
_SCROLL_SCRIPT = """
(function () {
  var tries = 0;
  var timer = setInterval(function () {
    var form = document.querySelector(".MARKER");
    if (form || ++tries > 100) {
      clearInterval(timer);
      if (form) { form.scrollIntoView({block: "start"}); }
    }
  }, 100);
})();
"""


def preview_statements(record: ChangeRecord) -> nb.Html:
    """Every system's generated profile statements, one code block each."""
    out = nb.Html("", "")
    for system in record.sysplex.systems:
        try:
            text = generate_profile(record, system.name)
        except Exception as exc:  # shown, not raised: the form must stay usable
            text = f"; cannot generate statements: {type(exc).__name__}: {exc}"
        out = out + nb.code(text, title=f"{system.name}: TCP/IP profile statements", language="tcpip")
    return out


def timeline_events(dist: Distribution) -> list[str]:
    """The drill the preview shows unless the person gives events: the preferred system goes down, then comes back."""
    return [f"{dist.preferred}:down", f"{dist.preferred}:up"]


def preview_timeline(record: ChangeRecord, dist: Distribution | None = None,
                     events: list[str] | None = None) -> tuple[str, str]:
    """``(SVG inside HTML, problem)`` of a failover timeline: ``dist`` (default the gateway or the first)
    after ``events`` (default :func:`timeline_events`); a bad event gives ``("", why)``."""
    dist = dist or record.gateway() or record.distributions[0]
    events = events or timeline_events(dist)
    try:
        timeline = failover.run(failover.from_record(record, dist), events)["timeline"]
    except ValueError as exc:
        return "", f"Events: {exc}"
    title = f"Failover timeline of {dist.name}: {', '.join(events)}"
    try:
        svg_text = pictures.timeline_svg(timeline, steps.timeline_rows(record, dist), title)
    except Exception as exc:  # shown, not raised: the form must stay usable
        return nb.para(f"Cannot draw the timeline: {type(exc).__name__}: {exc}").markup, ""
    caption = nb.esc(f"{dist.name}: {', '.join(events)} "
                     f"({'AUTOSWITCHBACK' if dist.autoswitchback else 'NOAUTOSWITCHBACK'}).")
    return f'<div class="zha-timeline-svg"><p>{caption}</p>{svg_text}</div>', ""
