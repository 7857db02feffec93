"""Community surveys for a few demo cities: three, two and one years of results above the floor, and one survey of
this year still under it, so the city pages, the survey page, the API and the progress page all have something to
show. Deterministic: each city's answers are drawn from a generator seeded by its slug."""

import random
from datetime import date, timedelta

from django.utils import timezone

from members.choices import MembershipStatus
from members.models import City
from surveys.models import Survey, SurveyAnswer, SurveyRating
from surveys.querysets import RESULTS_FLOOR
from surveys.questions import question_set

# Per demo city, in order: (years back from this one, answers) of each of its surveys.
DEMO_SURVEYS = [
    [(2, 34), (1, 41), (0, 52)],
    [(1, 18), (0, 23)],
    [(0, 27)],
    [(0, RESULTS_FLOOR - 4)],
]
OPEN_ANSWERS = [
    "More places where young people of different backgrounds meet.",
    "Mediation training in every school.",
    "A yearly peace festival in the main square.",
    "Better street lighting near the market.",
    "Neighbours getting to know each other: street dinners.",
    "Listening circles between the police and residents.",
    "A community centre open in the evenings.",
    "Help for newcomers to learn the language and meet people.",
    "Sports clubs that mix neighbourhoods.",
    "Someone to call when a dispute with a neighbour starts.",
    "Fewer empty shops in the centre.",
    "More benches and shade in the parks.",
    *[""] * 14,  # most people leave the open question empty
]


def seed_demo_surveys(cities: list[City]) -> int:
    """Surveys for the first active cities given (new rows of this seeding, so a second run adds none); the number
    of answers made."""
    today = timezone.localdate()
    chosen = [city for city in cities if city.status == MembershipStatus.ACTIVE][: len(DEMO_SURVEYS)]
    keys = question_set().keys
    answers: list[SurveyAnswer] = []
    ratings: list[tuple[SurveyAnswer, str, int]] = []
    for city, surveys in zip(chosen, DEMO_SURVEYS, strict=False):
        rng = random.Random(f"survey-{city.slug}")
        base = {key: rng.uniform(2.6, 3.6) for key in keys}
        for years_back, count in surveys:
            year = today.year - years_back
            survey = Survey.objects.create(
                city=city,
                year=year,
                question_set_version=question_set().version,
                closes_on=today + timedelta(days=30) if years_back == 0 else date(year, 6, 30),
                max_answers=None,
            )
            for _ in range(count):
                answer = SurveyAnswer(
                    survey=survey,
                    answered_on=min(today, date(year, 5, 1) + timedelta(days=rng.randrange(60))),
                    language="en",
                    open_answer=rng.choice(OPEN_ANSWERS),
                )
                answers.append(answer)
                for key in keys:
                    if rng.random() < 0.95:  # some skip a question
                        # Cities get a little more peaceful each year they ask.
                        value = round(rng.gauss(base[key] + 0.25 * (2 - years_back), 0.9))
                        ratings.append((answer, key, min(5, max(1, value))))
    SurveyAnswer.objects.bulk_create(answers)
    SurveyRating.objects.bulk_create(
        SurveyRating(answer=answer, question=key, value=value) for answer, key, value in ratings
    )
    return len(answers)
