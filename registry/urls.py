from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.register_list, name="list"),
    path("xuat.xlsx", views.register_export, name="export"),
    path("<int:pk>/in/", views.document_print, name="print"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
]
