"""The guided walk: every requirement and every DVIPA step of a change as an interactive step.

A person applying the change opens ``notebooks/walk.ipynb`` (in JupyterLab,
or as an app in Voila) and is led through it: each requirement of the
registry, then each OBEYFILE step of the operator sheet, then the
sysplex-wide verification, then the report. Each step says what to issue
(with a Copy button), takes the response (pasted, or collected through
z/OSMF), gives the verdict at once, and saves the response as evidence of the
record, where the next ``zowe-ha run`` reads it.

Everything the walk decides is in :mod:`.walkmodel`, :mod:`.pastecheck` and
:mod:`.applysteps`; this module only lays it out with ipywidgets. The walk
keeps no state of its own: the header's progress is recomputed from the
record folder after every save, so reopening the notebook, or another person
opening the same record, shows the same progress.

**Headless stays headless.** The walk shows widgets only when the notebook
runs with ``interactive = True`` (its default). ``papermill -p interactive
False`` (what the tests do, and what anyone running it unattended should do)
shows a static summary instead and never imports ipywidgets, so an executed
copy holds no widget state. The kit's report notebooks never show the walk;
``zowe-ha run`` does not run this notebook (its name has no ``NN-`` prefix).
An explicit parameter was chosen over guessing from the kernel's comms: a
frontend may connect late, and papermill's own client opens widget comms too.

ipywidgets is imported when a walk is built (about 150 ms), not when this
module is imported.

Widgets carry stable ``zha-walk-...`` classes so browser tests find them
without depending on JupyterLab's or Voila's markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from IPython.display import display

from ..requirements import registry
from ..requirements.status import Status, label
from ..util.errors import InputError, one_line
from . import blocks as nb
from . import pastecheck, walkmodel
from .applysteps import ApplyStep, StepVerdict, VerifyStep
from .clipboard import copy_block
from .walkmodel import WalkRecord

END = "report"
"""The id of the last step: run the report, then sign."""

_STYLE = """<style>
.zha-walk .zha-walk-steps select { font-family: monospace; }
.zha-walk .zha-walk-paste textarea { font-family: monospace; font-size: 0.85em; }
.zha-walk-text p { margin: 0.2em 0 0.4em 0; }
.zha-walk-verdict { margin: 0.4em 0; }
.zha-walk-verdict ul { margin: 0.2em 0 0.2em 1.2em; }
</style>"""


def _widgets() -> Any:
    import ipywidgets  # local: ~150 ms of widget classes that a headless run of the walk never needs

    return ipywidgets


def _css(widget: Any, *classes: str) -> Any:
    for css in classes:
        widget.add_class(css)
    return widget


def _para(title: str, text: str) -> str:
    return f"<p><b>{nb.esc(title)}</b> {nb.esc(text)}</p>" if text else ""


def _bullets(lines: list[str] | tuple[str, ...]) -> str:
    """The sheet's Markdown bullets (``- x``, indented ``  - y`` under it) as nested HTML lists, backticks dropped."""
    html, open_sub = [], False
    for line in lines:
        text = nb.esc(line.strip().removeprefix("- ").replace("`", ""))
        if line.startswith((" ", "\t")):
            html.append(("" if open_sub else "<ul>") + f"<li>{text}</li>")
            open_sub = True
            continue
        if open_sub:
            html.append("</ul>")
            open_sub = False
        html.append(f"<li>{text}</li>")
    if open_sub:
        html.append("</ul>")
    return f"<ul>{''.join(html)}</ul>" if html else ""


def _badge(status: str, word: str | None = None) -> str:
    return nb.badge(status, word or label(status)).markup


# --------------------------------------------------------------------------- static form


def static_html(walk: WalkRecord) -> str:
    """The walk as plain HTML: the progress and every step's state (papermill, nbconvert, the site)."""
    progress = walk.progress()
    rows = [(label(progress.statuses[k]), progress.titles[k], walkmodel.state_of(progress.statuses[k]))
            for k in progress.statuses]
    table = nb.table(["Status", "Step", "State"], rows, caption=None).markup
    return (f"<h3>Walk of {nb.esc(walk.record.id)}: {nb.esc(progress.summary())}</h3>"
            "<p><i>A static copy. Run the notebook in JupyterLab (or open it in Voila) to walk through the steps.</i></p>"
            f"{table}<p>Then: <code>{nb.esc(walk.run_command())}</code>, and sign with "
            f"<code>{nb.esc(walk.sign_command())}</code>.</p>")


