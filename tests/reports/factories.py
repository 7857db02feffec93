import datetime

import factory
from django.utils import timezone

from reports.choices import ReportStatus
from reports.models import Report, ReportIndicator
from tests.members.factories import CityFactory


def member_since_for_open_window(today: datetime.date | None = None, years: int = 3) -> datetime.date:
    """A membership date whose anniversary is today: the city's report window of this year is open."""
    today = today or timezone.localdate()
    return datetime.date(today.year - years, today.month, min(today.day, 28))


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft report of this year, for a city whose window is open today; `complete=True` fills every answer a
    submission needs."""

    class Meta:
        model = Report

    city = factory.SubFactory(CityFactory, member_since=factory.LazyFunction(member_since_for_open_window))
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    status = ReportStatus.DRAFT

    class Params:
        complete = factory.Trait(
            activities="Peace circles in four schools and a festival in the old market.",
            events_held=12,
            participants=640,
            volunteers=35,
            partner_organisations=8,
            people_reached=4200,
            hours_volunteered=900,
            story="The traders who quarrelled over the market now run the festival together.",
            plans="A mediation desk at the town hall.",
        )
        published = factory.Trait(
            complete=True,
            status=ReportStatus.ACCEPTED,
            submitted_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
        )


class ReportIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportIndicator

    report = factory.SubFactory(ReportFactory)
    name = "Conflicts settled by mediation"
    value = 31
    unit = "cases"
    source = "Community mediation centre"
    year = 2025
