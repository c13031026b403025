"""Excel bomb benchmark: what the two imports' reader costs on hostile and
large workbooks under the 5 MB upload limit.

Builds, in a temporary folder, the files of dialogue.testing.xlsx_bombs — a
1.2 MB workbook whose shared strings unpack to 1.2 GB, a 27 KB one declaring
A1:XFD5002 with one far cell per row, 5,000,000 rows with one cell in column H
(and as many as fit under the sheet cap), and the busiest file the reader
accepts — and reads each with both imports' readers (the invitees of a
conference, the Front's list of petitions), each in a fresh process
(dialogue.testing.measure_read): growth of peak RSS, CPU and wall seconds.

Prints one line of JSON. Target: every file under +100 MB and under 5 s of CPU.

    .venv/bin/python bench/imports.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogue.testing import xlsx_bombs  # noqa: E402

READERS = {"invitees": "conferences.invitations:read_workbook", "petitions": "petitions.imports:read_rows"}


def main() -> dict:
    out: dict = {}
    worst_mb, worst_cpu = 0.0, 0.0
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as folder:
        for name, build in xlsx_bombs.BOMBS.items():
            path = build(Path(folder) / f"{name}.xlsx")
            out[f"{name}_kb"] = round(path.stat().st_size / 1024)
            for label, reader in READERS.items():
                done = subprocess.run(
                    [sys.executable, "-m", "dialogue.testing.measure_read", reader, str(path)],
                    cwd=ROOT, capture_output=True, text=True, check=True,
                )
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                key = f"{name}_{label}"
                out[f"{key}_mb"] = figures["rss_delta_mb"]
                out[f"{key}_cpu_s"] = figures["cpu_s"]
                out[f"{key}_wall_s"] = figures["wall_s"]
                out[f"{key}_outcome"] = f"{figures['rows']} rows" if "rows" in figures else "refused"
                worst_mb, worst_cpu = max(worst_mb, figures["rss_delta_mb"]), max(worst_cpu, figures["cpu_s"])
    out.update(worst_mb=worst_mb, worst_cpu_s=worst_cpu, target_met=worst_mb < 100 and worst_cpu < 5)
    return out


if __name__ == "__main__":
    print(json.dumps(main()))
