import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template

from dialogue.templatetags.html_time import html_datetime


def test_microseconds_are_cut_and_the_time_is_local():
    moment = dt.datetime(2026, 3, 5, 9, 8, 24, 135231, tzinfo=dt.timezone.utc)
    assert html_datetime(moment) == "2026-03-05T16:08:24+07:00"


def test_a_date_and_a_missing_value():
    assert html_datetime(dt.date(2026, 3, 5)) == "2026-03-05"
    assert html_datetime(None) == ""
    assert html_datetime(dt.datetime(2026, 3, 5, 7, 0, 0, 5)) == "2026-03-05T07:00:00"


def test_every_template_has_it_without_loading():
    moment = dt.datetime(2026, 3, 5, 16, 8, 24, 999999, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    html = Template('<time datetime="{{ at|html_datetime }}">').render(Context({"at": moment}))
    assert html == '<time datetime="2026-03-05T16:08:24+07:00">'
