"""The one-time form key: a refused form frees its key, a key is the user's own,
a claim left by a dead process is taken over, old keys are pruned, and every view
that creates or issues something is guarded."""

import datetime as dt
import uuid

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from dialogue.idempotency import FIELD, idempotent, prune
from dialogue.models import SubmittedForm
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def new_petition(org, conference, **extra):
    return {
        "organization": org.pk, "source": "slip", "conference": conference.pk, "received_on": "20/11/2026",
        "petitioner_name": "Võ Thị Em", "petitioner_phone": "0901 234 567", "content": "Xin cấp lại sổ đỏ",
        "priority": "normal", "is_public": "on", **extra,
    }


@pytest.fixture
def conference(org):
    from petitions.tests.factories import make_conference

    return make_conference(org, "announced")


def test_a_refused_form_frees_its_key_and_keeps_what_was_typed(client, staff, org, conference):
    client.force_login(staff)
    key = str(uuid.uuid4())
    refused = client.post(reverse("petitions:new"), new_petition(org, conference, content="", **{FIELD: key}))
    assert refused.status_code == 200 and "Võ Thị Em" in refused.content.decode()
    assert not SubmittedForm.objects.exists()
    # The corrected form (the same page, so the same key) is recorded.
    done = client.post(reverse("petitions:new"), new_petition(org, conference, **{FIELD: key}))
    assert done.status_code == 302 and Petition.objects.count() == 1
    assert SubmittedForm.objects.get(key=key).location == done["Location"]


def test_the_repeat_shows_the_first_result_with_a_message(client, staff, org, conference):
    client.force_login(staff)
    data = new_petition(org, conference, **{FIELD: str(uuid.uuid4())})
    first = client.post(reverse("petitions:new"), data)
    again = client.post(reverse("petitions:new"), data, follow=True)
    assert Petition.objects.count() == 1
    assert again.redirect_chain[0][0] == first["Location"]
    assert "Biểu mẫu này đã được gửi trước đó" in again.content.decode()


def test_another_users_key_shows_them_nothing_of_the_first(client, staff, org, conference, outsider):
    """A key copied from someone else's form is not theirs: no redirect to the first
    result, and the outsider still gets the view's own 404."""
    client.force_login(staff)
    data = new_petition(org, conference, **{FIELD: str(uuid.uuid4())})
    first = client.post(reverse("petitions:new"), data)
    client.force_login(outsider)
    response = client.post(reverse("petitions:new"), data)
    assert response.status_code in (200, 404) and response.get("Location") != first["Location"]
    assert Petition.objects.count() == 1


def test_a_claim_left_by_a_dead_request_is_taken_over(client, staff, org, conference):
    client.force_login(staff)
    key = uuid.uuid4()
    SubmittedForm.objects.create(key=key, user=staff, path=reverse("petitions:new"))
    SubmittedForm.objects.filter(key=key).update(created_at=timezone.now() - dt.timedelta(hours=1))
    response = client.post(reverse("petitions:new"), new_petition(org, conference, **{FIELD: str(key)}))
    assert response.status_code == 302 and Petition.objects.count() == 1


def test_a_claim_still_at_work_answers_409(client, staff, org, conference):
    client.force_login(staff)
    key = uuid.uuid4()
    SubmittedForm.objects.create(key=key, user=staff, path=reverse("petitions:new"))
    response = client.post(reverse("petitions:new"), new_petition(org, conference, **{FIELD: str(key)}))
    assert response.status_code == 409 and "đang được xử lý" in response.content.decode()
    assert not Petition.objects.exists()


def test_old_keys_are_pruned(staff):
    old = SubmittedForm.objects.create(key=uuid.uuid4(), user=staff, path="/a", location="/b")
    SubmittedForm.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    recent = SubmittedForm.objects.create(key=uuid.uuid4(), user=staff, path="/a", location="/b")
    assert prune() == 1
    assert list(SubmittedForm.objects.all()) == [recent]


def test_the_forms_carry_a_key(client, staff):
    client.force_login(staff)
    html = client.get(reverse("petitions:new")).content.decode()
    assert f'name="{FIELD}"' in html


# Every view that creates or issues something; a new one must be added here and guarded.
GUARDED = {
    "petitions:new", "petitions:front_import", "petitions:conclude", "petitions:fields",
    "petitions:conclusion_approve", "petitions:group", "petitions:bulk_assign", "petitions:response_review",
    "petitions:transfer", "petitions:acknowledge", "petitions:extend", "petitions:respond",
    "petitions:bulk_conclusions", "petitions:conclusion_return", "petitions:bulk_acknowledge",
    "petitions:notice_create", "petitions:notice_submit", "petitions:notice_return", "petitions:notice_approve",
    "petitions:notice_issue", "petitions:answer_release", "petitions_public:register", "petitions_public:feedback",
    "conferences:create_from_plan", "conferences:create_extra", "conferences:announce", "conferences:transition",
    "conferences:cancel", "conferences:schedule", "conferences:invitee_add", "conferences:invitee_import",
    "conferences:invitations_issue", "conferences:minutes_draft", "conferences:minutes_approve",
    "deadlines:mark_done", "plans:new", "plans:transition", "plans:issue", "plans:issued_elsewhere",
    "plans:replace_year", "open311:requests", "reports:create", "reports:refresh", "reports:submit",
    "reports:return", "reports:approve", "reports:issue",
}


def _views_by_name():
    found = {}

    def walk(patterns, namespace=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif p.name:
                found[f"{namespace}{p.name}"] = p.callback

    walk(get_resolver().url_patterns)
    return found


def _is_guarded(view) -> bool:
    while view is not None:
        if getattr(view, "idempotent", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_every_create_and_issue_view_is_guarded():
    views = _views_by_name()
    missing = sorted(name for name in GUARDED if name not in views or not _is_guarded(views[name]))
    assert missing == []


def test_the_decorator_passes_a_get_and_a_post_without_a_key_through(rf):
    calls = []

    @idempotent
    def view(request):
        calls.append(request.method)
        from django.http import HttpResponseRedirect

        return HttpResponseRedirect("/done/")

    view(rf.get("/x/"))
    request = rf.post("/x/", {})
    request.user = None
    view(request)
    assert calls == ["GET", "POST"] and not SubmittedForm.objects.exists()
