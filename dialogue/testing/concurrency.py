"""Send the same form several times at the same moment, as a double click, a
browser retry or two tabs do, from threads with their own database connections.

Use in tests marked `django_db(transaction=True)`: the threads must see what the
test created. On PostgreSQL the inserts of one key queue on its unique index; on
SQLite the IMMEDIATE transactions queue on the write lock (see settings)."""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass
class Case:
    """One create or issue action to send at once: who sends it, where, with what, and
    what it changes (a count, or a tuple of counts each to go up by one)."""

    user: object
    url: str
    data: object  # a dict, or a callable returning one (a fresh upload per request)
    measure: Callable[[], object]
    page: bool = False  # the first answers with a page (a report), not a redirect


def _grew_by_one(before, after) -> bool:
    if isinstance(before, tuple):
        return all(a - b == 1 for a, b in zip(after, before))
    return after - before == 1


def assert_acts_once(name: str, case: Case) -> None:
    """Sent three times at once, then once more later (Back, then send): the action happens
    once, and every request is sent to its one result."""
    before = case.measure()
    key = str(uuid.uuid4())
    data = case.data
    form = (lambda: same_form(data(), key=key)) if callable(data) else same_form(data, key=key)
    responses = post_at_once(case.url, form, user=case.user)
    after = case.measure()
    assert _grew_by_one(before, after), f"{name}: {before} -> {after}"
    again = post_at_once(case.url, form, user=case.user, count=1)
    assert case.measure() == after, f"{name}: a repeat did it again"
    answers = responses + again
    if case.page:  # the first shows its report; the repeats are sent to the list
        assert sorted(r.status_code for r in answers) == [200] + [302] * (len(answers) - 1)
        answers = [r for r in answers if r.status_code == 302]
    assert {r.status_code for r in answers} == {302}
    locations = {r["Location"] for r in answers}
    assert len(locations) == 1, f"{name}: the repeats were not sent to the first result: {locations}"
