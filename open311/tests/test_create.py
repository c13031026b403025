"""POST requests.{fmt}: a citizen's question sent by a city app, with its API key,
through the public web form's checks and service: consent, an open conference,
the phone number, plain text, the rate limits, and once per request however often
it is sent."""

import threading
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from dialogue.models import SubmittedForm
from open311.models import ApiClient
from open311.services import api_client_create
from petitions.models import Field, Petition
from petitions.tests.factories import make_conference

pytestmark = pytest.mark.django_db

URL = reverse("open311:requests", kwargs={"format": "json"})


def post(client, data, **headers):
    return client.post(URL, data, headers=headers)


def refusal(response, status) -> list[str]:
    assert response.status_code == status, response.content
    assert not Petition.objects.exists()
    return [e["description"] for e in response.json()]


def test_a_question_is_registered_as_from_the_web_form(client, question, conference, road_field, api_client_and_key):
    response = post(client, question)
    assert response.status_code == 201
    [body] = response.json()
    petition = Petition.objects.get()
    assert body["service_request_id"] == petition.tracking_code and body["account_id"] is None
    assert body["service_notice"].startswith("Đã đăng ký câu hỏi.")
    assert petition.source == "online" and petition.conference == conference and petition.field == road_field
    assert petition.petitioner_name == "Hoàng Thị Lan" and petition.petitioner_address == "Xóm Bến Đò"
    assert petition.petitioner_phone == "0987654321" and petition.petitioner_email == "lan.hoang@example.vn"
    assert petition.status == "registered" and petition.priority == "normal" and petition.is_public
    api_client, _key = api_client_and_key
    api_client.refresh_from_db()
    assert api_client.last_used_at is not None


def test_news_by_e_mail_asked_for_through_the_api(client, question):
    """attribute[updates]=yes as the web form's box: the citizen is told of each step."""
    from petitions.models import CitizenMessage

    assert post(client, question).status_code == 201
    assert Petition.objects.get().email_updates is False and not CitizenMessage.objects.exists()
    Petition.objects.all().delete()
    assert post(client, {**question, "attribute[updates]": "yes", "description": "Khác"}).status_code == 201
    petition = Petition.objects.get()
    assert petition.email_updates is True
    assert list(CitizenMessage.objects.values_list("petition", "kind")) == [(petition.pk, "received")]


def test_news_by_e_mail_needs_the_address(client, question):
    [description] = refusal(post(client, {**question, "attribute[updates]": "yes", "email": ""}), 400)
    assert description == "email: Nhập địa chỉ thư điện tử để nhận tin về kiến nghị."


def test_the_other_service_leaves_the_field_to_the_office(client, question):
    assert post(client, {**question, "service_code": "other"}).status_code == 201
    assert Petition.objects.get().field is None


def test_a_name_in_one_parameter(client, question):
    assert post(client, {**question, "first_name": "", "last_name": "Hoàng Thị Lan"}).status_code == 201
    assert Petition.objects.get().petitioner_name == "Hoàng Thị Lan"


# --- the API key -----------------------------------------------------------------------------


def test_without_a_key(client, question):
    [description] = refusal(post(client, {**question, "api_key": ""}), 403)
    assert description.startswith("api_key:")


def test_a_wrong_key(client, question, api_key):
    [description] = refusal(post(client, {**question, "api_key": api_key[:-1] + "x"}), 403)
    assert description == "api_key: khóa không hợp lệ hoặc đã ngừng hiệu lực."


def test_an_inactive_key(client, question, api_client_and_key):
    ApiClient.objects.filter(pk=api_client_and_key[0].pk).update(is_active=False)
    refusal(post(client, question), 403)


def test_a_key_of_another_organisation(client, question, other_org):
    _client, other_key = api_client_create(name="Ứng dụng xã khác", organizations=[other_org])
    [description] = refusal(post(client, {**question, "api_key": other_key}), 403)
    assert description == "Khóa API này không được gửi câu hỏi đến vinh-thu."


def test_the_key_may_come_in_the_query_string(client, question, api_key):
    data = {k: v for k, v in question.items() if k != "api_key"}
    assert client.post(f"{URL}?api_key={api_key}", data).status_code == 201


def test_only_the_keys_hash_is_stored(api_client_and_key):
    api_client, key = api_client_and_key
    row = ApiClient.objects.filter(pk=api_client.pk).values().get()
    assert key not in str(row) and row["key_start"] == key[:12] and len(row["key_hash"]) == 64
    assert ApiClient.by_key(key) == api_client and ApiClient.by_key(f" {key} ") == api_client
    assert ApiClient.by_key(key.upper()) is None and ApiClient.by_key("") is None


# --- the checks of the web form ---------------------------------------------------------------


def test_consent_is_required(client, question):
    for consent in ("", "no"):
        [description] = refusal(post(client, {**question, "attribute[consent]": consent}), 400)
        assert description.startswith("attribute[consent]:")


def test_the_jurisdiction(client, question):
    assert refusal(post(client, {**question, "jurisdiction_id": ""}), 400)[0].startswith("jurisdiction_id:")
    assert refusal(post(client, {**question, "jurisdiction_id": "khong-co"}), 404)[0].startswith("jurisdiction_id:")


@pytest.mark.parametrize("status", ["held", "closed"])
def test_a_conference_no_longer_open(client, question, org, status):
    closed = make_conference(org, status)
    [description] = refusal(post(client, {**question, "attribute[conference]": closed.public_code}), 400)
    assert description == "Việc đăng ký cho hội nghị này đã đóng."


