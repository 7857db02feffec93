"""The coordinators' report form: the report itself, its local indicators and its photos, each saved when valid,
so nothing already right is lost when another part has an error."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from icp_portal.error_summary import named
from members.models import City

from .choices import REPORT_MAX_INDICATORS, REPORT_MAX_PHOTOS, STANDARD_FIGURES
from .models import Report, ReportIndicator, ReportPhoto

TEXTAREA = forms.Textarea(attrs={"rows": 6})


class InitiativeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, initiative) -> str:
        year = f" ({initiative.start_date.year})" if initiative.start_date else ""
        return f"{initiative.title}{year}"


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["activities", "initiatives", *STANDARD_FIGURES, "story", "plans"]
        widgets = {
            "activities": TEXTAREA,
            "initiatives": forms.CheckboxSelectMultiple,
            "story": forms.Textarea(attrs={"rows": 10}),
            "plans": TEXTAREA,
        }
        field_classes = {"initiatives": InitiativeChoices}
        help_texts = {"initiatives": _("Tick those of this year; add missing ones on the city's page first.")}

    def __init__(self, *args, city: City, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = city.initiatives.order_by("-start_date", "title")
        for name, field in self.fields.items():
            field.required = False
            if name in STANDARD_FIGURES:
                field.widget.attrs.update({"inputmode": "numeric", "min": 0, "class": "short-number"})
        for name in ("activities", "story", "plans"):
            self.fields[name].max_length = 20_000
            self.fields[name].widget.attrs.pop("maxlength", None)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = ReportIndicator
        fields = ["name", "value", "unit", "source", "year"]
        help_texts = {"name": _("For example: reported crimes, school conflicts, people trained in mediation.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        filled = any(cleaned.get(name) not in (None, "") for name in self.fields)
        if filled and not cleaned.get("name"):
            self.add_error("name", _("Name the indicator."))
        if filled and cleaned.get("value") is None:
            self.add_error("value", _("Give the indicator's value."))
        return cleaned


class PhotoForm(forms.ModelForm):
    class Meta:
        model = ReportPhoto
        fields = ["image", "caption", "credit"]
        widgets = {"image": forms.FileInput(attrs={"accept": "image/jpeg,image/png"})}
        labels = {"image": _("Photo (JPEG or PNG, up to 5 MB)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        has_photo = bool(self.instance.pk) or "image" in self.changed_data
        if has_photo:
            for name, message in (
                ("caption", _("Give the photo a caption.")),
                ("credit", _("Say who took the photo and that it may be published.")),
            ):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, message)
        elif cleaned.get("caption") or cleaned.get("credit"):
            self.add_error("image", _("Choose the photo this caption belongs to."))
        return cleaned

    def save(self, commit=True):
        if "image" in self.changed_data and self.cleaned_data.get("image"):
            self.instance.original_name = (self.cleaned_data["image"].name or "")[:200]
        return super().save(commit)


class BaseRowsFormSet(forms.BaseInlineFormSet):
    """Rows carry their id in a hidden field: one that names no row of this report was removed meanwhile."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "id" in form.fields:
            gone = _("This row was changed or removed in another window, so it was not saved. Reload the page.")
            form.fields["id"].error_messages.update(invalid_choice=gone, required=gone)


IndicatorFormSet = inlineformset_factory(
    Report,
    ReportIndicator,
    form=IndicatorForm,
    formset=BaseRowsFormSet,
    extra=2,  # two empty rows; each save shows two more, up to the limit: no script needed
    max_num=REPORT_MAX_INDICATORS,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)
PhotoFormSet = inlineformset_factory(
    Report,
    ReportPhoto,
    form=PhotoForm,
    formset=BaseRowsFormSet,
    extra=REPORT_MAX_PHOTOS,
    max_num=REPORT_MAX_PHOTOS,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)


class ReportEditor:
    """The report form with its indicators and photos. Each part that is valid is saved, whatever the others say:
    a photo uploaded beside a mistyped figure is kept (a browser cannot send a file input back)."""

    def __init__(self, report: Report, data=None, files=None):
        self.report = report
        self.form = ReportForm(data, files, instance=report, city=report.city, prefix="report")
        self.indicators = IndicatorFormSet(data, instance=report, prefix="indicators")
        self.photos = PhotoFormSet(data, files, instance=report, prefix="photos")
        self.unsaved_photos: list[str] = []

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.indicators.is_valid(), self.photos.is_valid()])

    def save_valid_parts(self) -> Report:
        """Saves what is valid; the caller has made the report a row (a draft) first."""
        if self.form.is_valid():
            self.form.save()
        # A saved formset is shown again from what is stored: its new rows are rows of the report now, and sending
        # the page again must change them, not add them a second time.
        if self.indicators.is_valid():
            self.indicators.save()
            self.indicators = IndicatorFormSet(instance=self.report, prefix="indicators")
        if self.photos.is_valid():
            self.photos.save()
            self.photos = PhotoFormSet(instance=self.report, prefix="photos")
        else:
            self._save_valid_photos()
        return self.report

    def _save_valid_photos(self) -> None:
        saved = False
        for row in self.photos.forms:
            if row.is_valid() and "image" in row.changed_data and not self.photos._should_delete_form(row):
                row.instance.report = self.report
                row.save()
                saved = True
            elif row.errors:
                self.unsaved_photos += [str(error) for errors in row.errors.values() for error in errors]
        if saved:  # shown again from what is stored: the saved photos as rows of their own
            self.photos = PhotoFormSet(instance=self.report, prefix="photos")

    def error_list(self) -> list[dict]:
        """The formsets' errors for the error summary, each linking to its field (the form lists its own)."""
        items = []
        for formset, heading in ((self.indicators, "#indicators-heading"), (self.photos, "#photos-heading")):
            items += [{"message": message, "href": heading} for message in formset.non_form_errors()]
            for row in formset.forms:
                for name, errors in row.errors.items():
                    own = name in row.fields and name != "id"
                    href = f"#{row[name].auto_id}" if own else heading
                    items += [{"message": named(row[name], error) if own else error, "href": href} for error in errors]
        if self.unsaved_photos and not self.photos.is_bound:
            items += [{"message": message, "href": "#photos-heading"} for message in self.unsaved_photos]
        return items

    @property
    def has_errors(self) -> bool:
        return bool(self.form.errors or self.error_list())
