"""The petitions lists as Excel files, included into petitions.urls (namespace "petitions")."""

from django.urls import path

from . import views_exports

urlpatterns = [
    path("xuat.xlsx", views_exports.petition_list_export, name="export"),
    path("tra-loi-cong-khai.xlsx", views_exports.published_answers_export, name="answers_export"),
]
