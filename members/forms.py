from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CITY_PROFILE_FIELDS, City


def prepare_coordinate_inputs(form: forms.Form) -> None:
    """Decimal degrees with any precision, and a number keyboard on phones."""
    for name in ("latitude", "longitude"):
        form.fields[name].widget.attrs.update(step="any", inputmode="decimal")


def require_paired_coordinates(form: forms.Form, cleaned: dict) -> None:
    """A location is both coordinates or none: the message goes next to the one missing."""
    latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
    if (latitude is None) == (longitude is None) or form.has_error("latitude") or form.has_error("longitude"):
        return
    form.add_error("longitude" if longitude is None else "latitude", _("Give both latitude and longitude, or neither."))


class CityProfileForm(forms.ModelForm):
    """What a coordinator keeps current on their city's public page. Identity and membership stay with ICP."""

    class Meta:
        model = City
        fields = list(CITY_PROFILE_FIELDS)
        widgets = {
            "peace_statement": forms.Textarea(attrs={"rows": 8}),
            "vision": forms.Textarea(attrs={"rows": 4}),
            "mission": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_coordinate_inputs(self)

    def clean(self):
        cleaned = super().clean()
        require_paired_coordinates(self, cleaned)
        if cleaned.get("population_year") and not cleaned.get("population") and not self.has_error("population"):
            self.add_error("population", _("Give the population counted in that year."))
        return cleaned


class CityPhotoForm(forms.Form):
    """A photo for the city's public page; members.services.city_photo_add checks the image and the declaration."""

    image = forms.FileField(
        label=_("Photo (JPEG or PNG, up to 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    credit = forms.CharField(
        label=_("Photo credit"),
        max_length=200,
        required=False,
        help_text=_("Who took the photo, as they wish to be named."),
    )
    rights_declared = forms.BooleanField(
        label=_("I hold the rights to this photo, or have permission to share it publicly"), required=False
    )


class CoordinatorInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the co-coordinator to invite"), max_length=254)
