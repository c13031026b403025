"""Every figure of the report, for a year of known work: one commune, and the
district with its two communes; against the previous year."""

import datetime as dt

import pytest

from reports.figures import median, percentile, results
from reports.periods import Period

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 15)


def test_one_commune_s_year(year):
    r = results(year.commune_a, Period.year(2025), with_units=False, today=TODAY)
    f = r.figures
    assert (f.conferences, f.periodic, f.extra) == (3, 2, 1)
    assert f.by_level == {"commune": 3}
    assert (f.participants_named, f.participants_counted, f.participants) == (5, 58, 63)
    assert f.petitions == 10
    assert f.by_source == {"online": 2, "slip": 4, "conference": 2, "front": 1, "writing": 1}
    assert [(name, n) for _pk, name, n in f.by_field] == [
        ("Đất đai", 3), ("Môi trường", 3), ("Giao thông", 2), ("An sinh xã hội", 1), ("", 1),
    ]
    assert (f.answered, f.answered_share) == (2, 20)
    assert (f.assigned, f.on_time, f.late, f.open, f.extended) == (6, 3, 1, 2, 2)
    assert (f.referred, f.awaiting) == (1, 1)
    assert (f.satisfied, f.unsatisfied) == (2, 1)
    # Working days to answer: p3 10, p9 10, p4 14, p5 15.
    assert (f.median_days, f.p90_days) == (12.0, 15)
    assert f.on_time_share == 75


def test_the_district_rolls_up_its_two_communes(year):
    r = results(year.district, Period.year(2025), today=TODAY)
    f = r.figures
    assert (f.conferences, f.periodic, f.extra) == (5, 2, 3)
    assert f.by_level == {"commune": 4, "district": 1}
    assert (f.participants_named, f.participants_counted) == (6, 98)
    assert f.petitions == 12
    assert f.by_source == {"online": 3, "slip": 5, "conference": 2, "front": 1, "writing": 1}
    assert [(name, n) for _pk, name, n in f.by_field][:3] == [("Đất đai", 4), ("Giao thông", 3), ("Môi trường", 3)]
    assert (f.answered, f.answered_share) == (3, 25)
    assert (f.assigned, f.on_time, f.late, f.open, f.extended) == (7, 4, 1, 2, 2)
    assert (f.referred, f.awaiting, f.satisfied, f.unsatisfied) == (1, 1, 2, 1)
    assert (f.median_days, f.p90_days) == (10.0, 15)
    # Per unit: the district itself, then its communes by name.
    units = {u.organization.code: u.figures for u in r.units}
    assert list(units) == ["huyen-thu", "xa-an", "xa-binh"]
    assert (units["huyen-thu"].conferences, units["huyen-thu"].petitions) == (1, 0)
    assert (units["xa-an"].conferences, units["xa-an"].petitions, units["xa-an"].open) == (3, 10, 2)
    assert (units["xa-binh"].conferences, units["xa-binh"].petitions, units["xa-binh"].on_time) == (1, 2, 1)
    # Against the previous year.
    p = r.previous
    assert r.previous_period == Period.year(2024)
    assert (p.conferences, p.participants, p.petitions, p.answered, p.awaiting) == (1, 6, 2, 1, 1)


def test_the_outstanding_petitions_by_agency(year):
    r = results(year.district, Period.year(2025), today=TODAY)
    rows = r.outstanding()
    assert [row.petition.id for row in rows] == [year.petitions["p6"].pk, year.petitions["p10"].pk]
    from dialogue.workdays import working_days_between

    assert rows[0].days_late == working_days_between(dt.date(2025, 11, 28), TODAY) > 0
    assert rows[1].days_late == working_days_between(dt.date(2025, 12, 12), TODAY)
    assert r.outstanding_by_agency() == [("Công an xã An", 2, 2)]


def test_the_outstanding_petitions_are_counted_once_per_page(year, monkeypatch):
    """The page lists them and totals them by agency: the working days are counted once, not twice."""
    from reports import figures

    calls = []
    real = figures.working_days_between
    monkeypatch.setattr(figures, "working_days_between", lambda *a: calls.append(a) or real(*a))
    r = results(year.district, Period.year(2025), today=TODAY)
    calls.clear()
    rows = r.outstanding()
    assert r.outstanding_by_agency() == [("Công an xã An", 2, 2)]
    assert len(calls) == len(rows) == 2
    rows.clear()
    assert len(r.outstanding()) == 2


def test_a_half_and_a_quarter():
    h2 = Period.half(2025, 2)
    assert (h2.start, h2.end, h2.label) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31), "6 tháng cuối năm 2025")
    assert h2.previous() == Period.half(2025, 1)
    q1 = Period.quarter(2025, 1)
    assert q1.label == "quý I năm 2025" and q1.previous() == Period.quarter(2024, 4)
    span = Period.dates(dt.date(2025, 3, 10), dt.date(2025, 3, 19))
    assert span.previous() == Period.dates(dt.date(2025, 2, 28), dt.date(2025, 3, 9))


def test_the_first_quarter_of_commune_a(year):
    f = results(year.commune_a, Period.quarter(2025, 1), with_units=False, today=TODAY).figures
    assert (f.conferences, f.petitions, f.answered, f.assigned, f.on_time, f.late) == (1, 5, 2, 3, 2, 1)


def test_median_and_percentile():
    assert median([5, 10, 10, 14, 15]) == 10 and percentile([5, 10, 10, 14, 15], 0.9) == 15
    assert median([]) is None and percentile([], 0.9) is None
    assert median([1, 2]) == 1.5 and percentile(list(range(1, 11)), 0.9) == 9
