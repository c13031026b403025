"""Answers published together (petitions.publication): a conference that holds its
accepted answers keeps them off the public pages until the office releases them,
then publishes them at once with a summary of the conference's results; the
choice, the release and its numbers are recorded. The office's page: its access,
its confirmation naming the number, its refusals."""

import pytest
from django.urls import reverse

from petitions import publication, services
from petitions.models import (
    AnswerPolicy,
    AnswerRelease,
    AssignmentStatus,
    Petition,
    PetitionStatus,
    Response,
)
from petitions.services import PetitionError

pytestmark = pytest.mark.django_db


def public_kinds(petition):
    return list(petition.events.filter(public=True).values_list("kind", flat=True))


@pytest.fixture
def holding(conference, staff):
    return publication.set_answer_policy(conference=conference, by=staff, hold=True)


def accept(response, staff):
    return services.response_review(response=response, by=staff, accept=True)


def test_by_default_an_accepted_answer_is_published_at_once(answered, staff, conference):
    assert not publication.answers_held(answered.assignment.petition)
    accept(answered, staff)
    answered.refresh_from_db()
    assert answered.published_at is not None
    assert not AnswerPolicy.objects.exists()


def test_a_held_answer_is_accepted_but_not_public_until_released(client, holding, answered, staff, conference):
    petition = answered.assignment.petition
    accept(answered, staff)
    answered.refresh_from_db()
    petition.refresh_from_db()
    # Accepted: the agency's work is done and its assignment closed...
    assert answered.review_status == "accepted" and answered.assignment.status == AssignmentStatus.CLOSED
    # ...but nothing reaches the citizen yet, and the page does not say "resolved".
    assert answered.published_at is None
    assert petition.status == PetitionStatus.TO_PUBLISH
    assert "answered" not in public_kinds(petition) and "resolved" not in public_kinds(petition)
    page = client.get(reverse("petitions_public:status", args=[petition.tracking_code])).content.decode()
    assert answered.text not in page and "Đã duyệt trả lời, chờ công bố" in page
    assert 'name="satisfied"' not in page  # no feedback on an answer the citizen cannot read

    release = publication.release_answers(conference=conference, by=staff, summary="Đã trả lời đủ các ý kiến.")

    answered.refresh_from_db()
    petition.refresh_from_db()
    assert answered.published_at == release.released_at
    assert petition.status == PetitionStatus.RESOLVED
    assert public_kinds(petition)[-2:] == ["answered", "resolved"]
    page = client.get(reverse("petitions_public:status", args=[petition.tracking_code])).content.decode()
    assert answered.text in page and 'name="satisfied"' in page
    assert (release.answers, release.petitions, release.answered_in_writing, release.in_progress) == (1, 1, 1, 0)
    assert release.summary == "Đã trả lời đủ các ý kiến." and release.released_by == staff


def test_an_interim_answer_held_stays_with_the_agency_and_is_released_without_resolving(
    holding, assigned, agency_user, staff, conference
):
    interim = services.response_submit(assignment=assigned, by=agency_user, text="Đang khảo sát.", is_final=False)
    accept(interim, staff)
    petition = Petition.objects.get(pk=assigned.petition_id)
    assert petition.status == PetitionStatus.ASSIGNED and "answered" not in public_kinds(petition)
    release = publication.release_answers(conference=conference, by=staff)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ASSIGNED
    assert "answered" in public_kinds(petition) and "resolved" not in public_kinds(petition)
    assert release.in_progress == 1 and release.answered_in_writing == 0


def test_the_release_mirrors_to_every_petition_of_a_group(holding, org, conference, staff, leader, agency_org, agency_user):
    lead, other = (
        services.petition_record(
            organization=org, by=staff, source="slip", conference=conference, petitioner_name=name,
            content="Đề nghị sửa đường liên xóm",
        )
        for name in ("Nguyễn Văn An", "Trần Thị Bình")
    )
    services.petitions_group(lead=lead, others=[other], by=staff)
    services.conclusion_record(petition=lead, by=leader, outcome="assigned", agency=agency_org)
    response = services.response_submit(assignment=lead.assignments.get(), by=agency_user, text="Sẽ sửa trong tháng 12.")
    accept(response, staff)
    assert set(Petition.objects.values_list("status", flat=True)) == {PetitionStatus.TO_PUBLISH}
    publication.release_answers(conference=conference, by=staff)
    for petition in (lead, other):
        petition.refresh_from_db()
        assert petition.status == PetitionStatus.RESOLVED
        assert public_kinds(petition)[-2:] == ["answered", "resolved"]


def test_several_answers_are_released_at_once_and_counted(holding, org, conference, staff, leader, agency_org, agency_user):
    responses = []
    for n in range(3):
        petition = services.petition_record(
            organization=org, by=staff, source="slip", conference=conference, petitioner_name=f"Người số {n}",
            content=f"Kiến nghị số {n}",
        )
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
        responses.append(services.response_submit(assignment=petition.assignments.get(), by=agency_user, text=f"Trả lời {n}"))
    for response in responses[:2]:
        accept(response, staff)
    answered_there = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name="Lê Thị Mai", content="Đèn",
    )
    services.conclusion_record(petition=answered_there, by=leader, outcome="answered", answer="Đã lắp đèn")
    assert publication.held_responses(conference).count() == 2
    release = publication.release_answers(conference=conference, by=staff, expected=2)
    assert release.answers == 2
    assert (release.petitions, release.answered_at_conference, release.answered_in_writing, release.in_progress) == (4, 1, 2, 1)
    assert Response.objects.filter(published_at=release.released_at).count() == 2
    assert publication.held_responses(conference).count() == 0


