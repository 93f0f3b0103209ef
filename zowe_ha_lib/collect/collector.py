"""Run a collection plan against z/OSMF and file the answers, complete or honestly partial.

Answers are held in memory until the run ends, then written together through
a staging folder (:func:`zowe_ha_lib.util.fsutil.write_tree`), so an interrupted
run leaves no half-written evidence file. What could not be fetched is listed
with the reason in ``collected/collect-report.json`` (outside ``evidence/``,
whose reader would call a JSON file an unrecognised capture); an earlier run's file for
an item that failed now is removed (and listed), so the evidence never mixes
an old answer into a new collection without saying so.

Reactions to errors (see :mod:`.client`): a fatal error (401, certificate,
unknown host, redirect) stops the run and writes nothing; a 403 marks the
rest of that service (console or files) missing and carries on with the
other; an unreachable server stops the run and keeps what arrived.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..record.model import ChangeRecord
from ..util.clock import utc_now
from ..util.errors import Failure, InputError, Problem
from ..util.fsutil import Staging
from ..util.redact import SecretSet
from .client import (
    FatalError,
    ForbiddenError,
    RequestError,
    TransportError,
    ZosmfClient,
    console_exchange,
)
from .commands import COLLECTED, PREFIX, Item, unexpected

REPORT = "collected/collect-report.json"


@dataclass
class Settings:
    console: str = "defcn"
    follow_ups: int = 3
    poll_interval: float = 1.0
    replace_zowe_yaml: bool = False


@dataclass
class Result:
    """What one run gathered; ``fatal`` is set when it stopped without writing."""

    files: dict[str, str] = field(default_factory=dict)
    collected: list[dict] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fatal: str | None = None
    started: str = ""
    finished: str = ""

    @property
    def status(self) -> str:
        if self.fatal:
            return "failed"
        if not self.missing:
            return "complete"
        return "partial" if self.collected else "failed"


def header(item: Item, when: str, where: str) -> str:
    """The comment line above a collected answer, in the content's own comment syntax.

    Console answers get a ``#`` line (the evidence reader skips comment lines);
    a parmlib member gets ``/* ... */`` and a TCP/IP profile ``;`` so that
    their parsers read the header as the comment it is.
    """
    on = f" on {item.system}" if item.system else ""
    text = f"zowe-ha collect: {item.what}{on} at {when} via {where}"
    if item.comment == "/*":
        # Parmlib data lives in columns 1-71 (72-80 are ignored): one comment per line, each closed within them.
        words, lines, line = text.replace("*/", "* /").split(), [], ""
        for word in words:
            if line and len(line) + 1 + len(word) > 65:
                lines.append(line)
                line = ""
            line = f"{line} {word}".strip()
        lines.append(line)
        return "".join(f"/* {part[:65]} */\n" for part in lines)
    return f"{item.comment} {text}\n"


def scrubber(client: ZosmfClient) -> Callable[[str], str]:
    """Blank the password, in every form (:mod:`zowe_ha_lib.util.redact`), out of text a server sent back.

    z/OSMF never echoes a password, but a proxy's error page or a misbehaving
    server might; what it says goes into messages and files, so it is scrubbed
    on the way in rather than trusted. The client already redacts what it
    returns; this is the same redactor once more over what the collector
    builds from it (the answers joined, exception messages).
    """
    return client.redactor.redact


def run(client: ZosmfClient, items: list[Item], record: ChangeRecord, settings: Settings | None = None,
        progress: Callable[[str], None] | None = None) -> Result:
    """Fetch every item; never raises for z/OSMF trouble (it lands in the result)."""
    settings = settings or Settings()
    scrub = scrubber(client)
    say = (lambda line: progress(scrub(line))) if progress else (lambda _line: None)
    result = Result(started=utc_now())
    forbidden: dict[str, str] = {}
    unreachable: str | None = None
    for item in items:
        service = "console" if item.kind == "command" else "files"
        label = f"{item.system or '-':8} {item.what}"
        if unreachable:
            result.missing.append(_missing(item, f"not tried: {unreachable}"))
            continue
        if service in forbidden:
            result.missing.append(_missing(item, f"not tried: {forbidden[service]}"))
            continue
        when = utc_now()
        try:
            text = scrub(_fetch(client, item, settings))
        except ForbiddenError as exc:
            forbidden[service] = scrub(str(exc))
            result.missing.append(_missing(item, forbidden[service]))
            say(f"{label}: FORBIDDEN")
            continue
        except FatalError as exc:
            result.fatal = scrub(str(exc))
            say(f"{label}: STOPPED")
            break
        except TransportError as exc:
            unreachable = scrub(str(exc))
            result.missing.append(_missing(item, unreachable))
            say(f"{label}: UNREACHABLE")
            continue
        except RequestError as exc:
            result.missing.append(_missing(item, scrub(str(exc))))
            say(f"{label}: missing ({exc})")
            continue
        if item.kind == "file":
            if not _place_zowe_yaml(item, text, record, settings, result):
                continue
        else:
            result.files[item.target] = header(item, when, client.endpoint.display) + text
        entry = {"system": item.system, "what": item.what, "file": item.target, "chars": len(text)}
        odd = unexpected(text, item.expect) if item.kind == "command" else None
        if odd is not None:
            entry["unexpected"] = odd
            result.notes.append(f"{item.system}: {item.what}: the answer is not the expected {'/'.join(item.expect)} "
                                f"display (first line: {odd!r}); kept as evidence")
        result.collected.append(entry)
        say(f"{label}: ok" if odd is None else f"{label}: unexpected answer")
    if forbidden and not result.collected and not result.fatal:
        # Not authorised for anything asked: that is a set-up problem, not a partial collection.
        result.fatal = next(iter(forbidden.values()))
    if client.redactor.redactions:
        result.notes.append(f"z/OSMF's answers held the password (or a part or an encoding of it) "
                            f"{client.redactor.redactions} time(s); each was replaced by <redacted> before anything "
                            "was written. The server, or a proxy in front of it, should not echo credentials.")
    result.finished = utc_now()
    return result


def _fetch(client: ZosmfClient, item: Item, settings: Settings) -> str:
    if item.kind == "command":
        return console_exchange(client, settings.console, item.source, item.system, sol_key=item.sol_key,
                                follow_ups=settings.follow_ups, poll_interval=settings.poll_interval)
    if item.kind == "dataset":
        return client.read_dataset(item.source)
    return client.read_uss_file(item.source)


def _place_zowe_yaml(item: Item, text: str, record: ChangeRecord, settings: Settings, result: Result) -> bool:
    """The live zowe.yaml goes where the record names it, but never silently over a different local copy."""
    local = record.folder / item.target
    if local.exists() and not settings.replace_zowe_yaml:
        try:
            same = local.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            result.missing.append(_missing(item, f"{item.target} differs from {item.source}; kept the local copy "
                                                 "(give --replace-zowe-yaml to take the live one)"))
            return False
    result.files[item.target] = text
    return True


def _missing(item: Item, reason: str) -> dict:
    return {"system": item.system, "what": item.what, "file": item.target, "reason": reason}


def report_json(result: Result, record: ChangeRecord, endpoint: str, user: str) -> str:
    doc = {
        "change": record.id,
        "status": result.status,
        "zosmf": endpoint,
        "user": user,
        "started": result.started,
        "finished": result.finished,
        "collected": result.collected,
        "missing": result.missing,
        "removed_stale": result.removed,
        "notes": result.notes,
    }
    return json.dumps(doc, indent=2) + "\n"


STAGING_PREFIX = ".collect-tmp-"


def clean_staging(folder: Path) -> None:
    """Remove the staging folders of collections that were killed (call while holding the record's lock)."""
    for path in Path(folder).iterdir():
        if path.name.startswith(STAGING_PREFIX) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def staging_for(folder: Path, shown: str) -> Staging:
    """The staging folder the answers are written into; InputError when the record folder is not writable."""
    try:
        return Staging(folder, STAGING_PREFIX)
    except OSError as exc:
        raise InputError(Problem(shown, None, "", f"cannot collect: cannot write in the record folder ({exc.strerror}); "
                                 "nothing was asked of z/OSMF")) from None


def check_writable(folder: Path, shown: str, targets: list[str]) -> None:
    """InputError naming each folder the answers go to that this user may not write in (before any request).

    A folder that does not exist yet is made in its nearest existing parent,
    so that parent is the one checked.
    """
    problems: list[Problem] = []
    seen: set[Path] = set()
    for rel in targets:
        where = (Path(folder) / rel).parent
        while not where.exists() and where != Path(folder) and where.parent != where:
            where = where.parent
        if where in seen:
            continue
        seen.add(where)
        if not os.access(where, os.W_OK | os.X_OK):
            name = where.relative_to(folder).as_posix() if where != Path(folder) else "the record folder"
            problems.append(Problem(shown, None, name, "cannot collect: no permission to write there; nothing was asked of z/OSMF"))
    if problems:
        raise InputError(problems)


def write(result: Result, record: ChangeRecord, endpoint: str, user: str, redactor: SecretSet | None = None,
          stage: Staging | None = None) -> Path:
    """File the answers and the report together; remove our own stale files for failed items.

    Everything is written into a staging folder in the record (``stage``,
    made before the first request when the caller wants set-up problems found
    early) and read back from disk: if a form of the password is still there,
    nothing is moved into place (Failure, exit 1). Only then do the files
    move in and the stale ones go.
    """
    folder = record.folder
    stale = []
    for miss in result.missing:
        ours = Path(miss["file"]).name.startswith(PREFIX) or miss["file"].startswith(f"{COLLECTED}/")
        if ours and (folder / miss["file"]).is_file():
            stale.append(miss["file"])
    result.removed.extend(stale)
    files = dict(result.files)
    files[REPORT] = report_json(result, record, endpoint, user)
    with stage or Staging(folder) as staging:
        staging.write(files)
        for rel in files:
            leaked = redactor.found((staging.path / rel).read_bytes()) if redactor else []
            if leaked:
                raise Failure(f"{rel} would still hold {leaked[0]} in some form; nothing was written")
        staging.merge(folder)
    for rel in stale:
        (folder / rel).unlink(missing_ok=True)
    return folder / REPORT
