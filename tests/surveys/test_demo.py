"""The demo network's community surveys."""

import pytest

from demo.network import seed_demo_network
from surveys.models import Survey, SurveyAnswer
from surveys.querysets import RESULTS_FLOOR
from surveys.selectors import surveys_results

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_a_few_cities_years_of_surveys_above_the_floor_and_one_below():
    seed_demo_network(cities=30, seed=7)
    surveys = list(Survey.objects.select_related("city"))
    results = surveys_results(surveys)
    assert len({survey.city_id for survey in surveys}) == 4
    assert len({survey.year for survey in surveys}) == 3
    assert sum(result is not None for result in results.values()) == len(surveys) - 1
    assert sum(survey.answer_count < RESULTS_FLOOR for survey in surveys) == 1
    assert any(result and result.previous_year for result in results.values())
    answers = SurveyAnswer.objects.count()
    seed_demo_network(cities=30, seed=7)  # idempotent
    assert (Survey.objects.count(), SurveyAnswer.objects.count()) == (len(surveys), answers)
