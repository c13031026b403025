"""Reading back the Excel files the site writes, as a person's spreadsheet would:
through LibreOffice (`soffice --headless --convert-to csv`) where it is installed."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def xlsx_to_csv_rows(data: bytes) -> list[list[str]]:
    """The first sheet's rows as LibreOffice reads them (UTF-8 CSV, cells as shown)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "list.xlsx"
        source.write_bytes(data)
        subprocess.run(
            [soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             # 44: comma, 34: double quote, 76: UTF-8.
             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=180,
        )
        text = (folder / "list.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))
