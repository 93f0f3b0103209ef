"""Executing the report notebooks of one change record with papermill.

This module only executes: it finds the notebooks, runs each with papermill in
this process (threads, one kernel each) and decides every notebook's outcome.
Where the files end up, the scrubbing and the manifest belong to
:mod:`zowe_ha_lib.report`.

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

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..resources import notebooks_dir
from ..runbook import outcome as outcome_mod
from ..util import jsontext
from ..util.errors import InputError, Problem, one_line
from ..util.fsutil import left_behind, owned_prefix
from ..util.lightimport import import_module

NOTEBOOK_NAME = re.compile(r"^(\d\d)-([a-z0-9][a-z0-9-]*)\.ipynb$")
PARAMETERS = {"record": "."}
DEFAULT_TIMEOUT = 600.0
START_TIMEOUT = 60


@dataclass(frozen=True)
class NotebookSpec:
    """A report notebook as found on disk: ``notebooks/NN-slug.ipynb``."""

    name: str
    path: Path
    title: str
    depends: tuple[str, ...] = ()


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
        specs.append(NotebookSpec(name, path, str(meta.get("title") or name), tuple(depends)))
    if problems:
        raise InputError(problems)
    if not specs:
        raise InputError(Problem(str(folder), None, "", "holds no report notebooks (NN-slug.ipynb)"))
    return specs


class _KernelWatch:
    """The kernel manager of one notebook run, so a watchdog can end it.

    jupyter_client starts each kernel in a session of its own, so the
    kernel's process group holds the kernel and every process a cell started
    (a ``subprocess.Popen`` the notebook never waited for). Those end with
    the kernel: :meth:`end` kills the group once the notebook is done, and
    :meth:`kill` (timeout, Ctrl-C) kills it at once.
    """

    def __init__(self) -> None:
        self.managers: list[Any] = []
        self.groups: list[int] = []
        self.fired = False

    def kill(self) -> None:
        """SIGKILL the kernel and what it started (nbclient then raises DeadKernelError)."""
        self.fired = True
        for km in self.managers:
            process = getattr(getattr(km, "provisioner", None), "process", None)
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGKILL)
        self.end()

    def end(self) -> None:
        """SIGKILL whatever is left in the kernels' process groups (the kernels have shut down)."""
        for group in self.groups:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)


def _ipc_manager_class(socket_dir: Path, watch: _KernelWatch) -> type:
    """A kernel manager class whose kernels use IPC sockets under ``socket_dir``.

    Each manager gets its own socket name prefix: IPC socket files are named
    from the ``ip`` setting plus a port number, so two kernels sharing a prefix
    could pick the same file.
    """
    from jupyter_client.manager import AsyncKernelManager  # local: Jupyter stack, see execute_all

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            if os.name == "posix":  # Unix sockets; elsewhere stay on TCP
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("ip", str(socket_dir / f"k-{secrets.token_hex(6)}"))
            super().__init__(**kwargs)
            watch.managers.append(self)

        async def start_kernel(self, **kw: Any) -> None:
            if watch.fired:
                raise RuntimeError("the run was stopped before this notebook's kernel started")
            # The kernel's own stdout/stderr carry only its internal log (a timeout
            # leaves a ZMQ traceback there); cell output travels over the sockets.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kw)
            pgid = getattr(self.provisioner, "pgid", None)
            if isinstance(pgid, int) and pgid > 1 and pgid != os.getpgid(0):  # its own group, never ours
                watch.groups.append(pgid)

    return IPCKernelManager


