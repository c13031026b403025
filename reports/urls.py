"""The report pages, included by the project at /bao-cao/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.results_page, name="results"),
    path("so-lieu.xlsx", views.results_export, name="results_export"),
    path("danh-sach/", views.figure_list, name="list"),
    path("danh-sach.xlsx", views.figure_list_export, name="list_export"),
    path("van-ban/", views.document_list, name="documents"),
    path("van-ban/lap/", views.document_create, name="create"),
    path("van-ban/<int:pk>/", views.document_detail, name="detail"),
    path("van-ban/<int:pk>/sua/", views.document_edit, name="edit"),
    path("van-ban/<int:pk>/dem-lai/", views.document_refresh, name="refresh"),
    path("van-ban/<int:pk>/trinh/", views.document_submit, name="submit"),
    path("van-ban/<int:pk>/tra-lai/", views.document_return, name="return"),
    path("van-ban/<int:pk>/duyet/", views.document_approve, name="approve"),
    path("van-ban/<int:pk>/ban-hanh/", views.document_issue, name="issue"),
    path("van-ban/<int:pk>/bao-cao.pdf", views.document_pdf, name="pdf"),
    path("van-ban/<int:pk>/bao-cao.docx", views.document_docx, name="docx"),
    path("van-ban/<int:pk>/so-lieu.xlsx", views.document_xlsx, name="xlsx"),
]
