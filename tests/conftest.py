"""Fixtures shared by several test files, and the kernel-start count (see support/kernels.py).

Helpers that are not fixtures live in the ``tests/support`` package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import kernels
from tests.support.fake_zosmf import make_certificate
from tests.support.paths import EXAMPLE, copy_record
from tests.support.reports import ExampleRun
from tests.support.reports import example_run as _example_run
from tests.support.reports import executed_notebooks as _executed_notebooks


def pytest_configure(config: pytest.Config) -> None:
    kernels.install()


# Fixtures that start kernels; a test using one is a notebook test, so that
# ``pytest -m "not notebook"`` starts no kernel at all.
KERNEL_FIXTURES = frozenset({"example_run", "executed_notebooks"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if KERNEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.notebook)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    for line in kernels.summary():
        terminalreporter.write_line(line)


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example change record (tests may change it)."""
    return copy_record(EXAMPLE, tmp_path / "CHG0001")


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> ExampleRun:
    """The example record run once per session by the real kit notebooks (five kernels), for every
    test that needs the report of the example rather than the run itself."""
    return _example_run(tmp_path_factory)


@pytest.fixture(scope="session")
def executed_notebooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site tests' fixture notebook, executed once per session by a real kernel (plain and hostile)."""
    return _executed_notebooks(tmp_path_factory)


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate and key for the fake z/OSMF on 127.0.0.1."""
    return make_certificate(tmp_path_factory.mktemp("tls"))
