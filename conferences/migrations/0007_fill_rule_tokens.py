"""Conferences made from a plan before the plan's [[code]] tokens were filled in
kept them in their content, audience, agenda and groups, and showed them on the
public page and in the .ics feed: fill them in with the plan's time limits."""

from django.db import migrations


def fill(apps, schema_editor):
    from plans.models import fill_rule_tokens

    Conference = apps.get_model("conferences", "Conference")
    DeadlineRule = apps.get_model("plans", "DeadlineRule")
    AgendaItem = apps.get_model("conferences", "ConferenceAgendaItem")
    Group = apps.get_model("conferences", "ConferenceGroup")

    def phrases(plan_id):
        out = {}
        for rule in DeadlineRule.objects.filter(plan_id=plan_id):
            unit = "ngày làm việc" if rule.day_type == "working" else "ngày"
            out[rule.code] = f"{abs(rule.offset_days):02d} {unit}"
        return out

    cache = {}

    def rules(plan_id):
        if plan_id not in cache:
            cache[plan_id] = phrases(plan_id) if plan_id else {}
        return cache[plan_id]

    for conference in Conference.objects.filter(content__contains="[[") | Conference.objects.filter(
        audience__contains="[["
    ):
        known = rules(conference.plan_id)
        conference.content = fill_rule_tokens(conference.content, known)
        conference.audience = fill_rule_tokens(conference.audience, known)
        # The public feed's SEQUENCE: calendars that imported the event take the new text.
        conference.revision += 1
        conference.save(update_fields=["content", "audience", "revision"])
    for model in (AgendaItem, Group):
        for row in model.objects.filter(text__contains="[[").select_related("conference"):
            row.text = fill_rule_tokens(row.text, rules(row.conference.plan_id))
            row.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0006_invitee_updated_at"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
