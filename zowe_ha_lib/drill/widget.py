"""The guided setup's drill section: the plan preview, and execution behind an explicit confirmation.

A drill changes a running sysplex, so the notebook never runs one by
running a cell: the panel shows the plan (what ``zowe-ha drill`` prints)
and a *Run the drill* button that stays disabled until the person has typed
the sysplex name and ticked that they may issue the listed commands now.
The click runs the same pre-flight, steps, restore and record as the
command line (:mod:`zowe_ha_lib.drill.session`); the progress lines and the
verdict appear under the button.

The password is asked when the cell runs (``getpass``: a masked prompt whose
answer is not saved in the notebook) or taken from ``ZOWE_HA_ZOSMF_PASSWORD``,
and kept only in this panel's memory: never in a widget, whose state a
notebook may save.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as W

from ..collect.credentials import ENV_PASSWORD, ENV_USER, Credentials
from ..record.load import load_record
from ..runbook import blocks
from ..tcpip.choose import ChoiceError
from ..util.errors import InputError
from .execute import PreflightError, Timing
from .plan import Plan, PlanError, build
from .session import Options, prepare


class DrillPanel:
    """Plan preview plus confirmation widgets; :meth:`run` is what the button does."""

    def __init__(self, plan: Plan | None, problem: str | None, options: Options | None,
                 credentials: Credentials | None):
        self.plan = plan
        self.options = options
        self._credentials = credentials
        self.preview = W.HTML(blocks.code(plan.text(), title=f"Drill plan: {plan.scenario} (nothing is issued yet)").markup
                              if plan else blocks.status_line("fail", f"No drill plan: {problem}").markup)
        sysplex = plan.sysplex if plan else "?"
        self.sysplex = W.Text(description="sysplex name", placeholder=f"type {sysplex} to confirm")
        self.sysplex.add_class("zha-drill-sysplex")
        self.agree = W.Checkbox(description="I may issue these commands on this sysplex now", indent=False)
        self.agree.add_class("zha-drill-agree")
        self.button = W.Button(description="Run the drill", button_style="danger", disabled=True)
        self.button.add_class("zha-drill-run")
        self.status = W.HTML()
        self.output = W.Output()
        self.box = W.VBox([self.preview, self.sysplex, self.agree, self.button, self.status, self.output])
        self.lines: list[str] = []
        self.verdict: str | None = None
        self.folder: Path | None = None
        if options is None:
            self.status.value = blocks.para("Execution is off: set zosmf_url (a system's own z/OSMF, not the DVIPA) in the "
                                            "parameters cell and run the cells again.").markup
        for widget in (self.sysplex, self.agree):
            widget.observe(self._update, names="value")
        self.button.on_click(lambda _b: self.run())

    @classmethod
    def open(cls, record: str | os.PathLike[str], scenario: str, url: str, user: str | None = None, *,
             ca_bundle: str | None = None, timing: Timing | None = None, probe: str | None = None,
             probe_interval: float = 0.2, ask: Callable[[str], str] | None = None) -> DrillPanel:
        """The panel for ``scenario`` on ``record``; with an empty ``url`` only the plan is shown."""
        try:
            plan = build(load_record(record), scenario)
        except (PlanError, ChoiceError, InputError) as exc:
            return cls(None, str(exc), None, None)
        if not url:
            return cls(plan, None, None, None)
        name = user or os.environ.get(ENV_USER) or ""
        if not name:
            return cls(plan, None, None, None)
        secret = os.environ.get(ENV_PASSWORD) or (ask or getpass.getpass)(f"Password for {name} at {url}: ")
        options = Options(url, ca_bundle or None, timing=timing or Timing(), probe=probe or None,
                          probe_interval=probe_interval)
        return cls(plan, None, options, Credentials(name, secret, "prompt"))

    def _update(self, _change: object = None) -> None:
        ready = (self.plan is not None and self.options is not None and self.agree.value
                 and self.sysplex.value.strip().upper() == self.plan.sysplex.upper())
        self.button.disabled = not ready

    def _say(self, line: str) -> None:
        self.lines.append(line)
        self.status.value = blocks.code("\n".join(self.lines[-40:]), title="Drill progress").markup

    def run(self) -> str | None:
        """Run the drill if confirmed; returns the verdict (None when it did not start)."""
        self._update()
        if self.button.disabled or self.plan is None or self.options is None or self._credentials is None:
            self._say("not confirmed: type the sysplex name and tick the box first; nothing was issued")
            return None
        self.button.disabled = True
        self.agree.value = False  # one confirmation, one drill
        try:
            session = prepare(self.plan, self._credentials, self.options, self._say)
            session.preflight()
        except (PreflightError, InputError) as exc:
            self._say(f"refused: {exc}")
            return None
        result, folder = session.run()
        self.verdict, self.folder = result.verdict, folder
        for line in result.manual:
            self._say(f"RESTORE BY HAND: {line}")
        self._say(f"{result.verdict}: record drills/{folder.name}/ (run the report again to sign it)")
        return result.verdict

    def _repr_mimebundle_(self, **_kwargs: object) -> dict[str, object]:
        """The widgets, plus a static HTML copy (the plan) for papermill and viewers without a widget manager."""
        bundle = dict(self.box._repr_mimebundle_())
        bundle["text/html"] = self.preview.value + self.status.value
        scenario = self.plan.scenario if self.plan else "no plan"
        bundle["text/plain"] = f"Failover drill panel: {scenario}" + ("" if self.options else " (plan only)")
        return bundle
