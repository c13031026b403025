from django.urls import path

from . import views

app_name = "deadlines"

# The deadline engine: the bell, notifications, preferences, one deadline.
urlpatterns: list = [
    path("chuong/", views.bell, name="bell"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", views.notification_read, name="read_all"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="read"),
    path("tuy-chon/", views.preferences, name="preferences"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/da-xong/", views.mark_done, name="mark_done"),
]

# The leader's dashboard and the list behind each of its numbers.
from . import views_dashboard  # noqa: E402

urlpatterns += [
    path("tong-quan/", views_dashboard.dashboard_view, name="dashboard"),
    path("tong-quan/danh-sach/", views_dashboard.dashboard_list, name="dashboard_list"),
    path("tong-quan/danh-sach.xlsx", views_dashboard.dashboard_list_export, name="dashboard_list_export"),
]
