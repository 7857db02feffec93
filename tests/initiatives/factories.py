"""Factories of the initiatives app."""

import datetime

import factory
from django.utils.text import slugify

from initiatives.choices import InitiativeCategory, InitiativeStatus
from initiatives.models import Initiative
from tests.members.factories import CityFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Youth peace circle {n}")
    slug = factory.LazyAttribute(lambda initiative: slugify(initiative.title))
    category = InitiativeCategory.YOUTH
    status = InitiativeStatus.ACTIVE
    start_date = datetime.date(2019, 3, 1)
    description = "Weekly circles where teenagers learn mediation from trained volunteers."
