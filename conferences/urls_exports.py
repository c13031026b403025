"""The conference lists as Excel files, included into conferences.urls (namespace "conferences")."""

from django.urls import path

from . import views_exports

urlpatterns = [
    path("xuat.xlsx", views_exports.conference_list_export, name="export"),
    path("<int:pk>/khach-moi/xuat.xlsx", views_exports.invitee_export, name="invitee_export"),
    path("<int:pk>/diem-danh.xlsx", views_exports.attendance_export, name="attendance_export"),
]
