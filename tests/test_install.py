"""``pip install .`` gives a ``zowe-ha`` that works from any folder, notebooks included.

The kit is built into a wheel the way ``pip install .`` builds it (``pip
wheel --no-deps`` with build isolation, so setuptools comes from the package
registry or pip's cache, as for a user), from a copy of the sources outside
the repository (an in-tree build would leave ``build/`` and ``*.egg-info``
in the checkout). The wheel goes into a fresh virtual environment, not
editable, and ``zowe-ha run``, ``zowe-ha publish``, ``zowe-ha notebooks`` and
the guided setup run there on a copy of ``runbooks/CHG0001`` in a temporary
folder, with the working directory outside the repository.

How the fresh environment gets the kit's dependencies without downloading
Jupyter again: a ``.pth`` file in its site-packages lists this test
environment's site-packages folder, and its ``share/jupyter`` is a link to
this environment's (nbconvert's base templates and the kernel spec live
there; pip would have put them into the fresh environment). A path in a
``.pth`` file is only appended to ``sys.path``; the ``.pth`` files inside it
are not run, so the editable install of the checkout (a ``.pth`` plus a
finder in this environment) stays inactive there. The tests check that, and
that the ``zowe_ha_lib`` imported by the command line *and* by the notebook
kernels is the installed copy, not the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT

EXAMPLE = ROOT / "runbooks" / "CHG0001"
# What the build reads: pyproject.toml names README.md as the long description.
BUILD_INPUTS = ("pyproject.toml", "README.md", "zowe_ha_lib", "notebooks")
KIT_NOTEBOOKS = ("10-requirements.ipynb", "20-dvipa.ipynb", "30-zowe-zosmf.ipynb", "40-operations.ipynb",
                 "50-drill.ipynb", "guided-setup.ipynb", "walk.ipynb")

# A report notebook that says which zowe_ha_lib its kernel imported (run with --notebooks).
_WHERE_NOTEBOOK = {
    "cells": [{
        "cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
        "source": (
            "import os, sys\n"
            "from pathlib import Path\n"
            "import zowe_ha_lib\n"
            "from zowe_ha_lib.runbook import outcome\n"
            "venv = Path(os.environ['ZOWE_HA_TEST_VENV']).resolve()\n"
            "mine = Path(zowe_ha_lib.__file__).resolve()\n"
            "ok = mine.is_relative_to(venv) and Path(sys.prefix).resolve() == venv\n"
            "outcome.record('10-where', 'pass' if ok else 'fail', 'installed copy' if ok else f'imported {mine}')\n"
        ),
    }],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                 "zowe_ha": {"title": "Which zowe_ha_lib the kernel imports"}},
    "nbformat": 4, "nbformat_minor": 4,
}


@dataclass
class Installed:
    wheel: Path
    venv: Path
    purelib: Path
    work: Path  # working directory of every command: outside the repository
    tmp: Path
    env: dict[str, str]
    build_log: str = ""  # what building the wheel printed

    def zowe_ha(self, *args: str | Path, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([str(self.venv / "bin" / "zowe-ha"), *map(str, args)], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode in ok, f"zowe-ha {' '.join(map(str, args))}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc

    def python(self, code: str, cwd: Path | None = None) -> str:
        proc = subprocess.run([str(self.venv / "bin" / "python"), "-c", code], cwd=cwd or self.work, env=self.env,
                              capture_output=True, text=True, timeout=120, check=True)
        return proc.stdout


def _copy_record(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("report", "history", ".zowe-ha-run.lock",
                                                                 ".report-tmp-*", "collected"))
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    src.mkdir()
    for name in BUILD_INPUTS:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(item, src / name)
    dist = tmp / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(src)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("zowe_ha_kit-*.whl")

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    purelib = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "zowe_ha_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    (venv / "share").mkdir(exist_ok=True)
    (venv / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter", target_is_directory=True)
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                              "--quiet", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr

    work = tmp / "work"
    (tmp / "home").mkdir()
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR",
                        "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "ZOWE_HA_DEBUG")}
    # A HOME of its own: no user-level Jupyter kernel spec or config can point elsewhere.
    env.update(HOME=str(tmp / "home"), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               ZOWE_HA_TEST_VENV=str(venv))
    return Installed(wheel, venv, purelib, work, tmp, env, build.stdout + build.stderr)


# --------------------------------------------------------------------------- without building


def test_pyproject_lists_every_subpackage() -> None:
    """The packages are listed by hand (for the notebooks mapping): a new subpackage must be added there."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "zowe_ha_lib").rglob("__init__.py")}
    listed = set(config["packages"])
    assert listed - {"zowe_ha_lib.notebooks"} == on_disk, (
        f"missing from [tool.setuptools] packages: {sorted(on_disk - listed)}; "
        f"listed but not a package: {sorted(listed - on_disk - {'zowe_ha_lib.notebooks'})}")
    assert config["package-dir"] == {"zowe_ha_lib.notebooks": "notebooks"}


# --------------------------------------------------------------------------- the wheel


