"""Where the time of a batch run goes: ``python -m benchmarks --profile``.

``zowe-ha run`` works in several threads (one per notebook being run or
started ahead, one that writes the reports) and several processes (the
kernel fork server and its kernels). pyinstrument samples one thread, so the
run is made here, in this process, with a profiler in the main thread and one
in each worker thread, and their sessions are combined: the tree shows the
wall time of every thread, summed (waiting included). The CPU time of this
process and of its children (the fork server and every kernel) is measured
apart, from the operating system's accounting.
"""

from __future__ import annotations

import functools
import resource
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyinstrument import Profiler
from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
from pyinstrument.session import Session

from zowe_ha_lib.cli import main as zowe_ha
from zowe_ha_lib.report import build, runner


def profile_run(records: list[Path], text_out: Path, html_out: Path) -> dict[str, float]:
    """Run ``zowe-ha run RECORDS...`` in this process under pyinstrument; the times it took."""
    sessions: list[Session] = []
    lock = threading.Lock()

    def profiled(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            profiler = Profiler(interval=0.001, async_mode="disabled")
            profiler.start()
            try:
                return fn(*args, **kwargs)
            finally:
                profiler.stop()
                with lock:
                    sessions.append(profiler.last_session)
        return wrapper

    originals = (runner._lane, build.RecordRun.complete)
    runner._lane = profiled(runner._lane)
    build.RecordRun.complete = profiled(build.RecordRun.complete)  # type: ignore[method-assign]
    before_self = resource.getrusage(resource.RUSAGE_SELF)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    main = Profiler(interval=0.001, async_mode="disabled")
    start = time.perf_counter()
    main.start()
    try:
        zowe_ha(["run", *map(str, records)])
    finally:
        main.stop()
        runner._lane, build.RecordRun.complete = originals  # type: ignore[method-assign]
    wall = time.perf_counter() - start
    after_self = resource.getrusage(resource.RUSAGE_SELF)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    session = functools.reduce(Session.combine, sessions, main.last_session)
    text_out.write_text(ConsoleRenderer(unicode=True, color=False, show_all=False, time="seconds").render(session))
    html_out.write_text(HTMLRenderer().render(session))
    return {
        "wall_s": round(wall, 3),
        "cpu_run_process_s": round((after_self.ru_utime + after_self.ru_stime)
                                   - (before_self.ru_utime + before_self.ru_stime), 3),
        "cpu_fork_server_and_kernels_s": round((after_children.ru_utime + after_children.ru_stime)
                                               - (before_children.ru_utime + before_children.ru_stime), 3),
    }
