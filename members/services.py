"""Workflows of member records: inviting a co-coordinator, a city's membership status and public profile,
reminders."""

import hashlib
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from icp_portal.images import validate_photo
from outbox.compose import email_compose_and_queue, recipient_language, recipient_name

from .choices import CITY_MAX_PHOTOS, CoordinatorRole, MembershipStatus
from .models import CITY_PROFILE_FIELDS, City, CityPhoto, Coordinator, CoordinatorInvitation, User
from .normalise import community_key
from .selectors import cities_quiet_for_a_year
from .signals import city_approved, city_profile_changed, city_status_changed


class CityNotCreated(Exception):
    """The new member city could not be saved; the message says why."""


class CommunityAlreadyMember(CityNotCreated):
    """A member city of the same country has the same name and region: the directory could not tell them apart."""

    def __init__(self, existing: City) -> None:
        super().__init__(f"{existing} (member {existing.member_number}) has the same name and region.")
        self.existing = existing


# Two cities created at the same moment may pick the same next number; the unique constraint refuses the second,
# which takes the number after. This many times at most.
MEMBER_NUMBER_ATTEMPTS = 5


def city_create_member(
    *,
    name: str,
    country: str,
    region: str = "",
    community_type: str = "",
    population: int | None = None,
    population_year: int | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    website: str = "",
    peace_statement: str = "",
    pathway: str = "",
) -> City:
    """A new member city, member since today, with the next member number and a slug of its own.

    Refused (CommunityAlreadyMember) when a member of the same country has the same name and region."""
    same = City.objects.filter(country=country, community_key=community_key(name, region)).first()
    if same:
        raise CommunityAlreadyMember(same)
    for _attempt in range(MEMBER_NUMBER_ATTEMPTS):
        number = (City.objects.aggregate(highest=Max("member_number"))["highest"] or 0) + 1
        city = City(
            name=name,
            slug=City.unique_slug_for(name, country),
            community_type=community_type,
            country=country,
            region=region,
            population=population,
            population_year=population_year if population else None,
            latitude=latitude,
            longitude=longitude,
            website=website,
            peace_statement=peace_statement,
            pathway=pathway,
            member_since=timezone.now().date(),
            member_number=number,
        )
        try:
            with transaction.atomic():
                city.save()
        except IntegrityError:
            if City.objects.filter(member_number=number).exists():
                continue
            raise
        return city
    raise CityNotCreated(_("Could not give the city a member number; please try again."))


def coordinator_add(*, user: User, city: City, role: str = CoordinatorRole.CO_COORDINATOR) -> Coordinator:
    """Makes the person a coordinator of the city; a role they already hold there is kept."""
    coordinator, _created = Coordinator.objects.get_or_create(user=user, city=city, defaults={"role": role})
    return coordinator


def invitation_token_hash(token: str) -> str:
    """What the database keeps of an invitation's link: enough to find the row, useless to rebuild the link."""
    return hashlib.sha256(token.encode("utf-8", errors="replace")).hexdigest()


def may_invite_coordinators(*, user: User | None, city: City) -> bool:
    """Who may invite co-coordinators to a city, and whose invitations keep working: its coordinators, and staff who
    may add coordinators (being staff alone is no right), with an active account."""
    if user is None or not user.is_active:
        return False
    if user.is_staff and user.has_perm("members.add_coordinator"):
        return True
    return Coordinator.objects.filter(user=user, city=city).exists()


@transaction.atomic
def coordinator_invite(*, city: City, invited_by: User, email: str) -> CoordinatorInvitation:
    """E-mails an invitation to coordinate the city; the invitee accepts it signed in with that address.

    The returned invitation carries its `token` this once: only its hash is stored. A new invitation to the same
    address replaces the one still pending, so only the latest link works.
    """
    if not may_invite_coordinators(user=invited_by, city=city):
        raise PermissionDenied(_("Only the coordinators of %(city)s may invite to it.") % {"city": city.name})
    now = timezone.now()
    CoordinatorInvitation.objects.pending(now=now).filter(city=city, email__iexact=email).update(
        revoked_at=now, revoked_by=invited_by
    )
    token = secrets.token_urlsafe(32)
    invitation = CoordinatorInvitation.objects.create(
        city=city, email=email, invited_by=invited_by, token_hash=invitation_token_hash(token), created_at=now
    )
    invitation.token = token
    link = settings.PORTAL_BASE_URL + reverse("members:invitation_accept", kwargs={"token": token})
    invitee = User.objects.filter(email__iexact=email).first()
    email_compose_and_queue(
        template_prefix="members/email/coordinator_invitation",
        context={"city": city, "inviter_name": invited_by.introduced_as, "link": link},
        to=email,
        language=recipient_language(invitee or invited_by),
        name=recipient_name(invitee),
    )
    return invitation


class InvitationInvalid(Exception):
    """The invitation link is unknown, used, revoked or expired, or its city or inviter no longer stand behind it."""


