"""Opening, closing and answering a community survey."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import City

from .models import Survey, SurveyAnswer, SurveyRating
from .questions import SCALE, question_set


class SurveyClosed(Exception):
    """The survey takes no more answers: past its last day, full, or closed early."""


@transaction.atomic
def survey_open(*, city: City, opened_by, closes_on: date | None, max_answers: int | None) -> Survey:
    """This year's survey of the city, with the questions of today's question set."""
    if closes_on is None and max_answers is None:
        raise ValidationError(_("Give a last day for answers, a maximum number of answers, or both."))
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The last day for answers cannot be in the past.")})
    try:
        with transaction.atomic():
            return Survey.objects.create(
                city=city,
                year=timezone.localdate().year,
                question_set_version=question_set().version,
                closes_on=closes_on,
                max_answers=max_answers,
                opened_by=opened_by,
            )
    except IntegrityError as error:
        raise ValidationError(_("The community already has a survey this year.")) from error


def survey_close(*, survey: Survey) -> Survey:
    """Closes the survey now; closing a closed survey changes nothing."""
    Survey.objects.filter(pk=survey.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(), updated_at=timezone.now()
    )
    survey.refresh_from_db(fields=["closed_at", "updated_at"])
    return survey


@transaction.atomic
def survey_answer_submit(*, survey: Survey, ratings: dict[str, int | None], open_answer: str, language: str):
    """Records one anonymous answer: the ratings given (a question may be skipped) and the open answer.

    The survey's row is locked while its answers are counted, so two answers at once never pass its maximum."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if not locked.is_open(answer_count=locked.answers.count()):
        raise SurveyClosed
    keys = set(question_set().keys)
    answer = SurveyAnswer.objects.create(survey=locked, language=language, open_answer=open_answer.strip())
    SurveyRating.objects.bulk_create(
        SurveyRating(answer=answer, question=key, value=value)
        for key, value in ratings.items()
        if key in keys and value in SCALE
    )
    # The survey's updated_at moves with each answer: the API's page of results changes with it.
    Survey.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return answer
