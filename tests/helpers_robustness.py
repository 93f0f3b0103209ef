"""Run the real command line in-process and judge its answer to bad input.

The contract for bad input: exit 2 (or 1 for findings), one line per problem
naming the file, never a traceback and never the kit's own "internal error"
(exit 3), which must not be reachable by anything a user types or feeds in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from zowe_ha_lib.cli import main


@dataclass
class Answer:
    code: int
    out: str
    err: str


def zowe_ha(capsys: pytest.CaptureFixture[str], *argv: str) -> Answer:
    """Run ``zowe-ha argv...``; usage errors (argparse's SystemExit) count as their exit code."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return Answer(code, captured.out, captured.err)


def assert_clean_rejection(answer: Answer, names: str, code: int = 2) -> None:
    """Exit ``code``; stderr names ``names``; no traceback, no internal error."""
    assert answer.code == code, (answer.code, answer.err)
    assert "Traceback" not in answer.err and "internal error" not in answer.err, answer.err
    assert names in answer.err, answer.err
