"""The kernel fork server: a process that has imported the kernel once and forks a fresh one per notebook.

Starting a Python kernel costs about a second of CPU before the first cell
runs: the interpreter, ipykernel and IPython, then the kit's own modules in
the notebook's first cell. ``zowe-ha run`` starts one kernel per notebook (a
fresh process, so nothing one notebook did can reach another), which on a
two-core machine made kernel start-up the largest part of a run.

This server pays those imports once. It runs as a separate process
(``python -m zowe_ha_lib.report.forkserver``), imports ipykernel, IPython and
the modules named on its command line, and then only waits for requests. For
each request it forks: the child becomes one kernel (its own session and
process group, the working directory and environment the kernel manager
asked for, stdio on ``/dev/null``) and runs exactly what
``python -m ipykernel_launcher`` runs. Every kernel is a copy of a process
that never ran notebook code, so it is as fresh as a newly started one; it
differs only in that the modules were imported before the fork, the same
files a new kernel would import (the server lives only as long as one
``zowe-ha run``).

The server must be single-threaded when it forks (a fork copies only the
calling thread), so it starts no thread and creates no ZeroMQ context; each
kernel creates its own after the fork.

Protocol, over one Unix stream socket inherited from the runner (its file
descriptor is the first argument): the runner sends one JSON line per kernel
(``{"cwd": ..., "env": {...}, "argv": [...]}``) and reads one JSON line back
(``{"pid": N}`` or ``{"error": "..."}``) carrying, on success, a pidfd of the
kernel (``SCM_RIGHTS``): the runner watches and signals the kernel through
it, which cannot hit another process even if the pid is reused. When the
runner closes the socket (it finished, or died), the server kills every
kernel it started that is still running and exits; the kernels also watch
their parent, as every ipykernel does (``JPY_PARENT_PID``).

This module imports nothing from the kit at module level: the server imports
what it is told to, by name.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import select
import signal
import socket
import sys
import threading
import traceback
from typing import Any

#: What every kernel imports before it can answer (``python -m ipykernel_launcher`` and its
#: ``initialize()``: the shell, its debugger and history database, tornado's queues).
KERNEL_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "IPython.display",
    "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.oinspect", "sqlite3", "pdb",
    "tornado.gen", "tornado.locks", "tornado.queues",
)
_REAP_EVERY_S = 0.5
_MAX_REQUEST = 16 << 20  # the environment travels in the request; Linux allows it 2 MiB or more


def preload(names: list[str]) -> list[str]:
    """Import the kernel's modules and ``names``; the names that failed to import (a kernel will say why)."""
    failed = []
    for name in (*KERNEL_MODULES, *names):
        try:
            importlib.import_module(name)
        except Exception:  # a notebook importing it will get the error itself, with its traceback
            failed.append(name)
    return failed


def _reap(children: set[int]) -> None:
    """Collect the exit status of kernels that ended (they stay zombies until then)."""
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                continue
        children.discard(pid)


def _read_line(conn: socket.socket, buffer: bytearray, children: set[int]) -> bytes | None:
    """The next request line, reaping ended kernels while waiting; None when the runner is gone."""
    while b"\n" not in buffer:
        ready, _, _ = select.select([conn], [], [], _REAP_EVERY_S)
        _reap(children)
        if not ready:
            continue
        try:
            chunk = conn.recv(65536)
        except OSError:
            return None
        if not chunk or len(buffer) > _MAX_REQUEST:
            return None
        buffer += chunk
    line, _, rest = bytes(buffer).partition(b"\n")
    buffer[:] = rest
    return line


def _become_kernel(request: dict[str, Any], conn: socket.socket, ready_w: int, server_pid: int) -> None:
    """In the forked child: turn into one ipykernel and exit when it does (never returns)."""
    code = 1
    try:
        os.setsid()  # its own session and process group, as jupyter_client starts kernels
        os.write(ready_w, b"1")
        os.close(ready_w)
        conn.close()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(request["cwd"])
        env = {str(k): str(v) for k, v in request["env"].items()}
        env["JPY_PARENT_PID"] = str(server_pid)  # the kernel ends when its parent does
        os.environ.clear()
        os.environ.update(env)
        import ipykernel_launcher  # local: only to name the program as a launched kernel does

        sys.argv = [ipykernel_launcher.__file__, *request["argv"]]
        from ipykernel import kernelapp  # local: imported by preload(), this only binds the name

        kernelapp.launch_new_instance(argv=list(request["argv"]))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _fork_kernel(request: dict[str, Any], conn: socket.socket, children: set[int]) -> tuple[dict[str, Any], int | None]:
    """Fork one kernel; the reply and the kernel's pidfd (None on failure)."""
    if not isinstance(request.get("cwd"), str) or not isinstance(request.get("env"), dict) \
            or not isinstance(request.get("argv"), list) or not all(isinstance(a, str) for a in request["argv"]):
        return {"error": "bad request: expected cwd, env and argv"}, None
    ready_r, ready_w = os.pipe()
    server_pid = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        _become_kernel(request, conn, ready_w, server_pid)
    os.close(ready_w)
    children.add(pid)
    try:
        pidfd = os.pidfd_open(pid)  # not reaped yet (only _reap does that), so this is our child
        started = os.read(ready_r, 1) == b"1"  # after setsid: the pid is its process group too
    finally:
        os.close(ready_r)
    if not started:
        os.close(pidfd)
        return {"error": "the kernel process ended before it started"}, None
    return {"pid": pid}, pidfd


def serve(conn: socket.socket, refusal: str | None = None) -> None:
    """Answer requests until the runner closes the socket; then kill the kernels still running.

    With a ``refusal`` every request is answered with it (the runner then
    starts its kernels as new processes).
    """
    children: set[int] = set()
    buffer = bytearray()
    try:
        while (line := _read_line(conn, buffer, children)) is not None:
            try:
                request = json.loads(line)
                if refusal:
                    reply, pidfd = {"error": refusal}, None
                elif isinstance(request, dict):
                    reply, pidfd = _fork_kernel(request, conn, children)
                else:
                    reply, pidfd = {"error": "bad request: not a JSON object"}, None
            except (ValueError, OSError) as exc:
                reply, pidfd = {"error": f"{type(exc).__name__}: {exc}"}, None
            data = (json.dumps(reply) + "\n").encode()
            try:
                if pidfd is None:
                    conn.sendall(data)
                else:
                    socket.send_fds(conn, [data], [pidfd])
            finally:
                if pidfd is not None:
                    os.close(pidfd)
    finally:
        for pid in children:  # each kernel leads its own process group
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def main(argv: list[str]) -> int:
    """``python -m zowe_ha_lib.report.forkserver FD [MODULE...]``."""
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the kernel adds its own working directory back
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner ends the server (and the terminal's Ctrl-C is the runner's)
    conn = socket.socket(fileno=int(argv[0]))
    preload(argv[1:])
    # A fork copies only the calling thread: a thread some import started would
    # be missing (holding its locks forever) in every kernel.
    threads = threading.active_count()
    refusal = f"cannot fork: the imports started {threads - 1} thread(s)" if threads > 1 else None
    with conn:
        conn.sendall(b'{"ready": true}\n')
        serve(conn, refusal)
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1:])
    # Skip the interpreter's clean-up of every module the kernels needed (a tenth
    # of a second the runner would wait for): there is nothing left to save.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
