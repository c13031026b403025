"""Public portal, included by the project at /cong-khai/ (no log-in)."""

from django.urls import path

from . import public_views

app_name = "conferences_public"

urlpatterns = [
    path("hoi-nghi/", public_views.index, name="index"),
    path("don-vi/<slug:code>/hoi-nghi/", public_views.organization_conferences, name="organization"),
    path("don-vi/<slug:code>/hoi-nghi.ics", public_views.organization_ics, name="organization_ics"),
    path("hoi-nghi/<slug:public_code>/", public_views.conference_page, name="detail"),
    path("hoi-nghi/<slug:public_code>.ics", public_views.conference_ics, name="detail_ics"),
]
