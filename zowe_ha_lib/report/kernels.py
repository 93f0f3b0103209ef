"""The kernels of a run: IPC sockets in a private folder, started by the fork server, ended with their process group.

:mod:`zowe_ha_lib.report.runner` asks for one kernel manager per notebook
(:func:`manager_class`). Its kernel

* talks over IPC sockets with a unique path in the run's private 0700 folder
  (kernels over TCP race for ports when started together);
* is forked by the run's :class:`ForkServer` (:mod:`.forkserver`) when the
  kernel spec is the standard ``python -m ipykernel_launcher`` of this
  Python, and started as a new process by jupyter_client otherwise (or when
  the fork server cannot serve);
* runs in a session of its own, so its process group holds the kernel and
  every process a cell started: :class:`KernelWatch` kills that group when
  the notebook ends, and kills the kernel at once on a timeout or Ctrl-C.

The Jupyter stack is imported inside these functions, never at module level:
``zowe-ha --help`` must stay fast, and the runner imports it once, first,
without its slowest optional dependency (:mod:`zowe_ha_lib.util.lightimport`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

LAUNCHER = ("-m", "ipykernel_launcher")
_READY_TIMEOUT_S = 60.0
#: ``ZOWE_HA_KERNEL_FORK=0`` starts every kernel as a new process (for comparison, or to rule the server out).
FORK_SETTING = "ZOWE_HA_KERNEL_FORK"
#: What nbclient passes a kernel it starts itself: no history database on disk.
HISTORY_ARG = "--HistoryManager.hist_file=:memory:"


def can_fork() -> bool:
    """Whether kernels can come from the fork server here (Linux: fork, pidfds, descriptor passing)."""
    if os.environ.get(FORK_SETTING, "1").strip().lower() in ("0", "no", "false", "off"):
        return False
    return all(hasattr(m, n) for m, n in ((os, "fork"), (os, "pidfd_open"), (signal, "pidfd_send_signal"),
                                           (socket, "send_fds")))


class ForkServerError(RuntimeError):
    """The fork server cannot start a kernel; the kernel is started as a new process instead."""


class ForkedKernel:
    """A kernel the fork server started, as jupyter_client's provisioner sees a process (``Popen``'s methods).

    The kernel is the server's child, not ours, so it is watched and signalled
    through a pidfd: that handle names this process only, even after its pid
    is reused. Its exit status is the server's to collect; ``returncode`` is
    the negative signal this object sent (a kill), else 0.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int, pidfd: int) -> None:
        self.pid = pid
        self._fd: int | None = pidfd
        self._sent = 0
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], 0)
            if ready:
                self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            if not ready:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            self._ended()
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None and self._fd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._fd, sig)
                self._sent = sig

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def _ended(self) -> None:
        self.returncode = -self._sent if self._sent in (signal.SIGKILL, signal.SIGTERM) else 0
        self.close()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