def coordinator_invitation_check(*, token: str, user: User) -> CoordinatorInvitation:
    """The invitation this link names if the user may accept it now; otherwise InvitationInvalid, or
    PermissionDenied when it was sent to another address. Every reason is one the invitee can act on."""
    invitation = (
        CoordinatorInvitation.objects.select_related("city", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid(_("This invitation link is not valid. Check that you copied the whole link."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvitationInvalid(_("This invitation was withdrawn. Ask the city's coordinators for a new one."))
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(_("This invitation has expired. Ask the city's coordinators for a new one."))
    city = invitation.city
    if city is None:
        raise InvitationInvalid(_("The city of this invitation no longer exists on the portal."))
    if city.status != MembershipStatus.ACTIVE:
        raise InvitationInvalid(
            _("%(city)s is no longer an active City of Peace, so its invitations no longer work.") % {"city": city.name}
        )
    if not may_invite_coordinators(user=invitation.invited_by, city=city):
        raise InvitationInvalid(
            _("The person who sent this invitation no longer coordinates %(city)s. Ask a coordinator for a new one.")
            % {"city": city.name}
        )
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address. Sign in with that address to accept it.")
        )
    return invitation


@transaction.atomic
def coordinator_invitation_accept(*, token: str, user: User) -> Coordinator:
    """Makes the invitee a co-coordinator of the city (keeping a role they already have); the link then dies."""
    invitation = coordinator_invitation_check(token=token, user=user)
    # A conditional UPDATE claims the invitation: of two clicks at once, or a revocation meanwhile, one wins.
    claimed = CoordinatorInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise InvitationInvalid(_("This invitation was just used or withdrawn."))
    return coordinator_add(user=user, city=invitation.city, role=CoordinatorRole.CO_COORDINATOR)


@transaction.atomic
def coordinator_invitation_revoke(*, invitation: CoordinatorInvitation, actor: User) -> CoordinatorInvitation:
    """Withdraws a pending invitation: its link then shows that it was withdrawn. A used one stays as it is."""
    if invitation.city is not None:
        allowed = may_invite_coordinators(user=actor, city=invitation.city)
    else:  # its city is gone, and the link with it; staff may still mark it withdrawn for the record
        allowed = actor.is_active and actor.is_staff and actor.has_perm("members.change_coordinatorinvitation")
    if not allowed:
        raise PermissionDenied
    CoordinatorInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    invitation.refresh_from_db()
    return invitation


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
    previous_status = city.status
    city.status, city.status_reason, city.status_changed_at = status, reason, timezone.now()
    city._change_reason = reason  # shown in the history next to who made the change
    city.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    if previous_status != status:
        city_status_changed.send(sender=City, city=city, previous_status=previous_status)
    return city


def quiet_cities_remind(*, now=None) -> int:
    """E-mails the coordinators of each active city that has not changed in a year; once a month at most."""
    now = now or timezone.now()
    reminded = 0
    for city in cities_quiet_for_a_year(now=now).prefetch_related("coordinators__user"):
        for coordinator in city.coordinators.all():
            email_compose_and_queue(
                template_prefix="members/email/quiet_city_reminder",
                context={"city": city},
                to=coordinator.user.email,
                language=recipient_language(coordinator.user),
                name=recipient_name(coordinator.user),
            )
        # update() keeps updated_at: a reminder is not an update of the city.
        City.objects.filter(pk=city.pk).update(reminded_at=now)
        reminded += 1
    return reminded


# What a coordinator keeps current on the city's public page (CityProfileForm); identity and membership stay with ICP.


@transaction.atomic
def city_profile_set(*, city: City, **profile) -> City:
    """Sets what the city says of itself on its public page: approval (from the application) and its coordinators
    (from the dashboard) both come here."""
    unknown = set(profile) - set(CITY_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not part of a city's public profile: {', '.join(sorted(unknown))}")
    for name, value in profile.items():
        setattr(city, name, value)
    city.save(update_fields=[*profile, "updated_at"])
    city_profile_changed.send(sender=City, city=city, fields=sorted(profile))
    return city


def city_added_announce(*, city: City) -> None:
    """Tells the apps above that staff added a member city in admin, outside an application (partners hear
    city.approved): call it in the transaction of the addition, once the city and its affiliations are saved."""
    if city.status == MembershipStatus.ACTIVE:
        city_approved.send(sender=City, city=city)


def city_changes_announce(*, city: City, fields: Iterable[str]) -> None:
    """Tells the apps above that staff changed what the city shows of itself in admin (partners hear city.updated):
    call it in the transaction of the change, once it is saved."""
    city_profile_changed.send(sender=City, city=city, fields=sorted(fields))


@transaction.atomic
def city_photo_add(
    *,
    city: City,
    image,
    rights_declared: bool,
    caption: str = "",
    credit: str = "",
    declared_by: User | None = None,
    declared_at=None,
) -> CityPhoto:
    """Adds a photo to the city's public page. Whoever shares it declares they hold its rights or have permission
    to share it: without that declaration nothing is published."""
    errors: dict[str, list] = {}
    if not rights_declared:
        errors["rights_declared"] = [_("Confirm that you hold the rights to this photo or may share it.")]
    try:
        validate_photo(image)
    except ValidationError as invalid:
        errors["image"] = invalid.messages
    City.objects.select_for_update().get(pk=city.pk)  # two uploads at once count one after the other
    if city.photos.count() >= CITY_MAX_PHOTOS:
        errors.setdefault("image", []).append(
            _("A city shows at most %(count)d photos: remove one before adding another.") % {"count": CITY_MAX_PHOTOS}
        )
    if errors:
        raise ValidationError(errors)
    photo = CityPhoto(
        city=city,
        caption=" ".join(caption.split()),
        credit=" ".join(credit.split()),
        rights_declared_at=declared_at or timezone.now(),
        rights_declared_by=declared_by,
    )
    photo.image = image  # stored under city_photo_path's name: random, with the checked type's suffix
    photo.save()
    return photo


@transaction.atomic
def city_photo_remove(*, photo: CityPhoto) -> None:
    """Takes the photo off the city's page; its file is deleted once that is committed."""
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
