"""The report page and the lists behind its numbers: the district reads its two
communes (aggregated and per unit), a commune reads only itself, an outsider
nothing; every number opens a list of as many rows; pages and lists cost a
fixed number of queries."""

import re

import pytest
from django.urls import reverse

from dialogue.models import Role
from dialogue.testing.factories import member

pytestmark = pytest.mark.django_db

YEAR_2025 = {"period": "year", "year": "2025"}


def get(client, name, **params):
    return client.get(reverse(name), params)


def test_the_district_sees_its_communes_aggregated_and_per_unit(client, year):
    client.force_login(year.district_leader)
    response = get(client, "reports:results", organization=year.district.pk, **YEAR_2025)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-figure="conferences">5<' in body and 'data-figure="petitions">12<' in body
    assert "Ủy ban nhân dân xã An" in body and "Ủy ban nhân dân xã Bình" in body
    # No citizen's name or contact reaches the district.
    assert "Nguyễn Văn An" not in body and "0912345678" not in body and "Bến Đò" not in body
    # One commune from the district's page: read through the roll-up.
    response = get(client, "reports:results", organization=year.commune_b.pk, **YEAR_2025)
    assert response.status_code == 200 and 'data-figure="petitions">2<' in response.content.decode()


def test_a_commune_sees_only_itself(client, year):
    client.force_login(year.a_staff)
    response = get(client, "reports:results", **YEAR_2025)
    body = response.content.decode()
    assert response.status_code == 200 and 'data-figure="petitions">10<' in body
    assert "Ủy ban nhân dân xã Bình" not in body and "huyện Thử" not in body
    for other in (year.district, year.commune_b, year.elsewhere):
        assert get(client, "reports:results", organization=other.pk, **YEAR_2025).status_code == 404
        assert get(client, "reports:list", organization=other.pk, figure="petitions", **YEAR_2025).status_code == 404
        assert get(client, "reports:list_export", organization=other.pk, figure="petitions", **YEAR_2025).status_code == 404


def test_an_agency_officer_and_an_outsider_see_no_results(client, year):
    client.force_login(member(year.police_a, Role.AGENCY, username="another_officer"))
    assert get(client, "reports:results").status_code == 404
    client.force_login(member(year.elsewhere, Role.STAFF, username="far_away"))
    assert get(client, "reports:results", organization=year.commune_a.pk).status_code == 404


@pytest.mark.parametrize("figure, count", [
    ("petitions", 12), ("answered", 3), ("assigned", 7), ("on_time", 4), ("late", 1), ("open", 2), ("extended", 2),
    ("referred", 1), ("awaiting", 1), ("satisfied", 2), ("unsatisfied", 1), ("conferences", 5), ("periodic", 2),
    ("extra", 3), ("participants", 5),
])
def test_every_number_opens_a_list_of_as_many_rows(client, year, figure, count):
    client.force_login(year.district_leader)
    response = get(client, "reports:list", organization=year.district.pk, figure=figure, **YEAR_2025)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    body = response.content.decode()
    assert len(re.findall(r"<tr>", body.split('<tbody>')[1])) == count
    assert "Nguyễn Văn An" not in body and "0912345678" not in body


def test_the_lists_narrow_to_a_unit_a_field_and_a_source(client, year):
    client.force_login(year.district_leader)
    base = {"organization": year.district.pk, **YEAR_2025}
    count = lambda **p: get(client, "reports:list", **base, **p).context["page"].paginator.count  # noqa: E731
    assert count(figure="petitions", unit=year.commune_b.pk) == 2
    land = year.petitions["p1"].field_id
    assert count(figure="petitions", field=land) == 4
    assert count(figure="petitions", field=0) == 1
    assert count(figure="petitions", source="slip") == 5


def test_the_district_does_not_open_a_commune_s_petition(client, year):
    client.force_login(year.district_leader)
    body = get(client, "reports:list", organization=year.district.pk, figure="petitions", **YEAR_2025).content.decode()
    assert year.petitions["p1"].tracking_code in body
    assert reverse("petitions:detail", args=[year.petitions["p1"].pk]) not in body
    client.force_login(year.a_staff)
    body = get(client, "reports:list", figure="petitions", **YEAR_2025).content.decode()
    assert reverse("petitions:detail", args=[year.petitions["p1"].pk]) in body


def test_bad_dates_are_told_next_to_the_field(client, year):
    client.force_login(year.a_staff)
    response = get(client, "reports:results", period="dates", start="31/12/2025", end="01/01/2025")
    assert response.status_code == 400
    assert "Kỳ báo cáo kết thúc trước khi bắt đầu" in response.content.decode()
    response = get(client, "reports:results", period="dates", start="hôm qua", end="")
    assert response.status_code == 400


def test_the_pages_cost_a_fixed_number_of_queries(client, year, django_assert_max_num_queries):
    client.force_login(year.district_leader)
    with django_assert_max_num_queries(40):
        assert get(client, "reports:results", organization=year.district.pk, **YEAR_2025).status_code == 200
    with django_assert_max_num_queries(30):
        assert get(client, "reports:list", organization=year.district.pk, figure="petitions", **YEAR_2025).status_code == 200
