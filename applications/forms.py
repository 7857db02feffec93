from django import forms
from django.forms import inlineformset_factory
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from icp_portal.error_summary import named
from icp_portal.principles import PRINCIPLES_HELP_TEXT
from members.forms import prepare_coordinate_inputs, require_paired_coordinates

from .choices import MAX_PHOTOS, REQUIRED_SUPPORTERS, SignatoryRole
from .models import Application, ApplicationInitiative, ApplicationPhoto, Signatory
from .services import DraftChanges, DraftSaved, application_save_draft
from .steps import Step, pathway_fields
from .validators import validate_photo
from .workflow import required_answers

TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked on its own."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultiplePhotoField, self).clean(upload, initial) for upload in uploads]
        for upload in cleaned:
            validate_photo(upload)
        return cleaned


class ApplicationForm(forms.ModelForm):
    """Everything ICP asks of an applicant. Any part may be left for later in a draft; submission checks the whole."""

    second_leader_name = forms.CharField(label=_("Name of the second leader"), max_length=150, required=False)
    second_leader_email = forms.EmailField(label=_("E-mail of the second leader"), required=False, max_length=254)
    new_photos = MultiplePhotoField(label=_("Photos (JPEG or PNG, up to 5 MB each, three at most)"), required=False)
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Remove these photos"),
        queryset=ApplicationPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = [
            "name",
            "community_type",
            "country",
            "region",
            "population",
            "population_year",
            "latitude",
            "longitude",
            "website",
            "pathway",
            "proclamation_title",
            "proclamation_issuing_body",
            "proclamation_adopted_on",
            "proclamation_document",
            "peace_legacy",
            "peacebuilding_team",
            "challenges",
            "actions",
            "peace_history",
            "vision",
            "mission",
            "goals",
            "partner_organisations",
            "photo_rights_confirmed",
            "principles_accepted",
            "distinct_community_confirmed",
        ]
        help_texts = {"principles_accepted": PRINCIPLES_HELP_TEXT}
        widgets = {
            "proclamation_adopted_on": DATE,
            "pathway": forms.RadioSelect,
            "proclamation_document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            **{
                name: TEXTAREA
                for name in [
                    "peace_legacy",
                    "peacebuilding_team",
                    "challenges",
                    "actions",
                    "peace_history",
                    "vision",
                    "mission",
                    "goals",
                    "partner_organisations",
                ]
            },
        }

    def __init__(self, *args, only: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A step asks only its own answers: the others are neither shown nor touched by its save.
        if only is not None:
            for name in [name for name in self.fields if name not in only]:
                del self.fields[name]
        if "name" in self.fields:
            self.fields["name"].error_messages["required"] = _("Give the name of the community.")
        if "pathway" in self.fields:  # radio buttons need no empty choice
            self.fields["pathway"].choices = [choice for choice in self.fields["pathway"].choices if choice[0]]
        for name in required_answers() & set(self.fields):
            self.fields[name].label = format_html(
                '{} <span class="required-mark">{}</span>', self.fields[name].label, _("(required)")
            )
        photos = self.instance.photos.all() if self.instance.pk else ApplicationPhoto.objects.none()
        if "remove_photos" in self.fields:
            self.fields["remove_photos"].queryset = photos
        if self.instance.pk:
            second_leader = self.instance.signatories.second_leaders().first()
            if second_leader:
                self.initial.setdefault("second_leader_name", second_leader.name)
                self.initial.setdefault("second_leader_email", second_leader.email)
        if "latitude" in self.fields:
            prepare_coordinate_inputs(self)

    def clean(self):
        cleaned = super().clean()
        require_paired_coordinates(self, cleaned)
        name, email = cleaned.get("second_leader_name"), cleaned.get("second_leader_email")
        if bool(name) != bool(email) and "second_leader_email" not in self.errors:
            self.add_error(
                "second_leader_email" if name else "second_leader_name",
                _("Give both the name and the e-mail of the second leader, or neither."),
            )
        kept = self.instance.photos.count() - len(cleaned.get("remove_photos") or []) if self.instance.pk else 0
        if "new_photos" in self.fields and kept + len(cleaned.get("new_photos") or []) > MAX_PHOTOS:
            self.add_error("new_photos", _("An application has three photos at most."))
        return cleaned


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["email"].required = False

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("name")) != bool(cleaned.get("email")) and not self.errors:
            raise forms.ValidationError(_("Give both the supporter's name and e-mail."))
        return cleaned

    def has_changed(self) -> bool:
        # A row left empty is not a supporter; a row emptied is one to remove (see the formset).
        return super().has_changed() or bool(self.instance.pk)


