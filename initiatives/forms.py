from django import forms

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
