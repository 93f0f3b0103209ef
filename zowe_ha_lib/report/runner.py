"""Executing the report notebooks of change records with papermill.

This module only executes: it finds the notebooks, runs each with papermill in
this process (threads, one kernel each, several records on one pool of
kernels: :func:`run_groups`) and decides every notebook's outcome. Where the
files end up, the scrubbing and the manifest belong to
:mod:`zowe_ha_lib.report.build`; the kernels themselves to
:mod:`zowe_ha_lib.report.kernels`.

Three papermill habits shape the code:

* a cell timeout or a dead kernel does not raise papermill's own error and
  marks the cells that never ran "completed" in ``metadata.papermill``, so an
  outcome comes from the exception raised and the notebook's own outcome
  record (:func:`zowe_ha_lib.outcome.read`), never from that metadata;
* kernels over TCP race for ports when started together, so every kernel here
  talks over IPC sockets with a unique path in a private 0700 folder, named
  after the run's process so that the next run can sweep one a ``kill -9``
  left behind (:func:`sweep_socket_dirs`);
* papermill's ``cwd=`` changes the working directory of the whole process,
  which threads cannot share, so the kernel's working directory is passed to
  nbclient instead (``resources.metadata.path``).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..resources import notebooks_dir
from ..runbook import outcome as outcome_mod
from ..util import jsontext
from ..util.errors import InputError, Problem, one_line
from ..util.fsutil import left_behind, owned_prefix
from ..util.lightimport import import_module
from . import kernels

NOTEBOOK_NAME = re.compile(r"^(\d\d)-([a-z0-9][a-z0-9-]*)\.ipynb$")
PARAMETERS = {"record": "."}
DEFAULT_TIMEOUT = 600.0
START_TIMEOUT = 60
ENGINE = "zowe-ha-report"
#: Packages whose modules the fork server imports for the kernels when a notebook imports them
#: (the kit and IPython's display: nothing a record folder could hold instead).
PRELOADED_PACKAGES = ("zowe_ha_lib", "IPython")
#: Kit modules the report notebooks reach only inside the kit's functions: runbook.steps
#: imports the requirement checks on first use (the guided-setup form never needs them).
LAZY_KIT_MODULES = ("zowe_ha_lib.checks",)


@dataclass(frozen=True)
class NotebookSpec:
    """A report notebook as found on disk: ``notebooks/NN-slug.ipynb``."""

    name: str
    path: Path
    title: str
    depends: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()


@dataclass
class NotebookResult:
    """What became of one notebook: the manifest's ``notebooks[]`` item."""

    name: str
    title: str
    file: str | None
    status: str
    summary: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    duration_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "file": self.file, "title": self.title, "status": self.status,
            "summary": self.summary, "steps": self.steps, "error": self.error,
            "duration_s": round(self.duration_s, 3),
        }


def default_notebook_dir() -> Path:
    """The kit's report notebooks (the checkout's ``notebooks/``, or the copy in the wheel)."""
    return notebooks_dir()