class BaseRowsFormSet(forms.BaseInlineFormSet):
    """Supporters' and initiatives' rows. Each saved row carries its id in a hidden field: an id that names no row
    of this application means the row was removed in another window (or the form was tampered with)."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "id" in form.fields:
            gone = _("This row was changed or removed in another window, so it was not saved. Reload the page.")
            form.fields["id"].error_messages.update(invalid_choice=gone, required=gone)


class BaseSupporterFormSet(BaseRowsFormSet):
    def get_queryset(self):
        return super().get_queryset().supporters()

    def clean(self):
        super().clean()
        emails = [form.cleaned_data.get("email", "").lower() for form in self.forms if form.cleaned_data]
        filled = [email for email in emails if email]
        if len(filled) != len(set(filled)):
            raise forms.ValidationError(_("Each supporter needs their own e-mail address."))


SupporterFormSet = inlineformset_factory(
    Application,
    Signatory,
    form=SignatoryForm,
    formset=BaseSupporterFormSet,
    extra=REQUIRED_SUPPORTERS,
    max_num=REQUIRED_SUPPORTERS,
    can_delete=False,
)


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = ApplicationInitiative
        fields = ["title", "category", "status", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("category") or cleaned.get("description")) and not cleaned.get("title"):
            self.add_error("title", _("Give the initiative a title."))
        elif cleaned.get("title") and not cleaned.get("category"):
            self.add_error("category", _("Choose a category."))
        return cleaned


InitiativeFormSet = inlineformset_factory(
    Application,
    ApplicationInitiative,
    form=InitiativeForm,
    formset=BaseRowsFormSet,
    extra=1,  # one empty row; "Save and add another" (or the script) gives the next
    max_num=10,
    can_delete=True,
)


class AnswerForm(forms.Form):
    message = forms.CharField(label=_("Your answer to ICP"), widget=TEXTAREA, max_length=5000)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you withdraw? (optional)"), widget=TEXTAREA, required=False)


class ApplicationEditor:
    """The application form with its supporters and initiatives: the whole, or the part one step asks for.

    Whatever is valid is kept even when another part has an error, so a rejected upload or a mistyped
    e-mail never costs the applicant the rest of what they wrote.
    """

    def __init__(self, application: Application, data=None, files=None, *, step: Step | None = None, similar=()):
        self.application = application
        self.step = step
        # The values before this request, to put back on any field whose new value was refused.
        self._stored = {
            field.attname: getattr(application, field.attname) for field in Application._meta.concrete_fields
        }
        self.form = ApplicationForm(
            data, files, instance=application, prefix="application", only=self._asked(data, similar)
        )
        asks = (lambda name: True) if step is None else (lambda name: name in step.formsets)
        self.supporters = (
            SupporterFormSet(data, instance=application, prefix="supporters") if asks("supporters") else None
        )
        self.initiatives = (
            InitiativeFormSet(data, instance=application, prefix="initiatives") if asks("initiatives") else None
        )
        self.elsewhere: list[dict] = []  # problems answered on another step, as {"message", "href"}

    def _asked(self, data, similar) -> list[str] | None:
        if self.step is None:
            return None  # the whole form, as the one-page form posted it
        names = list(self.step.fields)
        if "pathway" in names and data is not None:
            # Saved: only the chosen pathway's answers; the others keep what they hold.
            chosen = data.get("application-pathway", "")
            names = ["pathway", *pathway_fields(chosen)]
        if "remove_photos" in names and not (self.application.pk and self.application.photos.exists()):
            names.remove("remove_photos")
        if "distinct_community_confirmed" in names and not similar:
            names.remove("distinct_community_confirmed")
        return names

    @property
    def formsets(self) -> list:
        return [formset for formset in (self.supporters, self.initiatives) if formset is not None]

    def is_valid(self) -> bool:
        # Evaluate every part: each must collect its own errors for the page.
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return all(results)

    def save_valid_parts(self, actor) -> Application | None:
        """Saves through application_save_draft; None when nothing was saved (an empty first step)."""
        application = self.form.instance  # the form has set the fields it cleaned...
        for name in self.form.errors:  # ...and the model's own checks may still refuse some of them
            if name in self._stored:
                setattr(application, name, self._stored[name])
        saved = application_save_draft(application=application, actor=actor, changes=self._changes())
        self._report_refused(saved)
        if saved.application is not None:
            self.application = saved.application
        self.location_filled = saved.location_filled
        return saved.application

    def _changes(self) -> DraftChanges:
        cleaned = getattr(self.form, "cleaned_data", {})
        model_fields = {field.name for field in Application._meta.get_fields()}
        changes = DraftChanges(
            answers={
                name: value
                for name, value in cleaned.items()
                if name in model_fields and name in self.form.fields and not self.form.has_error(name)
            },
            new_photos=list(cleaned.get("new_photos") or []),
            removed_photos=list(cleaned.get("remove_photos") or []),
        )
        if (
            "second_leader_name" in cleaned
            and "second_leader_email" in cleaned
            and not self.form.has_error("second_leader_email")
        ):
            changes.second_leader = (cleaned["second_leader_name"], cleaned["second_leader_email"])
        for formset in self.formsets:
            for row in formset.forms:
                if row.errors or not hasattr(row, "cleaned_data"):
                    continue
                kept = self._kept_row(row, formset is self.supporters)
                (changes.rows if kept else changes.removed_rows).append(row.instance)
        changes.removed_rows = [row for row in changes.removed_rows if row.pk]
        return changes

    @staticmethod
    def _kept_row(row, is_supporter: bool) -> bool:
        if is_supporter:
            row.instance.role = SignatoryRole.SUPPORTER
            return bool(row.cleaned_data.get("email"))  # a row emptied is a supporter removed
        return bool(row.cleaned_data.get("title")) and not row.cleaned_data.get("DELETE")

    def _report_refused(self, saved: DraftSaved) -> None:
        duplicate = _("Each signatory needs their own e-mail address.")
        for refused in saved.refused:
            if refused == "second_leader":
                self.form.add_error("second_leader_email", duplicate)
                continue
            for formset in self.formsets:
                for row in formset.forms:
                    if row.instance is refused:
                        row.add_error("email", duplicate)

    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.elsewhere
            or any(formset.non_form_errors() or any(row.errors for row in formset.forms) for formset in self.formsets)
        )

    def error_summary(self) -> list[dict]:
        """Every problem on the page, each with a link to the field it is about (GOV.UK's error summary)."""
        items = [{"message": message, "href": ""} for message in self.form.non_field_errors()]
        for name, errors in self.form.errors.items():
            if name in self.form.fields:
                field = self.form[name]
                items += [{"message": named(field, message), "href": "#" + field_anchor(field)} for message in errors]
        for formset in self.formsets:
            heading = f"#{formset.prefix}-heading"
            items += [{"message": message, "href": heading} for message in formset.non_form_errors()]
            for row in formset.forms:
                first = next(iter(row.visible_fields()), None)
                for name, errors in row.errors.items():
                    own = name in row.fields and not row[name].is_hidden
                    target = row[name] if own else first
                    href = "#" + field_anchor(target) if target is not None else heading
                    items += [
                        {"message": named(row[name], message) if own else message, "href": href} for message in errors
                    ]
        return items + self.elsewhere


def field_anchor(bound_field) -> str:
    """The id a link to this field should point at: a list of radios or checkboxes starts with its first."""
    widget = bound_field.field.widget
    multiple = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    return bound_field.auto_id + ("_0" if multiple else "")


class SignatoryReplaceForm(forms.Form):
    """The person who signs instead of a supporter who declined or did not answer."""

    name = forms.CharField(label=_("Name of the new supporter"), max_length=150)
    email = forms.EmailField(label=_("E-mail of the new supporter"), max_length=254)
