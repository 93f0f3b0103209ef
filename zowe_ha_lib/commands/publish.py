"""zowe-ha publish: build the static offline site of executed change records."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import options

NAME = "publish"
HELP = "build the static offline HTML site of executed change records"
DESCRIPTION = """\
Build a static HTML site from the reports that 'zowe-ha run' wrote: an index
of the change records (outcome per requirement, sign-off state), a page per
record with its summary, sign-offs, notebooks and downloads, and a page per
requirement across records. The site loads nothing from the network, runs no
script but its own index filter, and opens from a file share (file://).

Re-publishing renders only the records whose report changed since the last
build into the same folder; the site then lists exactly the records named.
A record that 'zowe-ha run', 'sign' or 'collect' is writing is waited for
(up to 30 s). Notebook outputs too large for a page (over 512 KB, or past
4 MB in one notebook) are replaced by a note and a link to the executed
notebook; only the file types the kit writes are copied into the site."""
EXAMPLES = """\
example:
  zowe-ha run runbooks/CHG0001
  zowe-ha publish runbooks/CHG0001 runbooks/CHG0002 --out site/_build

exit codes: 0 built (or already up to date), 1 the site could not be written
(e.g. the disk is full), 2 a record has no report or a bad one, or is busy"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("records", metavar="REC", nargs="+", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--out", metavar="DIR", type=options.output_folder, default=None, help="output folder (default: site/_build)")
    p.add_argument("--allowed-signers", metavar="FILE", type=options.file_path("the allowed_signers file"), default=None,
                   help="OpenSSH allowed_signers file used to check the sign-offs (default: allowed_signers beside "
                        "each record folder); the site shows 'signed' only when it vouches for every signer, "
                        "'unverified' otherwise")
    p.add_argument("--force", action="store_true", help="render every record, even those that did not change")


def run(args: argparse.Namespace) -> int:
    from ..publish.site import DEFAULT_OUT, publish  # local: fast --help

    started = time.perf_counter()
    out = Path(args.out) if args.out else DEFAULT_OUT
    result = publish(args.records, out, allowed_signers=args.allowed_signers, force=args.force)
    took = time.perf_counter() - started
    if result.changed:
        parts = [f"rendered {len(result.rendered)} record(s) ({result.notebooks_rendered} notebook(s))"]
        if result.unchanged:
            parts.append(f"{len(result.unchanged)} unchanged")
        if result.removed:
            parts.append(f"removed {', '.join(result.removed)}")
        print(f"publish: {'; '.join(parts)} in {took:.2f} s")
    else:
        print(f"publish: nothing changed ({len(result.unchanged)} record(s) up to date) in {took:.2f} s")
    print(result.index.resolve())
    return 0