def discover(folder: Path) -> list[NotebookSpec]:
    """The report notebooks of ``folder`` in run order; InputError on bad metadata.

    Only ``NN-slug.ipynb`` files take part (``guided-setup.ipynb`` is for people).
    A notebook may depend only on notebooks that run before it, which rules out
    cycles and keeps the order the file names promise.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(Problem(str(folder), None, "", "no such notebook folder"))
    specs: list[NotebookSpec] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if not NOTEBOOK_NAME.match(path.name):
            continue
        shown = str(path)
        try:
            nb = jsontext.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(Problem(shown, None, "", f"not a readable notebook: {one_line(str(exc))}"))
            continue
        meta = (nb.get("metadata") or {}).get("zowe_ha") or {}
        if not isinstance(meta, dict):
            problems.append(Problem(shown, None, "metadata.zowe_ha", "must be a mapping with title and depends"))
            continue
        depends = meta.get("depends") or []
        if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
            problems.append(Problem(shown, None, "metadata.zowe_ha.depends", "must be a list of notebook names"))
            continue
        earlier = {s.name for s in specs}
        for dep in depends:
            if dep not in earlier:
                problems.append(
                    Problem(shown, None, "metadata.zowe_ha.depends", f"{dep!r} is not a report notebook that runs before this one")
                )
        name = path.stem
        specs.append(NotebookSpec(name, path, str(meta.get("title") or name), tuple(depends), _imports(nb)))
    if problems:
        raise InputError(problems)
    if not specs:
        raise InputError(Problem(str(folder), None, "", "holds no report notebooks (NN-slug.ipynb)"))
    return specs


def _reason(exc: BaseException, watch: kernels.KernelWatch, timeout: float, starting: bool = False) -> str:
    """One line saying why a notebook did not complete."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError  # local: see run_groups
    from papermill.exceptions import PapermillExecutionError  # local: see run_groups

    if starting:
        return one_line(f"its kernel did not start: {type(exc).__name__}: {exc}", 200)
    if watch.fired:
        return f"timed out: the notebook ran longer than {timeout:g} s and its kernel was stopped"
    if isinstance(exc, CellTimeoutError):
        return f"timed out: a cell ran longer than {timeout:g} s"
    if isinstance(exc, DeadKernelError):
        return "the kernel died while running the notebook"
    if isinstance(exc, PapermillExecutionError):
        return one_line(f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}", 200)
    return one_line(f"{type(exc).__name__}: {exc}", 200)


@functools.cache
def _engine() -> str:
    """The papermill engine of the runner: nbclient's, writing the notebook once.

    papermill's own engine writes the whole notebook (and nbformat validates
    it) before and after every cell, so that somebody can watch it grow, and
    once more when it ends. A report notebook is written into a staging folder
    nobody watches: papermill's last write is enough when the notebook runs to
    its end or stops at a cell's error; when it stops otherwise (a timeout, a
    dead kernel) papermill writes nothing more, so this engine writes what ran.
    """
    from papermill import engines  # local: see run_groups

    class SaveOnStop(engines.NotebookExecutionManager):
        stopped = False

        def save(self, **kwargs: Any) -> None:
            if self.stopped:
                super().save(**kwargs)

    class ReportEngine(engines.NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb: Any, kernel_name: str, output_path: str | None = None, progress_bar: bool = False,
                             log_output: bool = False, autosave_cell_every: int = 30, **kwargs: Any) -> Any:
            nb_man = SaveOnStop(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            except BaseException:
                nb_man.stopped = True  # saved by notebook_complete() below
                raise
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    engines.papermill_engines.register(ENGINE, ReportEngine)
    return ENGINE


class _Slots:
    """The ``--jobs`` slots, given to the notebooks in the order they were taken on.

    A notebook whose kernel is up early still waits for those taken on
    before it, so records run (and their reports appear) in the order given.
    Every ticket handed out is held once (even by a notebook whose kernel did
    not start), or the run is stopped, which lets every waiter through.
    """

    def __init__(self, count: int) -> None:
        self._free = max(1, count)
        self._issued = 0
        self._turn = 0
        self._stopped = False
        self._cond = threading.Condition()

    def ticket(self) -> int:
        self._issued += 1
        return self._issued - 1

    @contextlib.contextmanager
    def hold(self, ticket: int) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: self._stopped or (self._turn == ticket and self._free > 0))
            held = not self._stopped
            if held:
                self._free -= 1
                self._turn += 1
                self._cond.notify_all()
        try:
            yield
        finally:
            if held:
                with self._cond:
                    self._free += 1
                    self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()


@dataclass
class _Lanes:
    """What the notebook threads of one run share: the kernels' folder and server, the slots, the watches."""

    socket_dir: Path
    server: kernels.ForkServer | None
    slots: _Slots
    timeout: float
    watches: list[kernels.KernelWatch] = field(default_factory=list)
    stopped: bool = False

    def watch(self) -> kernels.KernelWatch:
        watch = kernels.KernelWatch()
        if self.stopped:
            watch.fired = True
        self.watches.append(watch)
        return watch

    def stop(self) -> None:
        """Ctrl-C or a bug: kill every kernel and refuse new ones, so that every thread returns now."""
        self.stopped = True
        for watch in list(self.watches):
            watch.kill()
        self.slots.stop()


