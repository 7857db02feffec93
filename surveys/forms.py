from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .questions import SCALE, question_set

HONEYPOT_FIELD = "website"
MAXIMUM_ANSWERS_LIMIT = 100_000


class SurveyOpenForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Last day for answers"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional if you give a maximum number of answers. Answers are taken until the end of this day."),
    )
    max_answers = forms.IntegerField(
        label=_("Maximum number of answers"),
        required=False,
        min_value=1,
        max_value=MAXIMUM_ANSWERS_LIMIT,
        help_text=_("Optional if you give a last day. Results show from 10 answers on."),
    )

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on is not None and closes_on < timezone.localdate():
            raise forms.ValidationError(_("The last day for answers cannot be in the past."))
        return closes_on

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("closes_on") is None and cleaned.get("max_answers") is None:
            raise forms.ValidationError(_("Give a last day for answers, a maximum number of answers, or both."))
        return cleaned


class SurveyAnswerForm(forms.Form):
    """The questions of questions.json, in the active language; every question may be skipped, but not all."""

    open_answer = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    # A field people never see (hidden by CSS, skipped by keyboard and screen readers): bots fill every field.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = question_set()
        for question in questions.questions:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text,
                choices=[(value, questions.scale_label(value)) for value in SCALE],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["open_answer"].label = questions.open_question
        self.order_fields([*questions.keys, "open_answer", HONEYPOT_FIELD])

    @property
    def question_fields(self):
        return [self[key] for key in question_set().keys]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        keys = question_set().keys
        if not self.errors and all(cleaned.get(key) is None for key in keys) and not cleaned.get("open_answer"):
            raise forms.ValidationError(_("Answer at least one question before you send."))
        return cleaned

    def ratings(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(key) for key in question_set().keys}
