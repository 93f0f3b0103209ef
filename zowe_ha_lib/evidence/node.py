"""``node --version``: one line such as ``v20.11.1`` (no message id, so the
line itself is the marker; a prompt or the command echo before it is ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Display, Response, start

PSEUDO_ID = "node --version"
IDS = {PSEUDO_ID: "node"}
REQUIREMENTS = {"node": "nodejs"}
VERSION_LINE = re.compile(r"v\d{1,3}\.\d{1,4}\.\d{1,4}$")


@dataclass
class NodeVersion(Display):
    version: str = ""


def parse(resp: Response) -> NodeVersion:
    d = start(resp, NodeVersion, "node")
    d.version = resp.lines[0][1].strip()
    return d
