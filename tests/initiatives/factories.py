"""Factories of the initiatives app."""

import datetime

import factory
from django.utils.text import slugify

from initiatives.choices import InitiativeCategory, InitiativeStatus, PartnershipStatus
from initiatives.models import Initiative, InitiativePartner
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


class InitiativePartnerFactory(factory.django.DjangoModelFactory):
    """A partner city of an initiative; `accepted=True` for one that accepted (a joint project)."""

    class Meta:
        model = InitiativePartner

    class Params:
        accepted = factory.Trait(status=PartnershipStatus.ACCEPTED, accepted_on=datetime.date(2024, 5, 1))

    initiative = factory.SubFactory(InitiativeFactory)
    city = factory.SubFactory(CityFactory)
    status = PartnershipStatus.INVITED
