"""Colour on a terminal only: never in a pipe, never with NO_COLOR or --no-color."""

from __future__ import annotations

import io
import os
import pty
import subprocess

import pytest

from tests.support.cli import cli_argv
from tests.support.paths import FAULTY
from zowe_ha_lib.util import term

ESC = "\x1b["


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    term.configure(False)
    yield
    term.configure(False)


def test_status_words_are_coloured_on_a_terminal_and_padded_outside_the_colour(monkeypatch) -> None:
    tty = Tty()
    assert term.status("fail", 7, tty) == "\x1b[1;31mFAIL\x1b[0m   "
    assert term.status("pass", 0, tty) == "\x1b[32mPASS\x1b[0m"
    assert term.status("incomplete", 12, tty).endswith("INCOMPLETE\x1b[0m  ")
    assert term.status("odd", 5, tty) == "ODD  "  # no style for it: the word as it is
    assert term.status("fail", 7, io.StringIO()) == "FAIL   "  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert term.status("fail", 7, tty) == "FAIL   "
    monkeypatch.setenv("NO_COLOR", "")  # empty: as if unset (no-color.org)
    assert term.status("fail", 0, tty).startswith(ESC)
    monkeypatch.setenv("TERM", "dumb")
    assert term.status("fail", 0, tty) == "FAIL"
    monkeypatch.setenv("TERM", "xterm")
    term.configure(no_color=True)
    assert term.paint("x", "bold", tty) == "x"


def _on_a_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """Run zowe-ha ARGS with a pseudo-terminal as stdout; what it printed."""
    main, child = pty.openpty()
    proc = subprocess.Popen(cli_argv(*args), stdin=subprocess.DEVNULL, stdout=child, stderr=child,
                            env={**os.environ, "TERM": "xterm", **(env or {})}, close_fds=True)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode(errors="replace")


def test_check_in_colour_on_a_terminal_only() -> None:
    env = {k: "" for k in ("NO_COLOR",)}
    coloured = _on_a_terminal("check", str(FAULTY), env=env)
    assert "\x1b[1;31mFAIL\x1b[0m" in coloured and "\x1b[35mUNKNOWN\x1b[0m" in coloured
    assert coloured.rstrip().splitlines()[-1].startswith("\x1b[1;31mFAIL\x1b[0m CHG0002: not ready")
    for args, extra in (((), {"NO_COLOR": "1"}), (("--no-color",), env)):
        plain = _on_a_terminal(*args, "check", str(FAULTY), env=extra)
        assert ESC not in plain and "FAIL    SYSC" in plain
    after = _on_a_terminal("check", str(FAULTY), "--no-color", env=env)  # the global option after the command too
    assert ESC not in after
    piped = subprocess.run(cli_argv("check", str(FAULTY)), capture_output=True, text=True, timeout=120,
                           env={**os.environ, "TERM": "xterm", "NO_COLOR": ""})
    assert piped.returncode == 1 and ESC not in piped.stdout and "FAIL    SYSC" in piped.stdout
