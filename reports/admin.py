"""Staff review yearly reports here: the queue of reports sent to ICP, the report with its indicators and photos,
accepting it (which publishes it) or asking for changes with the reason, and its history."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from icp_portal.history_admin import HistoryAdmin

from . import rules
from .choices import STANDARD_FIGURES, ReportStatus
from .models import Report, ReportIndicator, ReportPhoto
from .services import report_accept, report_request_changes


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class IndicatorInline(ReadOnlyInline):
    model = ReportIndicator
    fields = ["name", "value", "unit", "source", "year"]
    readonly_fields = fields


class PhotoInline(ReadOnlyInline):
    model = ReportPhoto
    fields = ["photo", "caption", "credit"]
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def photo(self, photo: ReportPhoto) -> str:
        return format_html('<a href="{}">{}</a>', photo.get_absolute_url(), photo.original_name or _("open"))


class QueueFilter(admin.SimpleListFilter):
    """The queue shows reports waiting for review unless asked for others."""

    title = _("status")
    parameter_name = "queue"
    WAITING, ALL = "waiting", "all"

    def lookups(self, request, model_admin):
        return [
            (self.WAITING, _("Waiting for review")),
            *ReportStatus.choices,
            (self.ALL, pgettext_lazy("all yearly reports", "All")),
        ]

    def value(self):
        return super().value() or self.WAITING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.WAITING:
            return queryset.awaiting_review()
        if self.value() in ReportStatus.values:
            return queryset.filter(status=self.value())
        return queryset


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("The coordinators read this in their e-mail and on the report's page."),
    )


@dataclass(frozen=True)
class Decision:
    label: str
    to_status: str
    asks_message: bool


DECISIONS = {
    "accept": Decision(_("Accept and publish"), ReportStatus.ACCEPTED, asks_message=False),
    "request_changes": Decision(_("Ask for changes"), ReportStatus.CHANGES_REQUESTED, asks_message=True),
}


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    list_display = ["city", "year", "status", "submitted_at", "accepted_at"]
    list_filter = [QueueFilter, "year"]
    list_select_related = ["city"]
    search_fields = ["city__name"]
    ordering = ["submitted_at"]
    readonly_fields = [
        "city",
        "year",
        "status",
        "activities",
        "initiatives",
        *STANDARD_FIGURES,
        "story",
        "plans",
        "review_message",
        "reviewed_by",
        "submitted_at",
        "accepted_at",
    ]
    fields = readonly_fields
    inlines = [IndicatorInline, PhotoInline]

    def view_on_site(self, report: Report) -> str | None:
        return report.get_absolute_url() if report.is_published else None  # unpublished: not on the site

    def has_add_permission(self, request) -> bool:
        return False  # coordinators write reports; staff decide them

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A city's reports go with it: who may delete the city may delete them, or the city's delete is refused.
        return request.user.has_perm("members.delete_city")

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("reports.review_report")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if report is not None:
            extra_context["decisions"] = [
                (key, decision.label)
                for key, decision in DECISIONS.items()
                if self.has_decide_permission(request) and rules.staff_may_move(report, decision.to_status)
            ]
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/<str:decision>/",
                self.admin_site.admin_view(self.decision_view),
                name="reports_report_decide",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, object_id: int, decision: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(Report.objects.select_related("city"), pk=object_id)
        if decision not in DECISIONS:
            raise Http404
        chosen = DECISIONS[decision]
        back = HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        if not self.has_decide_permission(request):
            self.message_user(request, _("Only ICP's reviewers decide yearly reports."), messages.ERROR)
            return back
        data = request.POST if request.method == "POST" else None
        form = MessageForm(data) if chosen.asks_message else forms.Form(data)
        if request.method == "POST" and form.is_valid():
            try:
                if chosen.asks_message:
                    report_request_changes(report=report, reviewer=request.user, message=form.cleaned_data["message"])
                else:
                    report_accept(report=report, reviewer=request.user)
            except rules.TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                done = _("%(decision)s: done for %(report)s.") % {"decision": chosen.label, "report": report}
                self.message_user(request, done, messages.SUCCESS)
                return back
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "report": report,
            "form": form,
            "decision_label": chosen.label,
            "confirmation": _("Accept this report? It is published on the city's page and in the API at once."),
            "title": f"{chosen.label}: {report}",
        }
        return TemplateResponse(request, "admin/reports/decision.html", context)
