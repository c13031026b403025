"""The register's numbers: consecutive per issuer, year and type, no gap after a
rollback, no duplicate when two issues run at the same moment."""

import threading

import pytest
from django.db import connection, transaction

from dialogue.models import Organization
from registry.models import DocType, OutgoingDocument, RegisterCounter, RegisterDeletionRefused
from registry.services import RegisterError, register_next

from .conftest import issue_plan


def _next(org, year=2026, doc_type=DocType.PLAN, **kw):
    with transaction.atomic():
        return register_next(issuer=org, year=year, doc_type=doc_type, **kw)


def test_series_per_issuer_year_and_type(org, other_org):
    assert [_next(org) for _ in range(3)] == [1, 2, 3]
    assert _next(org, doc_type=DocType.NOTICE) == 1
    assert _next(org, year=2027) == 1
    assert _next(other_org) == 1
    assert _next(org) == 4


def test_a_rolled_back_issue_leaves_no_gap(org):
    assert _next(org) == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert register_next(issuer=org, year=2026, doc_type=DocType.PLAN) == 2
        1 / 0  # the issue fails after taking its number
    assert _next(org) == 2


@pytest.mark.django_db(transaction=True)
def test_refuses_outside_a_transaction(org):
    with pytest.raises(RuntimeError):
        register_next(issuer=org, year=2026, doc_type=DocType.PLAN)


def test_numbers_used_before_the_register_are_skipped(org):
    assert _next(org, after=7) == 8
    assert _next(org) == 9


def test_a_chosen_number_must_lie_beyond_the_series(org):
    assert _next(org, number=12) == 12
    assert _next(org) == 13
    with pytest.raises(RegisterError) as error:
        _next(org, number=13)
    assert "14" in str(error.value)


def test_plans_take_their_numbers_from_the_register(org, leader):
    from plans.tests.factories import PlanFactory

    plans = [issue_plan(PlanFactory(issuer=org, year=2026), leader) for _ in range(3)]
    assert [p.number for p in plans] == [1, 2, 3]
    assert [p.outgoing_document.number for p in plans] == [1, 2, 3]
    assert RegisterCounter.objects.get(issuer=org, year=2026, doc_type="KH").last == 3


def test_register_entries_are_never_deleted(issued):
    with pytest.raises(RegisterDeletionRefused):
        issued.delete()
    with pytest.raises(RegisterDeletionRefused):
        OutgoingDocument.objects.all().delete()
    assert OutgoingDocument.objects.filter(pk=issued.pk).exists()


def _race(target, count=2):
    """Run `target(i)` in `count` threads released at the same moment; return results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            # As configured: PostgreSQL queues the issues on the counter's row lock,
            # SQLite on its write lock (transaction_mode IMMEDIATE in settings).
            connection.ensure_connection()
            barrier.wait(timeout=10)
            results[i] = target(i)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_have_no_gap_and_no_duplicate():
    """Four transactions ask for a number of a new series at once, each holding
    its lock a moment: the counter row is created once and they queue on it."""
    import time

    from dialogue.testing.factories import OrganizationFactory

    org = OrganizationFactory()

    def take(_i):
        with transaction.atomic():
            number = register_next(issuer=Organization.objects.get(pk=org.pk), year=2026, doc_type=DocType.PLAN)
            time.sleep(0.2)  # still inside the transaction: the others must wait, not read the old value
            return number

    results, errors = _race(take, count=4)
    assert errors == []
    assert sorted(results) == [1, 2, 3, 4]
    assert RegisterCounter.objects.get(issuer=org).last == 4


@pytest.mark.django_db(transaction=True)
def test_two_leaders_issue_plans_at_the_same_moment():
    from dialogue.models import Role
    from dialogue.testing.factories import OrganizationFactory, member
    from plans.tests.factories import complete_plan

    org = OrganizationFactory(place_name="Vĩnh Thử")
    leaders = [member(org, Role.LEADER, username=f"leader{i}") for i in range(2)]
    plans = [complete_plan(issuer=org, year=2026) for _ in range(2)]

    def issue(i):
        return issue_plan(plans[i], leaders[i]).number

    results, errors = _race(issue)
    assert errors == []
    assert sorted(results) == [1, 2]
    documents = OutgoingDocument.objects.filter(issuer=org).order_by("number")
    assert [(d.number, d.plan_id) for d in documents] == sorted(zip(results, [p.pk for p in plans]))
    assert all(d.is_frozen and len(d.sha256) == 64 for d in documents)
