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

Cost matters: the preview is rebuilt on every change (issue 8 asks for less
than 20 ms), so a change only updates the values of three HTML widgets. The
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

from ..record.load import RECORD_FILE, check_mapping, dump_yaml, record_to_mapping
from ..record.model import RELEASES, ChangeRecord, Distribution
from ..record.release import parse as parse_release
from ..record.yamlsrc import load_file
from ..tcpip.generate import generate_profile
from ..util.errors import InputError, Problem
from ..util.fsutil import atomic_write
from . import blocks as nb
from . import pictures, steps

_SYSTEM_KEYS = ("name", "dynamic_xcf", "hostname")
_DIST_KEYS = ("name", "role", "dvipa", "mask", "hostname", "ports", "preferred", "backups", "autoswitchback", "healthswitch")
_SPLIT = re.compile(r"[\s,;]+")

# Style for fields that have a problem; JupyterLab keeps a <style> inside an HTML widget.
_STYLE = """<style>
.zha-invalid input, .zha-invalid select { border-color: #c62828 !important; background: #fff5f5 !important; }
.zha-form .widget-label { min-width: 9em; }
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


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.strip()) if w]


def _ports(text: str) -> list[int | str]:
    """``"7554, 7555"`` -> ``[7554, 7555]``; a non-number stays text so the schema names it."""
    return [int(w) if w.isdigit() else w for w in _words(text)]


def _folder_and_file(path: str | Path) -> tuple[Path, Path]:
    """``(folder, change.yaml)``; unlike ``record.locate`` a folder that does not exist yet stays a folder."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml"):
        return p.parent, p
    return p, p / RECORD_FILE


def _field(widget: W.Widget, css: str) -> W.Widget:
    widget.add_class(css)
    return widget


class SystemRow:
    """One system of the sysplex: SYSNAME, dynamic XCF address, host name."""

    def __init__(self, data: dict[str, Any], on_remove: Callable[[SystemRow], None]):
        self.name = _field(W.Text(value=_text(data.get("name")), description="SYSNAME", placeholder="SYSA",
                                  layout=W.Layout(width="16em"), style={"description_width": "5em"}), "zha-sys-name")
        self.xcf = _field(W.Text(value=_text(data.get("dynamic_xcf")), description="dynamic XCF",
                                 placeholder="198.51.100.11", layout=W.Layout(width="20em"), style={"description_width": "6.5em"}), "zha-sys-xcf")
        self.hostname = _field(W.Text(value=_text(data.get("hostname")), description="host name",
                                      placeholder="sysa.example.com (optional)", layout=W.Layout(width="26em"),
                                      style={"description_width": "5.5em"}), "zha-sys-host")
        self.remove = _field(W.Button(description="remove", tooltip="remove this system", layout=W.Layout(width="6em")),
                             "zha-sys-remove")
        self.remove.on_click(lambda _b: on_remove(self))
        # Keys the form does not edit (tcpip_proc, obeyfile) travel with the row.
        self.extra = {k: v for k, v in data.items() if k not in _SYSTEM_KEYS}
        self.box = _field(W.HBox([self.name, self.xcf, self.hostname, self.remove]), "zha-system")

    @property
    def inputs(self) -> list[W.Widget]:
        return [self.name, self.xcf, self.hostname]

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.value.strip(), "dynamic_xcf": self.xcf.value.strip()}
        if self.hostname.value.strip():
            out["hostname"] = self.hostname.value.strip()
        out.update(self.extra)
        return out

    def paths(self, base: str) -> dict[str, W.Widget]:
        return {f"{base}.name": self.name, f"{base}.dynamic_xcf": self.xcf, f"{base}.hostname": self.hostname}


