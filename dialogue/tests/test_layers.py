"""The one-way layers (.importlinter) hold, and an import running upward breaks them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["dialogue", "deadlines", "registry", "plans", "conferences", "petitions", "home", "demo", "open311", "reports"]
LINT = str(Path(sys.executable).with_name("lint-imports"))


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_project_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_service_importing_a_domain_app_breaks_the_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc", "data"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    rules = tmp_path / "deadlines" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nfrom petitions.models import Petition  # noqa\n", encoding="utf-8")

    result = _lint(tmp_path)

    assert result.returncode != 0
    assert "deadlines is not allowed to import petitions" in result.stdout
    assert "deadlines.rules -> petitions.models" in result.stdout
