"""A community's yearly survey and its anonymous answers.

An answer holds nothing that points to the person who gave it: no address, no browser, no account, not even the
time of day (the day alone, which the survey's closing needs, is stored). What keeps one browser from answering
twice lives in that browser (a signed cookie, see views.py), and the per-address rate limit lives in the cache for
its window only, under a keyed hash of the address."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import City

from .querysets import SurveyQuerySet
from .questions import SCALE


def new_survey_code() -> str:
    """72 random bits, URL-safe and short enough for a clean QR code: nobody finds a survey by counting."""
    return secrets.token_urlsafe(9)


class Survey(models.Model):
    """A city's community survey of one year: open to anyone with its link until its closing date, its maximum
    number of answers, or its coordinator closing it early."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("city"))
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_survey_code, editable=False)
    question_set_version = models.CharField(_("version of the questions"), max_length=20, editable=False)
    closes_on = models.DateField(_("last day for answers"), null=True, blank=True)
    max_answers = models.PositiveIntegerField(_("maximum number of answers"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed early at"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("community survey")
        verbose_name_plural = _("community surveys")
        ordering = ["-year", "city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year"],
                name="one_survey_per_city_and_year",
                violation_error_message=_("The community already has a survey this year."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=False) | Q(max_answers__isnull=False),
                name="survey_closes_by_date_or_count",
                violation_error_message=_("Give a last day for answers, a maximum number of answers, or both."),
            ),
            models.CheckConstraint(
                condition=Q(max_answers__isnull=True) | Q(max_answers__gte=1),
                name="survey_maximum_answers_positive",
                violation_error_message=_("The maximum number of answers is at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city.name} {self.year}"

    def is_open(self, *, answer_count: int, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.closed_at is None
            and (self.closes_on is None or today <= self.closes_on)
            and (self.max_answers is None or answer_count < self.max_answers)
        )


class SurveyAnswer(models.Model):
    """One person's anonymous answer: the day it came, the language it was given in, and the open answer. Its
    ratings are rows of `SurveyRating`, one per question answered (a question may be skipped)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers", verbose_name=_("survey"))
    # The day, never the time: a time of day could be matched with a server log or a person seen at a poster.
    answered_on = models.DateField(_("answered on"), default=timezone.localdate, editable=False)
    language = models.CharField(_("language"), max_length=8, editable=False)
    open_answer = models.TextField(_("open answer"), max_length=2000, blank=True, editable=False)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyRating(models.Model):
    """One question's rating in an answer, by the question's key in questions.json."""

    answer = models.ForeignKey(SurveyAnswer, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("answer"))
    question = models.CharField(_("question"), max_length=40)
    value = models.PositiveSmallIntegerField(_("rating"))

    class Meta:
        verbose_name = _("survey rating")
        verbose_name_plural = _("survey ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "question"],
                name="one_rating_per_question_and_answer",
                violation_error_message=_("An answer rates each question once."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=min(SCALE)) & Q(value__lte=max(SCALE)),
                name="survey_rating_on_the_scale",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}={self.value}"
