"""The conclusion notice pages, included by petitions.urls (names in the "petitions" namespace)."""

from django.urls import path

from . import views_notices as views

urlpatterns = [
    path("thong-bao/", views.notice_list, name="notice_list"),
    path("hoi-nghi/<int:conference_pk>/thong-bao/", views.conference_notices, name="conference_notices"),
    path("hoi-nghi/<int:conference_pk>/thong-bao/lap/", views.notice_create, name="notice_create"),
    path("thong-bao/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("thong-bao/<int:pk>/sua/", views.notice_edit, name="notice_edit"),
    path("thong-bao/<int:pk>/du-thao.pdf", views.notice_preview, name="notice_preview"),
    path("thong-bao/<int:pk>/trinh/", views.notice_submit, name="notice_submit"),
    path("thong-bao/<int:pk>/tra-lai/", views.notice_return, name="notice_return"),
    path("thong-bao/<int:pk>/duyet/", views.notice_approve, name="notice_approve"),
    path("thong-bao/<int:pk>/ban-hanh/", views.notice_issue, name="notice_issue"),
    path("thong-bao/<int:pk>/thong-bao.pdf", views.notice_download, name="notice_download"),
]
