"""Staff review applications here: the queue, the review page, decisions with reasons, bulk decisions."""

from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from icp_portal.history_admin import HistoryAdmin
from icp_portal.spreadsheets import PermissionedExportMixin
from members.admin import ContinentFilter
from members.geography import continent_of
from members.models import City, User
from members.selectors import cities_near, map_points

from . import workflow
from .models import Application, ApplicationInitiative, ApplicationMessage, ApplicationPhoto, Signatory, StatusChange
from .resources import ApplicationResource
from .review import (
    SignatoryShortfall,
    application_approve,
    application_reject,
    application_request_changes,
    application_take_for_review,
)
from .selectors import similar_communities
from .workflow import (
    REQUIRED_SIGNATORIES,
    TransitionRefused,
    confirmed_signatory_count,
    may_decide,
    signatory_shortfall,
    signatory_state,
)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["role", "name", "email", "answer"]
    readonly_fields = ["answer"]

    @admin.display(description=_("answer"))
    def answer(self, signatory: Signatory) -> str:
        """Confirmed, declined or still waiting, with the date of the answer (or of the last invitation)."""
        if not signatory.pk:
            return ""
        state = signatory_state(signatory)
        when = {"confirmed": signatory.confirmed_at, "declined": signatory.declined_at}.get(state, signatory.invited_at)
        if when is None:
            return state.label
        return format_html("{}<br><small>{}</small>", state.label, date_format(localtime(when), "DATETIME_FORMAT"))


class ApplicationInitiativeInline(admin.StackedInline):
    model = ApplicationInitiative
    extra = 0


class ApplicationPhotoInline(admin.TabularInline):
    model = ApplicationPhoto
    extra = 0
    fields = ["caption", "created_at"]
    readonly_fields = ["created_at"]


class ApplicationMessageInline(admin.StackedInline):
    model = ApplicationMessage
    extra = 0
    fields = ["author", "author_role", "body", "created_at"]
    readonly_fields = ["author", "author_role", "body", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args, message_required: bool, shortfall_question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = message_required
        if shortfall_question:  # approving with too few confirmed signatories takes the reviewer's explicit word
            self.fields["shortfall_accepted"] = forms.BooleanField(
                label=shortfall_question,
                required=False,
                label_suffix="",
                help_text=_("The application's history keeps that it was approved with fewer confirmations."),
            )

    def decision_options(self) -> dict:
        """What the decision takes besides the message."""
        if "shortfall_accepted" in self.fields:
            return {"shortfall_accepted": self.cleaned_data["shortfall_accepted"]}
        return {}


class Decision(NamedTuple):
    label: str
    message_required: bool
    run: Callable[[Application, object, str], object]  # (application, reviewer, message)


DECISIONS = {
    "take": Decision(
        _("Take for review"),
        False,
        lambda application, user, text: application_take_for_review(application=application, reviewer=user),
    ),
    "request_changes": Decision(
        _("Request changes"),
        True,
        lambda application, user, text: application_request_changes(
            application=application, reviewer=user, message=text
        ),
    ),
    "reject": Decision(
        _("Reject"),
        True,
        lambda application, user, text: application_reject(application=application, reviewer=user, reason=text),
    ),
    "approve": Decision(
        _("Approve"),
        False,
        lambda application, user, text, **options: application_approve(
            application=application, reviewer=user, message=text, **options
        ),
    ),
}


class QueueFilter(admin.SimpleListFilter):
    """The staff's queue shows open applications unless asked for drafts, decided ones, or all: a draft is the
    applicant's until they submit it, and decided ones need nothing more from a reviewer."""

    title = _("status")
    parameter_name = "status"
    OPEN, DRAFTS, DECIDED, ALL = "open", "drafts", "decided", "all"

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, _("Open (submitted, in review, changes requested)")),
            (self.DRAFTS, _("Drafts")),
            (self.DECIDED, _("Decided or withdrawn")),
            (self.ALL, _("All")),
        ]

    def value(self):
        return super().value() or self.OPEN

    def choices(self, changelist):
        # Django offers an "All" without a parameter; here no parameter means "open", and "All" is a choice.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        by_choice = {self.OPEN: queryset.open, self.DRAFTS: queryset.drafts, self.DECIDED: queryset.decided}
        return by_choice[self.value()]() if self.value() in by_choice else queryset


