"""The README's command examples cannot drift from the command line, and its CI recipe works as written.

Every ``zowe-ha ...`` line of the README's shell blocks, the commands of the
scale section's CI matrix and of its Airflow example are parsed by the real
``zowe-ha`` parser (an option that does not exist, or a value it refuses,
fails the test). The CI matrix is then run as its jobs would run it: each
matrix entry's ``run:`` step in a checkout of its own, the artifact carried
from one job to the other as upload-artifact and download-artifact carry it,
and the publish job's script in a fresh checkout; the site it builds must list
every record of the matrix.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.__main__ import build_parser as bench_parser
from tests.support.paths import ROOT, RUN_LEFTOVERS, RUNBOOKS
from zowe_ha_lib.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCALE = README.split("\n## Scale: many records\n", 1)[1].split("\n## ", 1)[0]
INSTALL = "pip install . && "  # the CI steps install the kit first; here it is installed already
MATRIX = "${{ matrix.record }}"


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def commands(script: str) -> list[str]:
    """The ``zowe-ha`` command lines of a shell script: continuation lines joined, ``&&`` chains split."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in line.split("&&"):
            if part.strip().startswith("zowe-ha "):
                found.append(part.strip())
    return found


def parse(line: str) -> argparse.Namespace:
    """``line`` through the real parser: a refused option or value raises (UsageError), left-overs fail."""
    argv = shlex.split(line, comments=True)
    assert argv[0] == "zowe-ha", line
    args, extra = build_parser().parse_known_args(argv[1:])
    assert not extra, (line, extra)
    return args


def ci() -> dict[str, Any]:
    (text,) = blocks(SCALE, "yaml")
    return yaml.safe_load(text)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job["steps"]


def test_every_zowe_ha_line_of_the_readme_parses() -> None:
    lines = [line for block in blocks(README, "sh") for line in commands(block) if "..." not in line]
    assert len(lines) > 20  # the command summary, the walkthrough, the scale section
    for line in lines:
        parse(line)


def test_the_scale_section_shows_several_records_and_jobs() -> None:
    lines = [parse(line) for block in blocks(SCALE, "sh") for line in commands(block)]
    runs = [args for args in lines if args.command == "run"]
    assert any(len(args.records) > 1 and args.jobs == 1 for args in runs)
    assert any(args.records == ["runbooks/CHG*"] for args in runs)


def test_the_benchmark_commands_the_readme_gives_exist() -> None:
    assert "`make bench`" in SCALE
    assert re.search(r"^bench:", (ROOT / "Makefile").read_text(), re.M)
    shown = re.findall(r"`\.venv/bin/python -m benchmarks ([^`]*)`", SCALE)
    assert shown
    for options in shown:
        assert bench_parser().parse_args(shlex.split(options)).only == ["c"]


def test_the_ci_matrix_commands_parse() -> None:
    jobs = ci()["jobs"]
    records = jobs["run"]["strategy"]["matrix"]["record"]
    assert records and all((RUNBOOKS / rec / "change.yaml").is_file() for rec in records)
    assert jobs["run"]["strategy"]["fail-fast"] is False  # one record that is not ready stops no other
    (run_step,) = [s["run"] for s in steps(jobs["run"]) if "run" in s]
    for rec in records:
        (line,) = commands(run_step.replace(MATRIX, rec))
        assert parse(line).records == [f"runbooks/{rec}"]
    (publish_step,) = [s["run"] for s in steps(jobs["publish"]) if "run" in s]
    (line,) = commands(publish_step)
    args = parse(line)
    assert args.command == "publish" and args.records == [f"runbooks/{rec}" for rec in records]
    assert jobs["publish"]["needs"] == "run"


def checkout(dest: Path) -> Path:
    """What actions/checkout gives a job: the committed records, without anything a run leaves."""
    shutil.copytree(RUNBOOKS, dest / "runbooks", ignore=shutil.ignore_patterns(*RUN_LEFTOVERS, "collected", "out"))
    return dest


