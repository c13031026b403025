"""The citizen's pages, included by the project at /tra-cuu/ (no log-in)."""

from django.urls import path

from . import api, public_views

app_name = "petitions_public"

urlpatterns = [
    path("", public_views.lookup, name="lookup"),
    path("dang-ky/<slug:public_code>/", public_views.register, name="register"),
    path("phieu/<str:code>/", public_views.receipt, name="receipt"),
    path("api/v2/requests.json", api.requests_query, name="api_query"),
    path("api/v2/requests/<str:code>.json", api.request_status, name="api_status"),
    path("<str:code>/", public_views.status, name="status"),
    path("<str:code>/y-kien/", public_views.feedback, name="feedback"),
    path("<str:code>/tep/<int:event_id>/", public_views.attachment, name="attachment"),
]