class ForkServer:
    """The client end of :mod:`.forkserver`: one server process per run, started at once, used by every thread.

    The server imports ipykernel and ``modules`` while the runner goes on
    with its own start-up; the first :meth:`launch` waits for it to be ready.
    """

    def __init__(self, folder: Path, modules: Iterable[str] = ()) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "zowe_ha_lib.report.forkserver", str(theirs.fileno()), *modules],
                pass_fds=[theirs.fileno()], cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True,  # the terminal's Ctrl-C is the runner's to handle
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self._sock = ours
        self._lock = threading.Lock()
        self._buffer = b""
        self._ready = False
        self.broken: str | None = None

    @staticmethod
    def kernel_args(cmd: list[str]) -> list[str] | None:
        """The kernel's own arguments when ``cmd`` is this Python's ``-m ipykernel_launcher``, else None."""
        if len(cmd) >= 3 and tuple(cmd[1:3]) == LAUNCHER and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable):
            return list(cmd[3:])
        return None

    def launch(self, argv: list[str], cwd: str, env: dict[str, str]) -> ForkedKernel:
        """A new kernel with these arguments, working directory and environment; ForkServerError when it cannot."""
        with self._lock:
            if self.broken:
                raise ForkServerError(self.broken)
            try:
                if not self._ready:
                    self._read_reply(_READY_TIMEOUT_S)
                    self._ready = True
                self._sock.sendall((json.dumps({"cwd": cwd, "env": env, "argv": argv}) + "\n").encode())
                reply, fds = self._read_reply(_READY_TIMEOUT_S)
            except (OSError, ValueError, ForkServerError) as exc:
                self.broken = f"the kernel fork server stopped answering: {exc}"
                raise ForkServerError(self.broken) from None
        if "pid" in reply and len(fds) == 1:
            return ForkedKernel(int(reply["pid"]), fds[0])
        for fd in fds:
            os.close(fd)
        raise ForkServerError(str(reply.get("error") or "no kernel"))

    def _read_reply(self, timeout: float) -> tuple[dict[str, Any], list[int]]:
        fds: list[int] = []
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._sock], [], [], max(0.0, left))
            if not ready:
                raise ForkServerError(f"no answer in {timeout:g} s")
            data, got, _, _ = socket.recv_fds(self._sock, 65536, 4)
            fds += got
            if not data:
                raise ForkServerError("it ended")
            self._buffer += data
        line, _, self._buffer = self._buffer.partition(b"\n")
        reply = json.loads(line)
        if not isinstance(reply, dict):
            raise ValueError("not a JSON object")
        return reply, fds

    def close(self) -> None:
        """End the server (it kills any kernel of its own still running) and wait for it."""
        with contextlib.suppress(OSError):
            self._sock.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class KernelWatch:
    """The kernel managers of one notebook run, so a watchdog can end them.

    jupyter_client (and the fork server) start each kernel in a session of its
    own, so the kernel's process group holds the kernel and every process a
    cell started (a ``subprocess.Popen`` the notebook never waited for). Those
    end with the kernel: :meth:`end` kills the group once the notebook is done,
    and :meth:`kill` (timeout, Ctrl-C) kills it at once.
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
                    process.send_signal(signal.SIGKILL)
        self.end()

    def end(self) -> None:
        """SIGKILL whatever is left in the kernels' process groups (the kernels have shut down)."""
        for group in self.groups:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)


@dataclass
class StartedKernel:
    """A kernel that answers, and the client that saw it answer, waiting for its notebook."""

    manager: Any
    client: Any

    def stop(self) -> None:
        """End the kernel at once (SIGKILL through jupyter_client); never raises.

        Called when its notebook has ended and the output is on disk, or
        when it never got one. A kernel of the kit has nothing to put in
        order on the way out (its history is off, the notebook is saved), and
        the polite request costs about 0.5 s a notebook of jupyter_client
        polling every 0.1 s for the exit: half the lane time of a batch run.
        """
        from jupyter_core.utils import run_sync  # local: Jupyter stack, see the module docstring

        with contextlib.suppress(Exception):
            self.client.stop_channels()
        with contextlib.suppress(Exception):
            run_sync(self.manager.shutdown_kernel)(now=True)


def start(cwd: Path, socket_dir: Path, watch: KernelWatch, server: ForkServer | None, timeout: float) -> StartedKernel:
    """A new kernel in ``cwd``, started and answering, for nbclient to take over (its ``km=``).

    nbclient asks the manager for a client and waits for the kernel again;
    the manager hands it this client, for which both are done already
    (:func:`manager_class`), so the wait (a round trip and 0.2 s of quiet on
    the output channel) happens here, before the notebook's turn.
    """
    from jupyter_core.utils import run_sync  # local: Jupyter stack, see the module docstring

    km = manager_class(socket_dir, watch, server)(kernel_name="python3")
    kc = None
    try:
        run_sync(km.start_kernel)(cwd=str(cwd), extra_arguments=[HISTORY_ARG] if km.ipykernel else [])
        kc = km.client()
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=timeout)
    except BaseException:
        StartedKernel(km, kc).stop() if kc is not None else _shutdown(km)
        raise
    kc.warm = True
    km.warm_client = kc
    return StartedKernel(km, kc)


