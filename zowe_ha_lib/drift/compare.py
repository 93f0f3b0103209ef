"""Comparing a baseline with today: findings by requirement and system, values by key path.

Three comparisons, one result type (:class:`Change`):

* **findings**: per requirement and system, the worst status then and now.
  Worse (``pass`` -> ``fail``, a new failure) and better (``fail`` ->
  ``pass``) are the only verdicts the kit draws itself; ``fail`` ->
  ``unknown`` is a change, not a fix (the evidence that failed is gone, not
  mended);
* **values** (change.yaml, zowe.yaml, and what each display shows): edits by
  key path. Mappings are compared key by key; a list of records is matched
  item by item (change.yaml's systems and distributions by ``name``, a
  display's rows by their natural key), so a row that moved is not an edit;
  any other list is one value (``backups: [SYSB, SYSC]``). These are
  ``changed``: whether an edit made the record worse is for the checks to
  say, and they are compared too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..record.yamlsrc import format_path
from ..requirements.findings import Finding

WORSE, BETTER, CHANGED = "worse", "better", "changed"
EFFECTS = (WORSE, BETTER, CHANGED)
KINDS = ("finding", "record", "zowe", "evidence")
# How bad a status is, for worse and better; statuses of equal weight are merely different.
_WEIGHT = {"error": 5, "fail": 4, "incomplete": 3, "unknown": 3, "warn": 2, "pass": 1, "n/a": 1}
_SETTLED = 1


class _Missing:
    """A key or item that is not there (unlike None, which is a value a YAML file may hold)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class At:
    """A list item in a key path: ``[0]`` (change.yaml, by position) or ``[SYSB]`` (a display's row, by key)."""

    text: str

    def __str__(self) -> str:  # as format_path prints a list item: [0], [SYSB]
        return self.text


@dataclass
class Change:
    """One difference between the baseline and today.

    ``kind``: finding, record (change.yaml), zowe (zowe.yaml) or evidence;
    ``effect``: worse, better or changed; ``edit`` (values only): added,
    removed or changed. ``before``/``after`` are None where there is nothing.
    """

    kind: str
    effect: str
    before: Any
    after: Any
    message: str
    requirement: str | None = None
    system: str | None = None
    key: str | None = None
    display: str | None = None
    command: str | None = None
    evidence: str | None = None
    edit: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "finding":
            out.update(requirement=self.requirement, system=self.system)
        elif self.kind == "evidence":
            out.update(display=self.display, command=self.command, system=self.system, key=self.key)
        else:
            out["key"] = self.key
        out.update(before=self.before, after=self.after, effect=self.effect, message=self.message)
        if self.edit:
            out["edit"] = self.edit
        if self.evidence:
            out["evidence"] = self.evidence
        return out


def sort_changes(changes: list[Change]) -> list[Change]:
    """Worse first, then better, then changed; findings before edits within each; stable otherwise."""
    return sorted(changes, key=lambda c: (EFFECTS.index(c.effect), KINDS.index(c.kind)))


# ----------------------------------------------------------------------------- findings


def effect_of(before: str | None, after: str | None) -> str:
    """Whether a requirement's status moving from ``before`` to ``after`` (None: not reported) is worse or better."""
    if before == after:
        return CHANGED
    wa = _WEIGHT.get(after) if after is not None else None
    wb = _WEIGHT.get(before) if before is not None else None
    if before is None:
        return WORSE if wa is not None and wa > _SETTLED else CHANGED
    if after is None or wa is None or wb is None:
        return CHANGED
    if wa > wb:
        return WORSE
    if wa < wb and after != "unknown":
        return BETTER
    return CHANGED