def show_walk(record: str | Path, *, interactive: bool = True, zosmf_url: str = "", zosmf_user: str = "",
              ca_bundle: str = "", poll_interval: float = 1.0, cwd: str | Path | None = None) -> WalkApp | None:
    """The notebook's one call: the walk of ``record`` as widgets, or its static summary when not interactive.

    A record that cannot be loaded shows its problems (as the command line
    words them) instead of a traceback; in the widgets, a folder field lets
    the person open another record (in the Voila app there is no cell to edit).
    """
    if interactive:
        app = WalkApp(record, cwd=cwd, zosmf={"url": zosmf_url, "user": zosmf_user, "ca_bundle": ca_bundle,
                                              "poll_interval": poll_interval})
        display(app.widget)
        return app
    try:
        walk = WalkRecord.load(record, cwd)
    except InputError as exc:
        display(problems_html(exc))
        return None
    display(nb.Html(static_html(walk), walk.progress().summary()))
    return None


def problems_html(exc: InputError) -> nb.Html:
    return nb.problems_list([str(p) for p in exc.problems] or [str(exc)], "Cannot open the change record")


class WalkApp:
    """The record folder to walk (with Open), and the walk of the record opened."""

    def __init__(self, record: str | Path, *, cwd: str | Path | None = None, zosmf: dict[str, Any] | None = None):
        W = _widgets()
        self.cwd = cwd
        self.zosmf = zosmf or {}
        self.folder = _css(W.Text(value=str(record), description="Record:", layout=W.Layout(width="40em")), "zha-walk-folder")
        self.open_button = _css(W.Button(description="Open", layout=W.Layout(width="auto")), "zha-walk-open")
        self.status = _css(W.HTML(), "zha-walk-open-status")
        self.holder = W.VBox()
        self.walk: Walk | None = None
        self.open_button.on_click(lambda _b: self.open(self.folder.value))
        note = W.HTML("<small>Folder of the change record, relative to this notebook's folder (or absolute).</small>")
        self.widget = _css(W.VBox([W.HBox([self.folder, self.open_button, note]), self.status, self.holder]), "zha-walk-app")
        self.open(record)

    def open(self, record: str | Path) -> None:
        try:
            model = WalkRecord.load(record, self.cwd)
        except InputError as exc:
            self.status.value = problems_html(exc).markup
            self.holder.children = []
            self.walk = None
            return
        self.status.value = ""
        self.walk = Walk(model, zosmf_url=self.zosmf.get("url", ""), zosmf_user=self.zosmf.get("user", ""),
                         ca_bundle=self.zosmf.get("ca_bundle", ""), poll_interval=self.zosmf.get("poll_interval", 1.0))
        self.holder.children = [self.walk.widget]


# --------------------------------------------------------------------------- the walk


