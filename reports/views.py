"""The coordinators' report page (the form, or the report as sent), and the published reports' public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from icp_portal.images import image_type
from icp_portal.uploads import protected_download
from members.models import City
from members.selectors import city_coordinated_by
from surveys.selectors import city_survey_results

from . import rules
from .choices import STANDARD_FIGURES
from .forms import ReportEditor
from .models import Report, ReportPhoto
from .rules import TransitionRefused
from .selectors import published_report, report_prefill
from .services import report_send, report_start, report_submission_errors

YEARS = range(2010, 2101)


@login_required
def report_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The city's report of `year`: the form while its coordinators may change it, else the report as sent."""
    city = city_coordinated_by(request.user, slug)
    if year not in YEARS:
        raise Http404
    today = timezone.localdate()
    report = Report.objects.filter(city=city, year=year).select_related("city").first()
    if report is None and not rules.may_start(city, year, today):
        raise Http404
    if report is not None and not report.is_editable:
        return render(request, "reports/report_sent.html", {"report": report, "city": city})
    if request.method != "POST":
        editor = ReportEditor(report or Report(city=city, year=year))
        if report is None:
            editor.form.initial.update(report_prefill(city, year))
        return _render_form(request, editor)

    report = report or report_start(city=city, year=year, user=request.user, today=today)
    editor = ReportEditor(report, request.POST, request.FILES)
    valid = editor.is_valid()
    editor.save_valid_parts()
    if not valid:
        return _render_form(request, editor, status=400)
    if "send" not in request.POST:
        messages.success(request, _("Your report is saved as a draft. Come back to it at any time in the window."))
        return redirect(report.get_edit_url())
    missing = report_submission_errors(report)
    if missing:
        for name, message in missing.items():
            editor.form.add_error(name, message)
        intro = _("Your answers are saved as a draft. To send the report to ICP, complete what is marked below.")
        return _render_form(request, editor, status=400, error_intro=intro)
    try:
        report_send(report=report, user=request.user, today=today)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect(report.get_edit_url())
    messages.success(request, _("Thank you: your report is with ICP. We will write to you once it is reviewed."))
    return redirect(report.get_edit_url())


def _render_form(
    request: HttpRequest, editor: ReportEditor, *, status: int = 200, error_intro: str = ""
) -> HttpResponse:
    report = editor.report
    context = {
        "report": report,
        "city": report.city,
        "editor": editor,
        "form": editor.form,
        "window": rules.report_window(report.city, report.year),
        "error_list": editor.error_list(),
        "error_intro": error_intro,
        "figure_fields": [editor.form[name] for name in STANDARD_FIGURES],
    }
    return render(request, "reports/report_form.html", context, status=status)


@require_GET
def report_public(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = published_report(slug, year) if year in YEARS else None
    if report is None:
        raise Http404
    # The community's own voice beside what the city reports: its survey of the same year, when it has results.
    survey_results = city_survey_results(city=report.city, year=report.year)
    context = {"report": report, "city": report.city, "survey_results": survey_results}
    return render(request, "reports/report_detail.html", context)


@require_GET
def report_photo(request: HttpRequest, slug: str, year: int, pk: int) -> FileResponse:
    """A report's photo: for everyone once the report is published, else for its city's coordinators and staff who
    may view reports."""
    photo = get_object_or_404(
        ReportPhoto.objects.select_related("report__city"), pk=pk, report__city__slug=slug, report__year=year
    )
    if not _may_see(request.user, photo.report):
        raise Http404
    checked = image_type(photo.image.open("rb"))
    suffix, content_type = checked if checked else (".bin", "application/octet-stream")
    cache = "private, no-cache" if photo.report.is_published else "private, no-store"
    return protected_download(
        photo.image, cache_control=cache, content_type=content_type, filename=f"{photo.download_stem}{suffix}"
    )


def _may_see(user, report: Report) -> bool:
    if report.is_published:
        return True
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("reports.view_report"):
        return True
    return City.objects.coordinated_by(user).filter(pk=report.city_id).exists()