def _shutdown(km: Any) -> None:
    from jupyter_core.utils import run_sync  # local: Jupyter stack, see the module docstring

    with contextlib.suppress(Exception):
        run_sync(km.shutdown_kernel)(now=True)


def manager_class(socket_dir: Path, watch: KernelWatch, server: ForkServer | None) -> type:
    """A kernel manager class whose kernels use IPC sockets under ``socket_dir`` and come from ``server``.

    Each manager gets its own socket name prefix: IPC socket files are named
    from the ``ip`` setting plus a port number, so two kernels sharing a prefix
    could pick the same file.
    """
    from jupyter_client.asynchronous import AsyncKernelClient  # local: Jupyter, see docstring
    from jupyter_client.kernelspec import KernelSpecManager  # local: Jupyter, see docstring
    from jupyter_client.manager import AsyncKernelManager  # local: Jupyter, see docstring
    from jupyter_core.paths import jupyter_path  # local: Jupyter, see docstring
    from traitlets import default  # local: Jupyter, see docstring

    class KernelSpecs(KernelSpecManager):
        """The kernel specs of the Jupyter path, as papermill finds them, without IPython's old folder.

        jupyter_client adds ``~/.ipython/kernels`` (a place kernels have not been
        installed in for years) and imports all of IPython to find it: a third of a
        second of this process's start-up, before the first kernel could start.
        """

        @default("kernel_dirs")
        def _kernel_dirs_default(self) -> list[str]:
            return jupyter_path("kernels")

    class WarmClient(AsyncKernelClient):
        """A client whose channels are open and whose kernel answered before nbclient got it (see start())."""

        warm = False

        def start_channels(self, *args: Any, **kwargs: Any) -> None:
            if not self.warm:  # the heartbeat channel is a thread: it cannot start twice
                super().start_channels(*args, **kwargs)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """jupyter_client's wait (a kernel_info round trip, then one message on the
            output channel to show it is connected), without its last step: 0.2 s of
            waiting for the output channel to fall quiet. Nothing needs that quiet:
            nbclient takes only the messages that answer its own requests."""
            if self.warm:
                return
            deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
            while True:
                self.kernel_info()
                with contextlib.suppress(Empty):
                    reply = await self.shell_channel.get_msg(timeout=1)
                    if reply["msg_type"] == "kernel_info_reply":
                        await self.iopub_channel.get_msg(timeout=0.2)  # Empty: not connected yet, ask again
                        self._handle_kernel_info_reply(reply)
                        return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    class IPCKernelManager(AsyncKernelManager):
        warm_client: Any = None

        def __init__(self, **kwargs: Any) -> None:
            if os.name == "posix":  # Unix sockets; elsewhere stay on TCP
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("ip", str(socket_dir / f"k-{secrets.token_hex(6)}"))
            kwargs.setdefault("kernel_spec_manager", KernelSpecs())
            super().__init__(**kwargs)
            self.client_factory = WarmClient
            watch.managers.append(self)

        def client(self, **kwargs: Any) -> Any:
            """The warm client once (for nbclient), new ones after that."""
            kc, self.warm_client = self.warm_client, None
            return kc if kc is not None else super().client(**kwargs)

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

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            args = ForkServer.kernel_args(kernel_cmd) if server is not None else None
            if server is None or args is None:
                await super()._async_launch_kernel(kernel_cmd, **kw)
                return
            cwd = str(kw.get("cwd") or os.getcwd())
            try:
                process = server.launch(args, cwd, dict(kw.get("env") or os.environ))
            except ForkServerError:
                await super()._async_launch_kernel(kernel_cmd, **kw)  # a new process, as without the server
                return
            provisioner = self.provisioner
            assert provisioner is not None
            provisioner.process, provisioner.pid, provisioner.pgid = process, process.pid, process.pid
            provisioner.cwd = cwd
            self._reconcile_connection_info(provisioner.connection_info)

    return IPCKernelManager
