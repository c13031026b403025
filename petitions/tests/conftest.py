import pytest

from petitions import services

from .factories import PetitionFactory, make_conference


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def conference(org):
    return make_conference(org, "announced")


@pytest.fixture
def petition(org, conference, staff):
    return services.petition_record(
        organization=org, by=staff, source="slip", conference=conference,
        petitioner_name="Nguyễn Văn An", petitioner_address="Xóm Hòa Bình, thôn 3",
        petitioner_phone="0912 345 678", petitioner_email="an@example.vn",
        content="Đề nghị sửa chữa tuyến đường liên xóm Hòa Bình bị xuống cấp nghiêm trọng",
    )


@pytest.fixture
def assigned(petition, leader, agency_org):
    """A petition the leader assigned to the agency."""
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    petition.refresh_from_db()
    return petition.assignments.get()


@pytest.fixture
def answered(assigned, agency_user):
    """An answer the agency submitted, awaiting review."""
    return services.response_submit(
        assignment=assigned, by=agency_user, text="Đã lập dự toán sửa chữa, thi công trong tháng 12.", is_final=True
    )


@pytest.fixture
def make_petition(org, staff):
    def _make(**fields):
        fields.setdefault("organization", org)
        fields.setdefault("created_by", staff)
        return PetitionFactory(**fields)

    return _make
