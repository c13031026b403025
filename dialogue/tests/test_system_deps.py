"""`make run` checks (or installs) what running needs before anything else, and
`make test` what testing needs; the script names what is missing and how to get it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-deps.sh"
ALL_LIBS = "\n".join(
    f"\t{name} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{name}"
    for name in ("libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libfontconfig.so.1", "libharfbuzz.so.0",
                 "libharfbuzz-subset.so.0")
)


def dry_run(target: str) -> list[str]:
    out = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def first_index(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines) if needle in line)


@pytest.mark.parametrize("target", ["run", "install", "demo"])
def test_make_checks_what_running_needs_before_it_sets_anything_up(target):
    lines = dry_run(target)
    check = first_index(lines, "scripts/system-deps.sh run")
    assert all("system-deps.sh test" not in line for line in lines)
    for later in ("pip install", "manage.py", "compile_messages.py"):
        if any(later in line for line in lines):
            assert check < first_index(lines, later)


def test_make_test_checks_what_testing_needs():
    lines = dry_run("test")
    assert first_index(lines, "scripts/system-deps.sh test") < first_index(lines, "pytest")


def fake_system(tmp_path, *, libs: str, uid: int, apt: bool) -> dict:
    """A PATH holding only a fake ldconfig, id and (optionally) apt-get: no Chromium, no poppler."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # Builtins only: the fake PATH has no cat.
    tools = {"ldconfig": f"printf '%s\\n' '{libs}'", "id": f"echo {uid}"}
    if apt:
        tools["apt-get"] = f"echo apt-get \"$@\" >> {tmp_path}/apt.log"
    for name, body in tools.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)
    return {"PATH": str(bin_dir), "PYTHON": sys.executable, "HOME": str(tmp_path)}


def run_script(mode: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/bash", str(SCRIPT), mode], env=env, capture_output=True, text=True)


def test_not_root_names_what_running_needs_and_the_command(tmp_path):
    result = run_script("run", fake_system(tmp_path, libs="", uid=1000, apt=True))
    assert result.returncode == 1
    assert "Missing system packages for running the application:" in result.stderr
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libfontconfig1 libharfbuzz0b" in result.stderr
    # Running does not need the test tools.
    assert "chromium" not in result.stderr and "poppler" not in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_test_mode_adds_the_test_tools(tmp_path):
    result = run_script("test", fake_system(tmp_path, libs=ALL_LIBS, uid=1000, apt=True))
    assert result.returncode == 1
    assert "Missing system packages for running the tests: chromium poppler-utils" in result.stderr


def test_root_installs_what_is_missing(tmp_path):
    result = run_script("run", fake_system(tmp_path, libs="", uid=0, apt=True))
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "apt.log").read_text()
    assert "install" in log and "libpango-1.0-0" in log and "libpangoft2-1.0-0" in log


def test_nothing_to_do_when_everything_is_there(tmp_path):
    result = run_script("run", fake_system(tmp_path, libs=ALL_LIBS, uid=1000, apt=False))
    assert result.returncode == 0 and result.stderr == ""


def test_without_apt_it_says_what_to_install(tmp_path):
    result = run_script("run", fake_system(tmp_path, libs="", uid=1000, apt=False))
    assert result.returncode == 1 and "Pango" in result.stderr and "apt-get" not in result.stderr
