from django.urls import path

from . import views, views_editor, views_import, views_issue

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("xuat.xlsx", views.plan_list_export, name="export"),
    path("moi/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views_editor.plan_edit, name="edit"),
    path("<int:pk>/sua/luu/", views_editor.plan_outline_save, name="outline_save"),
    path("<int:pk>/xem-truoc/", views.plan_preview, name="preview"),
    path("<int:pk>/in/", views.plan_print, name="print"),
    path("<int:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("<int:pk>/word/", views.plan_docx, name="docx"),
    path("<int:pk>/chuyen/<slug:action>/", views.plan_transition, name="transition"),
    path("<int:pk>/ban-hanh/", views_issue.plan_issue_confirm, name="issue"),
    path("<int:pk>/thay-nam/", views_issue.plan_replace_year, name="replace_year"),
    path("<int:pk>/da-ban-hanh-ngoai/", views_issue.plan_issued_elsewhere, name="issued_elsewhere"),
    path("<int:pk>/dau-trang/", views.plan_header, name="header"),
    path("<int:pk>/<slug:key>/<int:parent_id>/them/", views.row_add, name="row_add"),
    path("<int:pk>/<slug:key>/<int:parent_id>/sap-xep/", views.rows_reorder, name="reorder"),
    path("<int:pk>/<slug:key>/dong/<int:row_id>/", views.row_save, name="row_save"),
    path("<int:pk>/<slug:key>/dong/<int:row_id>/xoa/", views.row_delete, name="row_delete"),
    # Import from Word: the report of an imported plan and its actions.
    path("<int:pk>/nhap-tu-word/", views_import.import_report, name="import_report"),
    path("<int:pk>/nhap-tu-word/doan/<int:order>/", views_import.import_paragraph, name="import_paragraph"),
    path("<int:pk>/nhap-tu-word/co-quan/", views_import.import_issuer, name="import_issuer"),
]
