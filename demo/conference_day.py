"""The demo's conference day, run through the services as the office, the leader,
the secretary and the commune police would run it, so that after `make run`
every role's queue on the home page (home.queue) has something in it.

From the commune Vĩnh Lâm's seed plan (plans.seeds, "002"):

- the plan copied to this year, submitted and approved; a copy for next year
  submitted (for the leader to approve); a plan from the template, for the
  youth, returned with comments (for the office to correct);
- the year's conference: scheduled a few seconds ahead and announced (short
  notice, acknowledged), two questions registered online before it starts,
  then held: people checked in and counted at the door, speakers called and
  their petitions taken down, the minutes drafted;
- the chair's conclusions: four petitions to the commune police, one answered
  on the spot, one drafted by the office for the chair to approve, one still
  without a conclusion; the conclusion notice drafted, submitted, approved and
  issued (numbered and signed in the register);
- the police: one answer awaiting the office's review, one returned by the
  office, one assignment not yet acknowledged, one deadline extended; the
  citizen answered on the spot is not satisfied;
- a second conference held the same day, its notice submitted to the leader;
  one in nine days scheduled and not yet announced (two days left under the
  7-day rule; its opinions report, due ten days before, is overdue); one still
  to schedule.

Every date is today's or counted from it: the services refuse a date in the
past, so the day's conferences start a few seconds after loading begins and
the loader waits for them.

It runs once: a commune that already has conferences is left as it is, so
loading the demo again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from conferences import services as conferences
from conferences import session_records as records
from conferences.forms import PersonFormSet
from conferences.models import Conference
from dialogue import clock
from dialogue.models import Organization
from petitions import notices
from petitions import services as petitions
from petitions.models import Field, Outcome
from plans import services as plans
from plans.models import Plan

# How far ahead the day's conferences start: enough for the steps before the start
# (schedule, announce, the online registrations) on a slow machine.
LEAD_SECONDS = 3
COMMUNE, POLICE, LAND_OFFICE = "ubnd-vinh-lam", "ca-vinh-lam", "dc-vinh-lam"


@dataclass(frozen=True)
class People:
    staff: object
    leader: object
    secretary: object
    police: object


def _people() -> People:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["vanphong", "chutich", "thuky", "congan"])}
    return People(users["vanphong"], users["chutich"], users["thuky"], users["congan"])


def _field(name: str) -> Field | None:
    return Field.objects.filter(organization__isnull=True, name=name).first()


def run_conference_day(*, orgs: dict[str, Organization], seed_plan: Plan, template: Plan) -> bool:
    """Run the day once; False when the commune already has conferences (nothing is changed)."""
    commune = orgs[COMMUNE]
    if Conference.objects.filter(organization=commune).exists():
        return False
    with transaction.atomic():
        _Day(orgs, _people(), seed_plan, template).run()
    return True


class _Day:
    def __init__(self, orgs, people: People, seed_plan: Plan, template: Plan):
        self.commune, self.police_org, self.land_office = orgs[COMMUNE], orgs[POLICE], orgs[LAND_OFFICE]
        self.p = people
        self.seed_plan = seed_plan
        self.template = template
        self.today = clock.today()

    def run(self) -> None:
        plan = self.plans()
        day, second = self.conferences(plan)
        self.held(day, second)

    # -- plans --------------------------------------------------------------------------

    def plans(self) -> Plan:
        staff, leader, year = self.p.staff, self.p.leader, self.today.year
        plan = plans.plan_copy(source=self.seed_plan, year=year, by=staff)
        plans.plan_replace_year(plan=plan, old=self.seed_plan.year, new=year, by=staff)
        plans.plan_submit(plan=plan, by=staff)
        plans.plan_approve(plan=plan, by=leader, comment="Đồng ý, trình ký ban hành.")

        following = plans.plan_copy(source=plan, year=year + 1, by=staff)
        plans.plan_replace_year(plan=following, old=year, new=year + 1, by=staff)
        plans.plan_submit(plan=following, by=staff)

        youth = plans.plan_create_from_template(template=self.template, issuer=self.commune, year=year, by=staff)
        outline = plans.plan_outline(youth)
        outline["plan"]["subject"] = (
            "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với đoàn viên, thanh niên\n"
            f"trên địa bàn xã Vĩnh Lâm năm {year}"
        )
        plans.plan_save_outline(plan=youth, outline=outline, by=staff)
        youth.refresh_from_db()
        plans.plan_submit(plan=youth, by=staff)
        plans.plan_return(
            plan=youth, by=leader,
            comment="Bổ sung thời gian, địa điểm cụ thể và số lượng đoàn viên, thanh niên được mời ở từng thôn.",
        )
        return plan

    # -- conferences --------------------------------------------------------------------

    def _name_secretary(self, conference: Conference) -> None:
        """The commune's secretary named on the conference, as the office does on its people page."""
        people = list(conference.people.all())
        data = {
            "people-TOTAL_FORMS": str(len(people) + 1), "people-INITIAL_FORMS": str(len(people)),
            "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "1000",
        }
        rows = [
            (p.pk, p.order, p.role, p.user_id, p.name, p.position) for p in people
        ] + [("", len(people), "secretary", self.p.secretary.pk, "", "Công chức Văn phòng - Thống kê")]
        for i, (pk, order, role, user, name, position) in enumerate(rows):
            data.update({
                f"people-{i}-id": pk or "", f"people-{i}-order": order, f"people-{i}-role": role,
                f"people-{i}-user": user or "", f"people-{i}-name": name, f"people-{i}-position": position,
            })
        formset = PersonFormSet(
            data, instance=conference, prefix="people",
            form_kwargs={"users": conferences.organization_users(conference.organization_id)},
        )
        if not formset.is_valid():
            raise ValueError(f"demo secretary: {formset.errors}")
        conferences.conference_save_rows(conference=conference, by=self.p.staff, formset=formset, kind="people")

    def _at(self, days: int, hour: int) -> dt.datetime:
        day = self.today + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))

    def conferences(self, plan: Plan) -> tuple[Conference, Conference]:
        staff = self.p.staff
        [day] = conferences.conferences_create_from_plan(plan=plan, by=staff)
        self._name_secretary(day)
        second = conferences.conference_create_extra(
            organization=self.commune, by=staff, plan=plan, title="Hội nghị đối thoại với Nhân dân thôn Tân Mỹ",
            venue="Nhà văn hóa thôn Tân Mỹ", audience="Nhân dân thôn Tân Mỹ",
            content="Giao thông nông thôn; thủy lợi nội đồng; vệ sinh môi trường",
        )
        self._name_secretary(second)
        coming = conferences.conference_create_extra(
            organization=self.commune, by=staff, plan=plan, title="Hội nghị đối thoại với hội viên Hội Nông dân xã",
            venue="Hội trường UBND xã", audience="Hội viên Hội Nông dân các chi hội",
            content="Chuyển đổi cơ cấu cây trồng; vốn vay sản xuất; thủy lợi",
        )
        self._name_secretary(coming)
        # In nine days: two days are left to announce it under the 7-day rule, and the
        # opinions report (ten days before) is already overdue.
        conferences.conference_schedule(
            conference=coming, starts_at=self._at(9, 8), ends_at=self._at(9, 11), venue=coming.venue, by=staff
        )
        conferences.conference_create_extra(
            organization=self.commune, by=staff, plan=plan,
            title="Hội nghị đối thoại với đoàn viên, thanh niên xã Vĩnh Lâm", window_text=f"Quý IV/{self.today.year}",
            audience="Đoàn viên, thanh niên các thôn",
        )

        starts = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=LEAD_SECONDS)
        for conference, venue in ((day, "Hội trường UBND xã"), (second, "Nhà văn hóa thôn Tân Mỹ")):
            conferences.conference_schedule(
                conference=conference, starts_at=starts, ends_at=starts + dt.timedelta(hours=3), venue=venue, by=staff
            )
            conferences.conference_announce(conference=conference, by=staff, acknowledge_short_notice=True)
        self.registered = [
            petitions.petition_register_online(
                conference=day, petitioner_name="Nguyễn Văn An", petitioner_address="Thôn Hòa Bình",
                petitioner_phone="0912 345 678", field=_field("Giao thông"),
                content="Đề nghị lắp biển báo, gờ giảm tốc tại ngã ba Hòa Bình – Đông Hà, nơi thường xảy ra va chạm "
                        "giao thông vào giờ học sinh tan trường.",
            ),
            petitions.petition_register_online(
                conference=day, petitioner_name="Lê Thị Thu", petitioner_address="Thôn Tân Mỹ",
                petitioner_phone="0935 111 222", field=_field("An ninh trật tự"),
                content="Thanh niên tụ tập đua xe, gây ồn trên tuyến đường ven sông thôn Tân Mỹ vào ban đêm; đề nghị "
                        "tăng cường tuần tra, xử lý.",
            ),
        ]
        # The services take no start in the past: the day waits for its conferences to begin.
        while timezone.now() < starts:
            time.sleep(max(0.05, (starts - timezone.now()).total_seconds()))
        return day, second

    # -- the day and after --------------------------------------------------------------

    SPEAKERS = (
        ("Hoàng Thị Minh Nguyệt", "Thôn Hòa Bình", "An ninh trật tự",
         "Đề nghị Công an xã tổ chức làm căn cước tại nhà cho người cao tuổi, người khuyết tật đi lại khó khăn."),
        ("Lê Văn Tâm", "Thôn Đông", "Điện, nước",
         "Đề nghị lắp đèn chiếu sáng tuyến đường từ chợ Vĩnh Lâm đến Nhà văn hóa thôn Hòa Bình."),
        ("Trần Thị Hồng", "Thôn Đông", "An ninh trật tự",
         "Tình trạng trộm cắp gia cầm, tài sản tại các hộ gia đình thôn Đông xảy ra nhiều lần; đề nghị điều tra, "
         "xử lý."),
        ("Phạm Văn Đức", "Thôn Tân Mỹ", "Đất đai",
         "Đề nghị đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân khu tái định cư thôn Tân Mỹ."),
        ("Võ Thị Hạnh", "Thôn Bắc", "Giáo dục",
         "Đề nghị sửa chữa tường rào, nhà vệ sinh Trường Tiểu học Vĩnh Lâm trước năm học mới."),
    )

    def held(self, day: Conference, second: Conference) -> None:
        staff, leader, secretary, police = self.p.staff, self.p.leader, self.p.secretary, self.p.police
        for name, unit in (("Nguyễn Thị Phương Thảo", "Chi hội Phụ nữ thôn Hòa Bình"),
                           ("Trần Văn Hùng", "Thôn Hòa Bình"), ("Lê Văn Tâm", "Thôn Đông")):
            records.attendance_check_in(conference=day, by=secretary, name=name, unit=unit)
        records.door_count_add(conference=day, by=secretary, count=86)
        raised = []
        for speaker, unit, field, content in self.SPEAKERS:
            speech = records.speech_add(conference=day, by=secretary, speaker_name=speaker, unit=unit, topic=content)
            records.speech_start(speech=speech, by=secretary)
            raised.append(records.speech_capture_petition(speech=speech, by=secretary, content=content, field=_field(field)))
            records.speech_stop(speech=speech, by=secretary)
        conferences.conference_mark_held(conference=day, by=staff)
        records.minutes_draft(conference=day, by=secretary)

        traffic, racing = self.registered
        identity, lighting, theft, land, _school = raised
        for petition, direction in (
            (traffic, "Giao Công an xã phối hợp khảo sát, đề xuất lắp biển báo, gờ giảm tốc tại ngã ba."),
            (racing, "Giao Công an xã tăng cường tuần tra, xử lý nghiêm tình trạng đua xe ban đêm."),
            (identity, "Giao Công an xã bố trí làm căn cước lưu động tại nhà cho người cao tuổi."),
            (theft, "Giao Công an xã điều tra, xử lý các vụ trộm cắp, báo cáo kết quả."),
        ):
            petitions.conclusion_record(
                petition=petition, by=leader, outcome=Outcome.ASSIGNED, agency=self.police_org, direction=direction
            )
        petitions.conclusion_record(
            petition=lighting, by=leader, outcome=Outcome.ANSWERED,
            answer="UBND xã đã đưa tuyến đường vào kế hoạch lắp đèn chiếu sáng năm sau bằng nguồn xã hội hóa.",
        )
        # Drafted by the office: it takes effect when the chair approves it.
        petitions.conclusion_record(
            petition=land, by=staff, outcome=Outcome.ASSIGNED, agency=self.land_office,
            direction="Giao công chức Địa chính - Xây dựng rà soát hồ sơ, trả lời bằng văn bản.",
        )

        notice = notices.notice_prepare(conference=day, by=staff)
        notices.notice_update(
            notice=notice, by=staff,
            general_conclusions="Hội nghị diễn ra dân chủ, thẳng thắn; các ý kiến của Nhân dân được tiếp thu đầy đủ.",
        )
        notices.notice_submit(notice=notice, by=staff)
        notices.notice_approve(notice=notice, by=leader)
        notices.notice_issue(notice=notice, by=leader)

        # The police's work on what was assigned to them.
        traffic.refresh_from_db()
        racing.refresh_from_db()
        identity.refresh_from_db()
        petitions.response_submit(
            assignment=traffic.assignments.get(), by=police,
            text="Công an xã đã khảo sát hiện trường, đề xuất UBND xã lắp 02 biển báo và 01 gờ giảm tốc.",
        )
        returned = petitions.response_submit(
            assignment=identity.assignments.get(), by=police, text="Đã tiếp nhận, sẽ bố trí khi có điều kiện.",
        )
        petitions.response_review(
            response=returned, by=staff, accept=False,
            comment="Đề nghị nêu rõ thời gian, địa điểm làm căn cước lưu động ở từng thôn.",
        )
        extended = racing.assignments.get()
        petitions.assignment_acknowledge(assignment=extended, by=police)
        petitions.assignment_extend(
            assignment=extended, by=police, new_date=extended.effective_due_on + dt.timedelta(days=15),
            reason="Cần phối hợp với Công an huyện xác minh, xử lý các đối tượng đua xe.",
        )
        # The citizen answered on the spot finds the answer not enough.
        lighting.refresh_from_db()
        petitions.petition_feedback(petition=lighting, satisfied=False, comment="Đề nghị lắp trước mùa mưa năm nay.")

        # The second conference of the day: one petition answered there, its notice with the leader.
        canal = petitions.petition_capture_at_conference(
            conference=second, by=staff, petitioner_name="Đinh Văn Lực", petitioner_address="Thôn Tân Mỹ",
            field=_field("Nông nghiệp"),
            content="Đề nghị nạo vét kênh mương nội đồng thôn Tân Mỹ trước vụ Hè Thu.",
        )
        conferences.conference_mark_held(conference=second, by=staff)
        petitions.conclusion_record(
            petition=canal, by=leader, outcome=Outcome.ANSWERED,
            answer="UBND xã huy động Nhân dân nạo vét kênh mương trong tháng tới, xã hỗ trợ máy móc.",
        )
        second_notice = notices.notice_prepare(conference=second, by=staff)
        notices.notice_submit(notice=second_notice, by=staff)
