"""The kernel fork server (report/forkserver.py) and its client (report/kernels.py), with real processes.

What the run relies on: the server preloads what the kit's notebooks import,
answers anything malformed with an error and goes on serving, kills its
kernels when the runner goes away, and a kernel still starts (as a new
process) when the server cannot serve.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE, NOTEBOOKS, copy_record
from zowe_ha_lib.report import kernels, runner
from zowe_ha_lib.util.lightimport import import_module


def _kit_modules(code: str, cwd: Path) -> set[str]:
    """The kit modules a fresh Python has loaded after running ``code`` in ``cwd``."""
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('zowe_ha_lib'))))\n"
    proc = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_the_server_preloads_every_kit_module_the_report_notebooks_load(tmp_path):
    """Run the code cells of the kit's notebooks in a plain Python: every kit module they load was preloaded."""
    specs = runner.discover(NOTEBOOKS)
    names = runner.preload_modules(specs)
    preloaded = _kit_modules(f"from zowe_ha_lib.report.forkserver import preload\npreload({names!r})", tmp_path)
    rec = copy_record(EXAMPLE, tmp_path / "CHG0001")
    for spec in specs:
        cells = [c for c in json.loads(spec.path.read_text())["cells"] if c["cell_type"] == "code"]
        code = "\n".join("".join(c["source"]) for c in cells) + "\n"
        code = code.replace('record: str = "../runbooks/CHG0001"', 'record: str = "."', 1)
        used = _kit_modules(code, rec)
        assert "zowe_ha_lib.checks" in used or spec.name != "10-requirements"  # the lazy import is still there
        assert used <= preloaded, f"{spec.name} loads {sorted(used - preloaded)} the server did not preload"


def test_preload_modules_names_only_the_kit_and_ipython(tmp_path):
    spec = runner.NotebookSpec("10-x", tmp_path / "10-x.ipynb", "x", (), (
        "os", "pandas", "IPython.display", "zowe_ha_lib.runbook", "zowe_ha_lib.runbook.steps", "zowe_ha_lib_fake"))
    assert runner.preload_modules([spec]) == [
        "IPython.display", "zowe_ha_lib.runbook", "zowe_ha_lib.runbook.steps", *runner.LAZY_KIT_MODULES]
    assert runner.preload_modules([runner.NotebookSpec("10-y", spec.path, "y", (), ("os",))]) == []


# -- the imports a notebook's code cells name -----------------------------------------------------

_NAME = st.from_regex(r"[a-z_][a-z0-9_]{0,8}(\.[a-z_][a-z0-9_]{0,8}){0,2}", fullmatch=True).filter(
    lambda n: not any(part in {"if", "in", "is", "or", "as", "and", "not", "def", "del", "for", "try", "from",
                               "with", "else", "elif", "pass", "while", "class", "raise", "import", "return",
                               "lambda", "yield", "break", "global", "assert", "except", "async", "await",
                               "finally", "continue", "nonlocal"} for part in n.split(".")))


def _nb(*sources: object) -> dict:
    return {"cells": [{"cell_type": "code", "source": s} for s in sources]}


@given(st.lists(_NAME, min_size=1, max_size=4), st.lists(_NAME, min_size=1, max_size=3))
def test_every_import_statement_is_found(modules, names):
    source = "\n".join(f"import {m}" for m in modules) + f"\nfrom {modules[0]} import {', '.join(n.split('.')[0] for n in names)}\n"
    found = runner._imports(_nb(source.splitlines(keepends=True)))
    assert set(modules) <= set(found)
    assert {f"{modules[0]}.{n.split('.')[0]}" for n in names} <= set(found)


@given(st.lists(st.one_of(st.text(max_size=200), st.none(), st.integers(), st.lists(st.text(max_size=20), max_size=5)),
                max_size=5))
def test_any_cell_source_gives_a_list_of_names_never_an_error(sources):
    found = runner._imports(_nb(*sources))
    assert isinstance(found, tuple) and all(isinstance(n, str) for n in found)


def test_cells_that_are_not_python_are_skipped():
    nb = _nb("%matplotlib inline\nimport numpy", "import os\nfrom . import sibling\nfrom x import *")
    nb["cells"].append({"cell_type": "markdown", "source": "import sys"})
    assert runner._imports(nb) == ("os", "x")


# -- the server as the runner starts it: python -m zowe_ha_lib.report.forkserver FD [MODULE...] ---