def execute_one(spec: NotebookSpec, output: Path, cwd: Path, lanes: _Lanes, ticket: int,
                announce: Callable[[NotebookResult], None] | None = None) -> NotebookResult:
    """Run one notebook into ``output``; never raises for a notebook's own failure.

    Its kernel is started first, while other notebooks hold every slot (so
    that no notebook waits for a kernel); the notebook runs once it gets one
    of the ``--jobs`` slots, and its time limit counts from then. The result
    is announced as soon as it is known; the slot is given back and the kernel
    shut down after that.
    """
    import papermill  # local: loaded by run_groups through lightimport

    watch = lanes.watch()
    kernel: kernels.StartedKernel | None = None
    error: str | None = None
    try:
        try:
            kernel = kernels.start(cwd, lanes.socket_dir, watch, lanes.server, START_TIMEOUT)
        except OSError:
            raise  # the folder is gone or the disk is full: the record stops (see run_groups)
        except Exception as exc:
            error = _reason(exc, watch, lanes.timeout, starting=True)
        with lanes.slots.hold(ticket):
            started = time.monotonic()
            if error is None and watch.fired:
                error = "not run: the run was stopped before its turn"
            if error is None:
                timer = threading.Timer(lanes.timeout, watch.kill)
                timer.daemon = True
                timer.start()
                try:
                    papermill.execute_notebook(
                        str(spec.path), str(output), parameters=dict(PARAMETERS), engine_name=_engine(),
                        kernel_name="python3", progress_bar=False, log_output=False, start_timeout=START_TIMEOUT,
                        execution_timeout=lanes.timeout, km=kernel.manager if kernel else None,
                        resources={"metadata": {"path": str(cwd)}},
                    )
                except OSError:
                    # From papermill's own writing, never from a cell (those raise
                    # PapermillExecutionError): the disk is full or the folder is gone.
                    raise
                except Exception as exc:  # the notebook's failure, recorded as its outcome
                    error = _reason(exc, watch, lanes.timeout)
                finally:
                    timer.cancel()
            duration = time.monotonic() - started
        file = output.name if output.exists() else None
        if error is not None:
            result = NotebookResult(spec.name, spec.title, file, "error", error, [], error, duration)
        else:
            result = _from_record(spec, output, duration)
        if announce:
            announce(result)
        return result
    finally:
        if kernel is not None:
            kernel.stop()
        watch.end()  # processes the notebook started end with its kernel


def _lane(spec: NotebookSpec, output: Path, cwd: Path, lanes: _Lanes, ticket: int, done: Future) -> None:
    """One notebook in a pool thread; ``done`` gets its result (before its kernel is shut down) or its OSError."""
    try:
        execute_one(spec, output, cwd, lanes, ticket, done.set_result)
    except BaseException as exc:
        if not done.done():
            done.set_exception(exc)
        if not isinstance(exc, Exception):
            raise


