"""What a person tells ``zowe-ha init`` about a new change record, parsed one answer at a time.

``init`` takes its answers from options or, on a terminal, from questions.
Both go through the parsers here, so ``--system SYSA:198.51.100.11`` and the
answer ``SYSA 198.51.100.11`` are read by the same rule and refused with the
same words. A parser returns the normalised value or raises ``ValueError``
with a message that says what is expected; the whole record is validated
afterwards by the same model as ``zowe-ha validate`` (:mod:`.new`).

This module is imported for ``zowe-ha --help`` (by the option types), so it
imports only what is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from .addresses import parse_ip

DEFAULT_RELEASE = "v3"
RELEASES = ("v1", "v2", "v3")
DEFAULT_PORT = 7554  # the Zowe gateway's default zowe.externalPort
_CHANGE_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SYSNAME = re.compile(r"[A-Za-z0-9@#$]{1,8}")
_HOSTNAME = re.compile(r"(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?")


def change_id(text: str) -> str:
    value = text.strip()
    if not _CHANGE_ID.fullmatch(value):
        raise ValueError(f"{text!r} is not a change id: 1-32 of A-Z a-z 0-9 _ -")
    return value


def title(text: str) -> str:
    value = " ".join(text.split())
    if not value or len(value) > 200:
        raise ValueError("give a one-line title of 1-200 characters")
    return value


def release(text: str) -> str:
    value = text.strip().lower()
    if value not in RELEASES:
        raise ValueError(f"{text!r} is not a Zowe release the kit knows; choose {', '.join(RELEASES)}")
    return value


def sysname(text: str, what: str = "a system name") -> str:
    value = text.strip()
    if not _SYSNAME.fullmatch(value):
        raise ValueError(f"{text!r} is not {what}: 1-8 of A-Z 0-9 @ # $")
    return value.upper()


def sysplex(text: str) -> str:
    return sysname(text, "a sysplex name")


def address(text: str) -> str:
    """An IPv4 or IPv6 address, normalised."""
    return parse_ip(text.strip())[1]


def system(text: str) -> tuple[str, str]:
    """``SYSA:198.51.100.11`` or ``SYSA 198.51.100.11``: a system and its dynamic XCF address."""
    name, sep, addr = text.strip().replace(" ", ":", 1).partition(":")
    if not sep or not addr.strip():
        raise ValueError(f"{text!r}: expected NAME:DYNAMIC-XCF-ADDRESS, e.g. SYSA:198.51.100.11")
    return sysname(name), address(addr)


def hostname(text: str) -> str:
    value = text.strip()
    if not _HOSTNAME.fullmatch(value):
        raise ValueError(f"{text!r} is not a host name such as zowe.plex1.example.com")
    return value


def port(text: str) -> int:
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ValueError(f"{text!r} is not a port number, 1 to 65535")
    return int(value)


def ports(text: str) -> list[int]:
    """``7554`` or ``7554, 7555``."""
    found = [port(p) for p in re.split(r"[\s,]+", text.strip()) if p]
    if not found:
        raise ValueError("give at least one port, e.g. 7554")
    return list(dict.fromkeys(found))


def names(text: str) -> list[str]:
    """``SYSB, SYSC`` or ``SYSB SYSC``: system names in order."""
    return [sysname(n) for n in re.split(r"[\s,]+", text.strip()) if n]


@dataclass
class Answers:
    """Everything ``init`` needs; ``None`` (or empty) means "not given yet"."""

    id: str | None = None
    title: str | None = None
    release: str | None = None
    sysplex: str | None = None
    systems: list[tuple[str, str]] = field(default_factory=list)
    dvipa: str | None = None
    hostname: str | None = None
    ports: list[int] = field(default_factory=list)
    preferred: str | None = None
    backups: list[str] | None = None
    zowe_config: str | None = None

    def missing(self) -> list[str]:
        """The options still needed: what has no default (``--id`` too when the folder name cannot be one)."""
        out = []
        if not self.id:
            out.append("--id")
        if not self.sysplex:
            out.append("--sysplex")
        if len(self.systems) < 2:
            out.append("--system")
        if not self.dvipa:
            out.append("--dvipa")
        return out

    def system_names(self) -> list[str]:
        return [name for name, _ in self.systems]

    def fill_defaults(self) -> None:
        """Defaults for what has one: release v3, the title from the sysplex, port 7554, the first system preferred."""
        self.release = self.release or DEFAULT_RELEASE
        if self.sysplex and not self.title:
            self.title = default_title(self.sysplex)
        self.ports = self.ports or [DEFAULT_PORT]
        names_ = self.system_names()
        if names_ and not self.preferred:
            self.preferred = names_[0]
        if names_ and self.backups is None:
            self.backups = [n for n in names_ if n != self.preferred]


def default_title(plex: str) -> str:
    return f"Enable Zowe high availability on {plex}"


class Ended(Exception):
    """Standard input ended before every question was answered."""


Parse = Callable[[str], Any]


class Questions:
    """Asks for what the options left out, one line per answer, from any pair of text streams.

    A wrong answer is explained and asked again; an empty answer takes the
    default shown in brackets. Reading plain lines (not ``input()``) keeps it
    drivable from a pipe, which is how the tests answer it.
    """

    def __init__(self, stdin: TextIO, stdout: TextIO):
        self.stdin, self.stdout = stdin, stdout

    def line(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        text = self.stdin.readline()
        if not text:
            self.stdout.write("\n")
            raise Ended(prompt.strip().rstrip(":"))
        return text.rstrip("\r\n")

    def ask(self, prompt: str, parse: Parse, default: str | None = None, optional: bool = False) -> Any:
        shown = f"{prompt} [{default}]: " if default else f"{prompt}{' (optional)' if optional else ''}: "
        while True:
            text = self.line(shown).strip()
            if not text and default:
                text = default
            if not text and optional:
                return None
            if not text:
                self.stdout.write("  an answer is needed here\n")
                continue
            try:
                return parse(text)
            except ValueError as exc:
                self.stdout.write(f"  {exc}\n")

    def systems(self) -> list[tuple[str, str]]:
        self.stdout.write("Systems, one per line as NAME DYNAMIC-XCF-ADDRESS (e.g. SYSA 198.51.100.11); "
                          "an empty line ends the list:\n")
        found: list[tuple[str, str]] = []
        while True:
            text = self.line(f"  system {len(found) + 1}: ").strip()
            if not text:
                if len(found) >= 2:
                    return found
                self.stdout.write("  a sysplex for Zowe HA needs at least two systems\n")
                continue
            try:
                name, addr = system(text)
            except ValueError as exc:
                self.stdout.write(f"  {exc}\n")
                continue
            clash = [n for n, a in found if n == name or a == addr]
            if clash:
                self.stdout.write(f"  {clash[0]} already has that name or address\n")
                continue
            found.append((name, addr))


def ask_missing(answers: Answers, q: Questions, folder_name: str) -> Answers:
    """Ask for every value the options did not give, defaults in brackets."""
    if not answers.id:
        answers.id = q.ask("Change id", change_id, folder_name if _CHANGE_ID.fullmatch(folder_name) else None)
    if not answers.sysplex:
        answers.sysplex = q.ask("Sysplex name", sysplex)
    if not answers.title:
        answers.title = q.ask("Title", title, default_title(answers.sysplex))
    if not answers.release:
        answers.release = q.ask(f"Zowe release ({', '.join(RELEASES)})", release, DEFAULT_RELEASE)
    if len(answers.systems) < 2:
        answers.systems = q.systems()
    xcfs = {addr for _, addr in answers.systems}
    if not answers.dvipa:
        answers.dvipa = q.ask("Dynamic VIPA of the Zowe gateway (an address of its own, not a dynamic XCF one)",
                              _not_in(address, xcfs, "is a system's dynamic XCF address; a DVIPA needs its own"))
    if not answers.hostname:
        answers.hostname = q.ask("Host name of the DVIPA (zowe.externalDomains)", hostname, optional=True)
    if not answers.ports:
        answers.ports = q.ask("Gateway port (zowe.externalPort)", ports, str(DEFAULT_PORT))
    members = answers.system_names()
    if not answers.preferred:
        answers.preferred = q.ask("Preferred system (gets new connections first)", _one_of(members), members[0])
    if answers.backups is None:
        rest = [n for n in members if n != answers.preferred]
        answers.backups = q.ask("Backup systems, in order of preference", _some_of(members, answers.preferred),
                                ", ".join(rest))
    return answers


def _not_in(parse: Parse, taken: set[str], why: str) -> Parse:
    def check(text: str) -> Any:
        value = parse(text)
        if value in taken:
            raise ValueError(f"{value} {why}")
        return value
    return check


def _one_of(members: Sequence[str]) -> Parse:
    def check(text: str) -> str:
        value = sysname(text)
        if value not in members:
            raise ValueError(f"{value} is not one of the systems ({', '.join(members)})")
        return value
    return check


def _some_of(members: Sequence[str], preferred: str | None) -> Parse:
    def check(text: str) -> list[str]:
        values = names(text)
        if not values:
            raise ValueError("name at least one backup system")
        for value in values:
            if value not in members:
                raise ValueError(f"{value} is not one of the systems ({', '.join(members)})")
            if value == preferred:
                raise ValueError(f"{value} is the preferred system; a backup must be another one")
        return list(dict.fromkeys(values))
    return check