class DistributionPanel:
    """One VIPADISTRIBUTE: DVIPA, ports, preferred target and ordered backups."""

    def __init__(self, data: dict[str, Any], on_remove: Callable[[DistributionPanel], None]):
        self.name = _field(W.Text(value=_text(data.get("name")), description="name", placeholder="zowe-gateway"), "zha-dist-name")
        self.role = _field(W.Dropdown(options=[("from the name", ""), ("Zowe gateway", "zowe-gateway"), ("z/OSMF", "zosmf"), ("other", "other")],
                                      value=data.get("role") if data.get("role") in ("zowe-gateway", "zosmf", "other") else "",
                                      description="role"), "zha-dist-role")
        self.dvipa = _field(W.Text(value=_text(data.get("dvipa")), description="DVIPA", placeholder="203.0.113.50"), "zha-dvipa")
        self.mask = _field(W.Text(value=_text(data.get("mask", "255.255.255.0")), description="mask"), "zha-mask")
        self.hostname = _field(W.Text(value=_text(data.get("hostname")), description="DVIPA host",
                                      placeholder="zowe.example.com (optional)"), "zha-dist-host")
        ports = data.get("ports", [])
        self.ports = _field(W.Text(value=", ".join(str(p) for p in ports) if isinstance(ports, list) else _text(ports),
                                   description="ports", placeholder="7554"), "zha-ports")
        self.preferred = _field(W.Combobox(value=_text(data.get("preferred")), options=[], ensure_option=False,
                                           description="preferred", placeholder="SYSA"), "zha-preferred")
        backups = data.get("backups", [])
        self.backups = _field(W.Text(value=", ".join(str(b) for b in backups) if isinstance(backups, list) else _text(backups),
                                     description="backups", placeholder="SYSB, SYSC (first = highest rank)"), "zha-backups")
        self.autoswitchback = _field(W.Checkbox(value=bool(data.get("autoswitchback", True)), description="AUTOSWITCHBACK",
                                                indent=False), "zha-autoswitchback")
        self.healthswitch = _field(W.Checkbox(value=bool(data.get("healthswitch", True)), description="HEALTHSWITCH",
                                              indent=False), "zha-healthswitch")
        self.remove = _field(W.Button(description="remove distribution"), "zha-remove-dist")
        self.remove.on_click(lambda _b: on_remove(self))
        self.extra = {k: v for k, v in data.items() if k not in _DIST_KEYS}
        help_text = W.HTML("<small>Backups in order of preference: the first gets the highest BACKUP rank. "
                           "AUTOSWITCHBACK returns new connections to the preferred system when it is back; "
                           "HEALTHSWITCH leaves an active target that is not healthy.</small>")
        self.box = _field(W.VBox([
            W.HBox([self.name, self.role]),
            W.HBox([self.dvipa, self.mask]),
            W.HBox([self.hostname, self.ports]),
            W.HBox([self.preferred, self.backups]),
            W.HBox([self.autoswitchback, self.healthswitch, self.remove]),
            help_text,
        ], layout=W.Layout(border="1px solid #ccc", padding="4px", margin="4px 0")), "zha-distribution")

    @property
    def inputs(self) -> list[W.Widget]:
        return [self.name, self.role, self.dvipa, self.mask, self.hostname, self.ports, self.preferred, self.backups,
                self.autoswitchback, self.healthswitch]

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.value.strip()}
        if self.role.value:
            out["role"] = self.role.value
        out["dvipa"] = self.dvipa.value.strip()
        if self.mask.value.strip() or "interface" not in self.extra:
            out["mask"] = self.mask.value.strip()
        if self.hostname.value.strip():
            out["hostname"] = self.hostname.value.strip()
        out["ports"] = _ports(self.ports.value)
        out["preferred"] = self.preferred.value.strip()
        out["backups"] = _words(self.backups.value)
        out["autoswitchback"] = self.autoswitchback.value
        out["healthswitch"] = self.healthswitch.value
        out.update(self.extra)
        return out

    def paths(self, base: str) -> dict[str, W.Widget]:
        return {f"{base}.{key}": getattr(self, key) for key in _DIST_KEYS}


