"""Writing files so that a failure never leaves half of one behind.

Two mechanisms, one for a file and one for a folder:

* :func:`atomic_write` writes one file through a temporary file beside it and
  an atomic rename;
* :class:`Staging` is the kit's only "build beside, then rename into place"
  writer for folders. Files are written into a fresh folder on the same file
  system as their destination; only when all of them are there does the
  folder replace its target in one rename (:meth:`Staging.replace`: a report,
  a record's site pages) or its files move into an existing folder one rename
  each (:meth:`Staging.merge`: ``generate --out``, collected evidence). Used
  as a context manager it removes whatever is left of the staging folder on
  the way out, also after an error, so a failed build leaves the target as it
  was.

A folder made by :func:`tempfile.mkdtemp` is private (0700); renamed into
place as is, it would lock reviewers out of a report. Staged folders and
files therefore get the modes an ordinary ``mkdir`` and ``open`` give under
the process umask, unless the caller asks for fixed ones.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import TracebackType


class LinkRefused(OSError):
    """A folder on the way to a file to be written is a symbolic link: the kit does not write through it."""


def write_new(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Create ``path`` (which must not exist, and is not followed if it is a link) and write ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(fd, mode)  # the mode asked for, not the umask's
        handle.write(data)


def atomic_write(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    tmp = _written_beside(path, data)
    try:
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _written_beside(path: Path, data: bytes | str) -> Path:
    """A temporary file in ``path``'s folder (made if missing) holding ``data``, synced to disk.

    Same folder, so the rename or link that puts it in place stays on one file
    system and is atomic; removed again if writing it fails.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def create_exclusive(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write a new file ``path`` whole, or not at all; FileExistsError when one is already there.

    Like :func:`atomic_write`, but the final step is a hard link, which
    (unlike a rename) refuses to replace an existing file: for files that must
    never overwrite a person's work (``zowe-ha init``'s change.yaml). Where
    the file system has no hard links, an exclusive create writes in place.
    """
    path = Path(path)
    tmp = _written_beside(path, data)
    try:
        os.chmod(tmp, mode & ~current_umask())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise  # never fall back to writing over it
        except OSError:  # no hard links here (some network or FUSE file systems)
            _write_new(path, data.encode("utf-8") if isinstance(data, str) else data)
    finally:
        tmp.unlink(missing_ok=True)


def _write_new(path: Path, payload: bytes) -> None:
    """Exclusive create and write; the file is removed again if the write fails."""
    with open(path, "xb") as handle:
        try:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise


def current_umask() -> int:
    """The process umask (read by setting it and setting it back)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _relative(rel: str) -> PurePosixPath:
    """``rel`` as a path that stays inside the staging folder; ValueError otherwise."""
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")):
        raise ValueError(f"not a relative file path inside the folder: {rel!r}")
    return path


