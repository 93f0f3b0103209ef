"""Machine-readable notebook outcomes.

Each notebook displays one outcome record as a custom MIME bundle with a
``text/plain`` fallback (so nbconvert and plain viewers still show a line).
The runner and the site read the records back from the executed notebook;
they never trust papermill's cell metadata, which marks unexecuted cells
"completed" after a timeout or a dead kernel.
"""

from __future__ import annotations

from typing import Any

from ..requirements.status import OUTCOME_STATUSES, Status

MIME = "application/vnd.zowe-ha.outcome+json"
STATUSES = OUTCOME_STATUSES


def outcome_bundle(notebook: str, status: str, summary: str, steps: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The MIME bundle for one notebook's outcome.

    ``steps`` are ``{"id", "title", "status", "message"}`` mappings, one per step
    or requirement the notebook covers. ``unknown`` (a step's word, which
    notebooks written before ``incomplete`` existed pass) is recorded as
    ``incomplete``: a notebook outcome never reads better than its evidence.
    """
    status = as_outcome(status)
    if status not in STATUSES:
        raise ValueError(f"bad outcome status {status!r}")
    payload = {"notebook": notebook, "status": status, "summary": summary, "steps": steps or []}
    text = f"OUTCOME {notebook}: {status.upper()} - {summary}"
    return {MIME: payload, "text/plain": text}


def as_outcome(status: Any) -> Any:
    """``incomplete`` for ``unknown``; any other value as it is (for the caller to check)."""
    return Status.INCOMPLETE.value if status == Status.UNKNOWN else status


def record(notebook: str, status: str, summary: str, steps: list[dict[str, Any]] | None = None) -> None:
    """Display the outcome in the running kernel (call once, last, in a notebook)."""
    from IPython.display import display  # local: ~100 ms; the runner and site only read()

    display(outcome_bundle(notebook, status, summary, steps), raw=True)


def read(nb: dict[str, Any]) -> list[dict[str, Any]]:
    """Every outcome record in an executed notebook (a dict as loaded from JSON)."""
    found = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if MIME in data:
                found.append(data[MIME])
    return found