class SetupForm:
    """The whole guided-setup form for one change record.

    Build it with :meth:`open` (an existing record) or :meth:`new`; display it
    in a notebook as the last expression of a cell. In JupyterLab the widgets
    appear; a viewer without a widget manager (papermill, nbconvert) shows
    the static HTML summary instead.
    """

    def __init__(self, mapping: dict[str, Any] | None = None, folder: str | Path = "."):
        self.last_refresh_s = 0.0
        self.record: ChangeRecord | None = None
        self.problems: list[Problem] = []
        self._loading = False
        self._invalid: set[W.Widget] = set()
        self._extra_top: dict[str, Any] = {}
        self._extra_zowe: dict[str, Any] = {}

        self.change_id = _field(W.Text(description="change id", placeholder="CHG0001"), "zha-change-id")
        self.title = _field(W.Text(description="title", layout=W.Layout(width="40em")), "zha-title")
        self.release = _field(W.Dropdown(options=list(RELEASES), value="v3", description="Zowe release"), "zha-release")
        self.sysplex = _field(W.Text(description="sysplex", placeholder="PLEX1"), "zha-sysplex")
        self.xcf_mask = _field(W.Text(description="XCF mask", value="255.255.255.0"), "zha-xcf-mask")
        self.xcf_cost = _field(W.IntText(description="XCF cost", value=1), "zha-xcf-cost")
        self.zowe_config = _field(W.Text(description="zowe.yaml", placeholder="zowe.yaml (optional)"), "zha-zowe-config")
        self.systems: list[SystemRow] = []
        self.distributions: list[DistributionPanel] = []
        self.systems_box = _field(W.VBox(), "zha-systems")
        self.dists_box = _field(W.VBox(), "zha-distributions")
        self.add_system = _field(W.Button(description="add system", icon="plus"), "zha-add-system")
        self.add_system.on_click(lambda _b: self._add_system({}))
        self.add_distribution = _field(W.Button(description="add distribution", icon="plus"), "zha-add-dist")
        self.add_distribution.on_click(lambda _b: self._add_distribution({"autoswitchback": True, "healthswitch": True}))

        self.folder = _field(W.Text(value=str(folder), description="record folder", layout=W.Layout(width="40em")), "zha-folder")
        self.open_button = _field(W.Button(description="Open", tooltip="fill the form from this folder's change.yaml"), "zha-open")
        self.save_button = _field(W.Button(description="Save", button_style="primary",
                                           tooltip="validate and write change.yaml into the record folder"), "zha-save")
        self.open_button.on_click(lambda _b: self._open_clicked())
        self.save_button.on_click(lambda _b: self.save())
        self.status = _field(W.HTML(), "zha-save-status")
        self.problems_html = _field(W.HTML(), "zha-problems")
        self.preview = _field(W.HTML(), "zha-preview")
        self.timeline = _field(W.HTML(), "zha-timeline")

        for w in (self.change_id, self.title, self.release, self.sysplex, self.xcf_mask, self.xcf_cost, self.zowe_config):
            w.observe(self._changed, names="value")

        self.widget = _field(W.VBox([
            W.HTML(_STYLE + "<h3>Change</h3>"),
            W.HBox([self.change_id, self.release]), self.title,
            W.HTML("<h3>Sysplex and systems</h3><small>Each system's dynamic XCF address is its "
                   "IPCONFIG DYNAMICXCF address and the DESTIP the distributor sends connections to.</small>"),
            W.HBox([self.sysplex, self.xcf_mask, self.xcf_cost]),
            self.systems_box, self.add_system,
            W.HTML("<h3>Distributed DVIPAs</h3>"),
            self.dists_box, self.add_distribution, self.zowe_config,
            W.HTML("<h3>Check</h3>"), self.problems_html,
            W.HTML("<h3>Generated profile statements</h3>"), self.preview,
            W.HTML("<h3>Failover timeline</h3>"), self.timeline,
            W.HTML("<h3>Save</h3>"),
            W.HBox([self.folder, self.open_button, self.save_button]), self.status,
        ]), "zha-form")
        self.load_mapping(mapping if mapping is not None else NEW_RECORD)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def new(cls, folder: str | Path = ".") -> SetupForm:
        """A form pre-filled with a small two-system example to edit."""
        return cls(None, folder)

    @classmethod
    def open(cls, path: str | Path) -> SetupForm:
        """A form filled from an existing record (its folder or its change.yaml).

        A record with problems still opens: the form shows what it could read
        and lists the problems, so the person can fix them here.
        """
        form = cls({}, _folder_and_file(path)[0])
        form.open_record(path)
        return form

    @classmethod
    def for_folder(cls, path: str | Path) -> SetupForm:
        """Open the record in ``path``, or start a new one there when it has no change.yaml."""
        folder, file = _folder_and_file(path)
        return cls.open(file) if file.exists() else cls.new(folder)

    def open_record(self, path: str | Path) -> None:
        """Fill the form from a record folder or change.yaml (raw values, problems shown)."""
        folder, file = _folder_and_file(path)
        try:
            data = load_file(file, str(file)).data
        except InputError as exc:
            self.status.value = nb.problems_list(exc.problems, "Cannot open").markup
            return
        self.folder.value = str(folder)
        self.load_mapping(data if isinstance(data, dict) else {})
        self.status.value = nb.esc(f"Opened {file}.")

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
        finally:
            self._loading = False
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
        """Validate the fields with the rules ``zowe-ha validate`` applies to a saved file.

        An in-memory mapping has no line numbers, so the problems name the key
        path only (``change.yaml: distributions[0].dvipa: ...``).
        """
        record, problems = check_mapping(self.to_mapping(), Path(folder) if folder is not None else Path(self.folder.value or "."))
        return record, [Problem(p.file, None, p.where, p.message) for p in problems]

    # -- reacting to changes -----------------------------------------------------------------

    def _changed(self, _change: dict[str, Any]) -> None:
        if not self._loading:
            self.refresh()

    def refresh(self) -> None:
        """Validate, then update the problem list, the statements and the timeline.

        Only widget values change here (no new widgets), which keeps one
        refresh to a few milliseconds.
        """
        start = time.perf_counter()
        names = [r.name.value.strip().upper() for r in self.systems if r.name.value.strip()]
        for p in self.distributions:
            if list(p.preferred.options) != names:
                p.preferred.options = names
        record, problems = self.validate()
        self.record, self.problems = record, problems
        self._mark_invalid(problems)
        if problems:
            self.problems_html.value = nb.problems_list(problems, f"{len(problems)} problem(s) to fix before saving").markup
            note = '<p class="zha-stale"><i>Showing the last valid state; fix the problems above to update.</i></p>'
            if not self.preview.value.startswith(note):
                self.preview.value = note + self.preview.value if self.preview.value else note
        else:
            self.problems_html.value = nb.status_line("pass", "The record is valid.").markup
            self.preview.value = preview_statements(record).markup
            self.timeline.value = preview_timeline(record)
        self.last_refresh_s = time.perf_counter() - start

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

    def _mark_invalid(self, problems: list[Problem]) -> None:
        """Give fields named by a problem the ``zha-invalid`` class (and take it off the others)."""
        paths = self._paths()
        bad: set[W.Widget] = set()
        for p in problems:
            where = re.sub(r"\.(ports|backups)\[\d+\]$", r".\1", p.where)
            if where in paths:
                bad.add(paths[where])
        for w in self._invalid - bad:
            w.remove_class("zha-invalid")
        for w in bad - self._invalid:
            w.add_class("zha-invalid")
        self._invalid = bad

    # -- saving ------------------------------------------------------------------------------

    def _open_clicked(self) -> None:
        self.open_record(self.folder.value.strip() or ".")

    def save(self, folder: str | Path | None = None) -> Path | None:
        """Validate and write ``change.yaml`` into ``folder`` (default: the folder field).

        Returns the written path, or ``None`` when the record has problems
        (they are listed in the form; nothing is written).
        """
        target = Path(folder if folder is not None else (self.folder.value.strip() or "."))
        target = _folder_and_file(target)[0]
        record, problems = self.validate(target)
        if record is None:
            self.status.value = nb.problems_list(problems, "Not saved: fix these problems first").markup
            return None
        path = target / RECORD_FILE
        text = ("# Change record written by the zowe-ha guided setup (notebooks/guided-setup.ipynb).\n"
                f"# Check it with: zowe-ha validate {target.as_posix()}\n" + dump_yaml(record_to_mapping(record)))
        try:
            atomic_write(path, text)
        except OSError as exc:
            self.status.value = nb.status_line("fail", f"Not saved: cannot write {path}: {exc.strerror or exc}").markup
            return None
        self.status.value = nb.status_line("pass", f"Saved {path}. Next: zowe-ha run {target.as_posix()}").markup
        return path

    # -- display -----------------------------------------------------------------------------

    def static_html(self) -> str:
        """What the form shows, as plain HTML (for papermill and static viewers)."""
        parts = [f"<h3>Guided setup: {nb.esc(self.change_id.value)} {nb.esc(self.title.value)}</h3>",
                 "<p><i>This is a static copy. Open the notebook in JupyterLab to edit the record with the form.</i></p>"]
        if self.problems:
            parts.append(nb.problems_list(self.problems).markup)
        elif self.record is not None:
            parts.append(nb.status_line("pass", "The record is valid.").markup)
            parts.append(preview_statements(self.record).markup)
            parts.append(preview_timeline(self.record))
        return "".join(parts)

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_())
        bundle["text/html"] = self.static_html()
        state = "valid" if self.record else f"{len(self.problems)} problem(s)"
        bundle["text/plain"] = f"Guided setup for {self.change_id.value or 'a new record'}: {state}"
        return bundle


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
    """The drill the preview shows: the preferred system goes down, then comes back."""
    return [f"{dist.preferred}:down", f"{dist.preferred}:up"]


def preview_timeline(record: ChangeRecord) -> str:
    """SVG (inside HTML) of the failover timeline of the gateway distribution (or the first)."""
    dist = record.gateway() or record.distributions[0]
    try:
        events = timeline_events(dist)
        svg_text = pictures.timeline_svg(steps.timeline(record, dist, events), steps.timeline_rows(record, dist))
    except Exception as exc:  # shown, not raised: the form must stay usable
        return nb.para(f"Cannot draw the timeline: {type(exc).__name__}: {exc}").markup
    caption = nb.esc(f"{dist.name}: {dist.preferred} fails, then comes back "
                     f"({'AUTOSWITCHBACK' if dist.autoswitchback else 'NOAUTOSWITCHBACK'}).")
    return f'<div class="zha-timeline-svg"><p>{caption}</p>{svg_text}</div>'
