"""Read one .xlsx with an import's reader in a fresh process and print what it cost.

    python -m dialogue.testing.measure_read petitions.imports:read_rows FILE.xlsx

Prints one line of JSON: the growth of the process's peak resident memory
(MB) while reading, the CPU and wall seconds, and how the reading ended (the
message of the refusal, or the number of rows). Memory is the peak RSS
(getrusage) after Django is set up against the peak after reading, so the
figure is the reader's own; CPU time rather than wall time is what the tests
hold to, because other work on a shared machine stretches the wall clock.

The address space is limited (MEASURE_LIMIT_MB, default 3000) so a reader
that would take gigabytes fails with MemoryError instead of the machine.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time


def main(target: str, path: str) -> dict:
    limit = int(os.environ.get("MEASURE_LIMIT_MB", "3000")) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    translation.activate("vi")
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(os.path.basename(path), handle.read())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        result = function(upload)
        outcome = {"rows": len(getattr(result, "rows", result))}
    except MemoryError:
        outcome = {"error": "MemoryError"}
    except Exception as error:  # noqa: BLE001 - the refusal is the expected outcome
        outcome = {"refused": getattr(error, "message", None) or str(error), "type": type(error).__name__}
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"target": target, "file": os.path.basename(path), "size_kb": round(os.path.getsize(path) / 1024),
            "rss_before_mb": round(before / 1024, 1), "rss_delta_mb": round((after - before) / 1024, 1), "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            **outcome}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2]), ensure_ascii=False))
