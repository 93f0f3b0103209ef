"""``make demo``: the example change record end to end.

Each step prints what it did; the demo stops at the first step that fails
unexpectedly. Steps are added as the kit grows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .cli import main as cli

RECORD = Path("runbooks/CHG0001")


def step(title: str, argv: list[str], ok: tuple[int, ...] = (0,)) -> None:
    print(f"\n== {title}: zowe-ha {' '.join(argv)}", flush=True)
    rc = cli(argv)
    if rc not in ok:
        print(f"demo: step failed with exit code {rc}", file=sys.stderr)
        sys.exit(rc or 1)


def main() -> int:
    step("validate the example change record", ["validate", str(RECORD)])
    print("\nNext: generate profiles (zowe-ha generate), check evidence (zowe-ha check), run the runbook (zowe-ha run).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
