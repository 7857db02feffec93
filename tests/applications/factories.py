"""Factories of the applications app: `ApplicationFactory(complete=True)` is an application ready to submit."""

import factory
from django.utils import timezone

from applications.models import Application, ApplicationInitiative, Signatory
from tests.members.factories import UserFactory


class ApplicationInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationInitiative

    application = factory.SubFactory("tests.applications.factories.ApplicationFactory")
    title = "Football league"
    category = "youth"


class ConfirmedSupporterFactory(factory.django.DjangoModelFactory):
    """A supporter who was invited and confirmed; numbered within their application (S0, S1, ...)."""

    class Meta:
        model = Signatory
        exclude = ["number"]

    application = factory.SubFactory("tests.applications.factories.ApplicationFactory")
    number = factory.LazyAttribute(lambda supporter: supporter.application.signatories.count())
    name = factory.LazyAttribute(lambda supporter: f"S{supporter.number}")
    email = factory.LazyAttribute(lambda supporter: f"s{supporter.number}@example.org")
    invited_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.SelfAttribute("invited_at")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with the community named; `complete=True` adds every answer the submit step asks for."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(UserFactory)
    name = "Kisumu"
    community_type = "city"
    country = "KE"

    class Params:
        # What submitting needs: the answers, one initiative and, with the applicant, the five signatories ICP asks
        # for (four supporters who have all confirmed).
        complete = factory.Trait(
            pathway="peace_legacy",
            peace_legacy="Peace caravans since 2008.",
            challenges="Post-election tension.",
            actions="Dialogue circles.",
            vision="A city that talks.",
            mission="Neighbours first.",
            goals="Twelve circles a year.",
            principles_accepted=True,
            initiative=factory.RelatedFactory(ApplicationInitiativeFactory, factory_related_name="application"),
            supporters=factory.RelatedFactoryList(
                ConfirmedSupporterFactory, factory_related_name="application", size=4
            ),
        )
