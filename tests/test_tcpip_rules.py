"""The lint rule catalogue: every rule lint emits is in it, every entry is emitted somewhere, and it is listed."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.test_tcpip_lint import BAD
from zowe_ha_lib.cli import main
from zowe_ha_lib.tcpip.rules import RULES
from zowe_ha_lib.tcpip.statements import LintFinding, finding

TCPIP = ROOT / "zowe_ha_lib" / "tcpip"
# Rules tested elsewhere: a cycle needs files on disk (test_tcpip_include.py); one profile (test_tcpip_lint.py).
ELSEWHERE = {"include-cycle", "single-profile"}


def _rule_literals() -> set[str]:
    """Every string literal the tcpip modules pass where a rule id goes (and f-string rule families)."""
    found: set[str] = set()
    for path in TCPIP.glob("*.py"):
        if path.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in RULES:
                found.add(node.value)
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefix = str(node.values[0].value)
                if prefix == "record-":  # f"record-{attr}" for autoswitchback / healthswitch
                    found |= {r for r in RULES if r in ("record-autoswitchback", "record-healthswitch")}
    return found


def test_every_catalogue_rule_is_used_by_the_code_and_tested_with_a_breaking_design():
    assert set(RULES) == _rule_literals()
    assert set(RULES) == set(BAD) | ELSEWHERE


def test_a_rule_outside_the_catalogue_cannot_be_emitted():
    with pytest.raises(ValueError, match="not in the rule catalogue"):
        LintFinding("error", "no-such-rule", "f", 1, "m")


def test_message_is_the_specific_part_then_the_catalogue_text():
    f = finding("hotstandby-needs-backup", "p.tcpip", 3, "VIPADISTRIBUTE 203.0.113.50: no BACKUP target")
    assert f.severity == "error" and f.message.startswith("VIPADISTRIBUTE 203.0.113.50: no BACKUP target; ")
    assert f.message.endswith(RULES["hotstandby-needs-backup"].advice)


def test_every_entry_is_complete():
    for rule in RULES.values():
        assert rule.title and rule.source, rule.id
        if rule.message_id:
            assert rule.message_id in rule.advice, rule.id


def test_cli_lists_the_rules(capsys):
    assert main(["lint", "--rules"]) == 0
    out = capsys.readouterr().out
    for rule in RULES.values():
        assert f"{rule.id}  [{rule.severity}]" in out
    assert "hotstandby-one-preferred  [error] (EZZ0827I)" in out
    assert main(["lint", "--rules", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in rows] == list(RULES)


@pytest.mark.parametrize("argv", [["lint"], ["lint", "--rules", "x.tcpip"]])
def test_cli_rules_and_profiles_are_one_or_the_other(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("zowe-ha lint: ")


def test_help_documents_rules_with_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["lint", "--help"])
    out = capsys.readouterr().out
    assert "zowe-ha lint --rules" in out and "--include-dir" in out


def test_docs_name_no_unknown_rule():
    text = (ROOT / "README.md").read_text() if (ROOT / "README.md").exists() else ""
    for word in ("include-not-followed", "backup-stack-no-vipadistribute"):
        assert word not in text
        assert all(word not in p.read_text() for p in Path(TCPIP).glob("*.py"))