def _reason(exc: BaseException, watch: _KernelWatch, timeout: float) -> str:
    """One line saying why a notebook did not complete."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError  # local: see execute_all
    from papermill.exceptions import PapermillExecutionError  # local: see execute_all

    if watch.fired:
        return f"timed out: the notebook ran longer than {timeout:g} s and its kernel was stopped"
    if isinstance(exc, CellTimeoutError):
        return f"timed out: a cell ran longer than {timeout:g} s"
    if isinstance(exc, DeadKernelError):
        return "the kernel died while running the notebook"
    if isinstance(exc, PapermillExecutionError):
        return one_line(f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}", 200)
    return one_line(f"{type(exc).__name__}: {exc}", 200)


def execute_one(spec: NotebookSpec, output: Path, cwd: Path, timeout: float, socket_dir: Path,
                watch: _KernelWatch | None = None) -> NotebookResult:
    """Run one notebook into ``output``; never raises for a notebook's own failure."""
    import papermill  # local: ~2 s, first loaded by execute_all through lightimport

    watch = watch or _KernelWatch()
    timer = threading.Timer(timeout, watch.kill)  # the whole notebook, kernel start included
    timer.daemon = True
    started = time.monotonic()
    error: str | None = None
    timer.start()
    try:
        papermill.execute_notebook(
            str(spec.path), str(output), parameters=dict(PARAMETERS), kernel_name="python3",
            progress_bar=False, log_output=False, start_timeout=START_TIMEOUT, execution_timeout=timeout,
            kernel_manager_class=_ipc_manager_class(socket_dir, watch),
            resources={"metadata": {"path": str(cwd)}},
        )
    except OSError:
        # From papermill's own writing or the kernel's start, never from a cell (those raise
        # PapermillExecutionError): the disk is full or the folder is gone. The run stops.
        raise
    except Exception as exc:  # the notebook's failure, recorded as its outcome
        error = _reason(exc, watch, timeout)
    finally:
        timer.cancel()
        watch.end()  # processes the notebook started end with its kernel
    duration = time.monotonic() - started
    file = output.name if output.exists() else None
    if error is not None:
        return NotebookResult(spec.name, spec.title, file, "error", error, [], error, duration)
    return _from_record(spec, output, duration)


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


def execute_all(
    specs: list[NotebookSpec],
    out_dir: Path,
    cwd: Path,
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[NotebookResult], None] | None = None,
) -> list[NotebookResult]:
    """Run ``specs`` (``jobs`` at a time) into ``out_dir``; results in ``specs`` order.

    A notebook starts once every notebook it depends on has finished; it is not
    run at all (outcome "error") when one of those ended in "error", since its
    premise is gone. A notebook whose dependency merely found failures still
    runs: "fail" is a finding, not a broken run.
    """
    # The Jupyter stack (papermill, nbclient, jupyter_client: ~2 s) is imported
    # inside the functions that run notebooks, never at module level: here
    # once, not by two threads at once, and without rfc3987_syntax (lightimport).
    import_module("papermill")

    out_dir.mkdir(parents=True, exist_ok=True)
    sweep_socket_dirs()
    socket_dir = Path(tempfile.mkdtemp(prefix=owned_prefix(SOCKET_PREFIX)))  # mode 0700
    done: dict[str, NotebookResult] = {}
    pending = list(specs)
    running: dict[Future, NotebookSpec] = {}
    watches: list[_KernelWatch] = []
    # nbclient logs timeouts and dead kernels through papermill's logger; the
    # outcome line says the same, so keep the terminal to one line per notebook.
    pm_log = logging.getLogger("papermill")
    old_level = pm_log.level
    pm_log.setLevel(logging.CRITICAL)

    def finish(result: NotebookResult) -> None:
        done[result.name] = result
        if on_done:
            on_done(result)

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="zowe-ha-nb") as pool:
            try:
                while pending or running:
                    for spec in list(pending):
                        if len(running) >= jobs:
                            break
                        if any(d not in done for d in spec.depends):
                            continue
                        pending.remove(spec)
                        broken = [d for d in spec.depends if done[d].status == "error"]
                        if broken:
                            why = f"not run: it depends on {', '.join(broken)}, which ended in error"
                            finish(NotebookResult(spec.name, spec.title, None, "error", why, [], why, 0.0))
                            continue
                        watches.append(_KernelWatch())
                        future = pool.submit(execute_one, spec, out_dir / f"{spec.name}.ipynb", cwd, timeout,
                                             socket_dir, watches[-1])
                        running[future] = spec
                    if not running:
                        continue
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        running.pop(future)
                        finish(future.result())
            except BaseException:
                # Ctrl-C or a bug: end the kernels (and cancel kernels not yet
                # started) so the pool's threads return now instead of running
                # their notebooks to the end.
                for watch in watches:
                    watch.kill()
                raise
    finally:
        pm_log.setLevel(old_level)
        shutil.rmtree(socket_dir, ignore_errors=True)
    return [done[s.name] for s in specs]
