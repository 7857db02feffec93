"""Workflows of member records that coordinators start: inviting a co-coordinator."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outbox.services import email_queue

from .choices import CoordinatorRole
from .models import City, Coordinator, User

INVITATION_SALT = "members.coordinator-invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600


def coordinator_invite(*, city: City, invited_by: User, email: str) -> None:
    """E-mails a signed invitation to coordinate the city; the invitee accepts it signed in with that address."""
    token = signing.dumps({"city": city.pk, "email": email.lower()}, salt=INVITATION_SALT)
    link = settings.PORTAL_BASE_URL + reverse("members:invitation_accept", kwargs={"token": token})
    with translation.override(invited_by.language):
        context = {"city": city, "invited_by": invited_by, "link": link}
        email_queue(
            to=email,
            subject=_("You are invited to coordinate %(city)s, a City of Peace") % {"city": city.name},
            body=render_to_string("members/email/coordinator_invitation.txt", context),
        )


class InvitationInvalid(Exception):
    """The invitation link is forged, altered, expired, or meant for another e-mail address."""


@transaction.atomic
def coordinator_invitation_accept(*, token: str, user: User) -> Coordinator:
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature as error:
        raise InvitationInvalid(_("This invitation link is not valid or has expired.")) from error
    if payload.get("email", "").lower() != user.email.lower():
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    city = City.objects.get(pk=payload["city"])
    coordinator, _created = Coordinator.objects.get_or_create(
        user=user, city=city, defaults={"role": CoordinatorRole.CO_COORDINATOR}
    )
    return coordinator