def test_a_conference_that_has_started(client, question, org):
    started = make_conference(org, "announced", days=-1)
    [description] = refusal(post(client, {**question, "attribute[conference]": started.public_code}), 400)
    assert "Hội nghị đã bắt đầu" in description


def test_the_conference_must_be_the_organisations(client, question, other_org):
    theirs = make_conference(other_org, "announced")
    for code in ("", "khong-co", theirs.public_code):
        [description] = refusal(post(client, {**question, "attribute[conference]": code}), 400)
        assert description.startswith("attribute[conference]:")


def test_the_service_must_be_the_organisations(client, question, other_org):
    theirs = Field.objects.create(organization=other_org, name="Thủy lợi")
    for code in ("", "999999", "abc", str(theirs.pk)):
        [description] = refusal(post(client, {**question, "service_code": code}), 400)
        assert description.startswith("service_code:")


def test_phone_numbers_are_checked_and_kept_one_way(client, question):
    [description] = refusal(post(client, {**question, "phone": "0987 65"}), 400)
    assert description.startswith("phone: Số điện thoại không hợp lệ") and "0987 65" not in description
    assert post(client, {**question, "phone": "+84 987.654.321"}).status_code == 201
    assert Petition.objects.get().petitioner_phone == "0987654321"


@pytest.mark.parametrize(
    ("values", "parameter"),
    [
        ({"description": ""}, "description"),
        ({"description": "Xem <script>alert(1)</script>"}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"first_name": "", "last_name": ""}, "first_name, last_name"),
        ({"email": "lan.hoang"}, "email"),
        ({"address_string": "a" * 256}, "address_string"),
    ],
)
def test_the_text_checks_of_the_form(client, question, values, parameter):
    descriptions = refusal(post(client, {**question, **values}), 400)
    assert [d.split(": ")[0] for d in descriptions] == [parameter]


# --- rate limits -------------------------------------------------------------------------------


def test_the_web_forms_budget_per_address(client, settings, question):
    settings.RATE_LIMITS = {"register": (2, 3600)}
    for i in range(2):
        assert post(client, {**question, "description": f"Kiến nghị {i}"}).status_code == 201
    response = post(client, {**question, "description": "Lần thứ ba"})
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert response.json()[0]["code"] == 429 and Petition.objects.count() == 2
    # Reading is not counted in it.
    assert client.get(URL).status_code == 200


def test_the_keys_budget_from_every_address(settings, question):
    settings.RATE_LIMITS = {"api_client": (2, 3600)}
    answers = [
        post(Client(REMOTE_ADDR=f"10.0.0.{i}"), {**question, "description": f"Kiến nghị {i}"}).status_code
        for i in range(3)
    ]
    assert answers == [201, 201, 429] and Petition.objects.count() == 2


def test_every_call_counts_in_the_api_budget(client, settings, question):
    settings.RATE_LIMITS = {"api": (1, 600)}
    assert post(client, question).status_code == 201
    assert client.get(URL).status_code == 429


# --- once per request ---------------------------------------------------------------------------


def test_the_same_key_gives_the_first_result(client, question):
    key = str(uuid.uuid4())
    first = post(client, question, **{"Idempotency-Key": key})
    again = post(client, {**question, "description": "Một câu hỏi khác"}, **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and Petition.objects.count() == 1
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first


def test_a_refused_request_frees_its_key(client, question):
    key = str(uuid.uuid4())
    assert post(client, {**question, "attribute[consent]": ""}, **{"Idempotency-Key": key}).status_code == 400
    assert not SubmittedForm.objects.exists()
    assert post(client, question, **{"Idempotency-Key": key}).status_code == 201
    assert Petition.objects.count() == 1


def test_a_malformed_key_is_refused(client, question):
    [description] = refusal(post(client, question, **{"Idempotency-Key": "lan-1"}), 400)
    assert description.startswith("Idempotency-Key:")


def test_without_a_key_the_same_request_is_recognised(client, question):
    first, again = post(client, question), post(client, question)
    assert Petition.objects.count() == 1 and again["Idempotent-Replayed"] == "true"
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    other = post(client, {**question, "description": "Đề nghị nạo vét kênh mương"})
    assert other.status_code == 201 and Petition.objects.count() == 2


def test_after_the_keys_are_pruned_the_service_still_finds_the_first(client, question):
    first = post(client, question)
    SubmittedForm.objects.all().delete()
    again = post(client, {**question, "phone": "0987.654.321"})
    assert Petition.objects.count() == 1
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]


def test_another_clients_key_is_its_own(client, question, org):
    _other, other_key = api_client_create(name="Ứng dụng thứ hai", organizations=[org])
    key = str(uuid.uuid4())
    post(client, question, **{"Idempotency-Key": key})
    theirs = post(client, {**question, "api_key": other_key, "description": "Câu hỏi khác"}, **{"Idempotency-Key": key})
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs and Petition.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_key", [True, False])
def test_sent_three_times_at_once(question, with_key):
    headers = {"Idempotency-Key": str(uuid.uuid4())} if with_key else {}
    barrier, answers, errors = threading.Barrier(3), [None] * 3, []

    def send(i):
        try:
            barrier.wait(timeout=30)
            answers[i] = Client().post(URL, question, headers=headers)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors
    assert [a.status_code for a in answers] == [201] * 3
    assert Petition.objects.count() == 1
    assert {a.json()[0]["service_request_id"] for a in answers} == {Petition.objects.get().tracking_code}


def test_no_cookie_or_csrf_token_is_needed(question):
    """A city app's server sends no session cookie: the api_key is what authenticates."""
    assert Client(enforce_csrf_checks=True).post(URL, question).status_code == 201
