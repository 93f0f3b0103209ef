"""zowe-ha run: execute the report notebooks of a change record into REC/report/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import options

NAME = "run"
HELP = "execute the notebooks with papermill into REC/report/"
DESCRIPTION = """\
Validate the change record, then execute every report notebook
(notebooks/NN-slug.ipynb) with papermill, in this process, with the record
folder as working directory and record = "." as the only parameter. The report
(executed notebooks, generated/, check.json, manifest.json) is built in a
staging folder and replaces REC/report/ only when complete; a previous report
with sign-offs is moved to REC/history/<UTC time>/ first. Secrets from the
environment, local paths, user and host names are scrubbed from every file.
A notebook that raises, times out or kills its kernel gets the outcome
"error"; notebooks that depend on it are not run; the others still are.
A notebook whose requirements lack evidence gets the outcome "incomplete"."""
EXAMPLES = """\
example:
  zowe-ha run runbooks/CHG0001
  zowe-ha run runbooks/CHG0001 --jobs 1 --timeout 300

The run ends with the verdict (ready to apply, or what stops the change)
and the next command to type: sign and verify when the change is ready.

exit codes: 0 the change is ready to apply (every notebook passed; warnings
allowed), 1 it is not: a notebook errored or found a failure, or a
requirement has no evidence (outcome "incomplete"), or the report could not
be written (e.g. the disk is full; nothing is then written); 2 bad input, a
record folder that may not be written or has symbolic links where the report
goes, or another command is writing the record"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--jobs", "-j", type=options.positive_int, default=2,
                   help="notebooks run at the same time (default 2, at most the number of cores)")
    p.add_argument("--timeout", type=options.positive_float, default=600.0, metavar="S",
                   help="seconds one notebook may run, kernel start included (default 600)")
    p.add_argument("--notebooks", type=options.file_path("the folder of report notebooks"), metavar="DIR", default=None,
                   help="folder of report notebooks (default: the kit's notebooks/)")


class _Progress:
    """A progress bar on a terminal, one plain line per notebook otherwise (both on stderr)."""

    def __init__(self, total: int) -> None:
        self.total, self.count, self.bar = total, 0, None
        if sys.stderr.isatty():
            from tqdm import tqdm  # local: ~45 ms, only on a terminal

            stream = getattr(sys.stderr, "unfiltered", sys.stderr)  # the bar moves the cursor with \r on purpose
            self.bar = tqdm(total=total, unit="notebook", desc="zowe-ha run", leave=False, file=stream)

    def __call__(self, result: object) -> None:
        self.count += 1
        line = f"[{self.count}/{self.total}] {result.name}: {result.status} ({result.duration_s:.1f} s)"
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.name}: {result.status}")
            self.bar.update(1)
        else:
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(args: argparse.Namespace) -> int:
    from ..record.load import load_record  # local: fast --help
    from ..report import build as report  # local: fast --help
    from ..report import runner  # local: fast --help

    load_record(args.record)  # bad input is reported before anything else happens
    jobs = min(args.jobs, os.cpu_count() or 1)
    folder = Path(args.notebooks) if args.notebooks else runner.default_notebook_dir()
    progress = _Progress(len(runner.discover(folder)))
    try:
        summary = report.run_record(args.record, folder, jobs, args.timeout, progress)  # LeakError: exit 1
    finally:
        progress.close()
    report.print_summary(summary)
    return 1 if summary.failed else 0
