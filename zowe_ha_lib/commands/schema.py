"""zowe-ha schema: print the JSON Schema of change.yaml."""

from __future__ import annotations

import argparse
import json

NAME = "schema"
HELP = "print the JSON Schema of change.yaml (for editors)"
DESCRIPTION = """\
Print the JSON Schema (draft 2020-12) that describes change.yaml, so that
editors with a YAML language server complete keys and flag mistakes as you
type. Save it and point the editor at it, or add a modeline to change.yaml:
  # yaml-language-server: $schema=change.schema.json"""
EXAMPLES = """\
example:
  zowe-ha schema > runbooks/change.schema.json"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--compact", action="store_true", help="one line instead of indented JSON")


def run(args: argparse.Namespace) -> int:
    from ..record.schema import SCHEMA  # local: fast --help

    print(json.dumps(SCHEMA, indent=None if args.compact else 2))
    return 0
