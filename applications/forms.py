from django import forms
from django.db import IntegrityError, transaction
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from icp_portal.principles import PRINCIPLES_HELP_TEXT
from members.forms import prepare_coordinate_inputs, require_paired_coordinates

from .choices import MAX_PHOTOS, REQUIRED_SUPPORTERS, SignatoryRole
from .models import Application, ApplicationInitiative, ApplicationPhoto, Signatory
from .validators import validate_photo

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

    # The form's parts, in the order ICP asks; the template shows each as a fieldset.
    SECTIONS = [
        (
            "community",
            _("The community"),
            "",
            ["name", "community_type", "country", "region", "population", "population_year", "website"],
        ),
        (
            "location",
            _("Location"),
            _("Enter the coordinates, or leave them empty: when we know the place name we fill them in for you."),
            ["latitude", "longitude"],
        ),
        (
            "qualification",
            _("How the community qualifies"),
            _(
                "By proclamation or council resolution (upload the signed PDF), by a peace legacy, or by a community "
                "peacebuilding team."
            ),
            [
                "pathway",
                "proclamation_title",
                "proclamation_issuing_body",
                "proclamation_adopted_on",
                "proclamation_document",
                "peace_legacy",
                "peacebuilding_team",
            ],
        ),
        (
            "statement",
            _("Peace statement"),
            _("No community is 100% peaceful: tell us where yours stands and where it is going."),
            ["challenges", "actions", "peace_history"],
        ),
        ("vision", _("Vision, mission and goals"), "", ["vision", "mission", "goals"]),
        (
            "team",
            _("The team"),
            _("You are the lead liaison. A second leader is optional."),
            ["second_leader_name", "second_leader_email", "partner_organisations"],
        ),
        ("photos", _("Photos"), "", ["new_photos", "remove_photos", "photo_rights_confirmed"]),
        ("agreement", _("Agreement"), "", ["principles_accepted", "distinct_community_confirmed"]),
    ]

    def sections(self) -> list[dict]:
        return [
            {"key": key, "legend": legend, "help_text": help_text, "fields": [self[name] for name in names]}
            for key, legend, help_text, names in self.SECTIONS
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [
            choice for choice in self.fields["pathway"].choices if choice[0]
        ]  # radio buttons need no empty choice
        if self.instance.pk:
            self.fields["remove_photos"].queryset = self.instance.photos.all()
            second_leader = self.instance.signatories.filter(role=SignatoryRole.SECOND_LEADER).first()
            if second_leader:
                self.initial.setdefault("second_leader_name", second_leader.name)
                self.initial.setdefault("second_leader_email", second_leader.email)
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
        if kept + len(cleaned.get("new_photos") or []) > MAX_PHOTOS:
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
        return super().get_queryset().filter(role=SignatoryRole.SUPPORTER)

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
    extra=2,
    max_num=10,
    can_delete=True,
)


class AnswerForm(forms.Form):
    message = forms.CharField(label=_("Your answer to ICP"), widget=TEXTAREA, max_length=5000)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you withdraw? (optional)"), widget=TEXTAREA, required=False)


class ApplicationEditor:
    """The application form with its supporters and initiatives, saved together.

    Whatever is valid is kept even when another part has an error, so a rejected upload or a mistyped
    e-mail never costs the applicant the rest of what they wrote.
    """

    def __init__(self, application: Application, data=None, files=None):
        self.application = application
        # The values before this request, to put back on any field whose new value was refused.
        self._stored = {
            field.attname: getattr(application, field.attname) for field in Application._meta.concrete_fields
        }
        self.form = ApplicationForm(data, files, instance=application, prefix="application")
        self.supporters = SupporterFormSet(data, instance=application, prefix="supporters")
        self.initiatives = InitiativeFormSet(data, instance=application, prefix="initiatives")

    def is_valid(self) -> bool:
        # Evaluate all three: each must collect its own errors for the page.
        results = [self.form.is_valid(), self.supporters.is_valid(), self.initiatives.is_valid()]
        return all(results)

    @transaction.atomic
    def save_valid_parts(self) -> Application:
        application = self.form.instance  # the form has set the fields it cleaned...
        for name in self.form.errors:  # ...and the model's own checks may still refuse some of them
            if name in self._stored:
                setattr(application, name, self._stored[name])
        if not application.name:
            application.name = self.form.initial.get("name") or str(_("Unnamed community"))
        if (application.latitude is None) != (application.longitude is None):
            application.latitude = application.longitude = None  # half a location is no location
        application.save()
        cleaned = getattr(self.form, "cleaned_data", {})
        self._save_second_leader(cleaned)
        self._save_photos(cleaned)
        for form in self.supporters.forms:
            self._save_supporter(form)
        for form in self.initiatives.forms:
            self._save_initiative(form)
        return application

    def _save_second_leader(self, cleaned: dict) -> None:
        if (
            "second_leader_name" not in cleaned
            or "second_leader_email" not in cleaned
            or self.form.has_error("second_leader_email")
        ):
            return
        leaders = self.application.signatories.filter(role=SignatoryRole.SECOND_LEADER)
        name, email = cleaned["second_leader_name"], cleaned["second_leader_email"]
        if not email:
            leaders.delete()
            return
        leader = leaders.first() or Signatory(application=self.application, role=SignatoryRole.SECOND_LEADER)
        leader.name, leader.email = name, email  # another person is a new invitation: see Signatory.save
        try:
            with transaction.atomic():
                leader.save()
        except IntegrityError:  # a supporter already saved with this address
            self.form.add_error("second_leader_email", _("Each signatory needs their own e-mail address."))

    def _save_photos(self, cleaned: dict) -> None:
        for photo in cleaned.get("remove_photos") or []:
            photo.image.delete(save=False)
            photo.delete()
        for upload in cleaned.get("new_photos") or []:
            ApplicationPhoto.objects.create(application=self.application, image=upload)

    def _save_supporter(self, form: SignatoryForm) -> None:
        if form.errors or not hasattr(form, "cleaned_data"):
            return
        email = form.cleaned_data.get("email")
        supporter = form.instance
        if not email:
            if supporter.pk:
                supporter.delete()
            return
        supporter.application, supporter.role = self.application, SignatoryRole.SUPPORTER
        try:
            with transaction.atomic():
                supporter.save()
        except IntegrityError:
            form.add_error("email", _("Each signatory needs their own e-mail address."))

    def _save_initiative(self, form: InitiativeForm) -> None:
        if form.errors or not hasattr(form, "cleaned_data"):
            return
        if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("title"):
            if form.instance.pk:
                form.instance.delete()
            return
        form.instance.application = self.application
        form.instance.save()


class SignatoryReplaceForm(forms.Form):
    """The person who signs instead of a supporter who declined or did not answer."""

    name = forms.CharField(label=_("Name of the new supporter"), max_length=150)
    email = forms.EmailField(label=_("E-mail of the new supporter"), max_length=254)
