from django.urls import path

app_name = "deadlines"

urlpatterns: list = []

# The leader's dashboard and the list behind each of its numbers.
from . import views_dashboard  # noqa: E402

urlpatterns += [
    path("tong-quan/", views_dashboard.dashboard_view, name="dashboard"),
    path("tong-quan/danh-sach/", views_dashboard.dashboard_list, name="dashboard_list"),
]
