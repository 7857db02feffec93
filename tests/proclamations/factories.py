"""Factories of the proclamations app."""

import datetime

import factory

from proclamations.choices import ProclamationKind
from proclamations.models import Proclamation
from tests.members.factories import CityFactory


class ProclamationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proclamation

    city = factory.SubFactory(CityFactory)
    kind = ProclamationKind.MAYORAL_PROCLAMATION
    title = factory.LazyAttribute(lambda p: f"Proclamation of {p.city.name} as a City of Peace")
    issuing_body = "Office of the Mayor"
    adopted_on = datetime.date(2015, 9, 21)
    summary = "The mayor proclaims the city a City of Peace on the International Day of Peace."
