"""How django-allauth sends account e-mail here: through the outbox, after the transaction commits."""

from typing import NamedTuple
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext as _

from icp_portal.client_address import client_address
from icp_portal.i18n import path_in_language
from outbox.compose import email_compose, recipient_language, recipient_name
from outbox.services import email_queue


class PortalSite(NamedTuple):
    """What allauth's e-mails call the site ("Hello from {{ current_site.name }}!"): django.contrib.sites is not
    installed, and the portal's public address, not the host a request came by, is where its links lead."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=_("International Cities of Peace"), domain=urlsplit(settings.PORTAL_BASE_URL).netloc)


def _links_to_portal(context: dict, request, language: str) -> dict:
    """allauth builds its links (activate_url, password_reset_url, signup_url ...) from the request's host and in
    the request's language; every link in an e-mail leads to PORTAL_BASE_URL instead, in the e-mail's language."""
    if request is None:
        return context
    request_root = request.build_absolute_uri("/")
    return {
        key: settings.PORTAL_BASE_URL + path_in_language("/" + value.removeprefix(request_root), language)
        if isinstance(value, str) and value.startswith(request_root)
        else value
        for key, value in context.items()
    }


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # allauth's forms take the 320 characters of Django's EmailField; an address is stored (and deliverable,
        # RFC 5321) in 254. Every allauth form that takes an address asks this: sign-up, add, reset, change.
        MaxLengthValidator(254)(email)
        return super().clean_email(email)

    def get_client_ip(self, request) -> str:
        # The sign-in lockout per address (ACCOUNT_RATE_LIMITS) counts the client behind our proxies, as the API's
        # throttle does; allauth's own reading answers 500 to an X-Forwarded-For shorter than the proxy count.
        return client_address(request) or super().get_client_ip(request)

    def save_user(self, request, user, form, commit=True):
        # Later e-mails (decisions, reminders) go out in the language the coordinator signed up in.
        language = translation.get_language() or settings.LANGUAGE_CODE
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails (verification, password reset, ...) in the portal's frame, as every other e-mail:
        HTML and text, the recipient's language, links on PORTAL_BASE_URL whatever host the request came to."""
        request = allauth_context.request
        user = context.get("user")
        context = {"request": request, "email": email, "current_site": portal_site(), **context}
        language = recipient_language(user)
        message = email_compose(
            template_prefix=template_prefix,
            context=_links_to_portal(context, request, language),
            to=email,
            language=language,
            name=recipient_name(user),
        )
        # allauth's subjects ("Password Reset") say nothing of who sends them: ACCOUNT_EMAIL_SUBJECT_PREFIX does.
        subject = self.format_email_subject(message.subject)
        email_queue(to=email, subject=subject, body=message.text, html_body=message.html)


def user_display(user) -> str:
    """How allauth names the account on screen ("Signed in as ..."): the person's name once they have given it."""
    return user.full_name or user.email
