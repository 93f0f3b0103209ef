"""run's numeric options: only finite positive numbers; anything else is a usage error (exit 2)."""

from __future__ import annotations

import pytest

from tests.support.cli import assert_clean_rejection, zowe_ha


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "0", "-1", "1e999", "abc", ""])
def test_run_rejects_a_timeout_that_is_no_positive_finite_number(example_copy, capsys, value):
    answer = zowe_ha(capsys, "run", example_copy, "--timeout", value)
    assert_clean_rejection(answer, "--timeout")
    assert not (example_copy / "report").exists()


@pytest.mark.parametrize("value", ["0", "-3", "1.5", "nan"])
def test_run_rejects_a_jobs_count_that_is_no_positive_integer(example_copy, capsys, value):
    answer = zowe_ha(capsys, "run", example_copy, "--jobs", value)
    assert_clean_rejection(answer, "--jobs")
    assert not (example_copy / "report").exists()
