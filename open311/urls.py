"""GeoReport v2, included by the project under the public look-up's /tra-cuu/api/v2/."""

from django.urls import path, register_converter

from . import views
from .formats import FormatConverter

register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns = [
    path("services.<fmt:format>", views.services_list, name="services"),
    path("services/<str:service_code>.<fmt:format>", views.service_definition, name="service"),
    path("requests.<fmt:format>", views.requests, name="requests"),
    path("requests/<str:code>.<fmt:format>", views.request_detail, name="request"),
]
