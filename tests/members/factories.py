"""Factories of the members app: people, their cities and who coordinates which."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils.text import slugify

from members.choices import CommunityType, CoordinatorRole, Pathway
from members.models import City, Coordinator, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook signature
        """Accounts in tests have verified their address, as every real account has before signing in."""
        if create:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Peaceville {n}")
    slug = factory.LazyAttribute(lambda city: slugify(city.name))
    community_type = CommunityType.CITY
    country = "US"
    region = "Ohio"
    population = 24_000
    population_year = 2020
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=6, min_value=-60, max_value=60)
    longitude = factory.Faker("pydecimal", left_digits=3, right_digits=6, min_value=-170, max_value=170)
    pathway = Pathway.PROCLAMATION
    member_since = datetime.date(2015, 9, 21)
    member_number = factory.Sequence(lambda n: n + 1)


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordinator

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    role = CoordinatorRole.LEAD_LIAISON
