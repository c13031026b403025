"""Nothing written for the system's own use reaches a reader: on the demo data,
with every plan copied to the next year and every plan's conferences announced,
no public page, feed or document contains a "[[…]]" token, and no sentence the system
builds says "tổ chức Tổ chức"."""

import io
import re
import subprocess
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conferences import services as conference_services
from conferences.invitation_documents import render_invitations_pdf
from conferences.models import Conference, ConferenceStatus, Invitee
from conferences.tests.factories import in_days
from demo.loading import load_all
from dialogue.models import Membership, Role
from petitions import notices
from petitions.notice_documents import render_notice_pdf
from plans.docx import render_plan_docx
from plans.models import Plan, Status
from plans.pdf import render_plan_pdf
from plans.services import plan_copy

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"\[\[|\]\]")


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _staff(organization_id):
    return get_user_model().objects.get(
        pk=Membership.objects.filter(organization_id=organization_id, role=Role.STAFF).values("user")[:1]
    )


@pytest.fixture
def demo_world():
    """The demo data, each plan copied to the next year (as an office starts a new year),
    every plan's conferences created and announced, and one of them held with a draft notice."""
    load_all()
    for plan in list(Plan.objects.documents().filter(status=Status.APPROVED)):
        copy = plan_copy(source=plan, year=plan.year + 1, by=_staff(plan.issuer_id))
        copy.status = Status.APPROVED
        copy.save()
    for day, plan in enumerate(Plan.objects.documents().filter(status=Status.APPROVED).order_by("id"), start=40):
        staff = _staff(plan.issuer_id)
        for conference in conference_services.conferences_create_from_plan(plan=plan, by=staff):
            conference_services.conference_schedule(
                conference=conference, starts_at=in_days(day), venue=conference.venue or "Hội trường", by=staff
            )
            conference_services.conference_announce(conference=conference, by=staff, acknowledge_short_notice=True)
    held = Conference.objects.order_by("id").first()
    Conference.objects.filter(pk=held.pk).update(status=ConferenceStatus.HELD, starts_at=in_days(-1))
    held.refresh_from_db()
    notices.notice_prepare(conference=held, by=_staff(held.organization_id))
    return held


def test_no_token_and_no_doubled_verb_reaches_any_public_page_feed_or_document(client, demo_world):
    conferences = list(Conference.objects.select_related("organization").order_by("id"))
    assert len(conferences) >= 8  # both years of every demo plan, each of its sessions
    readers = {}

    readers["index"] = client.get(reverse("conferences_public:index")).content.decode()
    for organization in {c.organization for c in conferences}:
        code = organization.code
        readers[f"list {code}"] = client.get(reverse("conferences_public:organization", args=[code])).content.decode()
        readers[f"ics {code}"] = client.get(reverse("conferences_public:organization_ics", args=[code])).content.decode()
    for conference in conferences:
        code = conference.public_code
        readers[f"page {code}"] = client.get(reverse("conferences_public:detail", args=[code])).content.decode()
        readers[f"ics {code}"] = client.get(reverse("conferences_public:detail_ics", args=[code])).content.decode()
        readers[f"register {code}"] = client.get(reverse("petitions_public:register", args=[code])).content.decode()
        invitee = Invitee(conference=conference, full_name="Nguyễn Văn An", position="Trưởng thôn", hamlet="Thôn 3")
        readers[f"invitation {code}"] = pdf_text(render_invitations_pdf(conference, [invitee]))

    for plan in Plan.objects.documents().order_by("id"):
        readers[f"plan pdf {plan.pk}"] = pdf_text(render_plan_pdf(plan))
        readers[f"plan docx {plan.pk}"] = docx_text(render_plan_docx(plan))
    for notice in demo_world.notices.all():
        readers[f"notice {notice.pk}"] = pdf_text(render_notice_pdf(notice))

    for name, text in readers.items():
        # iCalendar folds long lines: join them before searching.
        text = text.replace("\r\n ", "")
        assert not TOKEN.search(text), f"{name}: {text[max(0, TOKEN.search(text).start() - 80):][:160]}"
        if not name.startswith("plan "):
            # Sentences the system builds; a plan prints the office's own text, where a heading
            # "Hình thức tổ chức" may well be followed by "Tổ chức hội nghị…".
            assert "tổ chức tổ chức" not in " ".join(text.split()).lower(), name
    # The time limits the plans wrote as tokens are there, as phrases.
    assert any("30 ngày" in text for name, text in readers.items() if name.startswith("page "))
