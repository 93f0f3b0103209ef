"""Safe YAML loading that remembers where every key and item came from.

A change record is written by hand, so every message must point at a line.
PyYAML's safe loader gives values without positions; this module composes
the node tree, builds the values itself (safe constructors only) and records
the 1-based line of each key path, e.g. ``("distributions", 0, "preferred")``.
It also rejects what PyYAML silently accepts: duplicate keys (the last one
would win without a word) and several documents in one file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..util.errors import InputError, Problem
from ..util.fsutil import read_upto

MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # guards against alias expansion ("billion laughs")
MAX_DEPTH = 64
Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """A YAML document's value plus the line of every key path in it."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """Line of ``path``, or of its nearest parent that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get(())  # None for data built in memory (no lines to point at)


def format_path(path: tuple[object, ...]) -> str:
    """``("distributions", 0, "preferred")`` -> ``distributions[0].preferred``.

    A key (a string) is joined with dots; any other part is a list item and
    goes in brackets as it prints: a position here, a row's key in ``zowe-ha
    diff`` (``systems[SYSC].state``).
    """
    out = ""
    for part in path:
        if isinstance(part, str):
            out += ("." if out else "") + part
        else:
            out += f"[{part}]"
    return out


def decode(raw: bytes, file: str) -> str:
    """Bytes to text, or an InputError naming the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise InputError(Problem(file, None, "", f"file is {len(raw)} bytes; a change record is at most {MAX_BYTES}"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(file, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); is this a binary file?")
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(Problem(file, line, "", "contains a NUL character; is this a binary file?"))
    return text


_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before PyYAML composes the document.

    PyYAML's composer recurses once per level: ``[[[[...]]]]`` a thousand deep
    raises RecursionError from inside it. Its scanner does not recurse, so the
    tokens are counted first; syntax errors are left to the parse that follows.
    """
    loader = yaml.SafeLoader(text)
    depth = 0
    try:
        while not isinstance(token := loader.get_token(), yaml.StreamEndToken | None):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    line = token.start_mark.line + 1
                    raise InputError(Problem(file, line, "", f"nested more than {MAX_DEPTH} levels deep; the kit reads flat configuration files"))
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def load_text(text: str, file: str) -> Located:
    """Parse one YAML document from ``text``; raise InputError on any problem."""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise InputError(Problem(file, line, "", f"contains the control character {_char(exc.character)}, which YAML does not allow")) from None
    _check_depth(text, file)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            what = exc.problem or "YAML syntax error"
            if exc.context:
                what = f"{exc.context}: {what}"
            if "expected a single document" in str(exc):
                what = "several YAML documents ('---') in one file; a change record is one document"
            raise InputError(Problem(file, line, "", f"YAML syntax error: {what}")) from None
        except yaml.reader.ReaderError as exc:
            line = text[: exc.position].count("\n") + 1
            raise InputError(Problem(file, line, "", f"contains the control character {_char(exc.character)}, which YAML does not allow")) from None
        except yaml.YAMLError as exc:
            raise InputError(Problem(file, None, "", f"YAML error: {' '.join(str(exc).split())}")) from None
        located = Located(data=None, file=file)
        if node is None:
            return located
        problems: list[Problem] = []
        located.lines[()] = node.start_mark.line + 1
        try:
            located.data = _build(loader, node, (), located, problems, [0])
        except _TooBig as exc:
            raise InputError(Problem(file, exc.line, "", str(exc))) from None
        if problems:
            raise InputError(problems)
        return located
    finally:
        loader.dispose()


def load_file(path: Path, display: str | None = None) -> Located:
    """Read and parse ``path``; ``display`` is the name used in messages."""
    name = display or str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            # Opening a pipe waits for a writer and a device may never end: refuse both up front.
            raise InputError(Problem(name, None, "", "not a regular file (a pipe or a device?); expected a YAML file"))
        if info.st_size > MAX_BYTES:
            raise InputError(Problem(name, None, "", f"file is {info.st_size} bytes; a change record is at most {MAX_BYTES}"))
        # Non-blocking, and never more than the limit: a link to /proc/kmsg is "regular" and of size 0,
        # and would otherwise wait for ever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            raw = read_upto(fd, MAX_BYTES + 1)  # the file may grow between stat and read
        finally:
            os.close(fd)
    except BlockingIOError:
        raise InputError(Problem(name, None, "", "does not read like a file (it waits for data: a kernel or device "
                                 "file?); expected a YAML file")) from None
    except FileNotFoundError:
        raise InputError(Problem(name, None, "", "no such file")) from None
    except IsADirectoryError:
        raise InputError(Problem(name, None, "", "is a folder, expected a YAML file")) from None
    except OSError as exc:
        raise InputError(Problem(name, None, "", f"cannot read: {exc.strerror}")) from None
    return load_text(decode(raw, name), name)


def _char(c: int | str) -> str:
    code = c if isinstance(c, int) else ord(c)
    return f"U+{code:04X}"


class _TooBig(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, located: Located, problems: list[Problem], count: list[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _TooBig(f"more than {MAX_NODES} values (runaway YAML aliases?); a change record is small", node.start_mark.line + 1)
    if len(path) > MAX_DEPTH:
        raise _TooBig(f"nested more than {MAX_DEPTH} levels deep (a recursive YAML alias?)", node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        try:
            loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as exc:
            problems.append(Problem(located.file, node.start_mark.line + 1, format_path(path), str(exc.problem)))
            return {}
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = _build(loader, key_node, path, located, problems, count)
            if isinstance(key, list | dict) or key is None:
                problems.append(Problem(located.file, line, format_path(path), "a key must be a plain name"))
                continue
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = located.lines.get((*path, key))
                problems.append(
                    Problem(located.file, line, format_path((*path, key)), f"duplicate key (first given on line {first}); YAML would silently keep only the last")
                )
                continue
            located.lines[(*path, key)] = line
            result[key] = _build(loader, value_node, (*path, key), located, problems, count)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            located.lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(loader, item, (*path, index), located, problems, count))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problems.append(Problem(located.file, node.start_mark.line + 1, format_path(path), f"cannot read value: {' '.join(str(exc).split())}"))
        return None
