from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import City

from .models import Initiative
from .services import initiative_partner_check

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "category",
            "status",
            "description",
            "start_date",
            "end_date",
            "participants",
            "partner_organisations",
            "link",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 6}),
            "partner_organisations": forms.Textarea(attrs={"rows": 3}),
        }


MATCHES_SHOWN = 10


class PartnerInviteForm(forms.Form):
    """The organiser names the city to invite. It works without a script: a name that several cities share (or
    part of one) gives the matches to choose from as a list, next to the field, and the name typed stays."""

    city_name = forms.CharField(
        label=_("Partner city"),
        max_length=200,
        help_text=_("The name of a member city of ICP, or part of it."),
    )
    city = forms.SlugField(label=_("Choose the city"), required=False, max_length=240)

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.matches: list[City] = []

    def clean(self):
        cleaned = super().clean()
        name, slug = cleaned.get("city_name"), cleaned.get("city")
        if not name or "city_name" in self.errors:
            return cleaned
        if slug:
            city = City.objects.filter(slug=slug).first()
            if city is None:
                self.add_error("city", _("Choose one of the cities listed."))
                return cleaned
        else:
            city = self._city_named(name)
            if city is None:
                return cleaned
        try:
            initiative_partner_check(initiative=self.initiative, city=city)
        except ValidationError as refusal:
            self.add_error("city_name", refusal)
            return cleaned
        cleaned["partner"] = city
        return cleaned

    def _city_named(self, name: str) -> City | None:
        exact = list(City.objects.filter(name__iexact=name.strip())[:2])
        if len(exact) == 1:
            return exact[0]
        matches = list(
            City.objects.active()
            .filter(name__icontains=name.strip())
            .exclude(pk=self.initiative.city_id)
            .order_by("name", "country", "id")[: MATCHES_SHOWN + 1]
        )
        if len(matches) == 1 and not exact:
            return matches[0]
        if not matches:
            # Only cities that are no longer (or not yet) members go by that name: the check says why not them.
            inactive = exact[0] if exact else City.objects.filter(name__icontains=name.strip()).order_by("name").first()
            if inactive is not None:
                return inactive
            self.add_error("city_name", _("No member city is called “%(name)s”. Check the spelling.") % {"name": name})
        else:
            self.matches = matches[:MATCHES_SHOWN]
            self.add_error("city_name", _("Several member cities match “%(name)s”: choose one below.") % {"name": name})
        return None
