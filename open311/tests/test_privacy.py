"""No answer of the API carries a citizen's name (not even shortened), phone,
address, e-mail or the text of their petition: every endpoint, in both formats,
for every kind of answer (found, searched, created, replayed, refused, throttled)."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dialogue.text import short_name
from petitions import services

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Phạm Thị Quỳnh Hoa", "0903 111 222", "quynhhoa.pham@example.vn"
ADDRESS, CONTENT = "Ngõ 17 xóm Cầu Tre", "Cống thoát nước ở ngõ 17 bị tắc lâu ngày"
POSTED = {"first_name": "Hoa", "last_name": "Phạm Thị Quỳnh", "phone": "0903 333 444", "email": "hoa.p@example.vn",
          "address_string": "Thôn Giếng Mới", "description": "Xin sửa giếng nước công cộng thôn Giếng Mới"}


def secrets() -> list[str]:
    values = [NAME, short_name(NAME), "Quỳnh", PHONE, PHONE.replace(" ", ""), EMAIL, ADDRESS, "Cầu Tre", CONTENT]
    values += [v for k, v in POSTED.items() if k != "first_name"]  # "Hoa" alone is in other words
    values += ["0903333444", short_name("Phạm Thị Quỳnh Hoa"), "Giếng Mới", "0903 333", "hoa.p@"]
    return values


@pytest.fixture
def world(org, conference, staff, leader, agency_org, agency_user, road_field):
    petition = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, field=road_field,
        petitioner_name=NAME, petitioner_phone=PHONE, petitioner_email=EMAIL, petitioner_address=ADDRESS,
        content=CONTENT,
    )
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assignment = petition.assignments.get()
    services.assignment_acknowledge(assignment=assignment, by=agency_user)
    resolved = services.petition_record(
        organization=org, by=staff, source="slip", conference=conference, petitioner_name=NAME,
        petitioner_phone=PHONE, content=CONTENT + " (lần hai)",
    )
    services.conclusion_record(petition=resolved, by=leader, outcome="answered", answer="Đã trả lời tại hội nghị")
    return petition, resolved


def api_routes() -> list[tuple[str, tuple[str, ...]]]:
    found = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and namespace == "open311:":
                found.append((f"open311:{p.name}", tuple(p.pattern.converters)))

    walk(get_resolver().url_patterns)
    return found


def test_no_answer_carries_personal_details(client, settings, org, world, road_field, question):
    settings.RATE_LIMITS = {"api": (1000, 600), "register": (1000, 3600)}
    petition, resolved = world
    kwargs = {
        "open311:services": {},
        "open311:service": {"service_code": str(road_field.pk)},
        "open311:requests": {},
        "open311:request": {"code": petition.tracking_code},
    }
    routes = api_routes()
    assert {name for name, _ in routes} == set(kwargs), "a new endpoint: add it to this sweep"
    gets = [
        {"jurisdiction_id": org.code}, {}, {"status": "open"}, {"status": "closed"},
        {"service_request_id": f"{petition.tracking_code},{resolved.tracking_code}"}, {"service_code": "other"},
        {"start_date": "bad"}, {"jurisdiction_id": "khong-co"},
    ]
    posted = {**question, **POSTED}
    bad_posts = [
        {**posted, "attribute[consent]": ""}, {**posted, "phone": "0903 333"}, {**posted, "email": "hoa.p@"},
        {**posted, "api_key": "dtk_sai"}, {**posted, "description": "<b>" + POSTED["description"] + "</b>"},
        {**posted, "attribute[conference]": "khong-co"},
    ]
    answers = []
    for fmt in ("json", "xml"):
        for name, _converters in routes:
            url = reverse(name, kwargs={**kwargs[name], "format": fmt})
            answers += [client.get(url, params) for params in gets]
            answers.append(client.options(url))
        url = reverse("open311:requests", kwargs={"format": fmt})
        answers += [client.post(url, data) for data in bad_posts]
        key = str(uuid.uuid4())
        answers += [client.post(url, posted, headers={"Idempotency-Key": key}) for _ in range(2)]
        answers += [client.post(url, posted)]
    created = [a for a in answers if a.status_code == 201]
    codes = {a.status_code for a in answers}
    assert len(created) == 6 and {200, 400, 403, 404} <= codes
    # The question posted is found by its code, and in the search.
    code = created[0].json()[0]["service_request_id"]
    answers.append(client.get(reverse("open311:request", kwargs={"code": code, "format": "xml"})))
    answers.append(client.get(reverse("open311:requests", kwargs={"format": "json"})))
    assert code in answers[-1].content.decode()
    # And when the budget is spent.
    settings.RATE_LIMITS = {"api": (0, 60)}
    answers.append(client.get(reverse("open311:requests", kwargs={"format": "xml"})))
    assert answers[-1].status_code == 429
    leaks = [
        (a.request["PATH_INFO"], secret)
        for a in answers for secret in secrets()
        if secret in a.content.decode() or any(secret in str(v) for v in a.headers.values())
    ]
    assert not leaks
