"""Option types the commands share, so that every command rejects a bad value the same way.

Each ``type=`` function here returns the parsed value or raises
:class:`argparse.ArgumentTypeError` with the reason; :mod:`zowe_ha_lib.cli`
turns that into one line, ``zowe-ha CMD: --option: reason``, and exit 2,
before the command has read or written anything. The functions that need
the change record (is this a system of it?) run after parsing and raise
:class:`~zowe_ha_lib.util.errors.UsageError` the same way.

An empty value is always refused: ``--out "$DIR"`` with ``DIR`` unset must
not silently mean the current folder.

This module is imported for ``zowe-ha --help``, so it imports only what is
cheap; the z/OSMF URL check loads the HTTP client on first use.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..record import answers as _answers
from ..record.addresses import parse_ip
from ..record.release import SHAPE as RELEASE_SHAPE
from ..record.release import parse as parse_release
from ..requirements.status import FINDING_STATUSES
from ..signoff.terms import MAX_COMMENT, signer_problem
from ..util.errors import UsageError

RECORD_HELP = "change record folder or its change.yaml"
_SYSNAME = re.compile(r"[A-Za-z0-9@#$]{1,8}")
_CONSOLE = re.compile(r"[A-Za-z@#$][A-Za-z0-9@#$]{1,7}")


def _number(text: str, kind: type, what: str) -> int | float:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if isinstance(value, float) and not math.isfinite(value):  # "nan" and "inf" parse as floats but are no limit
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def positive_int(text: str) -> int:
    """A whole number more than 0 (a count of jobs)."""
    value = _number(text, int, "a whole number")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number more than 0, got {text!r}")
    return int(value)


def positive_float(text: str) -> float:
    """A finite number more than 0 (seconds of a time limit)."""
    value = _number(text, float, "a number")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number more than 0, got {text!r}")
    return float(value)


def int_between(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high`` (retries, follow-up reads)."""
    def parse(text: str) -> int:
        value = _number(text, int, "a whole number")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {low} to {high}, got {text!r}")
        return int(value)
    return parse


def seconds_between(low: float, high: float, *, low_included: bool = True) -> Callable[[str], float]:
    """Finite seconds from ``low`` (included unless said otherwise) to ``high``."""
    def parse(text: str) -> float:
        value = _number(text, float, "a number of seconds")
        if not (low <= value if low_included else low < value) or value > high:
            least = f"from {low:g}" if low_included else f"more than {low:g}"
            raise argparse.ArgumentTypeError(f"expected seconds {least} to {high:g}, got {text!r}")
        return float(value)
    return parse


def port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    value = _number(text, int, "a port number")
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number, 1 to 65535, got {text!r}")
    return int(value)


def ip_address(text: str) -> str:
    """An IPv4 or IPv6 address, normalised as the change record and the profiles are."""
    try:
        return parse_ip(text)[1]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _not_empty(text: str, what: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(f"empty ({text!r}); give {what}")
    return text


def record(text: str) -> str:
    """A change record argument (its folder or its change.yaml); kept as typed, for messages."""
    return _not_empty(text, "a change record folder or its change.yaml")


def file_path(what: str) -> Callable[[str], Path]:
    """A file or folder to read or write, named in the message as ``what`` ("the SSH key", ...)."""
    def parse(text: str) -> Path:
        return Path(_not_empty(text, what))
    return parse


def file_name(what: str) -> Callable[[str], str]:
    """Like :func:`file_path`, but kept as typed: findings name the file the way the user did."""
    def parse(text: str) -> str:
        return _not_empty(text, what)
    return parse


def output_folder(text: str) -> str:
    """A folder to write into, kept as typed; whether it can be written is for the command to find out."""
    return _not_empty(text, "the folder to write the files in")


def zowe_release(text: str) -> str:
    """A Zowe release line or level (``v3``, ``v3.4``), as change.zowe_release takes it."""
    try:
        return parse_release(text).text
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {RELEASE_SHAPE}, got {text!r}") from None


def system_name(text: str) -> str:
    """A SYSNAME (1-8 of A-Z 0-9 @ # $), upper case."""
    if not _SYSNAME.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"expected a system name (1-8 of A-Z 0-9 @ # $), got {text!r}")
    return text.strip().upper()


def console_name(text: str) -> str:
    """An EMCS console name, or ``defcn`` (z/OSMF derives the name from the user)."""
    if text != "defcn" and not _CONSOLE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"a console name is 2-8 of A-Z 0-9 @ # $, starting with a letter or @ # $; got {text!r}")
    return text


def uss_path(text: str) -> str:
    """An absolute z/OS UNIX path."""
    if not text.startswith("/"):
        raise argparse.ArgumentTypeError(f"expected an absolute z/OS UNIX path such as /global/zowe/zowe.yaml, got {text!r}")
    return text


def zosmf_url(text: str) -> str:
    """``https://HOST[:PORT]``; the message never echoes a password written into the URL."""
    # The HTTP client (ssl, http.client) is loaded only when this option is given, not for every --help.
    from ..collect.client import parse_url  # local: loads the HTTP client on first use only

    try:
        parse_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def signer_id(text: str) -> str:
    """A sign-off's signer: an allowed_signers principal such as alice@example.com."""
    problem = signer_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def comment(text: str) -> str:
    """A sign-off's remark, at most a couple of paragraphs."""
    if len(text) > MAX_COMMENT:
        raise argparse.ArgumentTypeError(f"{len(text)} characters; at most {MAX_COMMENT}")
    return text


def answer(kind: str) -> Callable[[str], object]:
    """An option read by the parser ``init`` also uses for the same answer typed at a prompt
    (:mod:`zowe_ha_lib.record.answers`: ``system``, ``sysplex``, ``release``, ``names``...)."""
    parse = getattr(_answers, kind)

    def read(text: str) -> object:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    read.__name__ = kind
    return read


def change_id(text: str) -> str:
    """A change id: 1-32 of A-Z a-z 0-9 _ -."""
    return answer("change_id")(text)  # type: ignore[return-value]


def finding_statuses(text: str) -> tuple[str, ...]:
    """``fail,unknown``: finding status words, comma-separated, any case (``na`` for ``n/a``)."""
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    if not words:
        raise argparse.ArgumentTypeError(f"empty ({text!r}); give status words such as fail,unknown")
    words = ["n/a" if w == "na" else w for w in words]
    bad = [w for w in words if w not in FINDING_STATUSES]
    if bad:
        raise argparse.ArgumentTypeError(f"{', '.join(repr(w) for w in bad)} is not a status; "
                                         f"choose from {', '.join(FINDING_STATUSES)} (comma-separated)")
    return tuple(dict.fromkeys(words))


def system_of(option: str, name: str, systems: Sequence[str], record_id: str) -> str:
    """``name`` when it is one of ``systems``; UsageError on ``option`` naming the choices otherwise."""
    if name not in systems:
        raise UsageError(option, f"{name} is not a system of {record_id}; choose one of {', '.join(systems)}")
    return name