def job_script(step: str, cwd: Path) -> subprocess.CompletedProcess:
    assert INSTALL in step
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    return subprocess.run(["bash", "-e", "-c", step.replace(INSTALL, "")], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def uses(job: dict[str, Any], action: str) -> dict[str, Any]:
    (step,) = [s for s in steps(job) if s.get("uses", "").startswith(action + "@")]
    return step


@pytest.mark.notebook  # each matrix job runs `zowe-ha run`
def test_the_ci_matrix_builds_one_site_of_every_record(tmp_path: Path) -> None:
    jobs = ci()["jobs"]
    records = jobs["run"]["strategy"]["matrix"]["record"]
    (run_step,) = [s["run"] for s in steps(jobs["run"]) if "run" in s]
    upload = uses(jobs["run"], "actions/upload-artifact")
    assert upload["if"] == "${{ !cancelled() }}"  # a record that is not ready (exit 1) still uploads its report
    download = uses(jobs["publish"], "actions/download-artifact")["with"]
    artifacts = tmp_path / "artifacts"
    for rec in records:
        runner = checkout(tmp_path / f"run-{rec}")
        done = job_script(run_step.replace(MATRIX, rec), runner)
        assert done.returncode in (0, 1), done.stderr  # CHG0002 has planted faults: not ready, exit 1
        # upload-artifact keeps the contents of the one folder it is given, under the artifact's name.
        name, path = (upload["with"][key].replace(MATRIX, rec) for key in ("name", "path"))
        shutil.copytree(runner / path, artifacts / name)
    publisher = checkout(tmp_path / "publish")
    # download-artifact with a pattern (and no merge-multiple) puts each artifact in a folder of its name.
    for artifact in artifacts.iterdir():
        if re.fullmatch(download["pattern"].replace("*", ".*"), artifact.name):
            shutil.copytree(artifact, publisher / download["path"] / artifact.name)
    (publish_step,) = [s["run"] for s in steps(jobs["publish"]) if "run" in s]
    done = job_script(publish_step, publisher)
    assert done.returncode == 0, done.stdout + done.stderr
    index = (publisher / "site" / "_build" / "index.html").read_text()
    for rec in records:
        assert (publisher / "runbooks" / rec / "report" / "manifest.json").is_file()
        assert f"records/{rec}/index.html" in index


class _Task:
    """Stands in for Airflow's BashOperator (Airflow is not a dependency): keeps what the README passes it."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs, self.upstream = kwargs, []
        tasks.append(self)

    def __rrshift__(self, other: list[_Task]) -> _Task:  # [a, b] >> task
        self.upstream.extend(other)
        return self


class _Dag:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _Dag:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


tasks: list[_Task] = []


def test_the_airflow_example_runs_zowe_ha_once_per_record_then_publishes() -> None:
    (code,) = blocks(SCALE, "python")
    imports = ("from airflow.providers.standard.operators.bash import BashOperator\n", "from airflow.sdk import DAG\n")
    assert all(line in code for line in imports)
    for line in imports:
        code = code.replace(line, "")
    tasks.clear()
    namespace: dict[str, Any] = {"BashOperator": _Task, "DAG": _Dag}
    exec(compile(code, "README.md (Airflow example)", "exec"), namespace)
    records = namespace["RECORDS"]
    runs = [t for t in tasks if t.kwargs["task_id"] != "publish"]
    (publish,) = [t for t in tasks if t.kwargs["task_id"] == "publish"]
    assert [parse(t.kwargs["bash_command"]).records for t in runs] == [[f"runbooks/{rec}"] for rec in records]
    assert all((RUNBOOKS / rec / "change.yaml").is_file() for rec in records)
    args = parse(publish.kwargs["bash_command"])
    assert args.command == "publish" and args.records == [f"runbooks/{rec}" for rec in records]
    assert publish.kwargs["trigger_rule"] == "all_done" and publish.upstream == runs
