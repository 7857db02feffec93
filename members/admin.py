import re

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa import admin as allauth_mfa_admin  # noqa: F401 - registers allauth's admin now, replaced below
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashField, ReadOnlyPasswordHashWidget, UserChangeForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ImportExportModelAdmin

from icp_portal.history_admin import HistoryAdmin
from icp_portal.spreadsheets import PermissionedExportMixin

from .choices import IMPORT_ROWS_IN_REQUEST, MembershipStatus
from .geography import Continent, countries_in
from .imports import format_name, member_list_import_confirm, member_list_import_start
from .models import City, CityPhoto, Coordinator, CoordinatorInvitation, MemberListImport, NetworkAffiliation, User
from .resources import CityResource
from .services import (
    city_added_announce,
    city_change_status,
    city_changes_announce,
    coordinator_invitation_revoke,
)


class ContinentFilter(admin.SimpleListFilter):
    """Continent of any model with a `country` field: cities, applications."""

    title = _("continent")
    parameter_name = "continent"

    def lookups(self, request, model_admin):
        return Continent.choices

    def queryset(self, request, queryset):
        if self.value() in Continent.values:
            return queryset.filter(country__in=countries_in(self.value()))
        return queryset


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "show_contact_publicly"]


class NetworkAffiliationInline(admin.TabularInline):
    model = NetworkAffiliation
    extra = 0
    fields = ["network", "identifier", "since"]