def _from_record(spec: NotebookSpec, output: Path, duration: float) -> NotebookResult:
    """The outcome a completed notebook recorded about itself."""
    try:
        nb = jsontext.loads(output.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        why = one_line(f"executed notebook unreadable: {exc}")
        return NotebookResult(spec.name, spec.title, None, "error", why, [], why, duration)
    records = outcome_mod.read(nb)
    if not records:
        why = "the notebook ended without recording an outcome (did it stop early?)"
        return NotebookResult(spec.name, spec.title, output.name, "error", why, [], why, duration)
    last = records[-1]
    status = outcome_mod.as_outcome(last.get("status"))
    if status not in outcome_mod.STATUSES:
        why = f"the notebook recorded an unknown outcome status {one_line(repr(status), 40)}"
        return NotebookResult(spec.name, spec.title, output.name, "error", why, [], why, duration)
    steps = last.get("steps") if isinstance(last.get("steps"), list) else []
    summary = str(last.get("summary", ""))
    err = summary if status == "error" else None
    return NotebookResult(spec.name, spec.title, output.name, status, summary, steps, err, duration)


SOCKET_PREFIX = "zowe-ha-kernels-"
_UNNAMED_AGE_S = 24 * 3600


def sweep_socket_dirs(where: Path | None = None) -> list[Path]:
    """Remove kernel socket folders that runs killed before they could (this user's only); the removed.

    A run names its folder ``zowe-ha-kernels-<pid>-*`` and removes it on the
    way out, Ctrl-C and termination included; a ``kill -9`` leaves it, so
    each run sweeps the folders whose process is gone. Folders without a pid
    (kits before this one) are swept once they are a day old, since a run of
    such a kit may still be using one.
    """
    where = Path(where or tempfile.gettempdir())
    removed = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(SOCKET_PREFIX) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if info.st_uid != os.getuid():
            continue
        pid, named, _ = entry.name[len(SOCKET_PREFIX):].partition("-")  # mkdtemp's own letters hold no "-"
        stale = left_behind(entry.name, SOCKET_PREFIX) if named and pid.isdigit() \
            else time.time() - info.st_mtime > _UNNAMED_AGE_S
        if stale:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _imports(nb: Any) -> tuple[str, ...]:
    """The modules a notebook's code cells import (``from a import b`` names ``a`` and ``a.b``, which may be one)."""
    names: list[str] = []
    for cell in nb.get("cells") or []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        source = "".join(source) if isinstance(source, list) else source
        try:
            tree = ast.parse(source if isinstance(source, str) else "")
        except (SyntaxError, ValueError):  # IPython magics, or no Python at all: the kernel will say
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module, *(f"{node.module}.{a.name}" for a in node.names if a.name != "*")]
    return tuple(dict.fromkeys(names))


def preload_modules(specs: Iterable[NotebookSpec]) -> list[str]:
    """What the fork server imports for the kernels: the kit and IPython modules the notebooks import."""
    names = [n for s in specs for n in s.imports if n.split(".")[0] in PRELOADED_PACKAGES]
    if any(n.split(".")[0] == "zowe_ha_lib" for n in names):
        names += LAZY_KIT_MODULES
    return list(dict.fromkeys(names))


class Group(Protocol):
    """One change record's notebooks, as the runner sees them (:mod:`zowe_ha_lib.report.build` makes them).

    :meth:`start` is called when the first of them is about to run and
    returns ``(folder for the executed notebooks, the kernels' working
    directory)``, or None when the record cannot run (it said why itself).
    :meth:`complete` is called once, from the runner's report thread, when
    every notebook has ended, with their results in ``specs`` order, or with
    the OSError that stopped them.
    """

    specs: Sequence[NotebookSpec]

    def start(self) -> tuple[Path, Path] | None: ...

    def complete(self, results: list[NotebookResult], error: OSError | None) -> None: ...


@dataclass
class _Running:
    """A started group: its notebooks still to run, the results so far, how many run now."""

    group: Group
    out_dir: Path
    cwd: Path
    pending: list[NotebookSpec]
    done: dict[str, NotebookResult] = field(default_factory=dict)
    running: int = 0
    error: OSError | None = None

    def ready(self) -> list[NotebookSpec]:
        """Pending notebooks whose dependencies have all ended."""
        return [s for s in self.pending if all(d in self.done for d in s.depends)]

    def results(self) -> list[NotebookResult]:
        return [self.done[s.name] for s in self.group.specs if s.name in self.done]


