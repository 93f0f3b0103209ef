"""A new change record from a few answers: its mapping, its validation, its first write.

``zowe-ha init`` is the first thing someone runs with their own sysplex, so
what it writes must pass ``zowe-ha validate`` as it stands: the mapping is
checked by the same model (:func:`.load.check_mapping`) before a byte is
written, and the file is the canonical form the guided setup also writes.
It never replaces a record: an existing ``change.yaml`` is refused up front,
and the write itself only creates (a record that appears meanwhile wins).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..util.errors import InputError, Problem
from ..util.fsutil import create_exclusive
from .answers import Answers
from .load import RECORD_FILE, check_mapping, display_name, locate, record_to_mapping
from .model import ChangeRecord

DISTRIBUTION = "zowe-gateway"
ZOWE_YAML = "zowe.yaml"


def target(arg: str | Path) -> tuple[Path, Path]:
    """``(folder, change.yaml)`` of the record to create (its folder need not exist yet)."""
    path = Path(arg)
    if path.suffix.lower() in (".yaml", ".yml"):
        return locate(path)
    return path, path / RECORD_FILE


def refuse_existing(file: Path) -> None:
    """InputError when ``file`` is already there: init starts records, it never edits one."""
    if file.exists() or file.is_symlink():
        raise InputError(Problem(display_name(file), None, "", "already exists; 'zowe-ha init' never overwrites a "
                                 "change record (edit it, or give a new folder)"))


def default_zowe_config(folder: Path) -> str | None:
    """``zowe.yaml`` when the folder already holds one (a record never names a zowe.yaml that is not there)."""
    return ZOWE_YAML if (folder / ZOWE_YAML).is_file() else None


def mapping(answers: Answers) -> dict[str, Any]:
    """The change.yaml mapping of complete answers: one sysplex, one Zowe gateway distribution."""
    dist: dict[str, Any] = {"name": DISTRIBUTION, "dvipa": answers.dvipa}
    if answers.hostname:
        dist["hostname"] = answers.hostname
    dist.update(ports=list(answers.ports), preferred=answers.preferred, backups=list(answers.backups or []))
    data: dict[str, Any] = {
        "change": {"id": answers.id, "title": answers.title, "zowe_release": answers.release},
        "sysplex": {"name": answers.sysplex,
                    "systems": [{"name": name, "dynamic_xcf": addr} for name, addr in answers.systems]},
        "distributions": [dist],
    }
    if answers.zowe_config:
        data["zowe"] = {"config": answers.zowe_config}
    return data


def build(answers: Answers, folder: Path, file: Path) -> ChangeRecord:
    """The validated record; InputError naming ``change.yaml`` and the key for every problem."""
    record, problems = check_mapping(mapping(answers), folder, display_name(file))
    if record is None:
        raise InputError(problems)
    return record


def text(record: ChangeRecord) -> str:
    """The file as written: a short header, then the canonical mapping, one section per top-level key.

    Block style throughout (not the guided setup's compact flow style): this
    is the file a person goes on to edit by hand.
    """
    sections = [yaml.safe_dump({key: value}, sort_keys=False, default_flow_style=False, allow_unicode=True, width=100)
                for key, value in record_to_mapping(record).items()]
    return (f"# Change record written by zowe-ha init. Check it with: zowe-ha validate {display_name(Path(record.folder))}\n"
            "# 'zowe-ha schema' prints every key it may hold (z/OSMF's DVIPA, tcpip_proc, obeyfile, ...).\n"
            + "\n".join(sections))


def write(record: ChangeRecord, file: Path) -> Path:
    """Create ``file`` (and its folder) atomically, never replacing one that exists."""
    try:
        create_exclusive(file, text(record))
    except FileExistsError:
        refuse_existing(file)
        raise
    return file
