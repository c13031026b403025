"""Every record users edit has a change history administrators can open."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

# Rows that are themselves history (transitions, events) or technical bookkeeping.
NOT_DOMAIN = {
    "WorkerHeartbeat",
    "PlanTransition",
    "ConferenceTransition",
    "NoticeTransition",
    "PetitionEvent",
    "CitizenMessage",
    "SessionAction",
    "SubmittedForm",
    "ExportJob",
    "ReportTransition",
}


def domain_models():
    for label in ("dialogue", "plans", "conferences", "petitions", "open311", "reports"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical") and model.__name__ not in NOT_DOMAIN:
                yield model


@pytest.mark.parametrize("model", list(domain_models()), ids=lambda m: m.__name__)
def test_domain_model_keeps_history_and_shows_it_in_the_admin(model):
    assert hasattr(model, "history"), f"{model.__name__} keeps no change history"
    assert model in admin.site._registry, f"{model.__name__} is not in the admin"
    assert hasattr(admin.site._registry[model], "history_view")


@pytest.mark.django_db
def test_the_history_page_opens_for_a_plan_row(admin_client):
    from plans.tests.factories import complete_plan

    session = complete_plan().sessions.get()
    session.venue = "Nhà văn hóa thôn 3"
    session.save()
    opts = session._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[session.pk]))
    assert response.status_code == 200
    assert session.history.count() == 2
