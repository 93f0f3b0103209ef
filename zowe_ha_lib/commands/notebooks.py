"""zowe-ha notebooks: where the kit's notebooks are, or a copy to open in JupyterLab."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..util.errors import InputError, Problem, UsageError
from . import options

NAME = "notebooks"
HELP = "print the folder of the kit's notebooks, or copy them (the guided setup and the walk too) into a folder"
DESCRIPTION = """\
The kit's notebooks come with it: the report notebooks that 'zowe-ha run'
executes, guided-setup.ipynb, the form that writes a change.yaml, and
walk.ipynb, which leads you through the change step by step. Without
options this prints the folder they are in (inside the installed package, or
a checkout's notebooks/ folder).

--copy DIR copies them into DIR (made if missing), to open the guided setup
in JupyterLab wherever the kit is installed:

  zowe-ha notebooks --copy my-notebooks
  jupyter lab my-notebooks/guided-setup.ipynb

In the guided setup and the walk, set 'record' to your change record folder
(relative to the notebook, or absolute). A notebook already in DIR is never overwritten:
the command then stops and writes nothing."""
EXAMPLES = """\
examples:
  zowe-ha notebooks
  zowe-ha notebooks --copy ~/zowe-ha-notebooks

exit codes: 0 done, 2 DIR is not a folder or already holds one of the notebooks (nothing written)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--copy", metavar="DIR", type=options.output_folder,
                   help="copy the notebooks into DIR instead of printing their folder")


def run(args: argparse.Namespace) -> int:
    from ..resources import GUIDED_SETUP, WALK, notebook_files, notebooks_dir  # local: fast --help
    from ..util.fsutil import write_tree  # local: fast --help

    if args.copy is None:
        print(notebooks_dir())
        return 0
    dest = Path(args.copy)
    if dest.exists() and not dest.is_dir():
        raise UsageError("--copy", f"{args.copy} exists and is not a folder")
    files = notebook_files()
    there = [p.name for p in files if (dest / p.name).exists()]
    if there:
        raise InputError([Problem(str(dest / name), None, "--copy", "already exists; it is not overwritten "
                                  "(remove it, or copy into another folder)") for name in there])
    try:
        write_tree(dest, {p.name: p.read_bytes() for p in files})
    except OSError as exc:
        raise InputError(Problem(args.copy, None, "--copy", f"cannot write there: {exc.strerror or exc}")) from None
    for p in files:
        print(dest / p.name)
    print(f"open the guided setup with: jupyter lab {dest / GUIDED_SETUP}")
    print(f"walk a change step by step with: jupyter lab {dest / WALK}")
    return 0
