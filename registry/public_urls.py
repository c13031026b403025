from django.urls import path

from . import public_views

app_name = "verify"

urlpatterns = [
    path("", public_views.verify_start, name="start"),
    path("<str:code>/", public_views.verify_detail, name="detail"),
    path("<str:code>/pdf/", public_views.verify_pdf, name="pdf"),
    path("<str:code>/giay-moi/<str:token>/", public_views.verify_holder, name="holder"),
]