def test_wheel_holds_the_whole_kit_and_only_the_kit_notebooks(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    package = ROOT / "zowe_ha_lib"
    expected = {
        p.relative_to(ROOT).as_posix() for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert expected - names == set(), f"not in the wheel: {sorted(expected - names)}"
    shipped = {n for n in names if n.startswith("zowe_ha_lib/notebooks/")}
    assert shipped == {f"zowe_ha_lib/notebooks/{n}" for n in KIT_NOTEBOOKS}
    for name in KIT_NOTEBOOKS:  # the committed templates, byte for byte
        assert zipfile.ZipFile(installed.wheel).read(f"zowe_ha_lib/notebooks/{name}") == (ROOT / "notebooks" / name).read_bytes()


def test_the_build_prints_no_warning_and_the_license_is_spdx(installed: Installed) -> None:
    """`make demo` and `pip install .` print no setuptools deprecation warnings (issue 13)."""
    assert "warning" not in installed.build_log.lower(), installed.build_log
    metadata = next(n for n in zipfile.ZipFile(installed.wheel).namelist() if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: EPL-2.0" in zipfile.ZipFile(installed.wheel).read(metadata).decode()


def test_the_fresh_environment_imports_the_installed_copy(installed: Installed) -> None:
    record = _copy_record(installed.tmp / "where" / "CHG0001")
    code = (
        "import json, sys, zowe_ha_lib\n"
        "from zowe_ha_lib import resources\n"
        "print(json.dumps({'file': zowe_ha_lib.__file__, 'notebooks': str(resources.notebooks_dir()),\n"
        "  'templates': str(resources.site_templates_dir()), 'path': sys.path,\n"
        "  'finders': [repr(f) for f in sys.meta_path],\n"
        "  'modules': sorted(m for m in sys.modules if 'editable' in m)}))\n"
    )
    for cwd in (installed.work, record):  # the CLI's and the kernels' working directories
        seen = json.loads(installed.python(code, cwd))
        assert Path(seen["file"]).parent == installed.purelib / "zowe_ha_lib"
        assert Path(seen["notebooks"]) == installed.purelib / "zowe_ha_lib" / "notebooks"
        assert Path(seen["templates"]).is_relative_to(installed.purelib)
        assert not any("__editable__" in f for f in seen["finders"]) and seen["modules"] == []
        assert not any(p and Path(p).resolve() in (ROOT, ROOT / "zowe_ha_lib") for p in seen["path"])


# --------------------------------------------------------------------------- the commands


def test_run_and_publish_from_any_folder(installed: Installed) -> None:
    record = _copy_record(installed.tmp / "records" / "CHG0001")
    run = installed.zowe_ha("run", record)
    assert "(outcome pass)" in run.stdout
    manifest = json.loads((record / "report" / "manifest.json").read_text())
    assert [n["name"] for n in manifest["notebooks"]] == [n.removesuffix(".ipynb") for n in KIT_NOTEBOOKS[:5]]
    assert {n["name"]: n["status"] for n in manifest["notebooks"]}.pop("50-drill") == "n/a"  # no drill recorded
    assert {n["status"] for n in manifest["notebooks"] if n["name"] != "50-drill"} == {"pass"}
    assert (record / "report" / "generated" / "operator-sheet.md").is_file()
    assert (record / "report" / "check.json").is_file()
    installed.zowe_ha("verify", record, ok=(1,))  # runs, finds no sign-off: exit 1 (contract)

    site_dir = installed.tmp / "site"
    published = installed.zowe_ha("publish", record, "--out", site_dir)
    assert str((site_dir / "index.html").resolve()) in published.stdout
    page = (site_dir / "records" / "CHG0001" / "index.html").read_text()
    assert 'id="nb-10-requirements"' in page and "nb-40-operations" in page
    assert (site_dir / "assets" / "site.css").is_file()
    assert not list(installed.work.iterdir()), "the commands wrote into the working directory"


def test_notebook_kernels_import_the_installed_copy(installed: Installed) -> None:
    record = _copy_record(installed.tmp / "kernel" / "CHG0001")
    folder = installed.tmp / "where-notebooks"
    folder.mkdir()
    (folder / "10-where.ipynb").write_text(json.dumps(_WHERE_NOTEBOOK))
    run = installed.zowe_ha("run", record, "--notebooks", folder)
    assert "10-where  PASS    installed copy" in run.stdout, run.stdout


def test_guided_setup_is_found_and_runs(installed: Installed) -> None:
    shown = installed.zowe_ha("notebooks").stdout.strip()
    assert Path(shown) == installed.purelib / "zowe_ha_lib" / "notebooks"
    copy = installed.tmp / "my-notebooks"
    out = installed.zowe_ha("notebooks", "--copy", copy).stdout
    assert sorted(p.name for p in copy.iterdir()) == sorted(KIT_NOTEBOOKS)
    assert f"jupyter lab {copy / 'guided-setup.ipynb'}" in out
    again = installed.zowe_ha("notebooks", "--copy", copy, ok=(2,))
    assert "already exists" in again.stderr and "Traceback" not in again.stderr

    record = _copy_record(installed.tmp / "guided" / "CHG0001")
    executed = installed.tmp / "guided-out.ipynb"
    subprocess.run([str(installed.venv / "bin" / "python"), "-m", "papermill", "--log-level", "ERROR",
                    str(copy / "guided-setup.ipynb"), str(executed), "-p", "record", str(record)],
                   cwd=installed.work, env=installed.env, check=True, capture_output=True, text=True, timeout=600)
    outputs = [o for cell in json.loads(executed.read_text())["cells"] for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("Guided setup for CHG0001: valid" in "".join(o.get("data", {}).get("text/plain", "")) for o in outputs)
