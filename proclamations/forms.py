from django import forms

from .models import Proclamation


class ProclamationForm(forms.ModelForm):
    class Meta:
        model = Proclamation
        fields = ["kind", "title", "issuing_body", "adopted_on", "summary", "text", "language", "document", "is_public"]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
