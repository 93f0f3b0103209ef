"""A change record folder as a place the kit writes into: its lock, and no symbolic links on the way.

Records arrive by ``git clone`` and by archive, and both keep symbolic links.
A ``.zowe-ha-run.lock`` that points at ``/etc/passwd``, or an ``evidence/SYSA``
that points at ``/etc``, would make the kit truncate or write a file outside
the record (as root: any file on the system). So:

* the lock file is opened with ``O_NOFOLLOW`` and must be a regular file;
* the folders the kit writes into (:data:`WRITTEN`: ``report/``,
  ``history/``, ``collected/``, ``evidence/`` and its ``<SYSNAME>/`` folders,
  ``drills/``) must not be symbolic links (:func:`refuse_links`), checked
  under the lock before the first write.

The lock (``fcntl.flock`` on the record folder, released by the kernel even
when the process is killed) has two strengths: a writer (``run``, ``sign``,
``collect``) holds it alone, readers (``publish``) share it, so a reader
never sees a report half replaced or a sign-off half made. Writers are
refused at once when somebody holds it; readers wait a little first, since a
sign or another publish ends in seconds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from ..util.errors import InputError, Problem

LOCK = ".zowe-ha-run.lock"
#: folders of a record the kit writes into (relative to the record folder)
WRITTEN = ("report", "history", "collected", "evidence", "drills")
READER_WAIT_S = 30.0


def _open_lock_file(path: Path, display: str, what: str) -> int:
    """The lock file, opened to say who holds the lock (writers only); it must be a regular file, not a link."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(Problem(display, None, LOCK, "is a symbolic link; the kit writes this file and never "
                                     "follows a link out of the record (remove it)")) from None
        if exc.errno == errno.EISDIR:
            raise InputError(Problem(display, None, LOCK, "is a folder; remove it (the kit keeps its lock there)")) from None
        raise InputError(Problem(display, None, "", f"cannot {what}: cannot write in the record folder "
                                 f"({exc.strerror})")) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(Problem(display, None, LOCK, "is not a regular file; remove it (the kit keeps its lock there)"))
    return fd


def _holder(folder_fd: int, path: Path) -> str:
    """Who holds the lock: readers (a publish), or the writer the lock file names."""
    try:
        fcntl.flock(folder_fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return "another process"
        try:
            return os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
        finally:
            os.close(fd)
    fcntl.flock(folder_fd, fcntl.LOCK_UN)
    return "zowe-ha publish (reading it)"


@contextlib.contextmanager
def record_lock(folder: Path, display: str, what: str = "run", *, shared: bool = False,
                wait: float | None = None) -> Iterator[None]:
    """Hold the record's lock for the block; InputError when another process holds it.

    The lock is an ``flock`` on the record folder itself, so a reader takes it
    without writing anything into the record (which may be read-only to it).
    A writer also writes who it is into :data:`LOCK`, for the message another
    command shows. ``shared`` is for readers; they wait up to ``wait`` seconds
    (default :data:`READER_WAIT_S`) for a writer to finish, writers are
    refused at once.
    """
    path = Path(folder) / LOCK
    file_fd = None if shared else _open_lock_file(path, display, what)
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        if file_fd is not None:
            os.close(file_fd)
        raise InputError(Problem(display, None, "", f"cannot {what}: cannot open the record folder ({exc.strerror})")) from None
    wait = (READER_WAIT_S if shared else 0.0) if wait is None else wait
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(folder_fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputError(Problem(display, None, "", f"cannot {what}: {_holder(folder_fd, path)} is working "
                                             f"on this record ({LOCK}); wait for it to finish")) from None
                time.sleep(0.05)
        if file_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(file_fd, 0)
                os.pwrite(file_fd, f"zowe-ha {what} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(folder_fd)  # closing releases the lock
        if file_fd is not None:
            os.close(file_fd)


def links_on_the_way(folder: Path, rel: str | PurePosixPath) -> list[str]:
    """The parts of ``folder/rel`` (each prefix of ``rel``) that are symbolic links, as relative paths."""
    found = []
    current = Path(folder)
    walked = PurePosixPath()
    for part in PurePosixPath(rel).parts:
        current, walked = current / part, walked / part
        if current.is_symlink():
            found.append(walked.as_posix())
            break  # what lies beyond a link is not the record's
        if not current.exists():
            break
    return found


def refuse_links(folder: Path, display: str, rels: Iterable[str | PurePosixPath]) -> None:
    """InputError naming every path among ``rels`` (relative to ``folder``) that is or passes a symbolic link."""
    found: list[str] = []
    for rel in rels:
        for link in links_on_the_way(folder, rel):
            if link not in found:
                found.append(link)
    if found:
        raise InputError([Problem(display, None, link, "is a symbolic link; the kit writes there and never follows "
                                  "a link out of the record (replace it with a folder)") for link in found])


def written_folders(folder: Path, systems: Iterable[str] = ()) -> list[str]:
    """:data:`WRITTEN` plus ``evidence/<SYSNAME>`` for each system and each folder already under evidence/."""
    rels = list(WRITTEN)
    rels += [f"evidence/{name}" for name in systems]
    evidence = Path(folder) / "evidence"
    if evidence.is_dir() and not evidence.is_symlink():
        with contextlib.suppress(OSError):
            rels += [f"evidence/{p.name}" for p in sorted(evidence.iterdir())]
    return list(dict.fromkeys(rels))
