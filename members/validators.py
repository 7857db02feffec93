from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Numbers are written in many ways around the world: digits with spaces, dots, dashes, brackets and a leading "+",
# at least six digits. Anything else (letters, a second "+") is a typing slip worth pointing out.
phone_number_validator = RegexValidator(
    r"^\+?[0-9(][0-9 ().\-/]{4,38}[0-9]$",
    _("Enter a phone number with digits only, spaces, dashes or brackets allowed, for example +254 20 123 4567."),
    code="invalid_phone",
)
