"""Survey results, only ever in aggregate and only from RESULTS_FLOOR answers on: for the city page, the
coordinator's survey page, the partner API, the yearly reports and the progress page's impact section.

Each function reads a constant number of queries, whatever the number of surveys or answers."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from members.models import City

from .models import Survey, SurveyAnswer, SurveyRating
from .querysets import RESULTS_FLOOR
from .questions import SCALE, Question, question_set


@dataclass
class QuestionResult:
    """One question's distribution (how many answered 1, 2, ... 5), its mean, and the change of the mean since the
    city's previous survey with results (None when there is none)."""

    question: Question
    counts: dict[int, int]
    mean: float | None
    change: float | None = None

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def label(self) -> str:
        return self.question.label

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def distribution(self) -> list[tuple[int, int]]:
        return [(value, self.counts[value]) for value in SCALE]


@dataclass
class SurveyResults:
    """The aggregate of one survey with at least RESULTS_FLOOR answers."""

    survey: Survey
    answers: int
    questions: list[QuestionResult]
    previous_year: int | None = None

    @property
    def city(self) -> City:
        return self.survey.city

    @property
    def year(self) -> int:
        return self.survey.year


@dataclass
class NetworkQuestionAverage:
    question: Question
    mean: float | None
    cities: int


@dataclass
class NetworkSurveyResults:
    """The network's surveys of one year: every answer counted, and the average across cities of each question's
    mean, over the cities whose survey has results (each city counts once, however many answered there)."""

    year: int
    answers: int
    surveys: int
    cities_with_results: int
    questions: list[NetworkQuestionAverage] = field(default_factory=list)


def _mean(counts: dict[int, int]) -> float | None:
    answered = sum(counts.values())
    return round(sum(value * count for value, count in counts.items()) / answered, 2) if answered else None


def _distributions(survey_ids: Iterable[int]) -> dict[int, dict[str, dict[int, int]]]:
    """{survey id: {question key: {value: count}}}, in one query."""
    rows = (
        SurveyRating.objects.filter(answer__survey_id__in=list(survey_ids))
        .values_list("answer__survey_id", "question", "value")
        .annotate(count=Count("id"))
        .order_by()
    )
    distributions: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for survey_id, question, value, count in rows:
        distributions[survey_id][question][value] = count
    return distributions


def _question_results(distribution: dict[str, dict[int, int]]) -> list[QuestionResult]:
    results = []
    for question in question_set().questions:
        counts = {value: distribution.get(question.key, {}).get(value, 0) for value in SCALE}
        results.append(QuestionResult(question=question, counts=counts, mean=_mean(counts)))
    return results


def surveys_results(surveys: Iterable[Survey]) -> dict[int, SurveyResults | None]:
    """{survey id: its results, or None under the floor} for surveys of any cities, with the change of each mean
    since the city's previous survey that had results. Two queries: the cities' surveys with their answer
    counts, then the distributions of those at or above the floor."""
    surveys = list(surveys)
    if not surveys:
        return {}
    every_survey = list(
        Survey.objects.filter(city_id__in={survey.city_id for survey in surveys}).with_answer_count().order_by("year")
    )
    return _results_among(surveys, every_survey)


def _results_among(surveys: list[Survey], every_survey: list[Survey]) -> dict[int, SurveyResults | None]:
    """The results of `surveys`, given every survey of their cities with its answer count (oldest first): one query,
    for the distributions."""
    counted = {survey.pk: survey.answer_count for survey in every_survey}
    published = [survey for survey in every_survey if survey.answer_count >= RESULTS_FLOOR]
    distributions = _distributions(survey.pk for survey in published)
    by_city: dict[int, list[Survey]] = defaultdict(list)
    for survey in published:
        by_city[survey.city_id].append(survey)
    results: dict[int, SurveyResults | None] = {}
    for survey in surveys:
        survey.answer_count = counted.get(survey.pk, 0)
        if survey.answer_count < RESULTS_FLOOR:
            results[survey.pk] = None
            continue
        questions = _question_results(distributions[survey.pk])
        earlier = [other for other in by_city[survey.city_id] if other.year < survey.year]
        previous_year = None
        if earlier:
            previous = earlier[-1]
            previous_year = previous.year
            before = {result.key: result.mean for result in _question_results(distributions[previous.pk])}
            for result in questions:
                if result.mean is not None and before.get(result.key) is not None:
                    result.change = round(result.mean - before[result.key], 2)
        results[survey.pk] = SurveyResults(
            survey=survey, answers=survey.answer_count, questions=questions, previous_year=previous_year
        )
    return results


def survey_results(survey: Survey) -> SurveyResults | None:
    return surveys_results([survey])[survey.pk]


def city_survey_results(*, city: City, year: int | None = None) -> SurveyResults | None:
    """The city's survey results of the year, or of its latest survey that has results; None under the floor or
    without a survey. For the yearly report and the city page: one query, and one more when there are results."""
    every_survey = list(Survey.objects.filter(city=city).with_answer_count().order_by("year"))
    for survey in every_survey:
        survey.city = city  # known already: no query for it
    if year is not None:
        chosen = [survey for survey in every_survey if survey.year == year]
    else:
        chosen = [survey for survey in every_survey if survey.answer_count >= RESULTS_FLOOR][-1:]
    return _results_among(chosen, every_survey)[chosen[0].pk] if chosen else None


def network_survey_results(*, year: int) -> NetworkSurveyResults:
    """The network's surveys of the year: answers everywhere, the cities whose survey has results, and each
    question's average of those cities' means. Two queries."""
    surveys = list(Survey.objects.filter(year=year).with_answer_count())
    published = [survey for survey in surveys if survey.answer_count >= RESULTS_FLOOR]
    distributions = _distributions(survey.pk for survey in published)
    means: dict[str, list[float]] = defaultdict(list)
    for survey in published:
        for result in _question_results(distributions[survey.pk]):
            if result.mean is not None:
                means[result.key].append(result.mean)
    return NetworkSurveyResults(
        year=year,
        answers=sum(survey.answer_count for survey in surveys),
        surveys=len(surveys),
        cities_with_results=len(published),
        questions=[
            NetworkQuestionAverage(
                question=question,
                mean=round(sum(means[question.key]) / len(means[question.key]), 2) if means[question.key] else None,
                cities=len(means[question.key]),
            )
            for question in question_set().questions
        ],
    )


def survey_answer_count(survey: Survey) -> int:
    return SurveyAnswer.objects.filter(survey=survey).count()


def survey_open_answers(survey: Survey) -> list[str]:
    """The open answers, for the city's coordinators and staff only, and only from the floor on (a handful could
    be told apart). In alphabetical order, never in the order they came, which could be matched with who answered
    when."""
    if survey_answer_count(survey) < RESULTS_FLOOR:
        return []
    return list(
        SurveyAnswer.objects.filter(survey=survey)
        .exclude(open_answer="")
        .order_by("open_answer")
        .values_list("open_answer", flat=True)
    )


def surveys_of_city(city: City) -> list[Survey]:
    """The city's surveys, newest first, each with its answer count."""
    return list(Survey.objects.filter(city=city).with_answer_count().order_by("-year"))
