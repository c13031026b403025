from django.urls import include, path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("tu-ke-hoach/", views.conference_create_from_plan, name="create_from_plan"),
    path("dot-xuat/", views.conference_create_extra, name="create_extra"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/sua/", views.conference_edit, name="edit"),
    path("<int:pk>/xep-lich/", views.conference_schedule, name="schedule"),
    path("<int:pk>/thong-bao/", views.conference_announce, name="announce"),
    path("<int:pk>/huy/", views.conference_cancel, name="cancel"),
    path("<int:pk>/chuyen/<slug:action>/", views.conference_transition, name="transition"),
    path("<int:pk>/danh-sach/<slug:kind>/", views.conference_rows, name="rows"),
    path("", include("conferences.urls_day")),
    path("", include("conferences.urls_invitations")),
    path("", include("conferences.urls_exports")),
]
