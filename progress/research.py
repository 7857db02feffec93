"""Open data for research partners: for each year, one row per member city with a published yearly report or
community survey results that year, and the data dictionary that says what every column holds.

The same rows are a CSV download on `/progress/research/` and an answer of the partner API (`/api/v1/research/`).
Only what is already public goes in: accepted reports, and survey aggregates from the answer floor on (never an
open answer, never a single person's ratings)."""

import csv
import io
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from icp_portal.spreadsheets import formula_safe
from reports.choices import STANDARD_FIGURES
from reports.models import Report
from surveys.models import Survey
from surveys.questions import question_set
from surveys.selectors import surveys_results


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, integer, decimal or date: what a statistics package should read the column as
    description: str | Promise


def research_columns() -> list[Column]:
    """Every column of a year's file, in order: the city, its report's figures, then each survey question."""
    columns = [
        Column("year", "integer", _("The year the report and the survey are of.")),
        Column("city", "text", _("The city's identifier on the portal (its slug): the same in every year's file.")),
        Column("city_name", "text", _("The city's name.")),
        Column("country", "text", _("The country, as its ISO 3166-1 alpha-2 code.")),
        Column("member_number", "integer", _("The city's running number in the network.")),
        Column("member_since", "date", _("The day the city became a City of Peace (YYYY-MM-DD).")),
        Column("report_published", "integer", _("1 when the city's report of the year is published, else 0.")),
    ]
    for name in STANDARD_FIGURES:
        label = Report._meta.get_field(name).verbose_name
        columns.append(Column(name, "integer", _("From the report: %(figure)s in the year.") % {"figure": label}))
    columns += [
        Column("local_indicators", "text", _("The report's local indicators: name: value unit (source, year); …")),
        Column("survey_answers", "integer", _("Answers to the city's community survey of the year.")),
    ]
    for question in question_set().questions:
        columns += [
            Column(
                f"{question.key}_mean",
                "decimal",
                _("Survey: mean answer to “%(question)s”, from 1 (strongly disagree) to 5 (strongly agree).")
                % {"question": question.text},
            ),
            Column(
                f"{question.key}_change",
                "decimal",
                _("Survey: change of that mean since the city's previous survey with results (empty when none)."),
            ),
        ]
    return columns


def research_years() -> list[dict]:
    """The years with published reports or survey results, newest first, with how many of each. Two queries."""
    reports = dict(Report.objects.published().order_by().values_list("year").annotate(count=Count("id")))
    surveys = Counter(Survey.objects.with_results().values_list("year", flat=True))
    return [
        {"year": year, "reports": reports.get(year, 0), "survey_results": surveys.get(year, 0)}
        for year in sorted(set(reports) | set(surveys), reverse=True)
    ]


def research_year_exists(year: int) -> bool:
    return Report.objects.published().of_year(year).exists() or Survey.objects.with_results().filter(year=year).exists()


def research_rows(year: int) -> list[list]:
    """The year's rows, in the columns' order, by city name: a city appears when it has a published report or
    survey results that year. A constant number of queries, however many cities."""
    reports = {
        report.city_id: report
        for report in Report.objects.published().of_year(year).select_related("city").prefetch_related("indicators")
    }
    surveys = list(Survey.objects.filter(year=year).select_related("city").with_answer_count())
    results = {result.city.pk: result for result in surveys_results(surveys).values() if result is not None}
    cities = {report.city_id: report.city for report in reports.values()}
    cities.update({city_id: result.city for city_id, result in results.items()})
    questions = question_set().questions
    rows = []
    for city in sorted(cities.values(), key=lambda city: (city.name.casefold(), city.pk)):
        report, result = reports.get(city.pk), results.get(city.pk)
        row = [year, city.slug, city.name, city.country.code, city.member_number, city.member_since.isoformat()]
        row.append(1 if report else 0)
        row += [_blank(getattr(report, name)) if report else "" for name in STANDARD_FIGURES]
        row.append(_indicators(report) if report else "")
        row.append(result.answers if result else "")
        by_key = {question_result.key: question_result for question_result in result.questions} if result else {}
        for question in questions:
            answered = by_key.get(question.key)
            row += [_blank(answered.mean) if answered else "", _blank(answered.change) if answered else ""]
        rows.append(row)
    return rows


def research_csv(year: int) -> str:
    """The year's file: a header of column names, then `research_rows`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(column.name for column in research_columns())
    for row in research_rows(year):
        writer.writerow(formula_safe(value) if isinstance(value, str) else value for value in row)
    return buffer.getvalue()


def dictionary_csv() -> str:
    """The data dictionary: each column's name, kind and meaning, in the active language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["column", "type", "description"])
    for column in research_columns():
        writer.writerow([column.name, column.kind, str(column.description)])
    return buffer.getvalue()


def _blank(value) -> object:
    return "" if value is None else value


def _indicators(report: Report) -> str:
    return "; ".join(indicator.as_text() for indicator in report.indicators.all())
