"""Every "today" of the work is the one clock's: a demonstration that moves it moves
what is overdue on the petition pages as on the dashboard."""

import datetime as dt

import pytest

from dialogue import clock
from dialogue.clock import CLOCK_FILE_ENV

pytestmark = pytest.mark.django_db


def test_an_assignment_is_overdue_by_the_clock_the_deadline_engine_reads(assigned, monkeypatch, tmp_path):
    today = tmp_path / "today"
    monkeypatch.setenv(CLOCK_FILE_ENV, str(today))
    today.write_text((assigned.effective_due_on - dt.timedelta(days=1)).isoformat())
    assert not assigned.is_overdue
    today.write_text((assigned.effective_due_on + dt.timedelta(days=1)).isoformat())
    assert clock.today() > assigned.effective_due_on
    assert assigned.is_overdue
