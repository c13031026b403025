"""Each step of a petition is told to who must act: a drafted conclusion to the
leaders, an assignment to the agency at once, an extension, a submitted answer
and an unsatisfied citizen to the office, a returned answer to the agency; never
to the one who took the step, never with the citizen's contact details, and each
exactly once when the step is sent from three connections at the same moment."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from conferences.models import ConferencePerson
from deadlines.models import Notification
from deadlines.notifications import deliver
from dialogue import celery_app, clock
from dialogue.errors import DomainError
from dialogue.models import Organization, Role
from dialogue.testing.factories import OrganizationFactory, member
from petitions import decisions, notices, services

from .factories import make_conference


def told(kind) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


@pytest.fixture
def road_agency(org):
    return OrganizationFactory(
        name="Phòng Kinh tế hạ tầng", code="ktht", parent=org, kind=Organization.Kind.DEPARTMENT, abbreviation="KTHT"
    )


@pytest.mark.django_db
def test_a_drafted_conclusion_waits_for_the_leaders(petition, staff, leader, agency_org):
    deputy = member(petition.organization, Role.LEADER, username="deputy")
    services.conclusion_record(petition=petition, by=staff, outcome="assigned", agency=agency_org)
    assert told("conclusion_pending") == ["deputy", "leader"]
    # A second draft replaces the first and waits in the same place: not told again.
    services.conclusion_record(petition=petition, by=staff, outcome="answered", answer="Đã trả lời tại hội nghị")
    assert Notification.objects.filter(kind="conclusion_pending").count() == 2
    note = Notification.objects.get(user=deputy)
    assert note.title == f"Kết luận chờ anh/chị duyệt: kiến nghị {petition.tracking_code}"
    assert note.url == reverse("petitions:detail", args=[petition.pk])
    # Returned by a leader, the next draft is asked for again.
    decisions.conclusion_return(conclusion=petition.conclusions.get(), by=leader, comment="Giao cho Công an xã")
    services.conclusion_record(petition=petition, by=staff, outcome="assigned", agency=agency_org)
    assert told("conclusion_pending") == ["deputy", "deputy", "leader", "leader"]
    # The leader's own conclusion takes effect at once: nobody is asked to approve it.
    Notification.objects.all().delete()
    other = services.petition_record(
        organization=petition.organization, by=staff, source="slip", petitioner_name="Lê Văn Cường", content="Đèn đường",
    )
    services.conclusion_record(petition=other, by=leader, outcome="answered", answer="Đã lắp")
    assert not Notification.objects.filter(kind="conclusion_pending").exists()


@pytest.mark.django_db
def test_the_agency_hears_of_an_assignment_at_once(client, petition, leader, agency_org, agency_user):
    """Not days later when the notice is issued: when the conclusion takes effect."""
    second = member(agency_org, Role.AGENCY, username="agency2")
    services.conclusion_record(
        petition=petition, by=leader, outcome="assigned", agency=agency_org, due_on=clock.today() + dt.timedelta(days=20),
        direction="Kiểm tra hiện trạng tuyến đường",
    )
    assignment = petition.assignments.get()
    assert told("assignment_made") == ["agency", "agency2"]
    note = Notification.objects.get(user=second)
    assert note.url == reverse("petitions:assignment", args=[assignment.pk])
    assert petition.tracking_code in note.title and f"{assignment.due_on:%d/%m/%Y}" in note.title
    assert "Kiểm tra hiện trạng tuyến đường" in note.body
    # Nothing of the citizen: not the name, phone, address, e-mail or the petition's text.
    for private in ("Nguyễn Văn An", "0912", "Xóm Hòa Bình", "an@example.vn", "xuống cấp"):
        assert private not in note.title + note.body
    client.force_login(second)
    assert client.get(note.url).status_code == 200  # the link opens the agency's page
    assert deliver() == 2 and {m.to[0] for m in mail.outbox} == {agency_user.email, second.email}


@pytest.mark.django_db
def test_the_agency_mail_goes_when_the_assignment_commits(
    petition, leader, agency_org, agency_user, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
        assert mail.outbox == []  # nothing before the commit
    assert [m.to for m in mail.outbox] == [[agency_user.email]]
    assert petition.tracking_code in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_transfer_tells_the_new_agency(assigned, staff, road_agency):
    road_user = member(road_agency, Role.AGENCY, username="road")
    new = services.assignment_transfer(assignment=assigned, by=staff, agency=road_agency)
    [note] = Notification.objects.filter(kind="assignment_made", user=road_user)
    assert note.event == f"assignment:{new.pk}"


@pytest.mark.django_db
def test_an_extension_is_told_to_the_office(assigned, staff, leader, agency_user, supervisor):
    new_date = assigned.due_on + dt.timedelta(days=15)
    services.assignment_extend(assignment=assigned, by=agency_user, new_date=new_date, reason="Chờ kết quả đo đạc")
    assert told("extension_requested") == ["leader", "staff"]
    note = Notification.objects.get(kind="extension_requested", user=staff)
    assert f"{new_date:%d/%m/%Y}" in note.title and "Chờ kết quả đo đạc" in note.body


@pytest.mark.django_db
def test_a_submitted_answer_is_told_to_the_office_and_a_returned_one_to_the_agency(answered, staff, leader, agency_user):
    assert told("answer_submitted") == ["leader", "staff"]
    services.response_review(response=answered, by=staff, accept=False, comment="Ghi rõ thời gian thi công")
    assert told("answer_returned") == ["agency"]
    note = Notification.objects.get(kind="answer_returned")
    assert "Ghi rõ thời gian thi công" in note.body
    assert note.url == reverse("petitions:assignment", args=[answered.assignment_id])


@pytest.mark.django_db
def test_an_unsatisfied_citizen_is_told_to_the_office(answered, staff, leader):
    services.response_review(response=answered, by=staff, accept=True)
    petition = answered.assignment.petition
    services.petition_feedback(petition=petition, satisfied=False, comment="Đường vẫn chưa được sửa")
    assert told("citizen_unsatisfied") == ["leader", "staff"]
    assert "Đường vẫn chưa được sửa" in Notification.objects.filter(kind="citizen_unsatisfied").first().body


# --- exactly once when the step is sent three times at the same moment ---------------------


def _at_once(action, n=3) -> int:
    """Run `action` from n threads released together, each on its own connection;
    returns how many were done (the others refused with the domain's message)."""
    barrier = threading.Barrier(n)
    done, errors = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            action()
            done.append(1)
        except DomainError:
            pass
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return len(done)


def _petition(org, staff):
    conference = make_conference(org, "held", days=-1)
    return services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Nguyễn Văn An",
        content="Đề nghị sửa chữa tuyến đường liên xóm",
    )


