"""The drill record: ``REC/drills/<UTC time>-<scenario>/`` and how it is written and read.

The folder holds ``drill.json`` (the plan, every step with its command,
reply, observed and modelled distributor and active target, the restore,
the probe summary, the outage and the verdict), ``displays/`` (every
captured console answer, one file each, named by order, step, system and
display), ``probe.csv`` (every sample) and ``reachability.svg``.

It is written all at once through a staging folder, so a drill killed while
writing leaves no half record. Every file goes through the report's
:class:`~zowe_ha_lib.report.scrub.Scrubber` (which also knows the z/OSMF
password, however it was given) before it is staged, and the staged bytes are
read back and checked with :meth:`~zowe_ha_lib.report.scrub.Scrubber.leaks`:
a record that would still hold a secret is not written at all.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from ..record.load import display_name
from ..record.tree import record_lock, refuse_links
from ..report.scrub import Scrubber
from ..util.errors import Failure, InputError, Problem
from ..util.fsutil import Staging

DRILLS = "drills"
RECORD = "drill.json"
PROBE_CSV = "probe.csv"
PICTURE = "reachability.svg"
DISPLAYS = "displays"
_NAME = re.compile(r"^(\d{8}T\d{6}Z)-([a-z0-9][a-z0-9-]*)$")


class LeakError(Failure):
    """A secret survived scrubbing; the drill record was not written."""


def folder_name(scenario: str, started: str | None = None) -> str:
    """``20261130T101500Z-distributor-takeover`` from an ISO UTC time (default now): time first, so names sort by time."""
    stamp = (started or "").replace("-", "").replace(":", "")
    if not re.fullmatch(r"\d{8}T\d{6}Z", stamp):
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return f"{stamp}-{scenario}"


def display_file(index: int, label: str, system: str, command: str) -> str:
    """``displays/003-1-SYSB-netstat-vdpt.txt``: order, step, system and the display, as a safe file name."""
    words = re.sub(r"[^a-z0-9]+", "-", command.lower().replace(",tcpip,", ",")).strip("-")
    step = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "step"
    return f"{DISPLAYS}/{index:03d}-{step}-{system.lower()}-{words[:40]}.txt"


def write(record_folder: Path, name: str, files: dict[str, str], scrubber: Scrubber) -> Path:
    """Scrub, stage, read back, check and put ``files`` in place as ``REC/drills/<name>/``.

    The record's lock is held while the drill record is put in place, like
    every other writer of a record (``run`` reads the latest drill into the
    report), and ``drills/`` must not be a symbolic link out of the record.
    """
    folder = Path(record_folder)
    shown = display_name(folder)
    with record_lock(folder, shown, "drill"):
        refuse_links(folder, shown, [DRILLS])
        base = folder / DRILLS
        base.mkdir(parents=True, exist_ok=True)
        target = base / name
        n = 1
        while target.exists():  # two drills in one second: keep both
            n += 1
            target = base / f"{name}.{n}"
        with Staging(base, prefix=".staging-drill-") as stage:
            clean = {rel: scrubber.file(rel, text.encode("utf-8")) for rel, text in files.items()}
            stage.write(clean)
            for rel in clean:
                leaks = scrubber.leaks((stage.path / rel).read_bytes())
                if leaks:
                    raise LeakError(f"{rel} would still hold {', '.join(leaks)}; the drill record was not written")
            stage.replace(target)
    return target


def drills(record_folder: Path) -> list[Path]:
    """Every drill record folder of a change record, oldest first."""
    base = Path(record_folder) / DRILLS
    if not base.is_dir():
        return []
    found = [p for p in base.iterdir() if p.is_dir() and _NAME.match(p.name.split(".")[0]) and (p / RECORD).is_file()]
    # Time first; two drills in one second sort by when their record was written.
    return sorted(found, key=lambda p: (p.name[:16], (p / RECORD).stat().st_mtime_ns, p.name))


def latest(record_folder: Path) -> Path | None:
    """The newest drill record folder, or None when there is none."""
    found = drills(record_folder)
    return found[-1] if found else None


def load(folder: Path) -> dict[str, Any]:
    """``drill.json`` of a drill record; InputError naming the file when it cannot be read."""
    path = Path(folder) / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(path), None, "", f"cannot read the drill record: {exc}")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(str(path), exc.lineno, "", f"not valid JSON: {exc.msg}")) from None
    if not isinstance(data, dict) or "verdict" not in data or "steps" not in data:
        raise InputError(Problem(str(path), None, "", "not a drill record (no verdict or steps)"))
    return data
