"""The package's import graph: no cycles, data flows one way, no hidden imports.

The graph is read from the source with :mod:`ast`, not by importing: every
``import`` and ``from ... import`` counts, at the top of a module and inside
functions alike (an import inside a function still runs, only later, so a
cycle through one is still a cycle). Relative imports are resolved, and
importing ``a.b.c`` also runs the ``__init__`` of ``a.b``, so that package is
an edge too (except the importer's own ancestors, which are always loaded).

Three rules:

* no cycle among ``zowe_ha_lib`` modules (the failure prints the cycle);
* a module imports only its own pipeline stage and earlier ones (:data:`STAGES`);
* an import inside a function says why on its line (``# local: ...``): the
  only accepted reason is start-up time, never dodging a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGE = "zowe_ha_lib"

# Pipeline stages, lowest first. A module may import its own stage and earlier ones.
STAGES: tuple[tuple[str, ...], ...] = (
    ("util",), ("resources",), ("record",), ("requirements",), ("tcpip",), ("export",), ("evidence",), ("checks",),
    ("collect",), ("runbook",), ("report",), ("drill",), ("signoff",), ("drift",), ("publish",), ("commands",),
    ("cli", "demo", "__main__"),
)

# (importer, imported): upward imports that are known and explained. Each must still occur.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}

# Modules that import kit modules by name at run time, and why (the AST cannot see those).
ALLOWED_DYNAMIC: dict[str, str] = {
    "zowe_ha_lib.cli": "discovers the command modules in zowe_ha_lib/commands/",
    "zowe_ha_lib.util.lightimport": "imports the Jupyter stack without rfc3987_syntax",
    "zowe_ha_lib.report.forkserver": "its own process: imports, for the kernels it forks, what the notebooks import",
}
_DYNAMIC_CALLS = ("import_module", "__import__", "find_spec")


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int
    local: bool  # inside a function
    direct: bool  # the module named by the statement (not a parent package it runs)


def modules(root: Path, package: str = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package ``__init__``) for every module under ``root/package``."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_pkg)
    return found


def _function_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes that sit inside a function or lambda body."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inside.update(id(n) for n in ast.walk(node) if n is not node)
    return inside


def _targets(name: str, is_pkg: bool, node: ast.Import | ast.ImportFrom, known: dict[str, tuple[Path, bool]],
             package: str) -> list[str]:
    """The kit modules one import statement loads by name."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name == package or a.name.startswith(package + ".")]
    if node.level:
        base = name.split(".") if is_pkg else name.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not (target == package or target.startswith(package + ".")):
        return []
    # "from pkg import name" loads pkg.name when that is a module, else only pkg.
    return [f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names]


def import_edges(root: Path, package: str = PACKAGE) -> list[Edge]:
    """Every import of a kit module by a kit module, with the packages it runs on the way."""
    known = modules(root, package)
    edges: list[Edge] = []
    for name, (path, is_pkg) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_function = _function_nodes(tree)
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1 + is_pkg)}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            local = id(node) in in_function
            for target in _targets(name, is_pkg, node, known, package):
                edges.append(Edge(name, target, node.lineno, local, True))
                parts = target.split(".")
                for i in range(1, len(parts)):
                    parent = ".".join(parts[:i])
                    if parent not in ancestors and parent != name:
                        edges.append(Edge(name, parent, node.lineno, local, False))
    return edges


def find_cycles(edges: list[Edge]) -> list[list[str]]:
    """One cycle (as a closed path of module names) per strongly connected group of modules."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.importer != e.imported:
            graph.setdefault(e.importer, set()).add(e.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan; the graph is small, recursion depth is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_path_within(graph, set(g), g[0]) for g in groups]


def _path_within(graph: dict[str, set[str]], group: set[str], start: str) -> list[str]:
    """A shortest path start -> ... -> start inside ``group`` (breadth first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w not in group or w in previous:
                    continue
                previous[w] = v
                if w == start:
                    path = [start]
                    while path[-1] != start or len(path) == 1:
                        path.append(previous[path[-1]])
                    return path[::-1]
                nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover - Tarjan said there is one


def stage_of(module: str, package: str = PACKAGE) -> int:
    """Position of a module's stage in :data:`STAGES` (-1 for the package itself)."""
    parts = module.split(".")
    if parts == [package]:
        return -1
    for number, names in enumerate(STAGES):
        if parts[1] in names:
            return number
    raise KeyError(parts[1])


def upward(edges: list[Edge], package: str = PACKAGE) -> list[Edge]:
    """Imports of a later stage than the importer's own."""
    return [e for e in edges if e.direct and stage_of(e.imported, package) > stage_of(e.importer, package)]


def unexplained_local_imports(root: Path, package: str = PACKAGE) -> Iterator[str]:
    """``file:line`` of each import inside a function whose lines carry no ``# local:`` reason."""
    for _name, (path, _pkg) in modules(root, package).items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text, str(path))
        in_function = _function_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) in in_function:
                span = lines[node.lineno - 1: (node.end_lineno or node.lineno)]
                if not any("# local:" in line for line in span):
                    yield f"{path.relative_to(root)}:{node.lineno}: {lines[node.lineno - 1].strip()}"