def test_the_release_is_refused_when_nothing_waits_or_the_number_changed(holding, answered, staff, conference):
    with pytest.raises(PetitionError, match="Không có"):
        publication.release_answers(conference=conference, by=staff)
    accept(answered, staff)
    with pytest.raises(PetitionError, match="1"):
        publication.release_answers(conference=conference, by=staff, expected=3)
    assert not AnswerRelease.objects.exists()
    assert publication.release_answers(conference=conference, by=staff, expected=1).answers == 1


def test_going_back_to_each_on_acceptance_is_refused_while_answers_are_held(holding, answered, staff, conference):
    accept(answered, staff)
    with pytest.raises(PetitionError, match="1"):
        publication.set_answer_policy(conference=conference, by=staff, hold=False)
    publication.release_answers(conference=conference, by=staff)
    policy = publication.set_answer_policy(conference=conference, by=staff, hold=False)
    assert not policy.hold
    # The choice is recorded: who chose what, each time.
    assert [h.hold for h in policy.history.order_by("history_date")] == [True, False]


def test_only_the_office_chooses_and_releases(holding, answered, staff, conference, supervisor, agency_user, outsider, secretary):
    accept(answered, staff)
    for user in (supervisor, agency_user, outsider, secretary):
        with pytest.raises(PetitionError):
            publication.release_answers(conference=conference, by=user)
        with pytest.raises(PetitionError):
            publication.set_answer_policy(conference=conference, by=user, hold=False)
    assert publication.held_responses(conference).count() == 1


# -- the office's page ---------------------------------------------------------------------------


def page_url(conference, name="answer_publication"):
    return reverse(f"petitions:{name}", args=[conference.pk])


def test_the_page_names_the_number_in_its_one_confirmation(client, holding, answered, staff, conference):
    accept(answered, staff)
    client.force_login(staff)
    assert page_url(conference) in client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    body = client.get(page_url(conference)).content.decode()
    assert "Câu trả lời đã duyệt đang chờ công bố: 1." in body
    assert 'data-confirm="Công bố 1 câu trả lời đã duyệt của hội nghị này ngay bây giờ?' in body
    assert 'name="expected" value="1"' in body


def test_release_from_the_page(client, holding, answered, staff, conference):
    accept(answered, staff)
    client.force_login(staff)
    response = client.post(
        page_url(conference, "answer_release"), {"expected": "1", "summary": "Kết quả: đã trả lời 1 kiến nghị."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page_url(conference)
    body = response.content.decode()
    assert "1 câu trả lời đã được công bố cùng lúc." in body and "Kết quả: đã trả lời 1 kiến nghị." in body
    assert AnswerRelease.objects.get().answers == 1


def test_a_stale_confirmation_is_refused_on_the_page_with_the_new_number(client, holding, answered, staff, conference):
    accept(answered, staff)
    client.force_login(staff)
    response = client.post(page_url(conference, "answer_release"), {"expected": "4", "summary": "<b>x</b>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "văn bản thường" in body  # the summary's own error, next to it
    assert not AnswerRelease.objects.exists()
    response = client.post(page_url(conference, "answer_release"), {"expected": "4"})
    body = response.content.decode()
    assert response.status_code == 400 and "đã thay đổi thành 1" in body and 'name="expected" value="1"' in body


def test_the_choice_from_the_page_and_its_refusal_next_to_the_field(client, conference, answered, staff):
    client.force_login(staff)
    response = client.post(page_url(conference, "answer_policy"), {"hold": "1"})
    assert response.status_code == 302 and AnswerPolicy.objects.get().hold
    accept(answered, staff)
    response = client.post(page_url(conference, "answer_policy"), {"hold": "0"})
    assert response.status_code == 400 and 'id="hold-errors"' in response.content.decode()
    assert AnswerPolicy.objects.get().hold
    response = client.post(page_url(conference, "answer_policy"), {"hold": "x"})
    assert response.status_code == 400


def test_the_accept_button_and_message_say_the_answer_waits(client, holding, answered, staff):
    petition = answered.assignment.petition
    client.force_login(staff)
    body = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "Chấp nhận (công bố cùng các câu trả lời của hội nghị)" in body
    response = client.post(
        reverse("petitions:response_review", args=[answered.pk]), {"decision": "accept", "comment": ""}, follow=True
    )
    body = response.content.decode()
    assert "sẽ được công bố cùng các câu trả lời khác của hội nghị" in body
    assert "chờ công bố cùng các câu trả lời của hội nghị" in body


@pytest.mark.parametrize("who", ["supervisor"])
def test_readers_see_the_page_without_its_forms(client, request, holding, conference, who):
    client.force_login(request.getfixturevalue(who))
    body = client.get(page_url(conference)).content.decode()
    assert "Cách công bố câu trả lời" in body and 'name="hold"' not in body
    assert client.post(page_url(conference, "answer_policy"), {"hold": "0"}).status_code == 404
    assert client.post(page_url(conference, "answer_release"), {"expected": "1"}).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "agency_user", "secretary"])
def test_others_get_404(client, request, holding, conference, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("answer_publication", "answer_policy", "answer_release"):
        method = client.get if name == "answer_publication" else client.post
        assert method(page_url(conference, name)).status_code == 404
    assert AnswerPolicy.objects.get().hold
