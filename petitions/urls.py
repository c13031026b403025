"""Staff pages and the agency inbox, included by the project at /kien-nghi/."""

from django.urls import include, path

from . import views, views_bulk, views_publication

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("moi/", views.petition_new, name="new"),
    path("giao-hang-loat/", views.bulk_assign, name="bulk_assign"),
    path("duyet-ket-luan-hang-loat/", views_bulk.bulk_conclusions, name="bulk_conclusions"),
    path("nhap-mttq/", views.front_import, name="front_import"),
    path("linh-vuc/", views.field_list, name="fields"),
    path("nhap-mttq/mau.xlsx", views.front_import_template, name="front_import_template"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/sua/", views.petition_edit, name="edit"),
    path("<int:pk>/ket-luan/", views.petition_conclude, name="conclude"),
    path("<int:pk>/gop/", views.petition_group, name="group"),
    path("<int:pk>/tach/", views.petition_ungroup, name="ungroup"),
    path("<int:pk>/phieu/", views.petition_receipt, name="receipt"),
    path("ket-luan/<int:pk>/duyet/", views.conclusion_approve, name="conclusion_approve"),
    path("ket-luan/<int:pk>/tra-lai/", views_bulk.conclusion_return, name="conclusion_return"),
    path("tra-loi/<int:pk>/duyet/", views.response_review, name="response_review"),
    path("tra-loi/<int:pk>/tep/", views.response_file, name="response_file"),
    path("giao/<int:pk>/chuyen/", views.assignment_transfer, name="transfer"),
    path("co-quan/", views.inbox, name="inbox"),
    path("co-quan/tiep-nhan-hang-loat/", views_bulk.bulk_acknowledge, name="bulk_acknowledge"),
    path("co-quan/<int:pk>/", views.assignment_detail, name="assignment"),
    path("co-quan/<int:pk>/tiep-nhan/", views.assignment_acknowledge, name="acknowledge"),
    path("co-quan/<int:pk>/gia-han/", views.assignment_extend, name="extend"),
    path("co-quan/<int:pk>/tra-loi/", views.assignment_respond, name="respond"),
    path("", include("petitions.urls_notices")),
    path("hoi-nghi/<int:conference_pk>/cong-bo/", views_publication.answer_publication, name="answer_publication"),
    path("hoi-nghi/<int:conference_pk>/cong-bo/cach/", views_publication.answer_policy, name="answer_policy"),
    path("hoi-nghi/<int:conference_pk>/cong-bo/phat-hanh/", views_publication.answer_release, name="answer_release"),
    path("", include("petitions.urls_exports")),
]
