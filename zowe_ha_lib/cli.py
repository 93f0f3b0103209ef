"""The ``zowe-ha`` command line.

Each command lives in its own module under :mod:`zowe_ha_lib.commands` and
provides ``NAME``, ``HELP`` (one line), ``EXAMPLES`` (text for ``--help``),
``add_arguments(parser)`` and ``run(args) -> int``. Commands import their heavy
dependencies inside ``run`` so that ``zowe-ha --help`` stays fast.

Exit codes (the contract): 0 success, 1 the command ran and found failures,
2 bad usage or bad input (one line per problem on stderr, no traceback).
An unexpected internal error prints one line and exits 3; set
``ZOWE_HA_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__, commands
from .util.errors import InputError

# Order in which commands are listed in --help; modules not listed come after.
ORDER = ("validate", "generate", "lint", "failover", "check", "collect", "run", "sign", "verify", "publish", "schema")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _command_modules() -> list:
    names = [m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [importlib.import_module(f"{commands.__name__}.{n}") for n in names]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zowe-ha",
        description="Plan, check and document a Zowe high-availability set-up on a z/OS Parallel Sysplex.",
        epilog="Exit codes: 0 ok, 1 findings or failures, 2 bad usage or input. "
        "Run 'zowe-ha COMMAND --help' for each command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"zowe-ha {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _command_modules():
        p = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            epilog=module.EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("zowe-ha: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug in the kit, not bad input
        if os.environ.get("ZOWE_HA_DEBUG"):
            raise
        print(f"zowe-ha: internal error: {type(exc).__name__}: {exc} (set ZOWE_HA_DEBUG=1 for a traceback)", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