class ReviewerFilter(admin.RelatedFieldListFilter):
    """Reviewers are staff: the filter names them, not every account on the portal."""

    def field_choices(self, field, request, model_admin):
        staff = User.objects.filter(is_staff=True).order_by("full_name", "email").only("full_name", "email")
        return [(user.pk, str(user)) for user in staff]


@admin.register(Application)
class ApplicationAdmin(PermissionedExportMixin, HistoryAdmin):
    resource_classes = [ApplicationResource]
    # What a reviewer needs to pick the next one, and no more: it fits 1280 px with the filters beside it.
    list_display = ["name", "applicant_name", "status", "submitted", "days_waiting", "reviewer"]
    list_filter = [
        QueueFilter,
        ContinentFilter,
        "community_type",
        "pathway",
        ("reviewer", ReviewerFilter),
        ("country", CountryFilter),
        "submitted_at",
    ]
    search_fields = ["name", "region", "applicant__email", "applicant__full_name", "signatories__email"]
    list_select_related = ["applicant", "reviewer"]
    actions = ["take_selected_for_review", "approve_selected", "reject_selected"]
    readonly_fields = [
        "status",
        "applicant",
        "reviewer",
        "submitted_at",
        "decided_at",
        "city",
        "created_at",
        "updated_at",
        "files",
    ]
    inlines = [
        SignatoryInline,
        ApplicationInitiativeInline,
        ApplicationPhotoInline,
        ApplicationMessageInline,
        StatusChangeInline,
    ]

    def get_ordering(self, request: HttpRequest):
        # Open applications first, the longest waiting at the top (the model's own order is the latest changed).
        is_open = Case(
            When(status__in=workflow.OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return [is_open.asc(), F("submitted_at").asc(nulls_last=True)]

    @admin.display(description=_("applicant"), ordering="applicant__full_name")
    def applicant_name(self, application: Application) -> str:
        return str(application.applicant) if application.applicant else "—"

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, application: Application) -> str:
        # The day is what a reviewer compares; the time would take the width the reviewer's column needs.
        return date_format(timezone.localtime(application.submitted_at)) if application.submitted_at else "—"

    @admin.display(description=_("continent"))
    def continent(self, application: Application) -> str:
        return continent_of(application.country.code) or "" if application.country else ""

    @admin.display(description=_("days waiting"), ordering="submitted_at")
    def days_waiting(self, application: Application) -> int | None:
        if not workflow.is_open(application) or not application.submitted_at:
            return None
        return (timezone.now() - application.submitted_at).days

    @admin.display(description=_("documents and photos"))
    def files(self, application: Application) -> str:
        links = []
        if application.proclamation_document:
            links.append((reverse("applications:document", args=[application.pk]), _("Signed document (PDF)")))
        links += [
            (reverse("applications:photo", args=[application.pk, photo.pk]), _("Photo %(number)d") % {"number": n})
            for n, photo in enumerate(application.photos.all(), start=1)
        ]
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', links) if links else "—"

    # Review page: the decision buttons and what a reviewer checks (duplicates, neighbours).
    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            extra_context.update(self._review_context(request, application))
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def has_decide_permission(self, request: HttpRequest) -> bool:
        """The right the decision actions and the decision pages need (Django calls it for `permissions=["decide"]`)."""
        return may_decide(request.user)

    def _review_context(self, request: HttpRequest, application: Application) -> dict:
        country = application.country.code if application.country else ""
        has_location = application.latitude is not None and application.longitude is not None
        nearby = cities_near(application.latitude, application.longitude) if has_location else []
        return {
            "decisions": [
                (key, decision.label)
                for key, decision in DECISIONS.items()
                if self.has_decide_permission(request) and workflow.decision_possible(key, application)
            ],
            "similar": similar_communities(
                name=application.name,
                country=country,
                exclude_application_id=application.pk,
                exclude_city_id=application.city_id,
                include_open_applications=True,
            ),
            "nearby": nearby,
            "has_location": has_location,
            "signatory_answers": self._signatory_answers(application),
            # The applicant's place first, then the members around it, for the small map.
            "map_points": map_points(application.name, application.latitude, application.longitude, nearby)
            if has_location
            else "[]",
        }

    @staticmethod
    def _signatory_answers(application: Application) -> dict:
        """How many confirmed (the applicant counts as one), are still to answer, and declined."""
        states = [signatory_state(signatory) for signatory in application.signatories.all()]
        return {
            "confirmed": confirmed_signatory_count(application),
            "required": REQUIRED_SIGNATORIES,
            "waiting": sum(state in ("pending", "not_invited") for state in states),
            "declined": states.count("declined"),
        }

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/<str:decision>/",
                self.admin_site.admin_view(self.decision_view),
                name="applications_application_decide",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, object_id: int, decision: str) -> HttpResponse:
        # Checked here, not only by hiding the buttons: the page is a URL anyone signed in as staff can type. Staff
        # who may not read applications learn nothing, not even whether this one exists.
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=object_id)
        if decision not in DECISIONS:
            raise Http404
        if not self.has_decide_permission(request):
            self.message_user(request, _("Only ICP's reviewers decide applications."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:applications_application_change", args=[object_id]))
        label, message_required, run = DECISIONS[decision]
        form = DecisionForm(
            request.POST if request.method == "POST" else None,
            message_required=message_required,
            shortfall_question=self._shortfall_question(application) if decision == "approve" else "",
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = run(application, request.user, form.cleaned_data["message"], **form.decision_options())
            except SignatoryShortfall as refused:
                form.add_error("shortfall_accepted" if "shortfall_accepted" in form.fields else None, str(refused))
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                if isinstance(result, City):
                    self.message_user(request, self._welcome_message(result), messages.SUCCESS)
                else:
                    self.message_user(
                        request, _("%(decision)s: done for %(name)s.") % {"decision": label, "name": application.name}
                    )
                return HttpResponseRedirect(reverse("admin:applications_application_change", args=[object_id]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "decision_label": label,
            "form": form,
            "title": f"{label}: {application.name}",
        }
        return TemplateResponse(request, "admin/applications/decision.html", context)

    @staticmethod
    def _shortfall_question(application: Application) -> str:
        if not signatory_shortfall(application):
            return ""
        return _("Approve although only %(confirmed)d of %(required)d signatories have confirmed") % {
            "confirmed": confirmed_signatory_count(application),
            "required": REQUIRED_SIGNATORIES,
        }

    @staticmethod
    def _welcome_message(city: City) -> str:
        return format_html(
            _(
                '{name} is now City of Peace no. {number}: <a href="{admin_url}">its record</a> · '
                '<a href="{public_url}">its public page</a>.'
            ),
            name=city.name,
            number=city.member_number,
            admin_url=reverse("admin:members_city_change", args=[city.pk]),
            public_url=city.get_absolute_url(),
        )

    @admin.action(description=_("Take selected applications for review"), permissions=["decide"])
    def take_selected_for_review(self, request: HttpRequest, queryset):
        self._decide_each(request, queryset, "take", "")

    @admin.action(description=_("Approve selected applications…"), permissions=["decide"])
    def approve_selected(self, request: HttpRequest, queryset):
        return self._bulk_with_confirmation(request, queryset, "approve")

    @admin.action(description=_("Reject selected applications…"), permissions=["decide"])
    def reject_selected(self, request: HttpRequest, queryset):
        return self._bulk_with_confirmation(request, queryset, "reject")

    def _bulk_with_confirmation(self, request: HttpRequest, queryset, decision: str):
        label, message_required = DECISIONS[decision].label, DECISIONS[decision].message_required
        form = DecisionForm(request.POST if "confirm" in request.POST else None, message_required=message_required)
        if "confirm" in request.POST and form.is_valid():
            self._decide_each(request, queryset, decision, form.cleaned_data["message"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "applications": queryset,
            "action": request.POST.get("action"),
            "decision_label": label,
            "form": form,
            "title": _("%(decision)s %(count)d applications") % {"decision": label, "count": queryset.count()},
        }
        return TemplateResponse(request, "admin/applications/bulk_decision.html", context)

    def _decide_each(self, request: HttpRequest, queryset, decision: str, message: str) -> None:
        run = DECISIONS[decision].run
        done, refused = 0, []
        for application in queryset:
            try:
                run(application, request.user, message)
                done += 1
            except TransitionRefused as reason:
                refused.append(f"{application.name}: {reason}")
        if done:
            done_message = ngettext("%(count)d application done.", "%(count)d applications done.", done)
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)
