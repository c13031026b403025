"""Petition and notice steps that depend on the conference's time."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions import notices, services
from petitions.models import ConclusionNotice
from petitions.services import PetitionError

from .factories import make_conference

VALUES = {"petitioner_name": "Nguyễn Văn An", "petitioner_phone": "0912345678", "content": "Đề nghị sửa đường"}


def test_online_registration_closes_when_the_conference_starts(org, client):
    started = make_conference(org, "announced", starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(PetitionError, match="đã bắt đầu"):
        services.petition_register_online(conference=started, **VALUES)
    page = client.get(reverse("petitions_public:register", args=[started.public_code]))
    assert "name=\"content\"" not in page.content.decode() and "đã bắt đầu" in page.content.decode()
    public = client.get(reverse("conferences_public:detail", args=[started.public_code])).content.decode()
    assert reverse("petitions_public:register", args=[started.public_code]) not in public


def test_online_registration_before_the_start(org):
    coming = make_conference(org, "announced", starts_at=timezone.now() + dt.timedelta(hours=2))
    assert services.petition_register_online(conference=coming, **VALUES).pk


def test_a_notice_is_not_prepared_before_the_conference_starts(org, staff):
    coming = make_conference(org, "announced", starts_at=timezone.now() + dt.timedelta(hours=2))
    with pytest.raises(PetitionError, match="chưa diễn ra"):
        notices.notice_prepare(conference=coming, by=staff)
    assert not ConclusionNotice.objects.filter(conference=coming).exists()
    started = make_conference(org, "announced", starts_at=timezone.now() - dt.timedelta(hours=2))
    assert notices.notice_prepare(conference=started, by=staff).pk