class CityPhotoInline(admin.TabularInline):
    """Staff see who declared a photo's rights, and may take a photo down; photos are added by the coordinators."""

    model = CityPhoto
    extra = 0
    fields = ["image", "caption", "credit", "rights_declared_at", "rights_declared_by"]
    readonly_fields = ["image", "rights_declared_at", "rights_declared_by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StatusReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


@admin.register(City)
class CityAdmin(PermissionedExportMixin, ImportExportModelAdmin, HistoryAdmin):
    """The member list: search and filters, import of the existing list (with a dry-run preview), export,
    history of every change, and the membership lifecycle."""

    resource_classes = [CityResource]
    import_template_name = "admin/members/city/import.html"  # says where a large list goes, links its page
    actions = ["mark_inactive", "mark_withdrawn", "mark_active"]
    list_display = [
        "member_number",
        "name",
        "region",
        "country",
        "continent_label",
        "community_type",
        "pathway",
        "status",
        "member_since",
        "updated_at",
    ]
    list_display_links = ["member_number", "name"]
    list_filter = ["status", ContinentFilter, "community_type", "pathway", ("country", CountryFilter)]
    search_fields = ["name", "region", "slug", "contact_email"]
    date_hierarchy = "member_since"
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CoordinatorInline, NetworkAffiliationInline, CityPhotoInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "slug", "community_type", "country", "region", "website", "contact_email"]}),
        (
            _("Membership"),
            {
                "fields": ["member_number", "member_since", "pathway", "status", "status_reason"],
                "description": _(
                    "A member's status changes with the actions of the list (mark as inactive, withdrawn or "
                    "active), which ask for the reason."
                ),
            },
        ),
        (_("Place"), {"fields": ["population", "population_year", "latitude", "longitude"]}),
        (_("Peace statement"), {"fields": ["peace_statement", "vision", "mission", "goals"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # A new member's status is set here, once: the note on changing it applies from then on.
        return [(name, {"fields": options["fields"]}) for name, options in self.fieldsets]

    def get_readonly_fields(self, request, obj=None):
        # A member's status moves only through city_change_status (the list's actions): it keeps the reason in the
        # history and tells partners (city.status_changed).
        return [*self.readonly_fields, "status", "status_reason"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if not getattr(request, "reverting_to_past_version", False):
            super().save_model(request, obj, form, change)  # told once its inlines are saved too (save_related)
            return
        # Going back to a past version saves the city alone, never its inlines (no save_related): told here, with
        # what differs from the city as it was stored (the form's own changes are against the past version).
        stored = City.objects.get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        changed = [name for name in form.fields if getattr(stored, name) != getattr(obj, name)]
        if changed:
            city_changes_announce(city=obj, fields=changed)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        networks_changed = any(formset.has_changed() for formset in formsets if formset.model is NetworkAffiliation)
        changed = [*form.changed_data, *(["networks"] if networks_changed else [])]
        if not change:
            city_added_announce(city=form.instance)
        elif changed:
            city_changes_announce(city=form.instance, fields=changed)

    @admin.display(description=_("continent"))
    def continent_label(self, city: City) -> str:
        return city.continent_label

    def get_deleted_objects(self, objs, request):
        """A city an approved application made a member cannot be deleted, on its delete page as in "delete
        selected": the application keeps it as the record of its approval (approved_application_has_its_city), and
        leaving the network is a status with a reason, kept in the history. Refused with the reason, not a 500."""
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        selected = City.objects.filter(pk__in=[city.pk for city in objs])
        for city in selected.filter(application__isnull=False).select_related("application"):
            protected.append(f"{capfirst(city.application._meta.verbose_name)}: {city.application}")
            self.message_user(
                request,
                _(
                    "%(city)s became a City of Peace through an approved application, which keeps it as its record: "
                    "mark the city withdrawn or inactive instead of deleting it."
                )
                % {"city": city.name},
                messages.ERROR,
            )
        return deleted, counts, permissions_needed, protected

    def get_import_context_data(self, **kwargs):
        # The pages of the imports running in the background, to find them again.
        recent = MemberListImport.objects.order_by("-created_at")[:5]
        return {
            **super().get_import_context_data(**kwargs),
            "recent_imports": recent,
            "rows_in_request": IMPORT_ROWS_IN_REQUEST,
        }

    def import_action(self, request, **kwargs):
        # A large list goes to a worker (members.imports): its preview and import would outlast the request.
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "GET" and "job" in request.GET:
            return self._import_job_page(request, request.GET["job"])
        if request.method == "POST" and "confirm_job" in request.POST:
            return self._import_job_confirm(request, request.POST["confirm_job"])
        if request.method == "POST":
            form = self.create_import_form(request)
            if form.is_valid():
                job = self._import_in_background(request, form)
                if job is not None:
                    return redirect(f"{reverse('admin:members_city_import')}?job={job.pk}")
                form.cleaned_data["import_file"].seek(0)  # read again below, for the preview in this request
        return super().import_action(request, **kwargs)

    def _import_in_background(self, request, form) -> MemberListImport | None:
        """The job checking a list of more than IMPORT_ROWS_IN_REQUEST rows, or None for a smaller one (or one
        that cannot be read: the page below says why)."""
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        import_file = form.cleaned_data["import_file"]
        stored = self.write_to_tmp_storage(import_file, file_format())
        try:
            rows = len(file_format(encoding=self.from_encoding).create_dataset(stored.read()))
        except Exception:  # unreadable: the request's own preview reports it next to the file field
            rows = 0
        if rows <= IMPORT_ROWS_IN_REQUEST:
            stored.remove()
            return None
        return member_list_import_start(
            stored_file_name=stored.name,
            original_file_name=import_file.name,
            file_format=format_name(file_format),
            total_rows=rows,
            user=request.user,
        )

    @staticmethod
    def _import_job(job_id: str) -> MemberListImport | None:
        # ASCII digits, and few enough for the column: "²" passes str.isdigit(), "9" * 5000 overflows bigint.
        return MemberListImport.objects.filter(pk=job_id).first() if re.fullmatch(r"[0-9]{1,18}", job_id) else None

    def _import_job_page(self, request, job_id: str):
        job = self._import_job(job_id)
        if job is None:
            self.message_user(request, _("There is no such import; please upload the list again."), messages.ERROR)
            return redirect("admin:members_city_import")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": job.original_file_name},
            "job": job,
            "refresh_seconds": 3,
        }
        return TemplateResponse(request, "admin/members/city/import_job.html", context)

    def _import_job_confirm(self, request, job_id: str):
        job = self._import_job(job_id)
        if job is None or not member_list_import_confirm(job=job):
            self.message_user(request, _("This import is not waiting for a confirmation."), messages.WARNING)
        return redirect(f"{reverse('admin:members_city_import')}?job={job.pk}" if job else "admin:members_city_import")

    def process_import(self, request, **kwargs):
        # The confirmation names the file kept since the preview; it is gone if already imported (a second
        # click, the back button) or removed meanwhile, and a forged name names nothing.
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            self.message_user(
                request, _("The uploaded member list is no longer kept; please upload it again."), messages.ERROR
            )
            return redirect("admin:members_city_import")

    @admin.action(description=_("Mark selected cities inactive…"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        return self._change_status(request, queryset, MembershipStatus.INACTIVE)

    @admin.action(description=_("Mark selected cities withdrawn…"), permissions=["change"])
    def mark_withdrawn(self, request, queryset):
        return self._change_status(request, queryset, MembershipStatus.WITHDRAWN)

    @admin.action(description=_("Mark selected cities active again…"), permissions=["change"])
    def mark_active(self, request, queryset):
        return self._change_status(request, queryset, MembershipStatus.ACTIVE)

    def _change_status(self, request, queryset, status: str):
        form = StatusReasonForm(request.POST if "confirm" in request.POST else None)
        if status == MembershipStatus.ACTIVE:
            form.fields["reason"].required = False
        label = MembershipStatus(status).label
        if "confirm" in request.POST and form.is_valid():
            changed = 0
            for city in queryset:
                try:
                    city_change_status(city=city, status=status, reason=form.cleaned_data["reason"], actor=request.user)
                    changed += 1
                except ValidationError as error:
                    self.message_user(request, f"{city.name}: {' '.join(error.messages)}", messages.ERROR)
            if changed:
                done = ngettext("%(count)d city marked %(status)s.", "%(count)d cities marked %(status)s.", changed)
                self.message_user(request, done % {"count": changed, "status": label.lower()}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "cities": queryset,
            "action": request.POST.get("action"),
            "status_label": label,
            "form": form,
            "title": _("Mark as %(status)s") % {"status": label.lower()},
        }
        return TemplateResponse(request, "admin/members/city/status_change.html", context)


@admin.register(Coordinator)
class CoordinatorAdmin(HistoryAdmin):
    list_display = ["user", "city", "role", "show_contact_publicly", "created_at"]
    list_filter = ["role", "show_contact_publicly"]
    search_fields = ["user__email", "user__full_name", "city__name"]
    autocomplete_fields = ["user", "city"]
    list_select_related = ["user", "city"]


class PasswordPresenceWidget(ReadOnlyPasswordHashWidget):
    """Whether a password is set, and the button to reset it: Django's widget also shows the start of the salt and
    of the hash, which is nobody's business."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        usable = bool(value) and not value.startswith(UNUSABLE_PASSWORD_PREFIX)
        context["summary"] = [{"label": gettext("Password set.") if usable else gettext("No password set.")}]
        # Django's German and other catalogs leave its button untranslated: ours name it.
        context["button_label"] = gettext("Reset password") if usable else gettext("Set password")
        return context


class UserChangeWithoutHashForm(UserChangeForm):
    password = ReadOnlyPasswordHashField(label=_("Password"), widget=PasswordPresenceWidget)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeWithoutHashForm
    ordering = ["email"]
    list_display = ["full_name", "email", "role", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "full_name", "role"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "role", "phone", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]})]


@admin.register(CoordinatorInvitation)
class CoordinatorInvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from a city's dashboard and only read here; staff may revoke pending ones. The link's
    token is never shown: the database holds only its hash, which is not shown either."""

    list_display = ["email", "city", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter), ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "city__name", "invited_by__email"]
    list_select_related = ["city", "invited_by"]
    fields = ["city", "email", "invited_by", "created_at", "accepted_at", "accepted_by", "revoked_at", "revoked_by"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # an invitation needs its e-mail with the link: the dashboard's form sends both

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept for the record of who invited whom

    @admin.action(description=_("Revoke the selected invitations"), permissions=["change"])
    def revoke(self, request, queryset) -> None:
        revoked = 0
        for invitation in queryset.pending().select_related("city"):
            coordinator_invitation_revoke(invitation=invitation, actor=request.user)
            revoked += 1
        revoked_message = ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", revoked)
        self.message_user(request, revoked_message % {"count": revoked}, messages.SUCCESS)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has which second factor, and a way to remove one (a person who lost their phone): never its `data`,
    which holds the TOTP secret and the seed of the recovery codes, shown in full by allauth's own admin."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # a person sets up their own, at /accounts/2fa/

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# allauth registers its own admin of e-mail addresses; its one action declares no right, so anyone who may open the
# list could mark an address verified. Registered again here (members keeps the accounts) with the change right.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    @admin.action(description=_("Mark selected email addresses as verified"), permissions=["change"])
    def make_verified(self, request, queryset) -> None:
        super().make_verified(request, queryset)
