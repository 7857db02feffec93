"""Issuing, reissuing and checking membership certificates.

A certificate is made the first time one of the city's coordinators (or staff) downloads it, not at approval: the
approval workflow then needs to know nothing of certificates, and cities that came in through the member list's
import, which creates rows without the approval, get theirs the same way.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from members.models import City

from .models import Certificate


def certificate_of(*, city: City) -> Certificate:
    """The city's current certificate, issued now if it has none. Two first downloads at once both get the one
    that won the race: the database keeps one current certificate per city."""
    # Through the city's relation, so the certificate knows its city without asking the database again.
    current = city.certificates.filter(replaced_at__isnull=True).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return Certificate.objects.create(city=city)
    except IntegrityError:
        return city.certificates.get(replaced_at__isnull=True)


@transaction.atomic
def certificate_reissue(*, city: City) -> Certificate:
    """A new certificate with a new code; the old code from now on says it was replaced by a newer one."""
    current = Certificate.objects.select_for_update().filter(city=city, replaced_at__isnull=True).first()
    if current is not None:
        current.replaced_at = timezone.now()
        current.save(update_fields=["replaced_at"])
    new = Certificate.objects.create(city=city)
    if current is not None:
        current.replaced_by = new
        current.save(update_fields=["replaced_by"])
    return new


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this code and its city, in one query; None for a code nobody issued."""
    return Certificate.objects.select_related("city").filter(code=code).first()


def certificate_verify_url(certificate: Certificate, *, language: str) -> str:
    """The absolute address of the certificate's public check, in the certificate's language."""
    with translation.override(language):
        return settings.PORTAL_BASE_URL + reverse("certificates:verify", kwargs={"code": certificate.code})


def certificate_language(user) -> str:
    """The certificate speaks the language its downloader chose for the portal (their account's language, the one
    their e-mails come in): a coordinator is the city's voice, in one of the portal's languages."""
    languages = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "language", "") or translation.get_language() or settings.LANGUAGE_CODE
    return language if language in languages else settings.LANGUAGE_CODE


def member_ordinal(number: int) -> str:
    """The city's rank in the active language: 458th, 458.ª, 458e. The endings differ by language in ways one
    msgid cannot hold (French "1re" but "21e", English "21st" but "11th"), so each case is its own message."""
    if number == 1:
        text = pgettext("ordinal of the first City of Peace", "%(number)sst")
    elif number % 10 == 1 and number % 100 != 11:
        text = pgettext("ordinal of a City of Peace ending in 1, not 11", "%(number)sst")
    elif number % 10 == 2 and number % 100 != 12:
        text = pgettext("ordinal of a City of Peace ending in 2, not 12", "%(number)snd")
    elif number % 10 == 3 and number % 100 != 13:
        text = pgettext("ordinal of a City of Peace ending in 3, not 13", "%(number)srd")
    else:
        text = pgettext("ordinal of a City of Peace", "%(number)sth")
    return text % {"number": number}