def _assigned(org, staff, leader, agency_org):
    petition = _petition(org, staff)
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    return petition.assignments.get()


def _answered(org, staff, leader, agency_org, agency_user):
    assignment = _assigned(org, staff, leader, agency_org)
    return services.response_submit(assignment=assignment, by=agency_user, text="Đã sửa xong.")


def _step(kind, org, staff, leader, agency_org, agency_user):
    """The action that tells `kind`, on a petition brought to the state before it."""
    if kind == "conclusion_pending":
        petition = _petition(org, staff)
        return lambda: services.conclusion_record(petition=petition, by=staff, outcome="assigned", agency=agency_org)
    if kind == "assignment_made":
        petition = _petition(org, staff)
        return lambda: services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    if kind == "extension_requested":
        assignment = _assigned(org, staff, leader, agency_org)
        new_date = assignment.due_on + dt.timedelta(days=10)
        return lambda: services.assignment_extend(assignment=assignment, by=agency_user, new_date=new_date, reason="Chờ đo đạc")
    if kind == "answer_submitted":
        assignment = _assigned(org, staff, leader, agency_org)
        return lambda: services.response_submit(assignment=assignment, by=agency_user, text="Đã sửa xong.")
    if kind == "answer_returned":
        response = _answered(org, staff, leader, agency_org, agency_user)
        return lambda: services.response_review(response=response, by=staff, accept=False, comment="Bổ sung ảnh")
    if kind == "citizen_unsatisfied":
        response = _answered(org, staff, leader, agency_org, agency_user)
        services.response_review(response=response, by=staff, accept=True)
        petition = response.assignment.petition
        return lambda: services.petition_feedback(petition=petition, satisfied=False, comment="Chưa sửa")
    raise AssertionError(kind)


WHO = {
    "conclusion_pending": ["leader"],
    "assignment_made": ["agency"],
    "extension_requested": ["leader", "staff"],
    "answer_submitted": ["leader", "staff"],
    "answer_returned": ["agency"],
    "citizen_unsatisfied": ["leader", "staff"],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", list(WHO))
def test_each_step_sent_at_once_is_told_once(kind, org, staff, leader, agency_org, agency_user):
    action = _step(kind, org, staff, leader, agency_org, agency_user)
    Notification.objects.all().delete()
    assert _at_once(action) >= 1
    assert told(kind) == WHO[kind]
    assert Notification.objects.count() == len(WHO[kind])


@pytest.mark.django_db(transaction=True)
def test_a_notice_issued_at_once_is_told_once(org, staff, leader, agency_org, agency_user, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    conference = _assigned(org, staff, leader, agency_org).petition.conference
    ConferencePerson.objects.create(conference=conference, role="chair", position="Chủ tịch UBND xã", user=leader)
    notice = notices.notice_prepare(conference=conference, by=staff)
    notices.notice_update(notice=notice, by=staff, signer_name="Nguyễn Văn Lãnh")
    notices.notice_approve(notice=notice, by=leader)
    assert _at_once(lambda: notices.notice_issue(notice=notice, by=leader)) == 1
    assert told("notice_issued") == ["agency", "supervisor"]
