"""Building the static site: the index, a page per record and per requirement.

The build is two-phase so that bad input never leaves a half site: first every
record's report is read and checked and every changed page is rendered in
memory; only then are files written (each record folder is built beside the
old one and swapped in, the other pages are written atomically).

Layout of the output folder::

    index.html                       change records, filterable
    requirements/index.html          requirement x record matrix
    requirements/<id>.html           one requirement across records
    records/<CHANGE>/index.html      summary, findings (each once), sign-offs, notebooks, downloads
    records/<CHANGE>/notebooks/<name>.html   one executed notebook
    records/<CHANGE>/sources/<file>.html     an evidence file kept with the report, a link target per line
    records/<CHANGE>/files/...       copies of the report files
    assets/                          CSS and the index filter script
    .zowe-ha-site.json               build state (see state.py)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record.tree import READER_WAIT_S, record_lock
from ..requirements.registry import IDS as REQUIREMENTS
from ..requirements.registry import short_title
from ..requirements.status import LABELS
from ..util import jsontext
from ..util.errors import InputError, Problem
from ..util.fsutil import atomic_write, replace_tree
from . import state as state_mod
from .paths import ASSETS, TEMPLATES, requirement_ids
from .source import CHANGE_ID, SOURCES, Report, load_report, record_folder

DEFAULT_OUT = Path("site/_build")
NOTEBOOK_PAGES = "notebooks"
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "base-uri 'none'; form-action 'none'")
STATUS_LABELS = LABELS
REQUIREMENT_TITLES = {rid: short_title(rid) for rid in REQUIREMENTS}
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*">¶</a>')


@dataclass
class BuildResult:
    """What a publish did: pages rendered, records removed, the index path."""

    index: Path
    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notebooks_rendered: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.rendered or self.removed)


def _change_id(folder: Path) -> str:
    """The change id in a record's manifest (only what the up-to-date check needs)."""
    manifest = folder / "report" / "manifest.json"
    try:
        data = jsontext.loads(manifest.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        data = None
    change = data.get("change") if isinstance(data, dict) else None
    if not isinstance(change, str) or not CHANGE_ID.match(change):
        raise InputError(Problem(str(manifest), None, "change", "expected a change id of 1-32 of A-Z a-z 0-9 _ -"))
    return change


def _locate(args: list[str | os.PathLike[str]]) -> dict[str, Path]:
    """Change id -> record folder for every argument; every problem at once."""
    problems: list[Problem] = []
    found: dict[str, Path] = {}
    for arg in args:
        try:
            folder = record_folder(arg)
            if not (folder / "report" / "manifest.json").is_file():
                raise InputError(Problem(str(arg), None, "", "has no report (report/manifest.json is missing); run zowe-ha run first"))
            change = _change_id(folder)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if change in found:
            problems.append(Problem(str(arg), None, "", f"change id {change} is also the id of {found[change]}; each record on the site needs its own id"))
            continue
        found[change] = folder
    if problems:
        raise InputError(problems)
    return found


def publish(
    records: list[str | os.PathLike[str]], out: Path = DEFAULT_OUT, allowed_signers: Path | None = None,
    force: bool = False, wait: float | None = None,
) -> BuildResult:
    """Build or update the site in ``out`` from the given change records.

    The site holds exactly these records: pages of records published before
    but not given now are removed. Only records whose report changed since the
    last build (or all, with ``force`` or after a kit change) are rendered.
    A record that a run, sign or collect is writing is waited for (up to
    ``wait`` seconds, default :data:`~zowe_ha_lib.record.tree.READER_WAIT_S`),
    then refused.
    """
    if not records:
        raise InputError(Problem("publish", None, "", "name at least one change record"))
    out = Path(out)
    if allowed_signers is not None and not Path(allowed_signers).is_file():
        raise InputError(Problem(str(allowed_signers), None, "", "no such allowed_signers file"))
    with contextlib.ExitStack() as locks:
        # Each record is read under its lock (shared: publishes do not wait for each other), so a run or
        # a sign is never seen half done: no mix of old notebooks and new files, no half-made sign-off.
        for folder in _folders(records):
            locks.enter_context(record_lock(folder, str(folder), "publish", shared=True, wait=wait))
        return _publish(records, out, allowed_signers, force)


def _folders(records: list[str | os.PathLike[str]]) -> list[Path]:
    """The record folders of the arguments that name one (the others are reported by :func:`_locate`)."""
    folders: list[Path] = []
    for arg in records:
        with contextlib.suppress(InputError):
            folder = record_folder(arg)
            if folder.resolve() not in {f.resolve() for f in folders}:
                folders.append(folder)
    return folders


def _publish(records: list[str | os.PathLike[str]], out: Path, allowed_signers: Path | None, force: bool) -> BuildResult:
    found = _locate(records)
    _check_out(out, found.values())
    with _site_lock(out):
        sweep_leftovers(out)
        return _update(found, out, allowed_signers, force)


@contextlib.contextmanager
def _site_lock(out: Path, wait: float = READER_WAIT_S) -> Iterator[None]:
    """One publish at a time into ``out`` (an flock on the folder), so a sweep never takes another's files."""
    if not out.is_dir():
        yield  # a new site: nothing to sweep, and the folder is made only once everything is rendered
        return
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputError(Problem(str(out), None, "--out", "another zowe-ha publish is writing this site; "
                                             "wait for it to finish")) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


_LEFTOVER = re.compile(r"^\..+(\.[A-Za-z0-9_]{8}\.tmp|\.new-[A-Za-z0-9_]{8}|\.old-[A-Za-z0-9_]{8})$")


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove what a killed publish left in ``out`` (call holding the site lock); the paths removed.

    Temporary files of :func:`~zowe_ha_lib.util.fsutil.atomic_write`
    (``.NAME.XXXXXXXX.tmp``) and record folders being built or retired
    (``records/.CHANGE.new-XXXXXXXX``, ``.CHANGE.old-XXXXXXXX``). A publish
    that ends in Ctrl-C or SIGTERM removes its own on the way out; only a
    ``kill -9`` leaves them.
    """
    removed: list[Path] = []
    for folder in (out, out / "assets", out / "records", out / "requirements"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in folder.iterdir():
            if not _LEFTOVER.match(path.name):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _update(found: dict[str, Path], out: Path, allowed_signers: Path | None, force: bool) -> BuildResult:
    old = state_mod.load_state(out)
    skey = state_mod.site_key()
    keys = {cid: state_mod.record_key(folder, allowed_signers) for cid, folder in found.items()}
    order = list(found)
    stale = [
        cid for cid in order
        if force or old.site_key != skey or old.records.get(cid) != keys[cid]
        or not (out / "records" / cid / "index.html").is_file()
    ]
    # The state file is input too: only a well-formed id may name a folder to remove (never "../..").
    removed = [cid for cid in old.records if cid not in found and CHANGE_ID.fullmatch(cid)]
    result = BuildResult(index=out / "index.html", unchanged=[c for c in order if c not in stale], removed=removed)
    if not stale and not removed and old.order == order and result.index.is_file():
        return result
    _build(found, stale, out, allowed_signers, result)
    state_mod.save_state(out, state_mod.BuildState(site_key=skey, records=keys, order=order))
    return result


def _check_out(out: Path, folders: Any) -> None:
    """Refuse an output folder that is not the kit's to fill, before anything is written.

    The build replaces index.html, assets/, records/ and requirements/ in it, so
    it must be new, empty or a site built before; a site inside a report would
    change the report (and fail 'zowe-ha verify').
    """
    if out.exists() and not out.is_dir():
        raise InputError(Problem(str(out), None, "--out", "exists and is not a folder; give a folder for the site"))
    where = out.resolve()
    for folder in folders:
        home = Path(folder).resolve()
        if where == home or where.is_relative_to(home / "report"):
            raise InputError(Problem(str(out), None, "--out", f"is the change record folder {folder} or inside its report; "
                                     "give a folder outside them, e.g. site/_build"))
    if out.is_dir() and not (out / state_mod.STATE_FILE).is_file() and any(out.iterdir()):
        raise InputError(Problem(str(out), None, "--out", "holds files but no site built by 'zowe-ha publish'; "
                                 "give a new or empty folder (the site replaces index.html, assets/, records/ and requirements/)"))


def _build(found: dict[str, Path], stale: list[str], out: Path, allowed_signers: Path | None, result: BuildResult) -> None:
    from .pages import Pages  # local: Jinja ~40 ms; a publish where nothing changed never loads it
    from .render import NotebookRenderer  # local: nh3 and the nbconvert set-up, as above

    problems: list[Problem] = []
    reports: dict[str, Report] = {}
    for cid, folder in found.items():
        try:
            reports[cid] = load_report(folder, allowed_signers)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    pages = Pages(TEMPLATES, CSP, STATUS_LABELS, REQUIREMENT_TITLES)
    renderer = NotebookRenderer()
    record_trees: dict[str, dict[str, bytes | str]] = {}
    for cid in stale:
        report = reports[cid]
        bodies = _render_notebooks(report, renderer)
        files: dict[str, bytes | str] = {"index.html": pages.record(report, set(bodies))}
        for nb in report.notebooks:
            if nb.name in bodies:
                files[f"{NOTEBOOK_PAGES}/{nb.name}.html"] = pages.notebook(report, nb, bodies[nb.name])
        for rel in report.sources:
            text = (report.report_dir / SOURCES / rel).read_bytes().decode("utf-8", errors="replace")
            files[f"{SOURCES}/{rel}.html"] = pages.source(report, rel, text)
        for d in report.downloads:
            if d.published:  # only the kit's file types: an .html in a report is not served as a page
                files["files/" + d.path] = (report.report_dir / d.path).read_bytes()
        record_trees[cid] = files
    all_reports = list(reports.values())
    rids = requirement_ids(all_reports)
    site_pages: dict[str, str] = {"index.html": pages.index(all_reports),
                                  "requirements/index.html": pages.requirements(all_reports, rids)}
    for rid in rids:
        site_pages[f"requirements/{rid}.html"] = pages.requirement(rid, all_reports)
    # Everything is rendered: now write.
    try:
        out.mkdir(parents=True, exist_ok=True)
        _copy_assets(out)
        for cid, files in record_trees.items():
            # Built beside the old folder and swapped in; pages are for everyone to read.
            replace_tree(out / "records" / cid, files, dir_mode=0o755, file_mode=0o644)
        for cid in result.removed:
            shutil.rmtree(out / "records" / cid, ignore_errors=True)
        _remove_stale_requirement_pages(out, set(site_pages))
        for rel, text in site_pages.items():
            atomic_write(out / rel, text)
    except OSError as exc:  # a full disk or a read-only folder: name the site folder in the message
        if exc.filename is None:
            exc.filename = str(out)
        raise
    result.rendered = list(stale)
    result.notebooks_rendered = renderer.rendered


def _render_notebooks(report: Report, renderer: Any) -> dict[str, str]:
    """Notebook name -> its HTML body for the record page."""
    bodies: dict[str, str] = {}
    for nb in report.notebooks:
        if not nb.file:
            continue
        path = report.report_dir / nb.file
        try:
            text = path.read_bytes()
        except OSError:
            continue  # shown on the page as "file missing"
        try:
            # The body goes on records/<CHANGE>/notebooks/<name>.html; the copies are in records/<CHANGE>/files/.
            html = renderer.render(text, full=f"../files/{nb.file}")
        except Exception as exc:  # nbformat raises several kinds for a damaged file
            raise InputError(Problem(str(path), None, "", f"cannot read the executed notebook: {type(exc).__name__}: {exc}")) from None
        bodies[nb.name] = scope_ids(shift_headings(_ANCHOR_LINK.sub("", html), by=1), f"nb-{nb.name}-")
    return bodies


def shift_headings(html: str, by: int) -> str:
    """Demote headings so a notebook's ``# Title`` nests under the page's own headings."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + by, 6)}", html)