def dynamic_imports(root: Path, package: str = PACKAGE) -> Iterator[tuple[str, str]]:
    """``(module, file:line)`` of each call that may import a kit module by name.

    A call of ``import_module``, ``__import__`` or ``find_spec`` counts unless
    its first argument is a literal naming a module outside the kit (such as
    ``import_module("papermill")``).
    """
    for name, (path, _pkg) in modules(root, package).items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in _DYNAMIC_CALLS:
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.value.split(".")[0] != package and not first.value.startswith("."):
                continue
            yield name, f"{path.relative_to(root)}:{node.lineno}"


# --------------------------------------------------------------------------- the kit


@pytest.fixture(scope="module")
def edges() -> list[Edge]:
    return import_edges(ROOT)


def test_the_walker_sees_the_kit(edges: list[Edge]) -> None:
    """Guards the other tests against an empty graph: known imports are found, local ones too."""
    pairs = {(e.importer, e.imported) for e in edges}
    assert ("zowe_ha_lib.tcpip.outputs", "zowe_ha_lib.tcpip.sheet") in pairs
    assert ("zowe_ha_lib.tcpip.sheet", "zowe_ha_lib.tcpip.plan") in pairs
    assert ("zowe_ha_lib.report.manifest", "zowe_ha_lib") in pairs  # from .. import __version__
    assert any(e.local and e.importer == "zowe_ha_lib.commands.run" for e in edges)
    assert ("zowe_ha_lib.publish.site", "zowe_ha_lib.publish.pages") in pairs  # inside _build
    assert len(modules(ROOT)) > 80


def test_no_import_cycles(edges: list[Edge]) -> None:
    cycles = find_cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join("  " + " -> ".join(c) for c in cycles)


def test_every_module_has_a_stage() -> None:
    unknown = sorted({name.split(".")[1] for name in modules(ROOT) if name != PACKAGE
                      and not any(name.split(".")[1] in names for names in STAGES)})
    assert not unknown, f"place these folders in the pipeline order, STAGES in tests/test_imports.py: {unknown}"


def test_no_import_of_a_later_stage(edges: list[Edge]) -> None:
    found = upward(edges)
    bad = [e for e in found if (e.importer, e.imported) not in ALLOWED_UPWARD]
    assert not bad, "imports of a later pipeline stage:\n" + "\n".join(
        f"  {e.importer} (line {e.line}) imports {e.imported}" for e in bad)
    stale = set(ALLOWED_UPWARD) - {(e.importer, e.imported) for e in found}
    assert not stale, f"ALLOWED_UPWARD entries no longer needed, remove them: {sorted(stale)}"


def test_imports_inside_functions_say_why() -> None:
    bad = list(unexplained_local_imports(ROOT))
    assert not bad, ("imports inside functions without a '# local: <start-up reason>' comment "
                     "(move them to the top of the module):\n  " + "\n  ".join(bad))


def test_no_import_by_name_outside_the_known_places() -> None:
    bad = [f"{where} ({name})" for name, where in dynamic_imports(ROOT) if name not in ALLOWED_DYNAMIC]
    assert not bad, "imports by name hide edges from this test; import the module instead:\n  " + "\n  ".join(bad)


# --------------------------------------------------------------------------- the checker itself


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in {"zowe_ha_lib/__init__.py": "", **files}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_checker_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "zowe_ha_lib/tcpip/__init__.py": "",
        "zowe_ha_lib/tcpip/a.py": "from .b import x\n",
        "zowe_ha_lib/tcpip/b.py": "def f():\n    from . import a  # local: test\n    return a\nx = 1\n",
        "zowe_ha_lib/tcpip/c.py": "from zowe_ha_lib.tcpip import a\n",
    })
    cycles = find_cycles(import_edges(root))
    assert cycles == [["zowe_ha_lib.tcpip.a", "zowe_ha_lib.tcpip.b", "zowe_ha_lib.tcpip.a"]]


def test_checker_counts_the_package_init_a_submodule_import_runs(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "zowe_ha_lib/checks/__init__.py": "from ..evidence.reader import r\n",
        "zowe_ha_lib/checks/zosmf.py": "",
        "zowe_ha_lib/evidence/__init__.py": "",
        "zowe_ha_lib/evidence/reader.py": "from ..checks.zosmf import *\nr = 1\n",
    })
    edges = import_edges(root)
    assert find_cycles(edges) == [["zowe_ha_lib.checks", "zowe_ha_lib.evidence.reader", "zowe_ha_lib.checks"]]
    assert [(e.importer, e.imported) for e in upward(edges)] == [("zowe_ha_lib.evidence.reader", "zowe_ha_lib.checks.zosmf")]


def test_checker_flags_unexplained_local_imports_and_imports_by_name(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "zowe_ha_lib/util/__init__.py": "",
        "zowe_ha_lib/util/x.py": ("import importlib\n\ndef f():\n    import json\n    from os import (\n"
                                  "        path,  # local: explained on a continuation line\n    )\n"
                                  "    importlib.import_module('papermill')\n"
                                  "    return importlib.import_module('zowe_ha_lib.util')\n"),
    })
    assert list(unexplained_local_imports(root)) == ["zowe_ha_lib/util/x.py:4: import json"]
    assert list(dynamic_imports(root)) == [("zowe_ha_lib.util.x", "zowe_ha_lib/util/x.py:9")]
