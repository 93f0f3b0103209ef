"""zowe-ha requirements: what each requirement is, why Zowe HA needs it, and how to verify it."""

from __future__ import annotations

import argparse
import json
import textwrap

NAME = "requirements"
HELP = "explain each sysplex requirement: what it is, why, how to verify it, the fix"
DESCRIPTION = """\
Print the requirements the kit checks, as the report notebooks and the site
explain them: what each is, why Zowe high availability needs it, how to
verify it by hand, the displays to capture, the fix and the sources the
text rests on. Text that differs between Zowe releases follows --release (a
line such as v3, or a level such as v3.4). Give requirement ids to see only
those."""
EXAMPLES = """\
examples:
  zowe-ha requirements
  zowe-ha requirements sysplex-timer shared-dasd
  zowe-ha requirements --release v2 nodejs --json
  zowe-ha requirements --release v3.4 zowe-config"""

_LABELS = (("what", "What it is"), ("why", "Why"), ("when", "When it applies"), ("verify", "How to verify"),
           ("fix", "Fix"), ("sources", "Sources"))


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .options import zowe_release  # local: fast --help

    p.add_argument("ids", metavar="ID", nargs="*", help="requirement ids (default: all)")
    p.add_argument("--release", default="v3", type=zowe_release,
                   help="Zowe release whose text to show: v1, v2, v3 or a level such as v3.4 (default v3)")
    p.add_argument("--json", action="store_true", help="print the entries as JSON")


def run(args: argparse.Namespace) -> int:
    from ..requirements.registry import IDS, describe  # local: fast --help
    from ..util.errors import UsageError  # local: fast --help

    unknown = [i for i in args.ids if i not in IDS]
    if unknown:
        raise UsageError.several([("ID", f"no requirement {i!r}; the ids are {', '.join(IDS)}") for i in unknown])
    rows = [r for r in describe(args.release) if not args.ids or r["id"] in args.ids]
    if args.json:
        print(json.dumps({"release": args.release, "requirements": rows}, indent=2))
        return 0
    for row in rows:
        print(f"{row['id']}: {row['title']}")
        for key, label in _LABELS:
            if row.get(key):
                print(textwrap.fill(row[key], width=100, initial_indent=f"  {label}: ", subsequent_indent="    "))
        print("  Displays: " + "; ".join(row["displays"]))
        print()
    return 0
