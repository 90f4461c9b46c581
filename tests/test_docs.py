"""Every setting and every command is documented where users look."""
from __future__ import annotations

import re

from kg.config import SETTINGS
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(KG_[A-Z_]+)` \|", readme, re.MULTILINE))
    assert {s.env for s in SETTINGS} <= rows
    assert rows <= {s.env for s in SETTINGS}, "README documents settings the code does not have"


def test_nothing_but_kg_config_reads_the_environment():
    offenders = [str(p.relative_to(ROOT)) for folder in ("kg", "server") for p in (ROOT / folder).rglob("*.py")
                 if p.name != "config.py" and re.search(r"os\.environ|os\.getenv", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_readme_shows_the_two_commands_and_ci_runs_make_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
