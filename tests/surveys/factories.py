import datetime

import factory
from django.utils import timezone

from surveys.models import Survey
from surveys.questions import question_set
from surveys.services import survey_answer_submit
from tests.members.factories import CityFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    """This year's survey of a city, open for a month."""

    class Meta:
        model = Survey

    city = factory.SubFactory(CityFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    question_set_version = factory.LazyFunction(lambda: question_set().version)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def answer_survey(survey: Survey, times: int = 1, *, rating: int = 4, open_answer: str = "") -> None:
    """`times` answers to every question with `rating`, through the service the public form uses."""
    for _ in range(times):
        survey_answer_submit(
            survey=survey,
            ratings=dict.fromkeys(question_set().keys, rating),
            open_answer=open_answer,
            language="en",
        )
