from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """A person's own account: sign-up details, settings, the dashboard, their data and its deletion.
    No models of its own: the account is `members.User`."""

    name = "accounts"
    verbose_name = _("Accounts")