def _worst(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The finding that decides a requirement's status on a system: the worst, the first of equals."""
    return max(items, key=lambda f: _WEIGHT.get(f["status"], 0))


def finding_changes(before: list[dict[str, Any]], after: list[Finding]) -> list[Change]:
    """Per requirement and system: the worst status in the baseline's check.json against the checks run now."""
    then: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for f in before:
        then.setdefault((f["requirement"], f["system"]), []).append(f)
    now: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for f in after:
        now.setdefault((f.requirement, f.system), []).append(f.to_json())
    out: list[Change] = []
    for key in [*now, *(k for k in then if k not in now)]:
        b = _worst(then[key]) if key in then else None
        a = _worst(now[key]) if key in now else None
        sb, sa = (b or {}).get("status"), (a or {}).get("status")
        if sb == sa:
            continue
        effect = effect_of(sb, sa)
        if a is None:
            message = f"no longer reported (was: {b['message'] if b else ''})"
        else:
            message = a["message"]
        where = (a or {}).get("evidence") or (b or {}).get("evidence")
        out.append(Change("finding", effect, sb, sa, message, requirement=key[0], system=key[1], evidence=where))
    return out


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Edit:
    """A value that differs at a key path (:data:`MISSING` where there was or is none)."""

    path: tuple[Any, ...]
    before: Any
    after: Any

    @property
    def key(self) -> str:
        return format_path(self.path)

    @property
    def edit(self) -> str:
        return "added" if self.before is MISSING else "removed" if self.after is MISSING else "changed"

    def value(self, side: Any) -> Any:
        return None if side is MISSING else side


#: given a list's items, one id per item (or None when the list is one value, not a list of records)
Ids = Callable[[list[Any]], list[str] | None]


def by_name(items: list[Any]) -> list[str] | None:
    """change.yaml lists: records are matched by a unique ``name`` (systems, distributions), else by position."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    names = [i.get("name") for i in items]
    if all(isinstance(n, str) for n in names) and len(set(names)) == len(names):
        return [str(n) for n in names]
    return [f"#{n}" for n in range(len(items))]


def edits(before: Any, after: Any, ids: Ids, path: tuple[Any, ...] = (), positions: bool = False) -> list[Edit]:
    """Every difference between two JSON-like values, by key path.

    ``ids`` matches the items of a list of records; ``positions`` shows a
    matched item by its position (``[0]``, in today's list, or the
    baseline's for one that is gone) instead of by its id (``[SYSB]``).
    """
    if before is not MISSING and after is not MISSING and before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[Edit] = []
        for key in [*before, *(k for k in after if k not in before)]:
            out += edits(before.get(key, MISSING), after.get(key, MISSING), ids, (*path, key), positions)
        return out
    if isinstance(before, list) and isinstance(after, list):
        matched = _match(before, after, ids)
        if matched is not None:
            out = []
            for ident, b, a, index in matched:
                out += edits(b, a, ids, (*path, At(str(index) if positions else ident)), positions)
            return out
    return [Edit(path, before, after)]


def _match(before: list[Any], after: list[Any], ids: Ids) -> list[tuple[str, Any, Any, int]] | None:
    """``(id, item then, item now, position)`` of every item of two lists of records; None for lists of values."""
    ib = ids(before) if before else []
    ia = ids(after) if after else []
    if ib is None or ia is None or (not before and not after):
        return None
    then = dict(zip(ib, before, strict=True))
    now = dict(zip(ia, after, strict=True))
    out = [(ident, then.get(ident, MISSING), item, n) for n, (ident, item) in enumerate(now.items())]
    out += [(ident, item, MISSING, n) for n, (ident, item) in enumerate(then.items()) if ident not in now]
    return out


def show(value: Any, limit: int = 120) -> str:
    """A value in one line for the terminal and the site: lists as ``[a, b]``, nothing as ``(none)``."""
    if value is None or value is MISSING:
        text = "(none)"
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v, limit) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {show(v, limit)}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def value_changes(kind: str, before: Any, after: Any, ids: Ids, positions: bool, prefix: str = "") -> list[Change]:
    """The edits between two documents as changes of ``kind`` (record or zowe); ``prefix`` names the file."""
    out = []
    for e in edits(before, after, ids, (), positions):
        b, a = e.value(e.before), e.value(e.after)
        said = (f"{show(b)} -> {show(a)}" if e.edit == "changed" else f"added: {show(a)}" if e.edit == "added"
                else f"removed (was {show(b)})")
        message = f"{prefix}{e.key}: {said}"
        out.append(Change(kind, CHANGED, b, a, message, key=e.key, edit=e.edit))
    return out