def run_groups(
    groups: Sequence[Group],
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[Group, NotebookResult], None] | None = None,
    ahead: int | None = None,
) -> None:
    """Run the notebooks of every group, ``jobs`` at a time, on one pool of kernels.

    Groups run in the order given, each notebook in its group's order; a
    group starts when the notebooks before it are all under way, so records
    overlap only at their edges (and few are open at once). ``ahead``
    (default: ``jobs``) more notebooks are taken on than there are slots:
    their kernels start while the slots are busy, so that a notebook never
    waits for its kernel. Every kernel is a new process, forked from the run's
    fork server (:mod:`zowe_ha_lib.report.forkserver`) where it can be.

    Within a group a notebook starts once every notebook it depends on has
    ended; it is not run at all (outcome "error") when one of those ended in
    "error", since its premise is gone. A notebook whose dependency merely
    found failures still runs: "fail" is a finding, not a broken run.
    ``on_done`` hears of every notebook that ended, in this thread.
    """
    # The Jupyter stack (papermill, nbclient, jupyter_client: ~1 s) is imported
    # inside the functions that run notebooks, never at module level: here
    # once, not by two threads at once, and without rfc3987_syntax (lightimport).
    groups = list(groups)
    if not groups:
        return
    sweep_socket_dirs()
    socket_dir = Path(tempfile.mkdtemp(prefix=owned_prefix(SOCKET_PREFIX)))  # mode 0700
    server = None
    # nbclient logs timeouts and dead kernels through papermill's logger; the
    # outcome line says the same, so keep the terminal to one line per notebook.
    pm_log = logging.getLogger("papermill")
    old_level = pm_log.level
    try:
        if kernels.can_fork():  # started first: it imports the kernel while this process imports papermill
            server = kernels.ForkServer(socket_dir, preload_modules(s for g in groups for s in g.specs))
        import_module("papermill")
        pm_log.setLevel(logging.CRITICAL)
        lanes = _Lanes(socket_dir, server, _Slots(jobs), timeout)
        width = max(1, jobs) + (max(1, jobs) if ahead is None else max(0, ahead))
        with ThreadPoolExecutor(max_workers=width, thread_name_prefix="zowe-ha-nb") as pool, \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="zowe-ha-report") as reports:
            try:
                _schedule(groups, pool, reports, lanes, width, on_done)
            except BaseException:
                # Ctrl-C or a bug: end the kernels (and refuse new ones) so the
                # threads return now instead of running their notebooks to the
                # end; a report being written is finished (the pools wait for it).
                lanes.stop()
                pool.shutdown(wait=False, cancel_futures=True)
                reports.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        pm_log.setLevel(old_level)
        if server is not None:
            server.close()
        shutil.rmtree(socket_dir, ignore_errors=True)


def _schedule(groups: list[Group], pool: ThreadPoolExecutor, reports: ThreadPoolExecutor, lanes: _Lanes, width: int,
              on_done: Callable[[Group, NotebookResult], None] | None) -> None:
    """The run's loop: take notebooks on while there is room, hand each finished group to the report thread."""
    queue = list(reversed(groups))
    active: list[_Running] = []
    running: dict[Future, tuple[_Running, NotebookSpec]] = {}
    writing: set[Future] = set()

    def ended(state: _Running, result: NotebookResult) -> None:
        state.done[result.name] = result
        if on_done:
            on_done(state.group, result)

    def settle(state: _Running) -> None:
        if not state.pending and not state.running:
            active.remove(state)
            writing.add(reports.submit(state.group.complete, state.results(), state.error))

    while queue or active or running or writing:
        taken = True
        while taken and len(running) < width:
            taken = False
            for state in list(active):
                for spec in state.ready():
                    if len(running) >= width:
                        break
                    state.pending.remove(spec)
                    taken = True
                    broken = [d for d in spec.depends if state.done[d].status == "error"]
                    if broken:
                        why = f"not run: it depends on {', '.join(broken)}, which ended in error"
                        ended(state, NotebookResult(spec.name, spec.title, None, "error", why, [], why, 0.0))
                        continue
                    future: Future = Future()
                    pool.submit(_lane, spec, state.out_dir / f"{spec.name}.ipynb", state.cwd, lanes,
                                lanes.slots.ticket(), future)
                    running[future] = (state, spec)
                    state.running += 1
                settle(state)
            if len(running) < width and queue and not any(s.ready() for s in active):
                group = queue.pop()
                where = group.start()
                if where is not None:
                    active.append(_Running(group, where[0], where[1], list(group.specs)))
                taken = True
        if not running and not writing:  # nothing under way, so the queue is empty too
            if active:
                raise RuntimeError("the runner has notebooks it can never start")  # a bug: discover() forbids it
            break
        finished, _ = wait([*running, *writing], return_when=FIRST_COMPLETED)
        for future in finished:
            if future in writing:
                writing.discard(future)
                future.result()  # complete() records the record's own failures; anything else is a bug
                continue
            state, spec = running.pop(future)
            state.running -= 1
            try:
                ended(state, future.result())
            except OSError as exc:  # the record's folder, not the notebook: the record stops
                state.error = state.error or exc
                state.pending.clear()
            settle(state)