class Walk:
    """The walk's widgets: a header with the progress, the list of steps, and the current step."""

    def __init__(self, walk: WalkRecord, *, zosmf_url: str = "", zosmf_user: str = "", ca_bundle: str = "",
                 poll_interval: float = 1.0):
        W = _widgets()
        self.W = W
        self.model = walk
        self.zosmf = {"url": zosmf_url, "user": zosmf_user, "ca_bundle": ca_bundle, "poll_interval": poll_interval}
        self.header = _css(W.HTML(), "zha-walk-progress")
        self.refresh_button = _css(W.Button(description="Read the record again", tooltip="re-read the evidence on disk",
                                            layout=W.Layout(width="auto")),
                                   "zha-walk-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.steps = _css(W.Select(options=[], rows=20, layout=W.Layout(width="26em")), "zha-walk-steps")
        self.pane = _css(W.VBox(layout=W.Layout(flex="1", padding="0 0 0 1em")), "zha-walk-pane")
        self.previous = _css(W.Button(description="Previous step"), "zha-walk-previous")
        self.next = _css(W.Button(description="Next step"), "zha-walk-next")
        self.previous.on_click(lambda _b: self._move(-1))
        self.next.on_click(lambda _b: self._move(1))
        self._panes: dict[str, Any] = {}
        self.step_views: dict[str, Any] = {}
        self.order: list[str] = [r.id for r in walk.requirements] + [s.id for s in walk.dvipa_steps] + \
                                [v.id for v in walk.verify_steps] + [END]
        self.steps.observe(self._selected, names="value")
        self.widget = _css(W.VBox([
            W.HTML(_STYLE), W.HBox([self.header, self.refresh_button]),
            W.HBox([W.VBox([self.steps, W.HBox([self.previous, self.next])]), self.pane]),
        ]), "zha-walk")
        self.update_progress()
        self.steps.value = self._first_open()

    # -- progress --------------------------------------------------------------------------------

    def _first_open(self) -> str:
        """The first step that is not done yet (the report step when every step is done)."""
        for step_id in self.order[:-1]:
            if walkmodel.state_of(self.progress.statuses[step_id]) != walkmodel.DONE:
                return step_id
        return END

    def update_progress(self) -> None:
        """Header and step list from the disk (the walk's only memory)."""
        progress = self.model.progress()
        self.progress = progress
        c = progress.counts
        rec = self.model.record
        self.header.value = (
            f'<div><b>{nb.esc(rec.id)}</b> on {nb.esc(rec.sysplex.name)}: '
            f'<span class="zha-walk-done">{c[walkmodel.DONE]} done</span>, '
            f'<span class="zha-walk-failed">{c[walkmodel.FAILED]} failed</span>, '
            f'<span class="zha-walk-todo">{c[walkmodel.TODO]} to do</span> '
            f'(of {len(progress.statuses)} steps; read from {nb.esc(self.model.shown_folder()[0])})</div>'
            + (f'<div class="zha-walk-zowe-problem">{_badge(Status.FAIL, "zowe.yaml")} '
               f'{nb.esc(self.model.zowe_problem)}</div>' if self.model.zowe_problem else ""))
        options = []
        for n, step_id in enumerate(self.order, 1):
            if step_id == END:
                options.append((f"{n:2d}. Run the report and sign", END))
                continue
            status = progress.statuses[step_id]
            options.append((f"{n:2d}. [{label(status):7}] {progress.titles[step_id]}", step_id))
        current = self.steps.value
        self.steps.unobserve(self._selected, names="value")
        self.steps.options = options
        if current in self.order:
            self.steps.value = current
        self.steps.observe(self._selected, names="value")

    def refresh(self) -> None:
        self.model.refresh()
        self.update_progress()
        for view in self.step_views.values():
            view.on_disk_changed()

    def saved(self) -> None:
        """After a save: the disk changed, so the progress and every step's on-disk state are read again."""
        self.refresh()

    # -- navigation ------------------------------------------------------------------------------

    def _move(self, delta: int) -> None:
        index = self.order.index(self.steps.value) if self.steps.value in self.order else 0
        self.steps.value = self.order[max(0, min(len(self.order) - 1, index + delta))]

    def _selected(self, change: dict[str, Any]) -> None:
        self.show_step(change["new"])

    def show_step(self, step_id: str) -> None:
        if step_id not in self._panes:
            view = self._build(step_id)
            self.step_views[step_id] = view
            self._panes[step_id] = view.widget
        self.pane.children = [self._panes[step_id]]

    def select(self, step_id: str) -> None:
        self.steps.value = step_id

    def _build(self, step_id: str) -> Any:
        if step_id == END:
            return EndView(self)
        if step_id in registry.BY_ID:
            return RequirementView(self, registry.BY_ID[step_id])
        apply = next((s for s in self.model.dvipa_steps if s.id == step_id), None)
        if apply is not None:
            return ApplyView(self, apply)
        verify = next(v for v in self.model.verify_steps if v.id == step_id)
        return VerifyView(self, verify)


# --------------------------------------------------------------------------- shared parts of a step


class _PasteAndSave:
    """A paste box, its verdict, and Save (with the replace question): what every step with a display has."""

    def __init__(self, walk: Walk, rel_of: Any, placeholder: str):
        W = walk.W
        self.walk = walk
        self.rel_of = rel_of  # callable: () -> the record-relative file the paste is saved as
        self.paste = _css(W.Textarea(placeholder=placeholder, continuous_update=True,
                                     layout=W.Layout(width="100%", height="12em")), "zha-walk-paste")
        self.verdict = _css(W.HTML(), "zha-walk-verdict")
        self.save_button = _css(W.Button(description="Save as evidence", button_style="primary", disabled=True, layout=W.Layout(width="auto"),
                                         tooltip="write the response into the record's evidence folder"), "zha-walk-save")
        self.save_status = _css(W.HTML(), "zha-walk-saved")
        self.question = _css(W.HTML(), "zha-walk-question")
        self.replace_button = _css(W.Button(description="Replace it", button_style="warning"), "zha-walk-replace")
        self.cancel_button = _css(W.Button(description="Keep the file"), "zha-walk-cancel")
        self.confirm = _css(W.VBox([self.question, W.HBox([self.replace_button, self.cancel_button])],
                                   layout=W.Layout(display="none")), "zha-walk-confirm")
        self.save_button.on_click(lambda _b: self.save(False))
        self.replace_button.on_click(lambda _b: self.save(True))
        self.cancel_button.on_click(lambda _b: self._cancel())
        self.paste.observe(self._pasted, names="value")

    def _pasted(self, _change: dict[str, Any]) -> None:
        self.confirm.layout.display = "none"
        self.save_status.value = ""
        self.save_button.disabled = not self.paste.value.strip()
        self.judge()

    def judge(self) -> None:  # overridden
        raise NotImplementedError

    def save(self, replace: bool) -> None:
        text = self.paste.value
        if not text.strip():
            return
        rel = self.rel_of()
        try:
            result = walkmodel.save(self.walk.model.folder, rel, text, replace=replace)
        except OSError as exc:
            self.save_status.value = nb.status_line("fail", f"Cannot write {rel}: {exc.strerror or exc}").markup
            return
        if result.outcome == "exists":
            self.question.value = f"<p><b>{nb.esc(result.question)}</b></p>"
            self.confirm.layout.display = "flex"
            return
        self.confirm.layout.display = "none"
        words = "Saved" if result.outcome == "saved" else "Already saved, unchanged:"
        self.save_status.value = nb.status_line(
            "pass", f"{words} {rel} in {self.walk.model.shown_folder()[0]}; the next "
                    f"'{self.walk.model.run_command()}' reads it.").markup
        self.walk.saved()

    def _cancel(self) -> None:
        self.confirm.layout.display = "none"
        self.save_status.value = nb.status_line("info", f"Kept {self.rel_of()} as it is; nothing was written.").markup

    def row(self) -> Any:
        W = self.walk.W
        return W.VBox([self.paste, self.verdict, W.HBox([self.save_button]), self.confirm, self.save_status])


# --------------------------------------------------------------------------- requirement steps


class RequirementView(_PasteAndSave):
    """One requirement: what and why, the displays per system, paste or collect, verdict, save."""

    def __init__(self, walk: Walk, requirement: registry.Requirement):
        W = walk.W
        self.requirement = requirement
        model = walk.model
        systems = list(model.record.sysplex.system_names)
        self.system = _css(W.ToggleButtons(options=systems, value=systems[0], description="System:"), "zha-walk-system")
        super().__init__(walk, lambda: walkmodel.requirement_file(requirement.id, self.system.value),
                         "Paste the response of the displays above, as captured on the system chosen "
                         "(console, SDSF, SYSLOG or netstat output)")
        self.head = _css(W.HTML(), "zha-walk-step-head")
        self.commands = _css(W.HTML(), "zha-walk-commands")
        self.on_disk = _css(W.HTML(), "zha-walk-on-disk")
        self.collect_button = _css(W.Button(description="Collect through z/OSMF", icon="download",
                                                layout=W.Layout(width="auto")), "zha-walk-collect")
        self.user = _css(W.Text(value=walk.zosmf["user"] or walkmodel.user_from_environment(),
                                placeholder="z/OSMF user ID"), "zha-walk-user")
        self.password = _css(W.Password(placeholder="z/OSMF password (used once, never kept)"), "zha-walk-password")
        self.collect_go = _css(W.Button(description="Collect now"), "zha-walk-collect-go")
        self.collect_box = W.HBox([self.user, self.password, self.collect_go], layout=W.Layout(display="none"))
        self.collect_status = _css(W.HTML(), "zha-walk-collect-status")
        self.collect_button.on_click(lambda _b: self._ask_password())
        self.collect_go.on_click(lambda _b: self.collect())
        self.recheck = _css(W.Button(description="Check again"), "zha-walk-recheck")
        self.recheck.on_click(lambda _b: self.walk.refresh())
        self.system.observe(self._system_changed, names="value")
        self.displays = walkmodel.pasteable(requirement)
        title = requirement.text("title", model.record.zowe_release)
        heading = W.HTML(f"<h3>{nb.esc(requirement.short)}</h3><p><i>{nb.esc(title)}</i></p>")
        parts: list[Any] = [heading, self.head, _css(W.HTML(self._intro()), "zha-walk-text")]
        if self.displays:
            parts += [self.commands, self.system, self.paste,
                      W.HBox([self.collect_button, self.collect_box]), self.collect_status,
                      self.verdict, W.HBox([self.save_button]), self.confirm, self.save_status]
        else:
            parts += [W.HTML("<p>Nothing to paste here: this requirement reads the files the change record names "
                             "(zowe.config). Edit them, then check again.</p>"), self.recheck]
        parts.append(self.on_disk)
        self.widget = _css(W.VBox(parts), "zha-walk-step", "zha-walk-requirement", f"zha-walk-req-{requirement.id}")
        self._show_commands()
        self.on_disk_changed()
        self.judge()

    def _intro(self) -> str:
        req, rel = self.requirement, self.walk.model.record.zowe_release
        return (_para("What it is.", req.what) + _para("Why Zowe HA needs it.", req.text("why", rel))
                + _para("When.", req.text("when", rel)) + _para("How to verify.", req.text("verify", rel)))

    def _show_commands(self) -> None:
        record = self.walk.model.record
        name = self.system.value
        system = record.system(name)
        blocks = []
        for d in self.displays:
            how = f"on {name}" if d.console else f"by hand, for {name}"
            blocks.append(copy_block(d.command(system), f"{d.purpose} ({how})"))
        self.commands.value = "".join(blocks)

    def _system_changed(self, _change: dict[str, Any]) -> None:
        self._show_commands()
        self.paste.value = ""
        self.collect_status.value = ""
        self.judge()

    def on_disk_changed(self) -> None:
        status, findings = self.walk.model.requirement_status(self.requirement.id)
        table = nb.findings_table(findings).markup if findings else ""
        self.head.value = (f"<p>{_badge(status)} On disk now: {nb.esc(walkmodel.state_of(status))}"
                           f"{'' if findings else ' (no finding yet)'}</p>")
        reason = self.walk.model.applies.get(self.requirement.id)
        note = f"<p><i>Does not apply: {nb.esc(reason)}</i></p>" if reason else ""
        self.on_disk.value = f"<details><summary>Every finding of this requirement on disk now</summary>{note}{table}</details>"

    def judge(self) -> None:
        model = self.walk.model
        name = self.system.value
        verdict = pastecheck.judge(model.record, self.requirement, name, self.paste.value, model.evidence, model.zowe,
                                   model.applies, walkmodel.requirement_file(self.requirement.id, name))
        self.verdict.value = requirement_verdict_html(verdict, self.requirement, model.record.zowe_release,
                                                      bool(self.paste.value.strip()))

    # -- z/OSMF -----------------------------------------------------------------------------------

    def _ask_password(self) -> None:
        if not self.walk.zosmf["url"]:
            self.collect_status.value = nb.status_line(
                "info", "Set zosmf_url (and zosmf_user) in the notebook's parameters cell and run it again to collect "
                        "through z/OSMF; or paste the response.").markup
            return
        if walkmodel.password_from_environment() and self.user.value.strip():
            self.collect()
            return
        self.collect_box.layout.display = "flex"

    def collect(self) -> None:
        """Issue this requirement's console displays on the chosen system; the answer fills the paste box."""
        settings = self.walk.zosmf
        user = self.user.value.strip()
        if not user:
            self.collect_status.value = nb.status_line("info", "Type your z/OSMF user ID first.").markup
            self.collect_box.layout.display = "flex"
            return
        secret = self.password.value or walkmodel.password_from_environment()
        self.password.value = ""  # used once: never kept in the widget or the kernel past this call
        self.collect_box.layout.display = "none"
        self.collect_status.value = nb.status_line("info", f"Collecting from {settings['url']} as {user}...").markup
        try:
            text, notes = walkmodel.collect_text(self.walk.model.record, self.system.value, self.displays,
                                                 settings["url"], user, secret, settings["ca_bundle"],
                                                 settings["poll_interval"])
        except walkmodel.CollectFailed as exc:
            self.collect_status.value = nb.status_line("fail", f"Collection stopped, nothing collected: {exc}").markup
            return
        finally:
            del secret
        said = "; ".join(notes)
        self.collect_status.value = nb.status_line(
            "pass" if not notes else "warn",
            f"Collected from {self.system.value}; check the verdict, then save it." + (f" Notes: {said}" if said else "")).markup
        self.paste.value = text


def requirement_verdict_html(verdict: pastecheck.PasteVerdict, requirement: registry.Requirement, release: str,
                             pasted: bool) -> str:
    """The verdict on a paste: the badge and message, the findings, the fix, and what the paste held."""
    if not pasted:
        return f"<p>{_badge(Status.UNKNOWN, 'waiting')} {nb.esc(verdict.message)}</p>"
    parts = [f'<p class="zha-walk-verdict-line" data-status="{nb.esc(verdict.status)}">{_badge(verdict.status)} '
             f"<b>{nb.esc(verdict.message)}</b> <i>(not saved yet)</i></p>"]
    if verdict.findings:
        parts.append(nb.findings_table(verdict.findings).markup)
    if verdict.status not in (Status.PASS, Status.NA):
        parts.append(_para("Fix.", requirement.text("fix", release)))
    if verdict.read:
        parts.append(f"<p><small>Read from the paste: {nb.esc('; '.join(verdict.read))}</small></p>")
    if verdict.problems:
        parts.append(f"<p><small>Not used: {nb.esc('; '.join(verdict.problems))}</small></p>")
    return "".join(parts)


# --------------------------------------------------------------------------- DVIPA steps


def step_verdict_html(verdict: StepVerdict | None, pasted: bool, rollback: str = "", rollback_commands: tuple[str, ...] = (),
                      system: str = "") -> str:
    """A DVIPA step's verdict: verified, what differs (and the roll-back), or what is still to paste."""
    if verdict is None or not pasted:
        return f"<p>{_badge(Status.UNKNOWN, 'waiting')} Paste the display(s) above to check this step.</p>"
    word = {Status.PASS: "verified", Status.FAIL: "differs"}.get(verdict.status, "incomplete")
    parts = [f'<p class="zha-walk-verdict-line" data-status="{nb.esc(verdict.status)}">{_badge(verdict.status, word)} '
             f"<b>{nb.esc(verdict.message)}</b></p>"]
    if verdict.differences:
        title = "What differs" if verdict.status == Status.FAIL else "Notes"
        items = "".join(f"<li>{nb.esc(d)}</li>" for d in verdict.differences)
        parts.append(f'<div class="zha-walk-differences"><b>{title}:</b><ul>{items}</ul></div>')
    if verdict.read:
        parts.append(f"<p><small>Read from the paste: {nb.esc('; '.join(verdict.read))}</small></p>")
    if verdict.status == Status.FAIL and rollback:
        parts.append(f'<div class="zha-walk-rollback"><p><b>Roll back {nb.esc(system)}</b> if you cannot correct it: '
                     "put this text in a data set of its own, check it, then apply it.</p>"
                     + copy_block(rollback.rstrip("\n"), f"Roll-back statements for {system}")
                     + "".join(copy_block(c) for c in rollback_commands) + "</div>")
    return "".join(parts)


class ApplyView(_PasteAndSave):
    """One OBEYFILE step of the operator sheet, in its order."""

    def __init__(self, walk: Walk, step: ApplyStep):
        W = walk.W
        self.step = step
        super().__init__(walk, lambda: walkmodel.apply_file(step),
                         f"Paste {' and '.join(step.displays)} here, as displayed after the OBEYFILE")
        self.head = _css(W.HTML(), "zha-walk-step-head")
        title = W.HTML(f"<h3>{nb.esc(step.title)}</h3>")
        self.widget = _css(W.VBox([title, self.head, _css(W.HTML(self._body()), "zha-walk-text"), self.row()]),
                           "zha-walk-step", "zha-walk-apply", f"zha-walk-apply-{step.system}")
        self.on_disk_changed()
        self.judge()

    def _body(self) -> str:
        s = self.step
        rb_set = f"<roll-back data set for {s.system}>"
        self.rollback_commands = (f"V TCPIP,{s.proc},SYNTAXCHECK,{rb_set}", f"V TCPIP,{s.proc},OBEYFILE,DSN={rb_set}")
        happens = "".join(f"<p>{nb.esc(h)}</p>" for h in s.happens)
        expect = (_bullets(s.expect) if s.expect else
                  f"<p>No Dynamic VIPA definitions for this change ({nb.esc(s.system)} is only a target).</p>")
        if s.has_role:
            state = f"<p>Then, from any system, the state the next step starts from:</p>{copy_block(s.state_command)}{_bullets(s.state)}"
        else:
            state = (f"<p>Also look at its home list (the kit does not read this display; check it by eye):</p>"
                     f"{copy_block(s.state_command)}{_bullets(s.state)}")
        return (f"<p>1. On {nb.esc(s.system)}, display the IP configuration first (if dynamic XCF is already on with the "
                "planned address, drop DYNAMICXCF and its operands from the IPCONFIG statement below; if it is on with "
                "another address, stop):</p>" + copy_block(s.config_command)
                + f"<p>2. Put these statements into <code>{nb.esc(s.dataset)}</code>:</p>"
                + copy_block(s.statements.rstrip("\n"), f"OBEYFILE data set for {s.system}", "zha-walk-statements")
                + f"<p>3. Check the syntax, then apply it, on {nb.esc(s.system)}:</p>"
                + "".join(copy_block(c) for c in s.commands) + happens
                + f"<p>4. Verify on {nb.esc(s.system)}:</p>" + copy_block(s.verify_command)
                + f"<p>It must show:</p>{expect}{state}")

    def on_disk_changed(self) -> None:
        saved = self.walk.model.apply_verdict(self.step)
        if saved is None:
            self.head.value = f"<p>{_badge(Status.UNKNOWN, 'to do')} Nothing saved for this step yet.</p>"
        else:
            self.head.value = (f"<p>{_badge(saved.status)} Saved in {nb.esc(walkmodel.apply_file(self.step))}: "
                               f"{nb.esc(saved.message)}</p>")

    def judge(self) -> None:
        text = self.paste.value
        verdict = self.walk.model.apply_verdict(self.step, text) if text.strip() else None
        self.verdict.value = step_verdict_html(verdict, bool(text.strip()), self.step.rollback,
                                               self.rollback_commands, self.step.system)


class VerifyView(_PasteAndSave):
    """The sysplex-wide verification of one DVIPA after the last step."""

    def __init__(self, walk: Walk, step: VerifyStep):
        W = walk.W
        self.step = step
        super().__init__(walk, lambda: walkmodel.verify_file(step),
                         f"Paste {' and '.join(step.displays)} (the latter from {step.owner}) here")
        self.head = _css(W.HTML(), "zha-walk-step-head")
        body = (f"<p>From any system (here {nb.esc(step.owner)}):</p>"
                + copy_block(step.displays[0]) + f"<p>It must show:</p>{_bullets(step.vipadyn)}"
                + f"<p>On the distributor {nb.esc(step.owner)} (other stacks have no destination port table):</p>"
                + copy_block(step.displays[1]) + f"<p>It must show:</p>{_bullets(step.vdpt)}")
        self.widget = _css(W.VBox([W.HTML(f"<h3>{nb.esc(step.title)}</h3>"), self.head,
                                   _css(W.HTML(body), "zha-walk-text"), self.row()]), "zha-walk-step", "zha-walk-verify")
        self.on_disk_changed()
        self.judge()

    def on_disk_changed(self) -> None:
        saved = self.walk.model.verify_verdict(self.step)
        if saved is None:
            self.head.value = f"<p>{_badge(Status.UNKNOWN, 'to do')} Nothing saved for this step yet.</p>"
        else:
            self.head.value = (f"<p>{_badge(saved.status)} Saved in {nb.esc(walkmodel.verify_file(self.step))}: "
                               f"{nb.esc(saved.message)}</p>")

    def judge(self) -> None:
        text = self.paste.value
        verdict = self.walk.model.verify_verdict(self.step, text) if text.strip() else None
        self.verdict.value = step_verdict_html(verdict, bool(text.strip()))


# --------------------------------------------------------------------------- the end


class EndView:
    """Run the report in a subprocess, show its lines as they come and its outcome, then the sign command."""

    def __init__(self, walk: Walk):
        W = walk.W
        self.walk = walk
        self.run_button = _css(W.Button(description="Run the report", button_style="primary", icon="play"), "zha-walk-run")
        self.log = _css(W.Textarea(value="", disabled=True, layout=W.Layout(width="100%", height="14em")), "zha-walk-run-log")
        self.outcome = _css(W.HTML(), "zha-walk-run-outcome")
        self.run_button.on_click(lambda _b: self.run())
        model = walk.model
        where = model.shown_folder()[1]
        intro = (f"<h3>Run the report and sign it</h3><p>The report is what the change board reads and signs: "
                 f"<code>{nb.esc(model.run_command())}</code> ({nb.esc(where)}) runs the report notebooks over the "
                 "evidence saved here. The button runs the same command and shows its progress.</p>")
        self.widget = _css(W.VBox([W.HTML(intro), self.run_button, self.log, self.outcome]), "zha-walk-step", "zha-walk-end")

    def on_disk_changed(self) -> None:
        pass

    def run(self) -> None:
        model = self.walk.model
        where = model.shown_folder()[1]
        self.run_button.disabled = True
        self.log.value = f"$ {model.run_command()}\n"
        self.outcome.value = nb.status_line("info", "Running the report notebooks; this takes a minute or two...").markup

        def line(text: str) -> None:
            self.log.value += text + "\n"

        try:
            result = walkmodel.run_report(model, line)
        except OSError as exc:
            self.outcome.value = nb.status_line("error", f"Cannot start zowe-ha run: {one_line(str(exc))}").markup
            self.run_button.disabled = False
            return
        self.run_button.disabled = False
        outcome = result.outcome or ("error" if result.exit_code == 2 else "unknown")
        if result.ready:
            said = "The change is ready to apply. Sign the report:"
        elif result.exit_code == 2:
            said = "The report could not run (see the lines above)."
        else:
            said = ("The change is not ready: fix what failed or capture what is missing, then run the report again. "
                    "To record a decision on this report as it is, sign it (with --decision reject and a comment):")
        sign = "" if result.exit_code == 2 else copy_block(model.sign_command(), f"Sign ({where})", "zha-walk-sign")
        self.outcome.value = (f'<p class="zha-walk-outcome" data-outcome="{nb.esc(outcome)}">'
                              f"{_badge(outcome)} <b>Report outcome: {nb.esc(outcome)}</b> "
                              f"(zowe-ha run exit code {result.exit_code}). {nb.esc(said)}</p>{sign}")
        self.walk.refresh()