class _Server:
    def __init__(self, folder: Path) -> None:
        self.sock, theirs = socket.socketpair()
        self.proc = subprocess.Popen([sys.executable, "-m", "zowe_ha_lib.report.forkserver", str(theirs.fileno())],
                                     pass_fds=[theirs.fileno()], cwd=folder, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        theirs.close()
        self.buffer = b""
        assert self.reply()[0] == {"ready": True}

    def reply(self) -> tuple[dict, list[int]]:
        fds: list[int] = []
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.sock], [], [], 60)
            assert ready, "the server did not answer"
            data, got, _, _ = socket.recv_fds(self.sock, 65536, 4)
            assert data, f"the server ended: {self.proc.stderr.read().decode()[-2000:] if self.proc.stderr else ''}"
            fds += got
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line), fds

    def ask(self, line: bytes) -> tuple[dict, list[int]]:
        self.sock.sendall(line + b"\n")
        return self.reply()

    def close(self) -> int:
        self.sock.close()
        return self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = _Server(tmp_path_factory.mktemp("forkserver"))
    yield srv
    srv.close()


def _not_a_request(value: object) -> bool:
    return not (isinstance(value, dict) and {"cwd", "env", "argv"} <= set(value))


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                     max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300).filter(lambda b: b"\n" not in b),
                 _JSON.filter(_not_a_request).map(lambda v: json.dumps(v).encode()),
                 st.fixed_dictionaries({"cwd": _JSON, "env": _JSON, "argv": _JSON}).filter(
                     lambda d: not (isinstance(d["cwd"], str) and isinstance(d["env"], dict)
                                    and isinstance(d["argv"], list))).map(lambda v: json.dumps(v).encode())))
def test_anything_malformed_gets_an_error_and_the_server_goes_on(server, line):
    answer, fds = server.ask(line)
    assert set(answer) == {"error"} and fds == []
    assert server.proc.poll() is None


def test_a_kernel_forked_by_the_server_ends_with_the_runner(tmp_path):
    """The runner goes away (closes its end): the server kills the kernels it started and exits."""
    srv = _Server(tmp_path)
    request = {"cwd": str(tmp_path), "env": dict(os.environ), "argv": ["-f", str(tmp_path / "never-read.json")]}
    answer, fds = srv.ask(json.dumps(request).encode())
    assert set(answer) == {"pid"} and len(fds) == 1
    kernel = kernels.ForkedKernel(answer["pid"], fds[0])
    assert psutil.Process(kernel.pid).ppid() == srv.proc.pid
    assert os.getpgid(kernel.pid) == kernel.pid  # its own process group (and session)
    assert srv.close() == 0
    assert kernel.wait(timeout=30) is not None
    assert not psutil.pid_exists(kernel.pid) or psutil.Process(kernel.pid).status() == psutil.STATUS_ZOMBIE


def _ask_kernel(kernel: kernels.StartedKernel, code: str) -> str:
    from jupyter_core.utils import run_sync

    out: list[str] = []
    hook = lambda msg: out.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None  # noqa: E731
    run_sync(kernel.client.execute_interactive)(code, output_hook=hook, timeout=60)
    return "".join(out)


def test_a_kernel_starts_as_a_new_process_when_the_server_cannot_serve(tmp_path):
    import_module("papermill")
    server = kernels.ForkServer(tmp_path, [])
    server.process.kill()
    server.process.wait()
    watch = kernels.KernelWatch()
    kernel = kernels.start(tmp_path, tmp_path, watch, server, 60)
    try:
        parent, cwd = _ask_kernel(kernel, "import os\nprint(os.getppid(), os.getcwd())").split()
        assert int(parent) == os.getpid()  # jupyter_client's own child, not the server's
        assert Path(cwd) == tmp_path.resolve()
        assert server.broken and "stopped answering" in server.broken
    finally:
        kernel.stop()
        watch.end()
        server.close()


def test_a_forked_kernel_works_in_its_record_folder_and_stops(tmp_path):
    import_module("papermill")
    server = kernels.ForkServer(tmp_path, ["zowe_ha_lib.runbook.steps"])
    watch = kernels.KernelWatch()
    rec = copy_record(EXAMPLE, tmp_path / "CHG0001")
    kernel = kernels.start(rec, tmp_path, watch, server, 60)
    try:
        said = _ask_kernel(kernel, textwrap.dedent("""\
            import os, sys
            print(os.getppid(), os.getcwd(), 'zowe_ha_lib.runbook.steps' in sys.modules, sys.path.count(''))"""))
        parent, cwd, preloaded, cwd_on_path = said.split()
        assert int(parent) == server.process.pid
        assert Path(cwd) == rec.resolve() and preloaded == "True" and cwd_on_path == "1"
        process = kernel.manager.provisioner.process
        assert isinstance(process, kernels.ForkedKernel) and process.poll() is None
    finally:
        kernel.stop()
        watch.end()
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is not None
    server.close()
