"""Conferences and petitions for the tests, built straight on the models."""

import datetime as dt

import factory
from django.utils import timezone

from conferences.models import Conference
from petitions.models import Petition, Source


def make_conference(organization, status="announced", *, plan=None, days=10, **fields):
    now = timezone.now()
    values = {
        "organization": organization,
        "title": fields.pop("title", "Hội nghị đối thoại xóm Hòa Bình"),
        "status": status,
        "plan": plan,
        "venue": "Hội trường UBND xã",
    }
    if status not in ("planned", "cancelled"):
        values["starts_at"] = now + dt.timedelta(days=days)
    if status in ("announced", "held", "concluded", "closed"):
        values["announced_at"] = now
    if status == "cancelled":
        values["cancel_reason"] = "Mưa bão"
    values.update(fields)
    return Conference.objects.create(**values)


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    source = Source.SLIP
    content = factory.Sequence(lambda n: f"Đề nghị sửa chữa tuyến đường liên xóm số {n} bị xuống cấp nghiêm trọng")
    petitioner_name = "Nguyễn Văn An"
    petitioner_address = "Xóm Hòa Bình"
    petitioner_phone = factory.Sequence(lambda n: f"09{n:08d}")
    petitioner_email = "an@example.vn"
