"""The citizen is told: with an e-mail address and the box ticked on the public
form, a message in Vietnamese when the petition is received, assigned, extended
(reason and new date), answered and closed, each with the code, the status
page's address and a link that stops them; nothing personal beyond their own
petition (their name shortened). Written once per event, also when the same
step or form comes three times at once; delivered once, retried after a mail
server failure, never after the citizen said stop."""

import datetime as dt
import re
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test import Client
from django.urls import reverse

from dialogue.errors import DomainError
from dialogue.testing.concurrency import post_at_once, same_form
from petitions import citizen, services
from petitions.models import CitizenMessage, Petition

FORM = {
    "petitioner_name": "Hoàng Thị Lan", "petitioner_address": "Xóm Bến Đò", "petitioner_phone": "0988 111 222",
    "petitioner_email": "lan.hoang@example.vn", "content": "Đề nghị lắp đèn đường xóm 5", "consent": "on",
    "website": "", "email_updates": "on",
}
PRIVATE = ("Hoàng Thị Lan", "0988", "Xóm Bến Đò", "lắp đèn đường")


def register_url(conference):
    return reverse("petitions_public:register", args=[conference.public_code])


def register(conference, **values):
    data = {k: v for k, v in FORM.items() if k not in ("consent", "website")}
    data.update(values)
    data["email_updates"] = bool(data.get("email_updates"))
    return services.petition_register_online(conference=conference, **data)


def kinds(petition) -> list[str]:
    return list(CitizenMessage.objects.filter(petition=petition).order_by("pk").values_list("kind", flat=True))


def sent_to(address) -> list:
    return [m for m in mail.outbox if m.to == [address]]


# --- the form --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_offers_the_e_mails_and_stores_the_choice(client, conference):
    page = client.get(register_url(conference)).content.decode()
    assert 'name="email_updates"' in page and "Gửi tin về kiến nghị của tôi qua thư điện tử" in page
    assert client.post(register_url(conference), FORM).status_code == 302
    petition = Petition.objects.get()
    assert petition.email_updates is True and kinds(petition) == ["received"]


@pytest.mark.django_db
def test_the_box_without_an_address_is_refused_next_to_the_address(client, conference):
    response = client.post(register_url(conference), {**FORM, "petitioner_email": ""})
    assert response.status_code == 400 and not Petition.objects.exists()
    html = response.content.decode()
    # The message sits with the address field, and what was typed is kept.
    assert ('<p id="error_1_id_petitioner_email"><strong>Nhập địa chỉ thư điện tử để nhận tin về kiến nghị.'
            "</strong></p>") in html
    assert 'value="Hoàng Thị Lan"' in html


@pytest.mark.django_db
def test_no_box_no_message(client, conference):
    client.post(register_url(conference), {**FORM, "email_updates": ""})
    petition = Petition.objects.get()
    assert petition.email_updates is False and not CitizenMessage.objects.exists()


# --- what the citizen reads ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_received_message_in_vietnamese_with_code_page_and_stop_link(conference, settings):
    settings.SITE_URL = "https://doithoai.example.vn"
    petition = register(conference)
    assert citizen.deliver() == 1
    [message] = mail.outbox
    code = petition.tracking_code
    assert message.to == ["lan.hoang@example.vn"]
    assert message.subject == f"[Đối thoại] Đã tiếp nhận kiến nghị {code} của ông/bà"
    body = message.body
    assert body.startswith("Kính gửi ông/bà Hoàng T. L.,")
    assert f"{conference.organization.name} đã tiếp nhận kiến nghị của ông/bà." in body
    assert f"Mã kiến nghị: {code}" in body
    assert f"Theo dõi tại: https://doithoai.example.vn/tra-cuu/{code}/" in body
    stop = re.search(r"Để ngừng nhận thư, mở: (\S+)", body).group(1)
    assert stop == citizen.unsubscribe_url(code) and stop.startswith("https://doithoai.example.vn/tra-cuu/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for private in PRIVATE:
        assert private not in message.subject + body
    assert citizen.deliver() == 0 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_message_goes_when_the_step_commits(conference, django_capture_on_commit_callbacks, monkeypatch):
    from dialogue import celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        petition = register(conference)
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["lan.hoang@example.vn"]] and petition.tracking_code in mail.outbox[0].subject


