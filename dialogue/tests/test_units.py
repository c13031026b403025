"""The organisation tree from the official administrative units: a province's
People's Committee and one per commune beneath it, header lines and place names
as printed, party bodies in the party layout; running it again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dialogue.models import Organization
from dialogue.units import find_province

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_organization_tree", *args, stdout=out)
    return out.getvalue()


def test_a_province_and_its_communes():
    output = run("--province", "Quảng Trị")
    assert "created 79" in output  # the province and its 78 communes and wards
    province = Organization.objects.get(code="ubnd-quang-tri-44")
    assert (province.name, province.level, province.header_lines) == (
        "Ủy ban nhân dân tỉnh Quảng Trị", "province", ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"],
    )
    communes = Organization.objects.filter(parent=province)
    assert communes.count() == 78 and set(communes.values_list("level", flat=True)) == {"commune"}
    vinh_linh = communes.get(place_name="Vĩnh Linh")
    assert vinh_linh.name == "Ủy ban nhân dân xã Vĩnh Linh"
    assert vinh_linh.header_parent == "UBND TỈNH QUẢNG TRỊ"
    assert vinh_linh.header_lines == ["ỦY BAN NHÂN DÂN", "XÃ VĨNH LINH"]
    assert vinh_linh.abbreviation == "UBND" and vinh_linh.document_format == "state"


def test_running_it_again_changes_nothing():
    run("--province", "44")
    history = Organization.history.count()
    output = run("--province", "quang_tri")
    assert "created 0\tupdated 0\tunchanged 79" in output
    assert Organization.objects.count() == 79 and Organization.history.count() == history


def test_a_renamed_unit_is_updated_in_place():
    run("--province", "Cao Bằng")
    one = Organization.objects.filter(parent__code="ubnd-cao-bang-4").order_by("pk").first()
    Organization.objects.filter(pk=one.pk).update(name="Tên cũ", header_name="TÊN CŨ")
    output = run("--province", "Cao Bằng")
    assert "created 0\tupdated 1" in output
    one.refresh_from_db()
    assert one.name != "Tên cũ" and one.header_name != "TÊN CŨ"


def test_a_city_with_its_party_bodies():
    run("--province", "Huế", "--bodies", "ubnd,party")
    city = Organization.objects.get(code="ubnd-hue-46")
    assert city.name == "Ủy ban nhân dân thành phố Huế" and city.header_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HUẾ"]
    party = Organization.objects.get(code="party-hue-46")
    assert party.header_name == "THÀNH ỦY HUẾ" and party.is_party
    ward = Organization.objects.filter(parent=party).order_by("pk").first()
    assert ward.header_parent == "ĐẢNG BỘ THÀNH PHỐ HUẾ"
    assert ward.header_name.startswith(("ĐẢNG ỦY PHƯỜNG ", "ĐẢNG ỦY XÃ "))
    assert ward.abbreviation == "ĐU" and ward.document_format == "party"


def test_a_wrong_name_is_refused():
    assert find_province("Thành phố Hồ Chí Minh").codename == "ho_chi_minh"
    with pytest.raises(CommandError):
        run("--province", "Xứ Sở Thần Tiên")
    with pytest.raises(CommandError):
        run("--province", "44", "--bodies", "mttq")
