import datetime as dt

import pytest

from dialogue.clock import CLOCK_FILE_ENV
from dialogue.workdays import clear_cache
from plans.models import DeadlineRule, Plan
from plans.seeds import SEEDS


@pytest.fixture(autouse=True)
def _fresh_calendar():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def clock(monkeypatch, tmp_path):
    """Set dialogue.clock.today() (through the same file a real worker reads)."""
    path = tmp_path / "today"
    monkeypatch.setenv(CLOCK_FILE_ENV, str(path))

    def set_today(day: dt.date) -> dt.date:
        path.write_text(day.isoformat())
        return day

    set_today.path = path
    return set_today


@pytest.fixture
def seed_plan(org):
    """A plan carrying exactly the deadline rules of one seed ("000", "002" or "004")."""

    def make(key: str) -> Plan:
        spec = SEEDS[key]
        plan = Plan.objects.create(issuer=org, year=spec.year, subject=spec.subject)
        for order, rule in enumerate(spec.rules):
            DeadlineRule.objects.create(
                plan=plan, order=order, code=rule.code, name=rule.name, anchor=rule.anchor,
                offset_days=rule.offset_days, day_type=rule.day_type,
            )
        return plan

    return make
