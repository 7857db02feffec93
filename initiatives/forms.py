from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from icp_portal.widgets import QuickSelect

from .choices import InitiativeCategory
from .models import Initiative

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


class InitiativeSearchForm(forms.Form):
    """The filters of the public list of initiatives; every field optional, bad values simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = CountryField(blank=True).formfield(label=_("Country"), required=False, widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *InitiativeCategory.choices]
        self.fields["country"].choices = [("", _("All countries")), *list(self.fields["country"].choices)[1:]]