@pytest.mark.django_db
def test_each_step_is_told(conference, leader, staff, agency_org, agency_user):
    petition = register(conference)
    due = petition.received_on + dt.timedelta(days=30)
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org, due_on=due)
    assignment = petition.assignments.get()
    later = due + dt.timedelta(days=10)
    services.assignment_extend(assignment=assignment, by=agency_user, new_date=later, reason="Chờ kết quả đo đạc")
    response = services.response_submit(assignment=assignment, by=agency_user, text="Đã lắp 5 bóng đèn.")
    services.response_review(response=response, by=staff, accept=True)
    assert kinds(petition) == ["received", "assigned", "extended", "answered", "closed"]
    assert citizen.deliver() == 5
    mails = sent_to("lan.hoang@example.vn")
    bodies = [m.body for m in mails]
    assert f"đã được giao cho {agency_org.name} giải quyết, hạn trả lời ngày {due:%d/%m/%Y}." in bodies[1]
    assert f"đến ngày {later:%d/%m/%Y}." in bodies[2] and "Lý do: Chờ kết quả đo đạc" in bodies[2]
    assert f"{agency_org.name} đã trả lời kiến nghị của ông/bà:" in bodies[3] and "Đã lắp 5 bóng đèn." in bodies[3]
    assert "đã được giải quyết xong" in bodies[4]
    for m in mails:
        assert petition.tracking_code in m.subject and f"/tra-cuu/{petition.tracking_code}/" in m.body
        for private in PRIVATE:
            assert private not in m.subject + m.body


@pytest.mark.django_db
def test_answers_held_for_the_conference_are_told_when_released(conference, leader, staff, agency_org, agency_user):
    from petitions import publication

    petition = register(conference)
    publication.set_answer_policy(conference=conference, by=staff, hold=True)
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    response = services.response_submit(assignment=petition.assignments.get(), by=agency_user, text="Đã lắp đèn.")
    services.response_review(response=response, by=staff, accept=True)
    assert kinds(petition) == ["received", "assigned"]  # accepted, not yet public: nothing told
    publication.release_answers(conference=conference, by=staff)
    assert kinds(petition) == ["received", "assigned", "answered", "closed"]
    citizen.deliver()
    assert "Đã lắp đèn." in sent_to("lan.hoang@example.vn")[2].body


