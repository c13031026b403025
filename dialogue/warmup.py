"""What a web server or worker process loads at start, so its first issued document
costs what the next one does.

The first issue of a process otherwise pays for WeasyPrint's import and fonts,
pyHanko's import, opening the PKCS#12 files and the URL map (about 2.5 s against
0.3 s warm). gunicorn_conf.py calls `warm_up` when a web worker has loaded the
application, dialogue/celery.py when a worker process starts. Tests and
management commands never call it. WARM_UP=0 turns it off.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


def warm_up() -> float:
    """Load fonts, signing keys and the URL map; the seconds it took (0 when turned off).

    Never fails the process: a step that fails is logged and its cost is left
    to the first request or task that needs it.
    """
    if not settings.WARM_UP:
        return 0.0
    start = time.perf_counter()
    try:
        _step("URL map", _urls)
        pdf = _step("documents", _documents)
        _step("signing", lambda: _signing(pdf))
    finally:
        # Opened here, in a process that may fork or hand the connection to a request.
        connections.close_all()
    seconds = time.perf_counter() - start
    logger.info("warmed up in %.2f s", seconds)
    return seconds


def _step(name: str, fn):
    try:
        return fn()
    except Exception:
        logger.exception("warm-up step %r failed", name)
        return None


def _urls() -> None:
    from django.urls import get_resolver

    # Reading the reverse map builds it: every app's URL module is imported
    # (the register's verification address is reversed while issuing).
    get_resolver().reverse_dict  # noqa: B018


def _documents() -> bytes:
    from .documents import warm_up as documents_warm_up

    return documents_warm_up()


def _signing(pdf: bytes | None) -> None:
    from .signing import warm_up as signing_warm_up

    if pdf is not None:
        signing_warm_up(pdf)
