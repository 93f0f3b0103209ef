"""The ``zowe-ha`` command line.

Each command lives in its own module under :mod:`zowe_ha_lib.commands` and
provides ``NAME``, ``HELP`` (one line), ``EXAMPLES`` (text for ``--help``),
``add_arguments(parser)`` and ``run(args) -> int``. Commands import their heavy
dependencies inside ``run`` so that ``zowe-ha --help`` stays fast.

Exit codes: 0 success, 1 the command ran and found failures, 2 bad usage or
bad input (one line per problem on stderr, no traceback). :func:`main` is the
only place that turns errors into exit codes: a command returns 0 or 1, or
raises :class:`UsageError` (the command line is wrong: ``zowe-ha CMD:
--option: message``), :class:`InputError` (a file is wrong: ``file:line:
where: message``) or :class:`Failure` (it had to stop short: exit 1). An
OSError that reaches here is the environment's (a full disk, a read-only or
forbidden folder): one line, exit 1 or 2. Any other exception is a bug in
the kit: one line and exit 3; set ``ZOWE_HA_DEBUG=1`` to see the traceback.

``--no-color`` is a global option, accepted before or after the command name
(:mod:`zowe_ha_lib.util.term` decides about colour for every command).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence

from . import __version__, commands
from .util import term
from .util.errors import Failure, InputError, Terminated, UsageError, environment_error
from .util.text import SafeStream, safe_terminal

PROG = "zowe-ha"
# Order in which commands are listed in --help; modules not listed come after.
ORDER = ("init", "validate", "generate", "lint", "failover", "drill", "check", "collect", "run", "sign", "verify", "diff",
         "publish", "export", "requirements", "schema", "notebooks")


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are :class:`UsageError` naming the option, instead of its own exit."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog[len(PROG):].strip() or None
        raise UsageError.several(_problems(message, command), command=command)


_ARGUMENT = re.compile(r"argument (?P<name>[^\s/]+)(?:/\S+)?: (?P<message>.*)", re.S)
_CHOICE = re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.S)
_REQUIRED = "the following arguments are required: "
_AMBIGUOUS = re.compile(r"ambiguous option: (?P<name>\S+?)(?:=\S*)? could match (?P<choices>.*)", re.S)


def _help_hint(command: str | None) -> str:
    return f"see '{PROG} {command} --help'" if command else f"see '{PROG} --help'"


def _problems(message: str, command: str | None) -> list[tuple[str | None, str]]:
    """argparse's message as ``(option, message)`` pairs, one per problem."""
    if message.startswith(_REQUIRED):
        names = [n.strip() for n in message[len(_REQUIRED):].split(",")]
        return [(name.split("/")[0], f"missing ({_help_hint(command)})") for name in names]
    if match := _AMBIGUOUS.fullmatch(message):
        return [(match["name"], f"ambiguous: could be {match['choices']}")]
    if match := _ARGUMENT.fullmatch(message):
        name, text = match["name"], match["message"]
        if choice := _CHOICE.fullmatch(text):
            choices = ", ".join(c.strip().strip("'") for c in choice["choices"].split(","))
            what = ": no such command" if name == "COMMAND" else ""
            return [(name, f"invalid choice {choice['value']}{what}; choose from {choices}")]
        return [(name, text)]
    return [(None, f"{message} ({_help_hint(command)})")]


def _extra(arguments: list[str], command: str | None) -> UsageError:
    """Arguments nobody asked for: unknown options (a value right after one is taken as its value), or one too many."""
    problems: list[tuple[str | None, str]] = []
    after_option = False
    for a in arguments:
        if a.startswith("-"):
            problems.append((a.split("=", 1)[0], f"unknown option ({_help_hint(command)})"))
        elif not after_option:
            problems.append((a, f"unexpected argument ({_help_hint(command)})"))
        after_option = a.startswith("-") and "=" not in a
    return UsageError.several(problems, command=command)


def _command_modules() -> list:
    names = [m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    modules = [importlib.import_module(f"{commands.__name__}.{n}") for n in names]
    return [m for m in modules if hasattr(m, "NAME")]  # options.py is shared by the commands, not one


NO_COLOR_HELP = "no colour, also on a terminal (NO_COLOR=1 in the environment does the same)"


def _global_options() -> argparse.ArgumentParser:
    """Options every command accepts after its name too; SUPPRESS keeps the top-level value when absent."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--no-color", action="store_true", default=argparse.SUPPRESS, help=NO_COLOR_HELP)
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Plan, check and document a Zowe high-availability set-up on a z/OS Parallel Sysplex.",
        epilog="Exit codes: 0 ok, 1 findings or failures, 2 bad usage or input. "
        "Run 'zowe-ha COMMAND --help' for each command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--no-color", action="store_true", help=NO_COLOR_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = _global_options()
    for module in _command_modules():
        p = sub.add_parser(
            module.NAME,
            parents=[common],
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            epilog=module.EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def _say(lines: list[str]) -> None:
    """One line per problem: a newline or ESC sequence inside a message (from a file name, a token) stays visible."""
    for line in lines:
        print(safe_terminal(line), file=sys.stderr)


def _usage_lines(exc: UsageError, command: str | None) -> list[str]:
    prog = f"{PROG} {exc.command or command}" if exc.command or command else PROG
    return [f"{prog}: {option}: {message}" if option else f"{prog}: {message}" for option, message in exc.problems]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it prints goes through :class:`SafeStream` (untrusted text cannot drive the terminal).

    SIGTERM and SIGHUP unwind the command like Ctrl-C (:class:`Terminated`), so that a killed run,
    publish or sign removes its staging folders, temporary files and kernels on the way out.
    """
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        with _terminate_unwinds():
            return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


@contextlib.contextmanager
def _terminate_unwinds() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    old = {sig: signal.signal(sig, unwind) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    command = None
    try:
        args, extra = parser.parse_known_args(argv)
        command = args.command
        term.configure(no_color=args.no_color)
        if extra:
            raise _extra(extra, command)
        if not getattr(args, "_run", None):
            parser.print_help(sys.stderr)
            return 2
        return int(args._run(args) or 0)
    except UsageError as exc:
        _say(_usage_lines(exc, command))
        return 2
    except InputError as exc:
        _say([str(problem) for problem in exc.problems])
        return 2
    except Failure as exc:
        _say([f"{PROG} {command}: {exc}"])
        return 1
    except BrokenPipeError:  # the reader of our output went away (| head): nothing to say
        return 0
    except OSError as exc:  # the file system said no (full, read-only, denied): the environment, not the kit
        error = environment_error(exc)
        if isinstance(error, InputError):
            _say([f"{PROG} {command}: {problem}" for problem in error.problems])
            return 2
        _say([f"{PROG} {command}: {error}"])
        return 1
    except KeyboardInterrupt:
        _say([f"{PROG}: interrupted"])
        return 130
    except Terminated as exc:
        _say([f"{PROG}: terminated"])
        return 128 + (exc.args[0] if exc.args and isinstance(exc.args[0], int) else signal.SIGTERM)
    except Exception as exc:  # a bug in the kit, not bad input
        if os.environ.get("ZOWE_HA_DEBUG"):
            raise
        _say([f"{PROG}: internal error: {type(exc).__name__}: {exc} (set ZOWE_HA_DEBUG=1 for a traceback)"])
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
