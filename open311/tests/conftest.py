import pytest

from open311.services import api_client_create
from petitions import services
from petitions.models import Field
from petitions.tests.factories import make_conference


@pytest.fixture
def conference(org):
    """Announced, starting in ten days: open for questions."""
    return make_conference(org, "announced", title="Hội nghị đối thoại thôn Hòa Bình")


@pytest.fixture
def road_field(org):
    return Field.objects.create(organization=org, name="Giao thông nông thôn", order=1)


@pytest.fixture
def petition(org, conference, staff, road_field):
    return services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, field=road_field,
        petitioner_name="Nguyễn Văn An", petitioner_address="Xóm Hòa Bình, thôn 3",
        petitioner_phone="0912 345 678", petitioner_email="an@example.vn",
        content="Đề nghị sửa chữa tuyến đường liên xóm Hòa Bình bị xuống cấp nghiêm trọng",
    )


@pytest.fixture
def api_client_and_key(org):
    return api_client_create(name="Ứng dụng Vĩnh Thử số", organizations=[org])


@pytest.fixture
def api_key(api_client_and_key):
    return api_client_and_key[1]


@pytest.fixture
def question(org, conference, road_field, api_key):
    """What a city app posts for a citizen: GeoReport's parameters."""
    return {
        "api_key": api_key,
        "jurisdiction_id": org.code,
        "service_code": str(road_field.pk),
        "attribute[conference]": conference.public_code,
        "attribute[consent]": "yes",
        "first_name": "Lan",
        "last_name": "Hoàng Thị",
        "phone": "0987 654 321",
        "email": "lan.hoang@example.vn",
        "address_string": "Xóm Bến Đò",
        "description": "Đề nghị lắp đèn đường xóm 5",
        "lat": "14.5", "long": "108.9",
    }
