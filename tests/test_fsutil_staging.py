"""The one "build beside, then rename into place" writer (zowe_ha_lib.util.fsutil.Staging).

Its three users keep their own behaviour on top of it: ``write_tree`` merges
files into a folder (generate --out, collected evidence), ``replace_tree``
swaps a whole folder (a record's site pages) and the report history swaps
``REC/report`` (keeping a signed one). What they share is tested here: files
land complete with ordinary permissions, a failure leaves the target as it
was, and no staging folder is left behind.

A failing rename cannot be provoked on a local file system as root (CI), so
two tests make ``os.rename`` fail on purpose through monkeypatch; everything
else runs on the real file system.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zowe_ha_lib.util import fsutil
from zowe_ha_lib.util.fsutil import Staging, exchange, replace_tree, write_tree


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def umask_027() -> Iterator[int]:
    """A umask other than the usual 022, so that 'follows the umask' is visible."""
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


# --------------------------------------------------------------------------- merge (write_tree)


def test_write_tree_adds_and_replaces_files_and_leaves_others(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "out"
    (target / "profiles").mkdir(parents=True)
    (target / "profiles" / "SYSA.tcpip").write_text("old A\n")
    (target / "notes.txt").write_text("mine\n")
    write_tree(target, {"profiles/SYSA.tcpip": "new A\n", "profiles/SYSB.tcpip": b"B\n", "deep/er/x.json": "{}\n"})
    assert tree(target) == {"deep/er/x.json": b"{}\n", "notes.txt": b"mine\n",
                            "profiles/SYSA.tcpip": b"new A\n", "profiles/SYSB.tcpip": b"B\n"}
    assert mode(target / "profiles" / "SYSB.tcpip") == 0o640
    assert mode(target / "deep" / "er") == 0o750
    assert not [p for p in target.iterdir() if p.name.startswith(".staging-")]


@pytest.mark.parametrize("blocker", ["file-for-folder", "folder-for-file"])
def test_write_tree_moves_nothing_when_one_file_cannot_go_in(tmp_path: Path, blocker: str) -> None:
    target = tmp_path / "out"
    target.mkdir()
    if blocker == "file-for-folder":
        (target / "profiles").write_text("a file where the profiles folder goes\n")
        expected: type[OSError] = NotADirectoryError
    else:
        (target / "operator-sheet.md").mkdir()
        expected = IsADirectoryError
    before = tree(target)
    with pytest.raises(expected):
        write_tree(target, {"a-first.txt": "would sort first\n", "operator-sheet.md": "sheet\n",
                            "profiles/SYSA.tcpip": "A\n"})
    assert tree(target) == before
    assert sorted(p.name for p in target.iterdir()) == sorted(["profiles" if blocker == "file-for-folder"
                                                               else "operator-sheet.md"])


@pytest.mark.parametrize("rel", ["../escape.txt", "/etc/passwd", "a/../../b", "a//b", "./a", ""])
def test_staged_paths_stay_inside(tmp_path: Path, rel: str) -> None:
    target = tmp_path / "out"
    with pytest.raises(ValueError, match="not a relative file path"):
        write_tree(target, {"ok.txt": "fine\n", rel: "bad\n"})
    assert tree(tmp_path) == {}
    assert list(target.iterdir()) == []


_NAME = st.text(alphabet="abcXYZ019-_.", min_size=1, max_size=6).filter(lambda s: s not in (".", ".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.dictionaries(st.lists(_NAME, min_size=1, max_size=3).map("/".join), st.binary(max_size=40), max_size=8))
def test_write_tree_result_is_old_files_updated_by_new_ones(tmp_path_factory: pytest.TempPathFactory,
                                                            files: dict[str, bytes]) -> None:
    # A path may not be both a file and the folder of another file.
    assume_ok = not any(a != b and b.startswith(a + "/") for a in files for b in files)
    target = tmp_path_factory.mktemp("merge")
    (target / "keep.bin").write_bytes(b"k")
    if not assume_ok:
        with pytest.raises(OSError):
            write_tree(target, files)
        assert tree(target) == {"keep.bin": b"k"}
        return
    write_tree(target, files)
    assert tree(target) == {"keep.bin": b"k", **files}
    assert [p.name for p in target.iterdir() if p.name.startswith(".staging-")] == []


# --------------------------------------------------------------------------- replace (replace_tree, history)


@pytest.mark.parametrize("atomic_exchange", [True, False], ids=["renameat2-or-fallback", "fallback"])
def test_replace_tree_swaps_the_whole_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic_exchange: bool) -> None:
    if not atomic_exchange:
        monkeypatch.setattr(fsutil, "exchange", lambda a, b: False)
    target = tmp_path / "records" / "CHG0001"
    replace_tree(target, {"index.html": "one", "files/report/a.txt": "a"})
    assert tree(target) == {"index.html": b"one", "files/report/a.txt": b"a"}
    replace_tree(target, {"index.html": "two", "files/b.txt": "b"})
    assert tree(target) == {"index.html": b"two", "files/b.txt": b"b"}  # the old folder is gone whole
    assert [p.name for p in target.parent.iterdir()] == ["CHG0001"]  # no .CHG0001.new- / .old- left


def test_replace_tree_fixed_modes_ignore_the_umask(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "site" / "rec"
    replace_tree(target, {"index.html": "x", "files/a/b.txt": "y"}, dir_mode=0o755, file_mode=0o644)
    assert mode(target) == mode(target / "files") == mode(target / "files" / "a") == 0o755
    assert mode(target / "index.html") == mode(target / "files" / "a" / "b.txt") == 0o644


def test_staging_follows_the_umask_not_mkdtemp(tmp_path: Path, umask_027: int) -> None:
    """mkdtemp makes 0700 folders; a report renamed into place must be readable like any new folder."""
    with Staging(tmp_path, ".report-tmp-") as stage:
        assert stage.path.name.startswith(".report-tmp-")
        assert mode(stage.path) == 0o750
        (stage.path / "notebooks").mkdir()
        stage.write({"check.json": "{}\n"})
        stage.replace(tmp_path / "report")
    assert mode(tmp_path / "report") == 0o750
    assert mode(tmp_path / "report" / "check.json") == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_an_error_while_building_leaves_the_target_and_no_staging(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "manifest.json").write_text("old")
    with pytest.raises(RuntimeError, match="papermill died"), Staging(tmp_path, ".report-tmp-") as stage:
        stage.write({"manifest.json": "new"})
        raise RuntimeError("papermill died")
    assert tree(tmp_path) == {"report/manifest.json": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_replace_keeps_the_old_folder_where_asked(tmp_path: Path) -> None:
    (tmp_path / "report" / "signoffs").mkdir(parents=True)
    (tmp_path / "report" / "signoffs" / "001.json").write_text("signed")
    slot = tmp_path / "history" / "20260101T000000Z"
    with Staging(tmp_path, ".report-tmp-") as stage:
        stage.write({"manifest.json": "new"})
        stage.replace(tmp_path / "report", keep_old=slot)
    assert tree(tmp_path / "report") == {"manifest.json": b"new"}
    assert tree(slot) == {"signoffs/001.json": b"signed"}


@pytest.mark.parametrize("keep", [False, True], ids=["replaced", "kept"])
def test_a_failed_move_in_puts_the_old_folder_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: bool) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "manifest.json").write_text("old")
    monkeypatch.setattr(fsutil, "exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".report-tmp-"):
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    with Staging(tmp_path, ".report-tmp-") as stage:
        stage.write({"manifest.json": "new"})
        monkeypatch.setattr(fsutil.os, "rename", rename)
        with pytest.raises(OSError, match="No space left"):
            stage.replace(tmp_path / "report", keep_old=tmp_path / "history" / "x" if keep else None,
                          old_prefix=".report-old-")
        monkeypatch.setattr(fsutil.os, "rename", real_rename)
    assert tree(tmp_path / "report") == {"manifest.json": b"old"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_exchange_swaps_or_leaves_both(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").write_text("a")
    (b / "from-b").write_text("b")
    swapped = exchange(a, b)
    assert isinstance(swapped, bool)
    expected = (["from-b"], ["from-a"]) if swapped else (["from-a"], ["from-b"])
    assert ([p.name for p in a.iterdir()], [p.name for p in b.iterdir()]) == expected
    assert exchange(a, tmp_path / "missing") is False
