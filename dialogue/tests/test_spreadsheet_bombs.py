"""Excel bombs under the upload limit cost both imports under +100 MB and 5 s.

Each file is built here (never committed) and read by each import's reader in
a fresh process (dialogue.testing.measure_read), which reports the growth of
its peak resident memory and its CPU time; CPU rather than wall time, so other
work on a shared machine does not fail the test. Before the shared reader the
same files took +1.1 GB, +640 MB and 95 s of CPU.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dialogue.testing import xlsx_bombs

ROOT = Path(__file__).resolve().parents[2]
READERS = ["conferences.invitations:read_workbook", "petitions.imports:read_rows"]
EXPECTED = {
    # what each reader says of each file: refused, and why, or read with no rows
    "shared_strings": "giải nén",
    "wide_dimension": None,
    "long_sheet": "giải nén",  # 270 MB of sheet: refused before reading
    "long_sheet_under_cap": "dòng dưới dòng tiêu đề",  # 38 MB: read until the row limit
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    return {name: build(folder / f"{name}.xlsx") for name, build in xlsx_bombs.BOMBS.items()}


def measure(reader: str, path: Path) -> dict:
    env = {**os.environ, "MEASURE_LIMIT_MB": "2500"}
    done = subprocess.run(
        [sys.executable, "-m", "dialogue.testing.measure_read", reader, str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("bomb", list(xlsx_bombs.BOMBS))
def test_bomb_costs_under_100_mb_and_5_s(bombs, bomb, reader):
    path = bombs[bomb]
    assert path.stat().st_size < 5 * 1024 * 1024  # the upload limit admits it
    figures = measure(reader, path)
    print(json.dumps(figures, ensure_ascii=False))
    assert "error" not in figures, figures
    assert figures["rss_delta_mb"] < 100, figures
    assert figures["cpu_s"] < 5, figures
    if EXPECTED[bomb]:
        assert EXPECTED[bomb] in figures.get("refused", ""), figures
    else:
        # Nothing to import: refused for having no rows, or read as a table of none.
        assert figures.get("rows") == 0 or "không có dòng nào" in figures.get("refused", ""), figures
