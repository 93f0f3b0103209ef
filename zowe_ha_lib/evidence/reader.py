"""Cut evidence files into command responses and parse each one.

People capture displays in many ways: a SYSLOG or OPERLOG extract (each line
prefixed with record type, system, date, time and flags; continuation lines
of a multi-line message carry its message number instead of the system, and
lines of other systems interleave), SDSF output (system, date and time in
front), SDSF's user log as Zowe's ``opercmd.rex``, ZOAU ``opercmd`` and IBM's
Ansible ``zos_operator`` return it (the same without the flag columns,
continuation lines indented to the text, SDSF's ISFnnnI lines around the
reply), the z/OSMF console API (lines separated by ``\\r``), TSO or z/OS
UNIX ``netstat`` reports, and IBM Health Checker output (the SDSF CK panel,
HZSPRINT). A response is recognised by its message id or report header, never
by the file name. Some responses carry message ids of their own inside (a
VTAM IST1188I group, a health check's messages): in a plain capture those
lines continue the response (:data:`SWALLOWS`) rather than end it.

The scan is one pass over the lines with cheap tests first (first character,
then a short token look-up, a regular expression only when those pass), so a
50 MB SYSLOG costs time in proportion to its size. Nothing here raises on
odd input: what cannot be read becomes an :class:`EvidenceProblem` that the
checks report as an ``unknown`` finding naming file and line. A parser says
"malformed or cut off" with :class:`~.base.DisplayError`; any other exception
from a parser is the kit's bug, reported too (never a crash) but marked
``internal`` so that it reads as one and the property tests catch it.

SYSLOG layout used here (from the JES2 hardcopy log format; the reference
notes do not document it, so the prefixes are matched by shape, tolerant of
spacing): ``MR0000000 SYSA 24330 13:45:01.14 JOBID 00000090  text`` for a
first line, ``DR   341 00000090  text`` for a continuation whose message
number 341 ends the first line's text; record types N (single line), M
(first line), L/D (label/data), E (end line).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..util.errors import InputError, one_line
from ..util.fsutil import read_upto
from . import cf, couple, etr, grs, hzs, jes2, node, omvs, racf, sms, structures, tcpip, vtam, xcf
from .base import Display, DisplayError, Response
from .izuprm import IzuPrm, looks_like_izuprm, parse_izuprm

_MODULES = (xcf, cf, couple, structures, etr, grs, racf, sms, omvs, jes2, tcpip, vtam, hzs, node)

# message id (or pseudo id) -> (kind, parser)
STARTS: dict[str, tuple[str, Callable[[Response], Display]]] = {}
for _mod in _MODULES:
    for _id, _kind in _mod.IDS.items():
        STARTS[_id] = (_kind, _mod.parse)

# kind -> requirement it is evidence for (for "cut off" findings)
REQUIREMENT_OF: dict[str, str] = {}
for _mod in _MODULES:
    REQUIREMENT_OF.update(_mod.REQUIREMENTS)

# Ids that appear inside or around a response but are not responses themselves
# (IST097I DISPLAY ACCEPTED comes before every VTAM display).
WRAPPERS = frozenset({"IEE932I", "ICH15020I", "IEE612I", "IST097I"})

# JES2 repeats the $HASP id on every line of a long response; only some lines begin a new one.
CONTINUES: dict[str, Callable[[str], bool]] = dict(jes2.CONTINUES)

# Responses whose body holds lines with message ids of their own (a VTAM message group,
# a health check's output): in a plain capture such a line continues the response
# while the test says so, instead of ending it as an unrecognised message.
SWALLOWS: dict[str, Callable[[Response, str], bool]] = {
    **hzs.SWALLOWS,
    "IST1188I": lambda resp, word: bool(vtam.INNER.match(word)) and not any("IST314I" in t for _n, t in resp.lines[-1:]),
}

MAX_FILE_BYTES = 200_000_000

_FIRST = re.compile(
    r"([NMWXO])[ A-Z][0-9A-F]{7} +([A-Z0-9$#@]{1,8}) +(?:\d{5}|\d{7}) +\d\d:\d\d:\d\d\.\d\d +(?:\S{1,8} +)?[0-9A-F]{8}(?: (.*))?$"
)
_CONT = re.compile(r"([LDES])[ A-Z] +(?:(\d{1,8}) +)?[0-9A-F]{8}(?: (.*))?$")
_SDSF = re.compile(r"([A-Z0-9$#@]{1,8}) +(?:\d{5}|\d{7}) +\d\d:\d\d:\d\d\.\d\d +(?:\S{1,8} +)?[0-9A-F]{8} (.*)")
_SDSF_CONT = re.compile(r" {10,}(?:\d{1,8} +)?[0-9A-F]{8} (.*)")
# SDSF's user log (ULOG) as ISFEXEC/REXX prints it, which is what Zowe's own opercmd.rex returns:
# system (as the site names it, any case), 7-digit date, time, then the text with no job or flag
# columns; a continuation line is blank up to the column where the first line's text began.
_ULOG = re.compile(r"([A-Za-z0-9$#@]{1,8}) +\d{7} +\d\d:\d\d:\d\d\.\d\d +(\S.*)$")
# The user log's job column (STC18668, JES2, a TSO user) before a message id; read by shape, not position.
_ULOG_JOB = re.compile(r"([A-Z0-9$#@]{1,8}) +(?=\S)")
# SDSF's own messages around a command's response (console activated, command issued...): never a display.
_SYSNAME = re.compile(r"[A-Za-z0-9$#@]{1,8} ")
_ISF = re.compile(r"ISF\d{3,4}[A-Z]$")
_TRAILING_NUMBER = re.compile(r"\s(\d{1,8})\s*$")
_TIME = re.compile(r"\d\d[.:]\d\d[.:]\d\d(?:\.\d+)?$")
_MSGID = re.compile(r"(?:[A-Z]{3}[A-Z0-9]?\d{3,5}[A-Z]|\$HASP\d{3,4})$")
_NETSTAT = re.compile(r"NETSTAT\s+CS\s+V\d+R\d+", re.IGNORECASE)


@dataclass
class EvidenceProblem:
    """Something in the evidence that could not be used, with its place."""

    file: str
    line: int | None
    message: str
    requirement: str | None = None
    system: str | None = None
    internal: bool = False  # the kit failed on this file (a parser bug), not the capture

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Evidence:
    """Everything read from an evidence folder."""

    displays: list[Display] = field(default_factory=list)
    problems: list[EvidenceProblem] = field(default_factory=list)
    izuprm: list[IzuPrm] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def of(self, *kinds: str, system: str | None = None) -> list[Display]:
        """Usable displays of the given kinds (from ``system`` if given), in file order."""
        return [d for d in self.displays if d.kind in kinds and d.usable and (system is None or d.system == system)]


class _Multi:
    __slots__ = ("keep", "lines", "system")

    def __init__(self, system: str, keep: bool):
        self.system = system
        self.lines: list[tuple[int, str]] = []
        self.keep = keep


class _Scanner:
    """One file: frames SYSLOG multi-line messages and splits text into responses."""

    def __init__(self, file: str, folder: str | None, systems: frozenset[str]):
        self.file = file
        self.folder = folder
        self.systems = systems
        self.responses: list[Response] = []
        self.unrecognised: dict[str, int] = {}
        self.multi: dict[str, _Multi] = {}
        self.last_multi: _Multi | None = None
        self.streams: dict[str | None, Response | None] = {}
        self.last_stream: str | None = None
        self.last_of: dict[tuple[str | None, str], Response] = {}
        self.meaningful = 0
        self.ulog_col: int | None = None  # where the text of the last SDSF ULOG line began

    # -- classification -------------------------------------------------

    def classify(self, text: str, want_unknown: bool = False) -> tuple[str, str] | None:
        """``(msgid, rest)`` when ``text`` begins a response; ``("?", id)`` for an unknown
        message id when ``want_unknown`` (plain captures; a SYSLOG is full of them)."""
        stripped = text.lstrip()
        if not stripped:
            return None
        blank = stripped.find(" ")
        first = (stripped if blank < 0 else stripped[:blank]).lstrip("*@+-|")
        if first in STARTS:
            return first, stripped[blank + 1 :].strip() if blank >= 0 else ""
        if not first or first[0].isdigit() or first in self.systems:
            tokens = stripped.split(None, 4)
            for i, tok in enumerate(tokens[:4]):
                t = tok.lstrip("*@+-|")
                if not t:
                    continue
                if t in STARTS:
                    return t, " ".join(tokens[i + 1 :])
                if not (_TIME.match(t) or t in self.systems or t.isdigit()):
                    first = t
                    break
        if first in WRAPPERS:
            return None
        if want_unknown and first[:3] == "ISF" and _ISF.match(first):
            return "-", first
        if want_unknown and len(first) <= 9 and _MSGID.match(first):
            return "?", first
        if first[:1] in "vV" and node.VERSION_LINE.match(stripped.rstrip()):
            return node.PSEUDO_ID, ""
        if "NETSTAT" in text and _NETSTAT.search(text):
            return tcpip.NETSTAT_ID, ""
        if first[:1] in "CcSs" and (pseudo := hzs.starts(stripped)) is not None:
            return pseudo, ""
        return None

    @staticmethod
    def _message_id(word: str) -> bool:
        """``word`` is a message id (one the kit reads, or any in IBM's shape)."""
        word = word.lstrip("*@+-|")
        return word in STARTS or (len(word) <= 9 and bool(_MSGID.match(word)))

    def _new(self, msgid: str, system: str | None, line: tuple[int, str]) -> Response:
        resp = Response(msgid=msgid, system=system, file=self.file, lines=[line], folder=self.folder)
        self.responses.append(resp)
        return resp

    def _continuation(self, msgid: str, rest: str) -> bool:
        test = CONTINUES.get(msgid)
        return bool(test and test(rest))

    # -- SYSLOG framing -------------------------------------------------

    def message(self, system: str, lines: list[tuple[int, str]], complete: bool) -> None:
        """A whole SYSLOG message (single line or multi-line): split it into responses."""
        current: Response | None = None
        for line in lines:
            kind = self.classify(line[1])
            if kind and kind[0] != "?":
                msgid, rest = kind
                if self._continuation(msgid, rest):
                    target = current if current and current.msgid == msgid else self.last_of.get((system, msgid))
                    if target is not None:
                        target.lines.append(line)
                        current = target
                        continue
                current = self._new(msgid, system, line)
                self.last_of[(system, msgid)] = current
            elif current is not None:
                current.lines.append(line)
        if not complete and current is not None:
            current.complete = False

    # -- plain text (z/OSMF, SDSF, netstat) ----------------------------

    def plain(self, key: str | None, line: tuple[int, str]) -> None:
        current = self.streams.get(key)
        kind = self.classify(line[1], want_unknown=True)
        system = key or self.folder
        if kind is None:
            if current is not None:
                current.lines.append(line)
            return
        msgid, rest = kind
        if msgid == "?" and current is not None and SWALLOWS.get(current.msgid, _never)(current, rest):
            current.lines.append(line)
            return
        if msgid == "-":  # SDSF's own message: ends the response before it, reported as nothing
            self.streams[key] = None
            return
        if msgid == "?":
            self.unrecognised.setdefault(rest, line[0])
            self.streams[key] = None
            return
        if self._continuation(msgid, rest):
            target = current if current and current.msgid == msgid else self.last_of.get((system, msgid))
            if target is not None:
                target.lines.append(line)
                self.streams[key] = target
                return
        if msgid == node.PSEUDO_ID and current is not None and current.msgid == msgid:
            current.lines.append(line)
            return
        resp = self._new(msgid, system, line)
        self.last_of[(system, msgid)] = resp
        self.streams[key] = resp

    # -- one physical line ----------------------------------------------

    def feed(self, number: int, raw: str) -> None:
        if not raw or raw.isspace():
            return
        c = raw[0]
        if c in "NMWXO":
            m = _FIRST.match(raw)
            if m:
                self.meaningful += 1
                rtype, system, text = m.group(1), m.group(2), m.group(3) or ""
                if rtype == "M":
                    tail = _TRAILING_NUMBER.search(text)
                    kind = self.classify(text)
                    first = text.split(None, 1)[0].lstrip("*@+-") if text.strip() else ""
                    multi = _Multi(system, keep=bool(kind and kind[0] != "?") or first in WRAPPERS)
                    multi.lines.append((number, text))
                    self.multi[tail.group(1) if tail else f"@{number}"] = multi
                    self.last_multi = multi
                else:
                    self.message(system, [(number, text)], True)
                return
        elif c in "LDES":
            m = _CONT.match(raw)
            if m:
                self.meaningful += 1
                rtype, cid, text = m.group(1), m.group(2), m.group(3) or ""
                multi = self.multi.get(cid) if cid else self.last_multi
                if multi is None:
                    return
                if multi.keep:
                    multi.lines.append((number, text))
                if rtype == "E":
                    if cid:
                        self.multi.pop(cid, None)
                    if multi.keep:
                        self.message(multi.system, multi.lines, True)
                    if self.last_multi is multi:
                        self.last_multi = None
                return
        if c == "#":
            return
        if c == " ":
            m = _SDSF_CONT.match(raw) if len(raw) > 20 else None
            if m:
                self.plain(self.last_stream, (number, m.group(1)))
                return
            col = self.ulog_col
            if col is not None:  # a user-log continuation: cut where the first line's text began
                self.plain(self.last_stream, (number, raw[min(col, len(raw) - len(raw.lstrip())):]))
                return
        elif (c.isalnum() or c in "$#@") and len(raw) > 25 and _SYSNAME.match(raw):
            m = _SDSF.match(raw) if len(raw) > 40 else None
            if m:
                self.last_stream, self.ulog_col = m.group(1), None
                self.plain(m.group(1), (number, m.group(2)))
                return
            m = _ULOG.match(raw)
            if m:
                system, col = m.group(1).upper(), m.start(2)
                job = _ULOG_JOB.match(raw, col)
                if job and not self._message_id(job.group(1)) and self._message_id(raw[job.end():].split(None, 1)[0]):
                    col = job.end()
                self.last_stream, self.ulog_col = system, col
                self.plain(system, (number, raw[col:]))
                return
        self.last_stream = self.ulog_col = None
        self.plain(None, (number, raw))

    def finish(self) -> None:
        seen: set[int] = set()
        for multi in self.multi.values():
            if multi.keep and id(multi) not in seen:
                seen.add(id(multi))
                self.message(multi.system, multi.lines, False)
        self.multi.clear()


def _never(resp: Response, word: str) -> bool:
    return False


def decode(raw: bytes) -> str:
    """Bytes to text. UTF-8 with replacement; a file that looks like EBCDIC (binary FTP) is read as code page 037."""
    sample = raw[:4096]
    if sample and sample.count(0x40) > len(sample) // 8 and sample.count(0x40) > 4 * sample.count(0x20):
        text = raw.decode("cp037", errors="replace")
        return text.replace("\x85", "\n")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8", errors="replace")


def logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """``(line number, text)`` for every line; a ``\\r`` inside a line (the z/OSMF
    console separator) splits it further but keeps the physical line number,
    so ``file:line`` agrees with ``grep -n``."""
    for number, physical in enumerate(text.split("\n"), 1):
        if "\r" in physical:
            physical = physical.rstrip("\r")
            if "\r" in physical:
                for part in physical.split("\r"):
                    yield number, part.rstrip()
                continue
        yield number, physical.rstrip()


def scan_text(text: str, file: str, folder: str | None, systems: Iterable[str] = ()) -> tuple[list[Response], dict[str, int], int]:
    """Responses of one file's text, unknown message ids (id -> first line) and the count of log lines."""
    scanner = _Scanner(file, folder, frozenset(systems))
    for number, line in logical_lines(text):
        scanner.feed(number, line)
    scanner.finish()
    return scanner.responses, scanner.unrecognised, scanner.meaningful


def parse_response(resp: Response) -> Display:
    """Parse one response; never raises.

    A malformed or cut-off response (the parser raised DisplayError) becomes
    an unusable display saying what is missing. Any other exception is a bug
    in the parser: the contract still wants a finding, not a crash, so it
    becomes an unusable display too, marked ``internal`` and worded so that
    nobody recaptures a good display to chase it.
    """
    kind, parser = STARTS[resp.msgid]
    try:
        return parser(resp)
    except DisplayError as exc:
        return Display(kind=kind, system=resp.system, file=resp.file, line=resp.line, problem=str(exc))
    except Exception as exc:
        why = one_line(f"{type(exc).__name__}: {exc}", 160)
        return Display(kind=kind, system=resp.system, file=resp.file, line=resp.line, internal=True,
                       problem=f"internal error in the kit's {kind} display parser, please report it with this file ({why})")


class _Unreadable(Exception):
    """A file the reader does not take, with the reason for the finding."""


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them; _Unreadable otherwise.

    The file is opened without following a link (the caller has vetted and
    resolved any) and without blocking (a FIFO, or ``/proc/kmsg``, would
    otherwise wait for ever), must be a regular file, and is read with a bound
    rather than trusting its size: files under ``/proc`` report size 0.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _Unreadable(f"cannot read: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Unreadable("not a regular file (a pipe, a device or a socket?); not read")
        data = read_upto(fd, limit + 1)
        if len(data) > limit:
            raise _Unreadable(f"file is more than the {limit} bytes read; split it")
        return data
    except BlockingIOError:
        raise _Unreadable("does not read like a file (it waits for data: a kernel or device file?); not read") from None
    except OSError as exc:
        raise _Unreadable(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_file(path: Path, shown: str, folder: str | None, systems: Iterable[str], evidence: Evidence) -> None:
    """Read one evidence file into ``evidence``."""
    evidence.files.append(shown)
    try:
        raw = read_bytes(path)
    except _Unreadable as exc:
        evidence.problems.append(EvidenceProblem(shown, None, str(exc), system=folder))
        return
    read_text(decode(raw), shown, folder, systems, evidence)


def read_text(text: str, shown: str, folder: str | None, systems: Iterable[str], evidence: Evidence) -> None:
    """Read one capture's text into ``evidence``, exactly as if it were the file ``shown``.

    The guided walk judges a response pasted into a notebook with this, so a
    paste and the saved file read the same way.
    """
    responses, unknown, _ = scan_text(text, shown, folder, systems)
    for resp in responses:
        display = parse_response(resp)
        evidence.displays.append(display)
        if display.problem:
            evidence.problems.append(EvidenceProblem(shown, display.line, f"{resp.msgid} response: {display.problem}",
                                                     REQUIREMENT_OF.get(display.kind), display.system,
                                                     internal=display.internal))
    for msgid, line in unknown.items():
        evidence.problems.append(EvidenceProblem(shown, line, f"unrecognised response {msgid}: the kit reads no display with this message id; it was ignored", system=folder))
    if responses or unknown:
        return
    if _izuprm(text, shown, folder, evidence):
        return
    if text.strip():
        evidence.problems.append(EvidenceProblem(
            shown, 1, "no recognised display in this file (the kit recognises responses by message id or netstat report header)", system=folder))


def _izuprm(text: str, shown: str, folder: str | None, evidence: Evidence) -> bool:
    """A z/OSMF IZUPRMxx member given as evidence (recognised by its keywords)."""
    if not looks_like_izuprm(text):
        return False
    try:
        member = parse_izuprm(text, shown)
    except InputError as exc:
        first = exc.problems[0] if exc.problems else None
        evidence.problems.append(EvidenceProblem(shown, first.line if first else None,
                                                 f"IZUPRMxx member cannot be read: {first.message if first else exc}", "zosmf-ha", folder))
        return True
    member.system = folder
    evidence.izuprm.append(member)
    return True


def _shown(path: Path, base: Path | None) -> str:
    """``path`` as the user knows it: relative to the record (or the cwd), as written, not resolved."""
    if base is not None:
        rel = os.path.relpath(path, base)
        if not rel.startswith(".."):
            return Path(rel).as_posix()
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else Path(rel).as_posix()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Walk:
    """The files an evidence folder holds, links vetted: none leads out of ``root`` (the change record)."""

    def __init__(self, root: Path, base: Path | None, evidence: Evidence):
        self.root = os.path.realpath(root)
        self.base = base
        self.evidence = evidence

    def real(self, path: Path, folder: str | None) -> str | None:
        """The real path of ``path``; None (and a finding) when a link leads out of the record."""
        real = os.path.realpath(path)
        if not _inside(real, self.root):
            self.evidence.problems.append(EvidenceProblem(
                _shown(path, self.base), None, "is a symbolic link out of the change record; not read (copy the file in)",
                system=folder))
            return None
        return real

    def files(self, folder_path: Path, folder: str | None, seen: set[str]) -> Iterable[tuple[Path, str]]:
        """``(path as shown, real path)`` of every file under ``folder_path``, hidden names skipped."""
        try:
            entries = sorted(folder_path.iterdir())
        except OSError as exc:
            self.evidence.problems.append(EvidenceProblem(_shown(folder_path, self.base), None,
                                                          f"cannot read the folder: {exc.strerror or exc}", system=folder))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            real = self.real(entry, folder)
            if real is None:
                continue
            if os.path.isdir(real):
                if real not in seen:  # a link back up the tree is read once
                    yield from self.files(entry, folder, seen | {real})
            else:
                yield entry, real


def read_evidence(evidence_dir: Path, systems: Iterable[str] = (), base: Path | None = None) -> Evidence:
    """Read every file under ``evidence_dir`` (``<SYSNAME>/`` folders, any file names).

    ``systems`` are the record's SYSNAMEs (used to recognise a SYSNAME token in
    front of a message id); ``base`` is the folder paths are shown relative to
    (the change record folder). Symbolic links are followed only while they
    stay inside the change record (or, for an evidence folder given from
    elsewhere, inside that folder); only regular files are read.
    """
    evidence = Evidence()
    names = [s.upper() for s in systems]
    evidence_dir = Path(evidence_dir)
    if not evidence_dir.is_dir():
        if evidence_dir.exists():  # a file where the folder belongs: say so rather than report every display missing
            evidence.problems.append(EvidenceProblem(_shown(evidence_dir, base), None,
                                                     "is not a folder; evidence goes in <SYSNAME>/ folders under it"))
        return evidence
    own = base is not None and not os.path.relpath(evidence_dir, base).startswith("..")
    walk = _Walk(base if own and base is not None else evidence_dir, base, evidence)
    real_top = walk.real(evidence_dir, None)
    if real_top is None:
        return evidence
    for entry in sorted(evidence_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        real = walk.real(entry, None)
        if real is None:
            continue
        if os.path.isdir(real):
            folder = entry.name.upper()
            for path, real_file in walk.files(entry, folder, {real_top, real}):
                read_file(Path(real_file), _shown(path, base), folder, names, evidence)
        else:
            read_file(Path(real), _shown(entry, base), None, names, evidence)
    return evidence
