"""Workflows of member records: inviting a co-coordinator, a city's membership status, reminders."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outbox.services import email_queue

from .choices import CoordinatorRole, MembershipStatus
from .models import City, Coordinator, User
from .selectors import cities_quiet_for_a_year

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


@transaction.atomic
def city_change_status(*, city: City, status: str, reason: str, actor: User | None = None) -> City:
    """Marks a city active, inactive or withdrawn; leaving the active list needs a reason, kept in its history."""
    reason = reason.strip()
    if status != MembershipStatus.ACTIVE and not reason:
        raise ValidationError(
            {
                "status_reason": _("Give the reason the city becomes %(status)s.")
                % {"status": MembershipStatus(status).label.lower()}
            }
        )
    city = City.objects.select_for_update().get(pk=city.pk)
    if city.status == status and city.status_reason == reason:
        return city
    city.status, city.status_reason, city.status_changed_at = status, reason, timezone.now()
    city._change_reason = reason  # shown in the history next to who made the change
    city.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    return city


def quiet_cities_remind(*, now=None) -> int:
    """E-mails the coordinators of each active city that has not changed in a year; once a month at most."""
    now = now or timezone.now()
    reminded = 0
    for city in cities_quiet_for_a_year(now=now).prefetch_related("coordinators__user"):
        for coordinator in city.coordinators.all():
            with translation.override(coordinator.user.language):
                context = {"city": city, "coordinator": coordinator, "base_url": settings.PORTAL_BASE_URL}
                email_queue(
                    to=coordinator.user.email,
                    subject=_("%(city)s: time to update your City of Peace page") % {"city": city.name},
                    body=render_to_string("members/email/quiet_city_reminder.txt", context),
                )
        # update() keeps updated_at: a reminder is not an update of the city.
        City.objects.filter(pk=city.pk).update(reminded_at=now)
        reminded += 1
    return reminded