_ID = re.compile(r'(\s)id="([^"]*)"')
_LOCAL_HREF = re.compile(r'(\s)href="#([^"]*)"')


def scope_ids(html: str, prefix: str) -> str:
    """Prefix every id in a notebook body (and the links to them) with ``prefix``.

    A record page holds several notebooks, and each has headings like
    "Outcome" that nbconvert turns into the same id; duplicate ids make the
    page's links jump to the wrong notebook.
    """
    ids = {m.group(2) for m in _ID.finditer(html)}
    html = _ID.sub(lambda m: f'{m.group(1)}id="{prefix}{m.group(2)}"', html)
    return _LOCAL_HREF.sub(lambda m: f'{m.group(1)}href="#{prefix}{m.group(2)}"' if m.group(2) in ids else m.group(0), html)


def _copy_assets(out: Path) -> None:
    files = {p.relative_to(ASSETS).as_posix(): p.read_bytes() for p in sorted(ASSETS.rglob("*")) if p.is_file()}
    for rel, data in files.items():
        target = out / "assets" / rel
        if not target.is_file() or target.read_bytes() != data:
            atomic_write(target, data)


def _remove_stale_requirement_pages(out: Path, keep: set[str]) -> None:
    folder = out / "requirements"
    if folder.is_dir():
        for p in folder.glob("*.html"):
            if f"requirements/{p.name}" not in keep:
                p.unlink()
