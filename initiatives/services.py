"""Writes of initiatives and of their partner cities: who may invite, answer and end a partnership is decided here
and nowhere else."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from icp_portal.slugs import unique_slug
from members.models import City, User
from outbox.compose import email_compose_and_queue, recipient_language, recipient_name

from .choices import PartnershipStatus
from .models import Initiative, InitiativePartner
from .signals import initiative_published


@transaction.atomic
def initiative_create(*, city: City, initiative: Initiative) -> Initiative:
    """Adds an initiative (filled in by a form, or proposed in an approved application) to the city, with a slug of
    its own: the city's, then the title's."""
    initiative.city = city
    initiative.slug = unique_slug(Initiative, initiative.title, prefix=city.slug, fallback=city.slug)
    initiative.save()
    initiative_published.send(sender=Initiative, initiative=initiative)
    return initiative


def coordinates(user: User, city: City) -> bool:
    return user.is_authenticated and city.coordinators.filter(user=user).exists()


def may_manage_partners(*, user: User, initiative: Initiative) -> bool:
    """The organising city's coordinators invite partners, withdraw invitations and remove partners."""
    return coordinates(user, initiative.city)


def may_answer(*, user: User, partnership: InitiativePartner) -> bool:
    """A coordinator of the invited city answers its invitation, while it waits for an answer."""
    return partnership.status == PartnershipStatus.INVITED and coordinates(user, partnership.city)


def initiative_partner_check(*, initiative: Initiative, city: City) -> None:
    """Whether the city can be invited to the initiative: ValidationError with the reason, said to the organiser."""
    if city.pk == initiative.city_id:
        raise ValidationError(_("%(city)s organises this initiative: invite another city.") % {"city": city.name})
    if not city.is_active:
        raise ValidationError(
            _("%(city)s is not an active member city: only active members can be invited.") % {"city": city.name}
        )
    existing = initiative.partnerships.filter(city=city).exclude(
        status__in=[PartnershipStatus.DECLINED, PartnershipStatus.WITHDRAWN, PartnershipStatus.REMOVED]
    )
    if existing.filter(status=PartnershipStatus.ACCEPTED).exists():
        raise ValidationError(_("%(city)s is already a partner of this initiative.") % {"city": city.name})
    if existing.exists():
        raise ValidationError(_("%(city)s is already invited and has not answered yet.") % {"city": city.name})


@transaction.atomic
def initiative_partner_invite(*, initiative: Initiative, city: City, invited_by: User) -> InitiativePartner:
    """Invites the city to be a partner of the initiative and tells each of its coordinators by e-mail."""
    if not may_manage_partners(user=invited_by, initiative=initiative):
        raise PermissionDenied(_("Only the coordinators of the organising city may invite partners."))
    initiative_partner_check(initiative=initiative, city=city)
    partnership = InitiativePartner.objects.create(
        initiative=initiative, city=city, invited_by=invited_by, invited_at=timezone.now()
    )
    for coordinator in city.coordinators.select_related("user"):
        recipient = coordinator.user
        language = recipient_language(recipient)
        with translation.override(language):  # the link opens the page in the language of the e-mail
            link = settings.PORTAL_BASE_URL + reverse("initiatives:partner_answer", kwargs={"pk": partnership.pk})
        email_compose_and_queue(
            template_prefix="initiatives/email/partner_invitation",
            context={
                "initiative": initiative,
                "organiser": initiative.city,
                "city": city,
                "inviter_name": invited_by.introduced_as,
                "link": link,
            },
            to=recipient.email,
            language=language,
            name=recipient_name(recipient),
        )
    return partnership


def _answer(*, partnership: InitiativePartner, user: User, status: str) -> InitiativePartner:
    partnership = (
        InitiativePartner.objects.select_for_update().select_related("city", "initiative").get(pk=partnership.pk)
    )
    if not may_answer(user=user, partnership=partnership):
        raise PermissionDenied(_("This invitation is not waiting for an answer from you."))
    now = timezone.now()
    partnership.status, partnership.answered_by, partnership.answered_at = status, user, now
    if status == PartnershipStatus.ACCEPTED:
        partnership.accepted_on = timezone.localdate(now)
    partnership.save()
    _record_changed(partnership.initiative)
    return partnership


@transaction.atomic
def initiative_partner_accept(*, partnership: InitiativePartner, user: User) -> InitiativePartner:
    """The invited city joins the initiative: it shows on both cities' pages and in the API."""
    return _answer(partnership=partnership, user=user, status=PartnershipStatus.ACCEPTED)


@transaction.atomic
def initiative_partner_decline(*, partnership: InitiativePartner, user: User) -> InitiativePartner:
    return _answer(partnership=partnership, user=user, status=PartnershipStatus.DECLINED)


@transaction.atomic
def initiative_partner_end(*, partnership: InitiativePartner, user: User) -> InitiativePartner:
    """The organiser withdraws an invitation not yet answered, or removes a partner; the row stays, as history."""
    partnership = (
        InitiativePartner.objects.select_for_update().select_related("initiative__city").get(pk=partnership.pk)
    )
    if not may_manage_partners(user=user, initiative=partnership.initiative):
        raise PermissionDenied(_("Only the coordinators of the organising city may end a partnership."))
    ending = {
        PartnershipStatus.INVITED: PartnershipStatus.WITHDRAWN,
        PartnershipStatus.ACCEPTED: PartnershipStatus.REMOVED,
    }
    if partnership.status not in ending:
        raise ValidationError(_("This invitation was already answered or ended."))
    partnership.status = ending[partnership.status]
    partnership.ended_by, partnership.ended_at = user, timezone.now()
    partnership.save()
    _record_changed(partnership.initiative)
    return partnership


def _record_changed(initiative: Initiative) -> None:
    # The initiative's API record lists its partners: an incremental sync and the page cache must hear of it.
    initiative.save(update_fields=["updated_at"])
