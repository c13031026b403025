import factory
from django.contrib.auth import get_user_model

from dialogue.models import Membership, Organization, Role


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử {n}")
    code = factory.Sequence(lambda n: f"xa-thu-{n}")
    kind = Organization.Kind.PEOPLES_COMMITTEE
    level = Organization.Level.COMMUNE
    header_parent = "UBND HUYỆN THỬ"
    header_name = factory.Sequence(lambda n: f"ỦY BAN NHÂN DÂN\nXÃ THỬ {n}")
    abbreviation = "UBND"
    place_name = factory.Sequence(lambda n: f"Thử {n}")
    document_format = Organization.DocumentFormat.STATE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn Văn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF


def member(organization, role=Role.STAFF, **user_fields):
    """A new user holding one role in one organisation."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organization=organization, role=role)
    return user