@pytest.mark.django_db
def test_answered_at_the_conference_and_referred(conference, org, leader):
    answered = register(conference)
    services.conclusion_record(petition=answered, by=leader, outcome="answered", answer="Đã đưa vào kế hoạch năm sau")
    assert kinds(answered) == ["received", "answered", "closed"]
    referred = register(conference, petitioner_name="Trần Văn Bình", content="Xin cấp giấy chứng nhận")
    services.conclusion_record(petition=referred, by=leader, outcome="referred", referred_to="UBND tỉnh")
    assert kinds(referred) == ["received", "referred"]
    citizen.deliver()
    answer = next(m for m in mail.outbox if "Đã đưa vào kế hoạch năm sau" in m.body)
    assert "Kiến nghị của ông/bà đã được trả lời tại hội nghị:" in answer.body
    assert any("đã được chuyển đến UBND tỉnh" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_grouped_petitions_each_tell_their_own_citizen(conference, staff, leader, agency_org):
    lan = register(conference)
    binh = register(conference, petitioner_name="Trần Văn Bình", petitioner_email="binh@example.vn",
                    content="Đường xóm 5 tối, đề nghị lắp đèn")
    services.petitions_group(lead=lan, others=[binh], by=staff)
    services.conclusion_record(petition=lan, by=leader, outcome="assigned", agency=agency_org)
    assert kinds(lan) == kinds(binh) == ["received", "assigned"]
    citizen.deliver()
    for address, other in (("lan.hoang@example.vn", "Trần"), ("binh@example.vn", "Hoàng")):
        assert len(sent_to(address)) == 2
        assert all(other not in m.body and "binh@" not in m.body and "lan.hoang@" not in m.body for m in sent_to(address))


@pytest.mark.django_db
def test_petitions_entered_by_the_office_tell_nobody(petition, leader, agency_org):
    """The office's paper slips carry no request for e-mails (the fixture has an address)."""
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assert petition.petitioner_email and not CitizenMessage.objects.exists()


# --- delivery ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_mail_server_failure_is_retried(conference, monkeypatch):
    register(conference)
    register(conference, petitioner_name="Trần Văn Bình", petitioner_email="binh@example.vn", content="Khác")
    real_send = EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("SMTP server timed out")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    assert citizen.deliver() == 1
    failed = CitizenMessage.objects.get(emailed_at__isnull=True)
    assert failed.attempts == 1 and "timed out" in failed.last_error
    assert citizen.deliver() == 1 and citizen.deliver() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["binh@example.vn", "lan.hoang@example.vn"]


@pytest.mark.django_db
def test_killed_before_sending_the_next_run_sends_each_once(conference, leader, agency_org):
    """The rows are written with the step; a worker that dies before sending loses nothing."""
    petitions = [register(conference, petitioner_name=f"Người {n}", content=f"Kiến nghị {n}") for n in range(3)]
    for petition in petitions:
        services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assert CitizenMessage.objects.filter(emailed_at__isnull=True).count() == 6 and mail.outbox == []
    assert citizen.deliver(limit=4) == 4
    assert citizen.deliver() == 2 and citizen.deliver() == 0
    assert len(mail.outbox) == 6 and len({(m.subject, m.body) for m in mail.outbox}) == 6


# --- stopping the e-mails ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_stop_link_asks_then_stops(client, conference, leader, agency_org):
    petition = register(conference)
    url = reverse("petitions_public:unsubscribe", args=[petition.tracking_code, citizen.unsubscribe_token(petition.tracking_code)])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and petition.tracking_code in html and "Ngừng nhận thư" in html
    for private in PRIVATE:
        assert private not in html
    petition.refresh_from_db()
    assert petition.email_updates is True  # a GET (a mail scanner opening the link) changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "sẽ không nhận thêm thư nào" in done.content.decode()
    petition.refresh_from_db()
    assert petition.email_updates is False
    assert "Không còn thư nào được gửi" in client.get(url).content.decode()
    # What was waiting is not sent, and later steps write nothing.
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assert kinds(petition) == ["received"]
    assert citizen.deliver() == 0 and mail.outbox == []
    assert CitizenMessage.objects.get().last_error == "the citizen stopped the e-mails"


@pytest.mark.django_db
def test_the_mail_programmes_one_click_post_needs_no_form(conference):
    petition = register(conference)
    browserless = Client(enforce_csrf_checks=True)
    url = citizen.unsubscribe_url(petition.tracking_code).removeprefix(settings.SITE_URL)
    assert browserless.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    petition.refresh_from_db()
    assert petition.email_updates is False


@pytest.mark.django_db
def test_a_wrong_or_borrowed_token_finds_nothing(client, conference):
    lan = register(conference)
    binh = register(conference, petitioner_name="Trần Văn Bình", petitioner_email="binh@example.vn", content="Khác")
    borrowed = citizen.unsubscribe_token(binh.tracking_code)
    for code, token in ((lan.tracking_code, borrowed), (lan.tracking_code, "x" * 20), ("DT-00000-00000", borrowed)):
        url = reverse("petitions_public:unsubscribe", args=[code, token])
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    lan.refresh_from_db()
    assert lan.email_updates is True


def test_links_in_old_e_mails_survive_a_new_secret_key(settings):
    old = citizen.unsubscribe_token("DT-12345-67890")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    assert citizen.unsubscribe_token("DT-12345-67890") != old
    assert citizen.token_valid("DT-12345-67890", old)
    settings.SECRET_KEY_FALLBACKS = []
    assert not citizen.token_valid("DT-12345-67890", old)


# --- exactly once under concurrency -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_form_sent_three_times_at_once_is_one_petition_and_one_message(conference):
    # Three tabs: three one-time keys, so the form's own guard does not join them.
    post_at_once(register_url(conference), lambda: same_form(FORM))
    petition = Petition.objects.get()
    assert kinds(petition) == ["received"]


@pytest.mark.django_db(transaction=True)
def test_an_extension_sent_at_once_is_told_once(conference, leader, agency_org, agency_user):
    petition = register(conference)
    services.conclusion_record(petition=petition, by=leader, outcome="assigned", agency=agency_org)
    assignment = petition.assignments.get()
    new_date = assignment.due_on + dt.timedelta(days=10)
    barrier = threading.Barrier(3)
    errors = []

    def extend():
        try:
            barrier.wait(timeout=30)
            services.assignment_extend(assignment=assignment, by=agency_user, new_date=new_date, reason="Chờ đo đạc")
        except DomainError:
            pass
        except Exception as error:  # noqa: BLE001 - surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=extend) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert kinds(petition) == ["received", "assigned", "extended"]


@pytest.mark.django_db
def test_the_unique_constraint_is_the_last_guard(conference):
    """Told twice of the same event (a retried step), the first message stays the only one."""
    petition = register(conference)
    event = petition.events.get(kind="registered")
    assert citizen.on_events([event]) == 1  # offered again: dropped by the constraint
    assert kinds(petition) == ["received"]
