"""pyproject.toml and environment.yml name the same dependencies with the same bounds."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from tests.support.paths import ROOT


def _split(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert match, spec
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_split(d) for d in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda: dict[str, str] = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep["pip"]
        else:
            name, bound = _split(dep)
            conda[name] = bound
    assert conda.pop("python") == project["requires-python"]
    assert conda.pop("pip") == ""
    assert "-e ." in pip, "the pip section installs the kit itself"
    from_pip = dict(_split(d) for d in pip if not d.startswith("-e"))
    assert {**conda, **from_pip} == wanted
    assert not set(conda) & set(from_pip)


def test_lower_bounds_required_by_the_project() -> None:
    deps = dict(_split(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    assert deps["jupyterlab"] == ">=4.6" and deps["papermill"] == ">=2.7"
    assert deps["nbconvert"] == ">=7.17.1"  # earlier releases have path-traversal CVEs
    assert deps["ipywidgets"] == ">=8.1" and deps["pyyaml"] == ">=6"


def test_console_script_is_installed_and_every_command_has_an_example() -> None:
    out = subprocess.run([sys.executable, "-m", "zowe_ha_lib", "--help"], capture_output=True, text=True, check=True).stdout
    commands = re.findall(r"^    (\w+)\s", out, flags=re.M)
    assert {"validate", "schema"} <= set(commands)
    for command in commands:
        text = subprocess.run([sys.executable, "-m", "zowe_ha_lib", command, "--help"], capture_output=True, text=True, check=True).stdout
        assert "example" in text.lower(), command
        assert f"zowe-ha {command}" in text, command
