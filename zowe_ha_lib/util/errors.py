"""Input problems and how they are reported.

Every command that reads a file the user wrote (a change record, a profile, an
evidence file, a report) reports *all* problems at once, one line each, in the
``file:line: where: message`` form that editors and CI logs understand. The
command line turns :class:`InputError` into exit code 2 with no traceback.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``where`` is a key path such as ``distributions[0].preferred`` (or empty when
    the problem concerns the whole file); ``line`` is 1-based or ``None``.
    """

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        loc = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{loc}: {self.where}: {self.message}" if self.where else f"{loc}: {self.message}"


class InputError(Exception):
    """Bad input: carries every problem found, each printable on one line."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def one_line(text: str, limit: int = 120) -> str:
    """Squash ``text`` onto one line (for quoting user input in a message)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class UsageError(Exception):
    """The command line itself is wrong: an option's value, a missing or extra argument, options that
    do not go together, a set-up the command cannot work with.

    Distinct from :class:`InputError`, which is about a file the user wrote and names that file and
    line: a usage error names the *option*, so the user knows which word of the command to change.
    :func:`zowe_ha_lib.cli.main` prints each problem as ``zowe-ha CMD: --option: message`` (or
    ``zowe-ha CMD: message`` when no single option is at fault) and exits 2. ``command`` is filled in
    by the parser for errors it finds before it knows the namespace; otherwise the CLI adds it.
    """

    def __init__(self, option: str | None, message: str, *, command: str | None = None):
        self.problems: list[tuple[str | None, str]] = [(option, message)]
        self.command = command
        super().__init__(f"{option}: {message}" if option else message)

    @classmethod
    def several(cls, problems: list[tuple[str | None, str]], *, command: str | None = None) -> UsageError:
        """One error carrying every problem found (printed one line each)."""
        first, *rest = problems
        error = cls(*first, command=command)
        error.problems.extend(rest)
        return error


class Failure(Exception):
    """The command ran but had to stop short, for a reason it states in one line: exit 1.

    For failures found while doing the work (a report that would leak a secret is not written),
    as opposed to bad usage or bad input (exit 2) and to a bug in the kit (exit 3).
    """


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived: unwind like Ctrl-C, so that every ``finally`` and context manager
    removes what it made (staging folders, temporary files, kernels) before the process ends.

    A BaseException, so that no ``except Exception`` that records a notebook's failure swallows it.
    """


# The environment said no: the user's to fix (exit 2), or a resource ran out (exit 1).
_SETUP_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def environment_error(exc: OSError) -> Failure | InputError:
    """An OSError from the file system as the one line a person needs, never a traceback (exit 3).

    Permission denied and read-only file systems are set-up problems (exit 2,
    like bad input); a full disk, a quota or a file size limit, and any other
    I/O failure, mean the command had to stop short (exit 1).
    """
    why = exc.strerror or type(exc).__name__
    if exc.errno in _SETUP_ERRNOS:
        return InputError(Problem(str(exc.filename or "a file or folder"), None, "", f"cannot write or read here: {why}"))
    where = f"{exc.filename}: " if exc.filename is not None else ""
    if exc.errno in _FULL_ERRNOS:
        return Failure(f"{where}{why}: the disk is full or a size limit was reached; free some space and run it again")
    return Failure(f"{where}{why}")

