"""The forms of a person's own account: sign-up details, settings, and the deletion of the account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import User
from members.validators import phone_number_validator


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


def prepare_person_fields(form: forms.Form) -> None:
    """The name and the role are required wherever they are asked; browsers may fill them in."""
    form.fields["full_name"].required = True
    form.fields["full_name"].help_text = _("As you would like ICP to address you, written as you write it.")
    form.fields["full_name"].widget.attrs["autocomplete"] = "name"
    form.fields["role"].required = True
    form.fields["phone"].validators = [phone_number_validator]  # also on allauth's form, which is no ModelForm
    form.fields["phone"].widget.input_type = "tel"
    form.fields["phone"].widget.attrs["autocomplete"] = "tel"


def single_spaced(text: str) -> str:
    return " ".join(text.split())


class PersonDetailsForm(forms.ModelForm):
    """Who the person is: asked from accounts made before sign-up asked it, and kept in the account's settings."""

    class Meta:
        model = User
        fields = ["full_name", "role", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_person_fields(self)

    def clean_full_name(self) -> str:
        return single_spaced(self.cleaned_data["full_name"])

    def clean_role(self) -> str:
        return single_spaced(self.cleaned_data["role"])


class AccountSettingsForm(PersonDetailsForm):
    class Meta(PersonDetailsForm.Meta):
        fields = [*PersonDetailsForm.Meta.fields, "language"]
        labels = {"language": _("Language of the portal and of the e-mails ICP sends you")}


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks besides e-mail and password (settings.ACCOUNT_SIGNUP_FORM_CLASS). A plain
    form: allauth builds its own form on top of this one and saves the user itself."""

    # allauth orders its form by this: the person first, then how they sign in.
    field_order = ["full_name", "role", "phone", "email", "password1", "password2"]

    full_name = User._meta.get_field("full_name").formfield()
    role = User._meta.get_field("role").formfield()
    phone = User._meta.get_field("phone").formfield()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_person_fields(self)

    def clean_full_name(self) -> str:
        return single_spaced(self.cleaned_data["full_name"])

    def clean_role(self) -> str:
        return single_spaced(self.cleaned_data["role"])

    def signup(self, request, user: User) -> None:
        # allauth calls this once it has saved the new account.
        user.full_name = self.cleaned_data["full_name"]
        user.role = self.cleaned_data["role"]
        user.phone = self.cleaned_data["phone"]
        user.save(update_fields=["full_name", "role", "phone"])
