"""Invitees and printed invitations, included into conferences.urls (namespace "conferences")."""

from django.urls import path

from . import views_invitations as views

urlpatterns = [
    path("<int:pk>/khach-moi/", views.invitee_list, name="invitees"),
    path("<int:pk>/khach-moi/them/", views.invitee_add, name="invitee_add"),
    path("<int:pk>/khach-moi/<int:invitee_pk>/sua/", views.invitee_edit, name="invitee_edit"),
    path("<int:pk>/khach-moi/<int:invitee_pk>/xoa/", views.invitee_remove, name="invitee_remove"),
    path("<int:pk>/khach-moi/nhap/", views.invitee_import, name="invitee_import"),
    path("<int:pk>/khach-moi/mau.xlsx", views.invitee_template, name="invitee_template"),
    path("<int:pk>/giay-moi/du-thao.pdf", views.invitations_draft_pdf, name="invitations_draft_pdf"),
    path("<int:pk>/giay-moi/phat-hanh/", views.invitations_issue, name="invitations_issue"),
    path("<int:pk>/giay-moi/<int:batch_pk>.pdf", views.invitation_batch_pdf, name="invitation_batch_pdf"),
]