class Staging:
    """A folder built beside its destination and renamed into place once complete.

    ``where`` is the folder the staging folder is made in: the parent of the
    target for :meth:`replace`, the target itself for :meth:`merge` (either
    way the same file system, so the renames are atomic). ``prefix`` names
    the staging folder, so that a caller holding a lock can recognise and
    remove the leftovers of a killed process. ``dir_mode`` and ``file_mode``
    fix the modes of what :meth:`write` creates (and of the staging folder);
    without them the umask decides, as for any new file.
    """

    def __init__(self, where: Path, prefix: str = ".staging-", *, dir_mode: int | None = None,
                 file_mode: int | None = None) -> None:
        where = Path(where)
        where.mkdir(parents=True, exist_ok=True)
        umask = current_umask()
        self.dir_mode = dir_mode if dir_mode is not None else 0o777 & ~umask
        self.file_mode = file_mode if file_mode is not None else 0o666 & ~umask
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
        os.chmod(self.path, self.dir_mode)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.discard()

    def discard(self) -> None:
        """Remove what is left at the staging path (nothing after a plain :meth:`replace`)."""
        shutil.rmtree(self.path, ignore_errors=True)

    def write(self, files: Mapping[str, bytes | str]) -> None:
        """Write ``{relative path: content}`` into the staging folder (text as UTF-8).

        Each file is new (``O_EXCL``) and never reached through a link
        (``O_NOFOLLOW``): nothing already there is written through.
        """
        for rel, data in files.items():
            dest = self.path / _relative(rel)
            self._make_dirs(dest.parent)
            write_new(dest, data.encode("utf-8") if isinstance(data, str) else data, self.file_mode)

    def _make_dirs(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            os.chmod(path, self.dir_mode)

    def replace(self, target: Path, keep_old: Path | None = None, old_prefix: str = ".old-") -> None:
        """Put the staged folder in place of ``target`` (which need not exist).

        The previous ``target`` is moved to ``keep_old`` when that is given
        (moved first, so it is safe before anything replaces it), else removed.
        Without ``keep_old`` the two folders are exchanged in one atomic step
        where the kernel can (Linux ``renameat2``); elsewhere the old one is
        renamed aside first, so readers see either folder, or for a moment none,
        but never a mixture. If the staged folder cannot be moved in, the old
        one is put back.
        """
        target = Path(target)
        if not os.path.lexists(target):
            os.rename(self.path, target)
            return
        if keep_old is not None:
            Path(keep_old).parent.mkdir(parents=True, exist_ok=True)
            os.rename(target, keep_old)
            self._move_in(target, keep_old)
            return
        if exchange(self.path, target):
            self.discard()  # the staging path now holds the old folder
            return
        retired = Path(tempfile.mkdtemp(prefix=old_prefix, dir=target.parent))
        try:
            os.rename(target, retired / target.name)
            self._move_in(target, retired / target.name)
        finally:
            if os.path.lexists(target):  # the new folder, or the old one put back: nothing to lose
                shutil.rmtree(retired, ignore_errors=True)

    def _move_in(self, target: Path, old: Path) -> None:
        """Rename the staged folder to ``target``; on failure rename ``old`` back first."""
        try:
            os.rename(self.path, target)
        except BaseException:
            os.rename(old, target)
            raise

    def merge(self, target: Path) -> list[str]:
        """Move every staged file into ``target`` under the same relative path.

        Files of the same names are replaced, others in ``target`` are left
        alone. Everything that could refuse a move (a file where a folder is
        needed, a folder where a file goes) is checked before the first file
        moves. Returns the relative paths moved.
        """
        target = Path(target)
        rels = sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if not p.is_dir())
        for rel in rels:
            final = target / rel
            for folder in [*reversed(PurePosixPath(rel).parents)][1:]:
                if (target / folder).is_symlink():
                    raise LinkRefused(f"{target / folder} is a symbolic link; not writing {rel} through it")
                if os.path.lexists(target / folder) and not (target / folder).is_dir():
                    raise NotADirectoryError(f"{target / folder} is not a folder (needed for {rel})")
            if final.is_dir() and not final.is_symlink():
                raise IsADirectoryError(f"{final} is a folder; a file of that name cannot be written")
        for rel in rels:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
        for rel in rels:
            os.replace(self.path / rel, target / rel)
        return rels


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported.

    The symbol is looked up in the running process, which has the C library
    loaded (``ctypes.util.find_library`` would cost ~10 ms of imports).
    """
    try:
        func = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:  # no dynamic loader to ask
        return False
    if func is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = func(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange)
    return rc == 0


def write_tree(target: Path, files: Mapping[str, bytes | str]) -> None:
    """Write several files under ``target`` all or nothing.

    The files are staged in a hidden folder inside ``target`` and then moved
    into place (existing files of the same names are replaced, others are
    left alone).
    """
    target = Path(target)
    with Staging(target) as stage:
        stage.write(files)
        stage.merge(target)


def replace_tree(target: Path, files: Mapping[str, bytes | str], *, dir_mode: int | None = None,
                 file_mode: int | None = None) -> None:
    """Make ``target`` a folder holding exactly ``files``, in one rename."""
    target = Path(target)
    with Staging(target.parent, f".{target.name}.new-", dir_mode=dir_mode, file_mode=file_mode) as stage:
        stage.write(files)
        stage.replace(target, old_prefix=f".{target.name}.old-")


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a process of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owned_prefix(prefix: str) -> str:
    """``prefix`` plus this process's id, for a temporary folder others can tell is still in use."""
    return f"{prefix}{os.getpid()}-"


def left_behind(name: str, prefix: str) -> bool:
    """Whether a folder named ``prefix<pid>-...`` belongs to a process that is gone (or names none)."""
    if not name.startswith(prefix):
        return False
    pid, sep, _ = name[len(prefix):].partition("-")
    return not (sep and pid.isdigit() and pid_alive(int(pid)))


def read_upto(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``, to its end; BlockingIOError from a non-blocking descriptor that has to wait.

    The size a file reports is not trusted (files under /proc report 0).
    """
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)

