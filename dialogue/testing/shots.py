"""Where browser tests leave their screenshots: SHOTS_DIR when set (to look at them),
else a folder under the system's temporary directory, never the repository."""

import os
import tempfile
from pathlib import Path


def shots_dir(name: str) -> Path:
    base = Path(os.environ.get("SHOTS_DIR") or Path(tempfile.gettempdir()) / "doithoai-shots")
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
