"""Send the same form several times at the same moment, as a double click, a
browser retry or two tabs do, from threads with their own database connections.

Use in tests marked `django_db(transaction=True)`: the threads must see what the
test created. On PostgreSQL the inserts of one key queue on its unique index; on
SQLite the IMMEDIATE transactions queue on the write lock (see settings)."""

from __future__ import annotations

import copy
import threading
import uuid

from django.db import connections
from django.test import Client

from dialogue.idempotency import FIELD


def same_form(data: dict | None = None, *, key: str | None = None) -> dict:
    """The form's data with one one-time key, as the page rendered it."""
    return {**(data or {}), FIELD: key or str(uuid.uuid4())}


def post_at_once(url: str, data, *, user=None, count: int = 3, client: Client | None = None) -> list:
    """POST `data` (a dict, or a callable returning one per request, for uploads)
    to `url` `count` times at once from one browser (one session); the responses
    in order. Exceptions raised by a request are re-raised here."""
    browser = client or Client()
    if user is not None and client is None:
        browser.force_login(user)
    cookies = browser.cookies
    barrier = threading.Barrier(count)
    responses: list = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            c = Client()
            c.cookies = copy.deepcopy(cookies)  # the same session, as one browser sends them
            body = data() if callable(data) else data
            barrier.wait(timeout=30)
            responses[i] = c.post(url, body)
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    if errors:
        raise errors[0]
    return responses
