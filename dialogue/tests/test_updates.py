"""Update services name their fields; model_update writes what was given."""

import pytest

from dialogue.testing.factories import OrganizationFactory
from dialogue.updates import UNSET, given, model_update

pytestmark = pytest.mark.django_db


def test_given_keeps_only_what_the_caller_passed():
    assert given(a=1, b=UNSET, c="", d=None) == {"a": 1, "c": "", "d": None}
    assert not UNSET and repr(UNSET) == "UNSET"


def test_model_update_writes_the_listed_fields_and_names_the_changed_ones():
    organization = OrganizationFactory(name="Xã A", place_name="A")
    organization, changed = model_update(
        instance=organization, fields=["name", "place_name"], data={"name": "Xã B", "place_name": "A", "code": "x"}
    )
    organization.refresh_from_db()
    assert changed == ["name"]
    assert organization.name == "Xã B" and organization.code != "x"


def test_model_update_saves_an_instance_a_form_already_changed():
    organization = OrganizationFactory(name="Xã A")
    organization.name = "Xã C"  # as ModelForm.is_valid() leaves it
    model_update(instance=organization, fields=["name"], data={"name": "Xã C"})
    organization.refresh_from_db()
    assert organization.name == "Xã C"
