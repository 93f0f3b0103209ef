"""Input problems and how they are reported.

Every command that reads a file the user wrote (a change record, a profile, an
evidence file, a report) reports *all* problems at once, one line each, in the
``file:line: where: message`` form that editors and CI logs understand. The
command line turns :class:`InputError` into exit code 2 with no traceback.
"""

from __future__ import annotations

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
