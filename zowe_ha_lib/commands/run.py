"""zowe-ha run: execute the report notebooks of a change record into REC/report/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import options

NAME = "run"
HELP = "execute the notebooks with papermill into REC/report/ (several records share one pool of kernels)"
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
A notebook whose requirements lack evidence gets the outcome "incomplete".

Several records run in one command on one pool of kernels (--jobs notebooks
at a time, each in a new kernel started ahead of its turn); each record is
locked, staged and written exactly as when it runs alone, one record's failure
or bad input stops no other, and a table of every record ends the run.
Interrupted (Ctrl-C), every record keeps either its previous report or its
complete new one."""
EXAMPLES = """\
example:
  zowe-ha run runbooks/CHG0001
  zowe-ha run runbooks/CHG0001 --jobs 1 --timeout 300
  zowe-ha run runbooks/CHG*

The run of one record ends with the verdict (ready to apply, or what stops
the change) and the next command to type: sign and verify when the change is
ready. The run of several ends with a table: record, outcome, notebooks, time
and verdict.

exit codes (of several records: the worst of theirs): 0 the change is ready to
apply (every notebook passed; warnings allowed), 1 it is not: a notebook
errored or found a failure, or a requirement has no evidence (outcome
"incomplete"), or the report could not be written (e.g. the disk is full;
nothing is then written); 2 bad input, a record folder that may not be written
or has symbolic links where the report goes, or another command is writing
the record"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("records", metavar="REC", nargs="+", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--jobs", "-j", type=options.positive_int, default=None,
                   help="notebooks run at the same time, across records (default and most: the number of cores)")
    p.add_argument("--timeout", type=options.positive_float, default=600.0, metavar="S",
                   help="seconds one notebook may run once its turn comes (default 600)")
    p.add_argument("--notebooks", type=options.file_path("the folder of report notebooks"), metavar="DIR", default=None,
                   help="folder of report notebooks (default: the kit's notebooks/)")


class _Progress:
    """One progress bar for every notebook on a terminal, one plain line per notebook otherwise (both on stderr)."""

    def __init__(self, total: int, several: bool) -> None:
        self.total, self.count, self.several, self.bar = total, 0, several, None
        if sys.stderr.isatty():
            from tqdm import tqdm  # local: ~45 ms, only on a terminal

            stream = getattr(sys.stderr, "unfiltered", sys.stderr)  # the bar moves the cursor with \r on purpose
            self.bar = tqdm(total=total, unit="notebook", desc="zowe-ha run", leave=False, file=stream)

    def __call__(self, run: object, result: object) -> None:
        self.count += 1
        name = f"{run.name} {result.name}" if self.several else result.name
        if self.bar is not None:
            self.bar.set_postfix_str(f"{name}: {result.status}")
            self.bar.update(1)
        else:
            print(f"[{self.count}/{self.total}] {name}: {result.status} ({result.duration_s:.1f} s)",
                  file=sys.stderr, flush=True)

    def skip(self, run: object) -> None:
        """A record that cannot run: its notebooks leave the count (the table says why)."""
        self.total -= len(run.specs)
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()
        else:
            print(f"[-] {run.name}: not run (see the table at the end)", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(args: argparse.Namespace) -> int:
    from ..record.load import load_record  # local: fast --help
    from ..report import build as report  # local: fast --help
    from ..report import runner  # local: fast --help

    jobs = min(args.jobs or os.cpu_count() or 1, os.cpu_count() or 1)
    folder = Path(args.notebooks) if args.notebooks else runner.default_notebook_dir()
    if len(args.records) == 1:
        load_record(args.records[0])  # bad input is reported before anything else happens
        progress = _Progress(len(runner.discover(folder)), several=False)
        try:
            summary = report.run_record(args.records[0], folder, jobs, args.timeout,
                                        lambda result: progress(None, result))  # LeakError: exit 1
        finally:
            progress.close()
        report.print_summary(summary)
        return 1 if summary.failed else 0
    specs = runner.discover(folder)  # bad notebooks are bad input for every record: nothing runs
    progress = _Progress(len(specs) * len(report.unique_records(args.records)), several=True)
    try:
        runs = report.run_records(args.records, folder, jobs, args.timeout, progress, progress.skip)
    finally:
        progress.close()
    report.print_batch(runs)
    return max(run.code for run in runs)
