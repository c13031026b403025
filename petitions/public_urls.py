"""The citizen's pages, included by the project at /tra-cuu/ (no log-in)."""

from django.urls import path

from . import public_views

app_name = "petitions_public"

urlpatterns = [
    path("", public_views.lookup, name="lookup"),
    path("dang-ky/<slug:public_code>/", public_views.register, name="register"),
    path("phieu/<str:code>/", public_views.receipt, name="receipt"),
    path("<str:code>/", public_views.status, name="status"),
    path("<str:code>/y-kien/", public_views.feedback, name="feedback"),
    path("<str:code>/tep/<int:event_id>/", public_views.attachment, name="attachment"),
    path("<str:code>/ngung-nhan-thu/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
