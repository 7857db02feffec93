"""The coordinator's survey page (open, follow, close, the poster's QR code) and the public, anonymous form."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import City
from members.selectors import city_coordinated_by

from .forms import SurveyAnswerForm, SurveyOpenForm
from .models import Survey
from .qr import QR_FORMATS, survey_qr_code
from .querysets import RESULTS_FLOOR
from .questions import question_set
from .selectors import survey_answer_count, survey_open_answers, surveys_of_city, surveys_results
from .services import SurveyClosed, survey_answer_submit, survey_close, survey_open
from .throttling import survey_answer_allowed

# What new_survey_code() makes, with room to spare: anything else is unknown without asking the database.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")
# One answer per browser: a signed cookie the browser keeps, rather than anything the portal stores. Storing an
# address or a fingerprint beside the answers would undo their anonymity, and would also turn away the second
# person of a household, library or school sharing one address. A cookie can be cleared, so this keeps honest
# people from answering twice by mistake; the per-address rate limit bounds the rest.
ANSWERED_COOKIE_SALT = "surveys.answered"
ANSWERED_COOKIE_AGE = 400 * 24 * 3600  # beyond the survey's year: browsers cap cookies at 400 days
YEARS = range(2000, 10000)


def survey_public_url(survey: Survey) -> str:
    """The address on the poster, without a language prefix, so each visitor gets the form in their own language."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.PORTAL_BASE_URL + reverse("surveys:answer", kwargs={"code": survey.code})


def _readable_city(request: HttpRequest, slug: str) -> City:
    """The city, for its coordinators and for staff who may view member records; 404 for anyone else."""
    if request.user.is_staff and request.user.has_perm("members.view_city"):
        return get_object_or_404(City, slug=slug)
    return city_coordinated_by(request.user, slug)


def _survey_of(city: City, year: int) -> Survey:
    if year not in YEARS:
        raise Http404
    return get_object_or_404(Survey.objects.select_related("city"), city=city, year=year)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_manage(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        city = city_coordinated_by(request.user, slug)  # staff read the page; only coordinators open a survey
        form = SurveyOpenForm(request.POST)
        if form.is_valid():
            try:
                survey_open(city=city, opened_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The survey is open: print its poster and share its link."))
                return redirect("surveys:manage", slug=city.slug)
    else:
        city = _readable_city(request, slug)
        form = SurveyOpenForm()
    surveys = surveys_of_city(city)
    results = surveys_results(surveys)
    this_year = timezone.localdate().year
    current = next((survey for survey in surveys if survey.year == this_year), None)
    is_coordinator = city.coordinators.filter(user=request.user).exists()
    context = {
        "city": city,
        "current": current,
        "current_open": current is not None and current.is_open(answer_count=current.answer_count),
        "current_results": results.get(current.pk) if current else None,
        "open_answers": survey_open_answers(current) if current else [],
        "public_url": survey_public_url(current) if current else "",
        "more_needed": max(0, RESULTS_FLOOR - current.answer_count) if current else RESULTS_FLOOR,
        "past": [(survey, results[survey.pk]) for survey in surveys if survey is not current],
        "form": form if is_coordinator and (current is None or form.errors) else None,
        "may_manage": is_coordinator,
        "floor": RESULTS_FLOOR,
        "questions": question_set(),
    }
    return render(request, "surveys/manage.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def survey_close_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    survey = _survey_of(city_coordinated_by(request.user, slug), year)
    survey_close(survey=survey)
    messages.success(request, _("The survey is closed: it takes no more answers."))
    return redirect("surveys:manage", slug=slug)


@login_required
@require_GET
def survey_qr(request: HttpRequest, slug: str, year: int, image_format: str) -> HttpResponse:
    if image_format not in QR_FORMATS:
        raise Http404
    survey = _survey_of(_readable_city(request, slug), year)
    response = HttpResponse(survey_qr_code(survey_public_url(survey), image_format), QR_FORMATS[image_format])
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.city.slug}-{year}.{image_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _public_survey(code: str) -> Survey:
    if not CODE_PATTERN.fullmatch(code):
        raise Http404
    return get_object_or_404(Survey.objects.select_related("city"), code=code)


def _cookie_name(survey: Survey) -> str:
    return f"survey-{survey.code}"


def _has_answered(request: HttpRequest, survey: Survey) -> bool:
    try:
        return request.get_signed_cookie(_cookie_name(survey), salt=ANSWERED_COOKIE_SALT) == survey.code
    except (KeyError, BadSignature):
        return False


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, code: str) -> HttpResponse:
    survey = _public_survey(code)
    context = {"survey": survey, "city": survey.city}
    if _has_answered(request, survey):
        return render(request, "surveys/answered.html", context)
    if not survey.is_open(answer_count=survey_answer_count(survey)):
        return render(request, "surveys/closed.html", context)
    if request.method != "POST":
        return render(request, "surveys/answer.html", context | {"form": SurveyAnswerForm()})
    form = SurveyAnswerForm(request.POST)
    if not survey_answer_allowed(request):
        context |= {"form": form, "too_many": True}
        return render(request, "surveys/answer.html", context, status=429)
    if form.is_bot:
        return redirect("surveys:thanks", code=survey.code)  # told nothing: a bot learns no new trick
    if not form.is_valid():
        return render(request, "surveys/answer.html", context | {"form": form}, status=400)
    try:
        survey_answer_submit(
            survey=survey,
            ratings=form.ratings(),
            open_answer=form.cleaned_data["open_answer"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except SurveyClosed:
        return render(request, "surveys/closed.html", context)
    response = redirect("surveys:thanks", code=survey.code)
    response.set_signed_cookie(
        _cookie_name(survey),
        survey.code,
        salt=ANSWERED_COOKIE_SALT,
        max_age=ANSWERED_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_GET
def survey_thanks(request: HttpRequest, code: str) -> HttpResponse:
    survey = _public_survey(code)
    return render(request, "surveys/thanks.html", {"survey": survey, "city": survey.city})
