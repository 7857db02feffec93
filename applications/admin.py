"""Staff review applications here: the queue, the review page, decisions with reasons, bulk decisions."""

from collections.abc import Callable
from dataclasses import dataclass

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
from django.utils.translation import ngettext, pgettext_lazy
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


def _welcome_message(application: Application, city: City) -> str:
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


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision in admin: the review service that makes it, and what admin says and asks around it.
    The review page, the decision page and the bulk actions all read this table; none holds a rule of its own."""

    label: str  # the button on the review page and the title of the decision page
    service: Callable[..., Application | City]  # a review service taking application=, reviewer= and the message
    message_argument: str = ""  # the service's keyword for the message to the applicant; empty: it takes none
    message_required: bool = False
    permission: str = "decide"  # as Django's permissions=[...]: ModelAdmin.has_<permission>_permission
    asks_about_signatories: bool = False  # with too few confirmed signatories the reviewer must accept the shortfall
    # What staff read once it is done, and at what level; None: "<label>: done for <name>."
    done_message: Callable[[Application, Application | City], str] | None = None
    done_level: int = messages.INFO
    # Bulk action in the list of applications (ApplicationAdmin names it): its description, and whether it asks
    # for a message and a confirmation first.
    bulk_description: str = ""
    bulk_confirmation: bool = True

    def run(self, application: Application, reviewer: User, message: str, **options) -> Application | City:
        message_arguments = {self.message_argument: message} if self.message_argument else {}
        return self.service(application=application, reviewer=reviewer, **message_arguments, **options)

    def message_when_done(self, application: Application, result: Application | City) -> str:
        if self.done_message:
            return self.done_message(application, result)
        return _("%(decision)s: done for %(name)s.") % {"decision": self.label, "name": application.name}


DECISIONS = {
    "take": Decision(
        label=_("Take for review"),
        service=application_take_for_review,
        bulk_description=_("Take selected applications for review"),
        bulk_confirmation=False,
    ),
    "request_changes": Decision(
        label=_("Request changes"),
        service=application_request_changes,
        message_argument="message",
        message_required=True,
    ),
    "reject": Decision(
        label=_("Reject"),
        service=application_reject,
        message_argument="reason",
        message_required=True,
        bulk_description=_("Reject selected applications…"),
    ),
    "approve": Decision(
        label=_("Approve"),
        service=application_approve,
        message_argument="message",
        asks_about_signatories=True,
        done_message=_welcome_message,
        done_level=messages.SUCCESS,
        bulk_description=_("Approve selected applications…"),
    ),
}


def bulk_action(key: str) -> Callable:
    """The list's action for a decision of DECISIONS: described and guarded as the table says."""
    decision = DECISIONS[key]

    def action(model_admin: "ApplicationAdmin", request: HttpRequest, queryset):
        return model_admin.decide_selected(request, queryset, key)

    return admin.action(description=decision.bulk_description, permissions=[decision.permission])(action)


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
            (self.ALL, pgettext_lazy("all applications", "All")),
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
    # The list form posts these names; what each does is in DECISIONS.
    actions = ["take_selected_for_review", "approve_selected", "reject_selected"]
    take_selected_for_review = bulk_action("take")
    approve_selected = bulk_action("approve")
    reject_selected = bulk_action("reject")
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

    def has_decision_permission(self, request: HttpRequest, decision: Decision) -> bool:
        return getattr(self, f"has_{decision.permission}_permission")(request)

    def _review_context(self, request: HttpRequest, application: Application) -> dict:
        country = application.country.code if application.country else ""
        has_location = application.latitude is not None and application.longitude is not None
        nearby = cities_near(application.latitude, application.longitude) if has_location else []
        return {
            "decisions": [
                (key, decision.label)
                for key, decision in DECISIONS.items()
                if self.has_decision_permission(request, decision) and workflow.decision_possible(key, application)
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
        chosen = DECISIONS[decision]
        if not self.has_decision_permission(request, chosen):
            self.message_user(request, _("Only ICP's reviewers decide applications."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:applications_application_change", args=[object_id]))
        form = DecisionForm(
            request.POST if request.method == "POST" else None,
            message_required=chosen.message_required,
            shortfall_question=self._shortfall_question(application) if chosen.asks_about_signatories else "",
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = chosen.run(application, request.user, form.cleaned_data["message"], **form.decision_options())
            except SignatoryShortfall as refused:
                form.add_error("shortfall_accepted" if "shortfall_accepted" in form.fields else None, str(refused))
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(request, chosen.message_when_done(application, result), chosen.done_level)
                return HttpResponseRedirect(reverse("admin:applications_application_change", args=[object_id]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "decision_label": chosen.label,
            "form": form,
            "title": f"{chosen.label}: {application.name}",
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

    def decide_selected(self, request: HttpRequest, queryset, key: str):
        """A bulk action: the decision for each selected application, after a confirmation with the message to the
        applicants where the decision asks for one."""
        decision = DECISIONS[key]
        if not decision.bulk_confirmation:
            self._decide_each(request, queryset, key, "")
            return None
        form = DecisionForm(
            request.POST if "confirm" in request.POST else None, message_required=decision.message_required
        )
        if "confirm" in request.POST and form.is_valid():
            self._decide_each(request, queryset, key, form.cleaned_data["message"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "applications": queryset,
            "action": request.POST.get("action"),
            "decision_label": decision.label,
            "form": form,
            "title": _("%(decision)s %(count)d applications") % {"decision": decision.label, "count": queryset.count()},
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
