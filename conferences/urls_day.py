"""The day's pages, included at the end of conferences/urls.py (same namespace)."""

from django.urls import path

from . import views_day

urlpatterns = [
    path("<int:pk>/ngay-hoi-nghi/", views_day.day, name="day"),
    path("<int:pk>/ngay-hoi-nghi/diem-danh/", views_day.check_in, name="day_check_in"),
    path("<int:pk>/ngay-hoi-nghi/diem-danh/<int:attendance_id>/xoa/", views_day.check_in_remove, name="day_check_in_remove"),
    path("<int:pk>/ngay-hoi-nghi/dem-tai-cua/", views_day.door, name="day_door"),
    path("<int:pk>/ngay-hoi-nghi/phat-bieu/", views_day.speech_add, name="day_speech_add"),
    path("<int:pk>/ngay-hoi-nghi/phat-bieu/thu-tu/", views_day.speech_reorder, name="day_speech_reorder"),
    path("<int:pk>/ngay-hoi-nghi/dang-ky-truoc/<int:petition_id>/", views_day.registrant_call, name="day_registrant"),
    path("<int:pk>/ngay-hoi-nghi/phat-bieu/<int:speech_id>/<slug:action>/", views_day.speech_action, name="day_speech"),
    path("<int:pk>/bien-ban/", views_day.minutes, name="minutes"),
    path("<int:pk>/bien-ban/lap/", views_day.minutes_draft, name="minutes_draft"),
    path("<int:pk>/bien-ban/duyet/", views_day.minutes_approve, name="minutes_approve"),
    path("<int:pk>/bien-ban.pdf", views_day.minutes_pdf, name="minutes_pdf"),
]
