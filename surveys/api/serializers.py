"""Survey results as partners read them: the aggregate of one survey (surveys.selectors.SurveyResults)."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from icp_portal.spreadsheets import formula_safe
from members.api.serializers import CityBriefSerializer

from ..questions import SCALE, question_set
from ..selectors import QuestionResult, SurveyResults


class QuestionResultSerializer(serializers.Serializer):
    __doc__ = _("One question's distribution and mean.")

    key = serializers.CharField(help_text=_("The question's key in the agreed question set."))
    label = serializers.SerializerMethodField(help_text=_("Its short English label."))
    counts = serializers.SerializerMethodField(help_text=_("How many answered 1, 2, 3, 4 and 5."))
    answered = serializers.IntegerField(help_text=_("How many answered this question (it may be skipped)."))
    mean = serializers.FloatField(allow_null=True, help_text=_("The mean rating, 1 to 5, to two decimals."))
    change = serializers.FloatField(
        allow_null=True, help_text=_("The change of the mean since `previous_year`; null without one.")
    )

    def get_label(self, result: QuestionResult) -> str:
        return result.question.labels["en"]

    def get_counts(self, result: QuestionResult) -> dict[str, int]:
        return {str(value): count for value, count in result.distribution}


class SurveyResultsSerializer(serializers.Serializer):
    __doc__ = _(
        "A city's community survey of one year, in aggregate; only surveys with at least 10 answers are listed."
    )

    id = serializers.IntegerField(source="survey.pk")
    city = CityBriefSerializer(source="survey.city")
    year = serializers.IntegerField()
    question_set_version = serializers.CharField(source="survey.question_set_version")
    answers = serializers.IntegerField(help_text=_("Answers received."))
    previous_year = serializers.IntegerField(
        allow_null=True, help_text=_("The city's previous survey with results, which `change` compares with.")
    )
    questions = QuestionResultSerializer(many=True)
    updated_at = serializers.DateTimeField(source="survey.updated_at")


def csv_columns() -> list[str]:
    columns = ["id", "city", "city_name", "country", "year", "question_set_version", "answers", "previous_year"]
    for key in question_set().keys:
        columns += [f"{key}_mean", f"{key}_change", *(f"{key}_{value}" for value in SCALE)]
    return columns


def _blank(value) -> object:
    return "" if value is None else value


def csv_lines(results: Iterable[SurveyResults]) -> Iterator[str]:
    """A header line, then one line per survey; a city's name never runs as a spreadsheet formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_columns())
    for result in results:
        survey = result.survey
        row = [
            survey.pk,
            survey.city.slug,
            formula_safe(survey.city.name),
            str(survey.city.country),
            result.year,
            survey.question_set_version,
            result.answers,
            _blank(result.previous_year),
        ]
        for question in result.questions:
            row += [_blank(question.mean), _blank(question.change), *(count for _value, count in question.distribution)]
        writer.writerow(row)
    yield buffer.getvalue()
