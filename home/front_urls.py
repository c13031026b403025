"""The public archive of answered petitions, included by the project at /cong-khai/ (no log-in).
The front door itself is the site root (home.views.root)."""

from django.urls import path

from . import views_front

app_name = "front"

urlpatterns = [
    path("don-vi/<slug:code>/tra-loi/", views_front.archive, name="archive"),
]
