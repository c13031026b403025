"""Excel bombs under the upload limit cost both imports under +100 MB and 5 s.

Each file is built here (never committed), with the busiest file the reader
accepts, and read by each import's reader in a fresh process
(dialogue.testing.measure_read), which reports the growth of its peak resident
memory and its CPU time; CPU rather than wall time, so other work on a shared
machine does not fail the test. Before the shared reader the same files took
+1.1 GB (shared strings), +640 MB (wide dimension) and 95 s of CPU (long sheet).
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
TOO_MANY_ROWS = "dòng dưới dòng tiêu đề"
EXPECTED = {
    # What each reader makes of each file: refused (a part of the message) or the rows read.
    "shared_strings": {"invitees": "giải nén", "petitions": "giải nén"},  # refused before unpacking
    "wide_dimension": {"invitees": TOO_MANY_ROWS, "petitions": TOO_MANY_ROWS},  # row 5002 holds something
    "long_sheet": {"invitees": "giải nén", "petitions": "giải nén"},  # 270 MB of sheet
    "long_sheet_under_cap": {"invitees": TOO_MANY_ROWS, "petitions": TOO_MANY_ROWS},  # read up to the limit
    "busiest_under_caps": {"invitees": 5000, "petitions": TOO_MANY_ROWS},  # all 5,000 rows read
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
    expected = EXPECTED[bomb]["invitees" if reader.startswith("conferences") else "petitions"]
    if isinstance(expected, int):
        assert figures.get("rows") == expected, figures
    else:
        assert expected in figures.get("refused", ""), figures
