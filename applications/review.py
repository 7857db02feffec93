"""ICP staff's review of applications: take, request changes, reject, approve.

Admin actions call these. Which move is allowed, and who may make it, is asked of workflow.py; approval composes the
services of the apps that own the rows (WELCOME_STEPS). Every decision e-mails the applicant in their language.
"""

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from initiatives.models import Initiative
from initiatives.services import initiative_create
from members.choices import CoordinatorRole, Pathway
from members.models import City, User
from members.services import (
    CityNotCreated,
    CommunityAlreadyMember,
    city_create_member,
    city_photo_add,
    city_profile_set,
    coordinator_add,
    coordinator_invite,
)
from members.signals import city_welcome
from outbox.compose import email_compose_and_queue, recipient_language, recipient_name
from proclamations.choices import ProclamationKind
from proclamations.models import Proclamation
from proclamations.services import proclamation_create

from .choices import ApplicationStatus, MessageAuthorRole
from .models import Application, ApplicationMessage
from .workflow import (
    REQUIRED_SIGNATORIES,
    TransitionRefused,
    confirmed_signatory_count,
    signatory_shortfall,
    staff_move,
)

logger = logging.getLogger(__name__)

PROCLAMATION_KIND_OF_PATHWAY = {
    Pathway.PROCLAMATION: ProclamationKind.MAYORAL_PROCLAMATION,
    Pathway.COUNCIL_RESOLUTION: ProclamationKind.COUNCIL_RESOLUTION,
}


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("applicant").get(pk=application.pk)


@transaction.atomic
def application_take_for_review(*, application: Application, reviewer: User) -> Application:
    """The reviewer takes a submitted application; it is theirs until decided."""
    application = _locked(application)
    if application.status == ApplicationStatus.IN_REVIEW and application.reviewer_id == reviewer.pk:
        return application
    staff_move(application, to_status=ApplicationStatus.IN_REVIEW, reviewer=reviewer)
    application.reviewer = reviewer
    application.save(update_fields=["status", "reviewer", "updated_at"])
    return application


@transaction.atomic
def application_request_changes(*, application: Application, reviewer: User, message: str) -> Application:
    message = message.strip()
    if not message:
        raise TransitionRefused(_("Tell the applicant what to change: a message is required."))
    application = _locked(application)
    staff_move(application, to_status=ApplicationStatus.CHANGES_REQUESTED, reviewer=reviewer, message=message)
    application.save(update_fields=["status", "updated_at"])
    ApplicationMessage.objects.create(
        application=application, author=reviewer, author_role=MessageAuthorRole.STAFF, body=message
    )
    _email_decision(application, "changes_requested", message)
    return application


@transaction.atomic
def application_reject(*, application: Application, reviewer: User, reason: str) -> Application:
    reason = reason.strip()
    if not reason:
        raise TransitionRefused(_("Give the applicant the reason for the rejection."))
    application = _locked(application)
    staff_move(application, to_status=ApplicationStatus.REJECTED, reviewer=reviewer, message=reason)
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    ApplicationMessage.objects.create(
        application=application, author=reviewer, author_role=MessageAuthorRole.STAFF, body=reason
    )
    _email_decision(application, "rejected", reason)
    return application


@transaction.atomic
def application_approve(
    *, application: Application, reviewer: User, message: str = "", shortfall_accepted: bool = False
) -> City:
    """Welcomes the community: its City and then each of WELCOME_STEPS, in one transaction. Each app makes its own
    rows through its own service; this only says what goes where.

    Approving an approved application again returns its city and changes nothing. With fewer confirmed signatories
    than ICP asks for, the reviewer must say so (`shortfall_accepted`); the history keeps that they did.
    """
    application = _locked(application)
    if application.status == ApplicationStatus.APPROVED:
        return application.city
    shortfall_note = _signatory_shortfall_note(application, accepted=shortfall_accepted)
    history_message = "\n\n".join(part for part in [message.strip(), shortfall_note] if part)
    staff_move(application, to_status=ApplicationStatus.APPROVED, reviewer=reviewer, message=history_message)
    city = _welcome_city(application)
    # city_welcome tells the apps above (webhooks) that the city was approved, once its records are made.
    with city_welcome(city):
        for step in WELCOME_STEPS:
            step(application, city)
    application.city = city
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "city", "decided_at", "updated_at"])
    if message.strip():
        ApplicationMessage.objects.create(
            application=application, author=reviewer, author_role=MessageAuthorRole.STAFF, body=message.strip()
        )
    _email_decision(application, "approved", message.strip())
    return city


class SignatoryShortfall(TransitionRefused):
    """Fewer signatories confirmed than ICP asks for, and the reviewer did not say to approve all the same."""


def _signatory_shortfall_note(application: Application, *, accepted: bool) -> str:
    """The line the history keeps when a reviewer approves with too few confirmed signatories; refuses without
    their explicit word."""
    if not signatory_shortfall(application):
        return ""
    numbers = {"confirmed": confirmed_signatory_count(application), "required": REQUIRED_SIGNATORIES}
    if not accepted:
        raise SignatoryShortfall(
            _(
                "Only %(confirmed)d of %(required)d signatories have confirmed. Tick the box to approve all the same, "
                "or wait for the supporters' answers."
            )
            % numbers
        )
    return _("Approved although only %(confirmed)d of %(required)d signatories had confirmed.") % numbers


def _welcome_city(application: Application) -> City:
    peace_statement = "\n\n".join(
        part for part in [application.challenges, application.actions, application.peace_history] if part
    )
    try:
        return city_create_member(
            name=application.name,
            country=application.country.code,
            region=application.region,
            community_type=application.community_type,
            population=application.population,
            population_year=application.population_year,
            latitude=application.latitude,
            longitude=application.longitude,
            website=application.website,
            peace_statement=peace_statement,
            pathway=application.pathway,
        )
    except CommunityAlreadyMember as same:
        # The applicant may confirm that a similar member is another community; the very same name and region in
        # the same country cannot be told apart on the directory, so staff hear of it instead of a failed approval.
        raise TransitionRefused(
            _(
                "%(city)s (member %(number)s) has the same name and region: ask the applicant for the region "
                "that tells the two communities apart, or reject the application as a duplicate."
            )
            % {"city": same.existing, "number": same.existing.member_number}
        ) from same
    except CityNotCreated as failed:
        raise TransitionRefused(str(failed)) from failed


def _welcome_lead_liaison(application: Application, city: City) -> None:
    coordinator_add(user=application.applicant, city=city, role=CoordinatorRole.LEAD_LIAISON)


def _city_profile_copy(application: Application, city: City) -> None:
    """What the coordinator wrote and sent goes on the city's page: vision, mission, goals, and the photos, which
    leave private storage with the rights the applicant declared on submitting. A photo nobody declared the rights
    to, or one that is no JPEG or PNG (sent before today's checks), stays with the application, unpublished: the
    coordinators can add photos from their dashboard, and approval does not wait for it."""
    city_profile_set(city=city, vision=application.vision, mission=application.mission, goals=application.goals)
    if not application.photo_rights_confirmed:
        return
    for photo in application.photos.all():
        try:
            with photo.image.open("rb") as image:
                city_photo_add(
                    city=city,
                    image=File(image, name=photo.image.name),
                    caption=photo.caption,
                    rights_declared=True,
                    declared_by=application.applicant,
                    declared_at=application.submitted_at,
                )
        except (ValidationError, OSError):
            logger.warning("Photo %s of application %s not published on approval", photo.pk, application.pk)


def _welcome_proclamation(application: Application, city: City) -> None:
    kind = PROCLAMATION_KIND_OF_PATHWAY.get(application.pathway)
    if kind is None or not application.proclamation_adopted_on:
        return
    if application.proclamation_adopted_on > timezone.localdate():  # the form refuses it; an older draft may not
        raise TransitionRefused(
            _("The proclamation is dated %(date)s, in the future: ask the applicant to correct the date.")
            % {"date": application.proclamation_adopted_on.isoformat()}
        )
    title_length = Proclamation._meta.get_field("title").max_length
    fields = {
        "city": city,
        "kind": kind,
        "title": application.proclamation_title
        or Truncator(_("%(city)s, City of Peace") % {"city": city.name}).chars(title_length),
        "issuing_body": application.proclamation_issuing_body or city.name,
        "adopted_on": application.proclamation_adopted_on,
    }
    if not application.proclamation_document:
        proclamation_create(**fields)
        return
    # Approved: the signed document leaves private storage for the city's public record.
    with application.proclamation_document.open("rb") as document:
        proclamation_create(**fields, document=document)


def _welcome_initiatives(application: Application, city: City) -> None:
    for proposed in application.initiatives.all():
        proposal = Initiative(
            title=proposed.title,
            category=proposed.category,
            status=proposed.status,
            description=proposed.description,
            partner_organisations=application.partner_organisations,
        )
        initiative_create(city=city, initiative=proposal)


def _welcome_second_leader(application: Application, city: City) -> None:
    second_leader = application.signatories.second_leaders().first()
    if second_leader:
        coordinator_invite(city=city, invited_by=application.applicant, email=second_leader.email)


# What approval brings, in order, once the city exists: each step asks the service of the app that owns the rows.
WELCOME_STEPS: tuple[Callable[[Application, City], None], ...] = (
    _welcome_lead_liaison,
    _city_profile_copy,
    _welcome_proclamation,
    _welcome_initiatives,
    _welcome_second_leader,
)


def _email_decision(application: Application, decision: str, message: str) -> None:
    email_compose_and_queue(
        template_prefix=f"applications/email/decision_{decision}",
        context={"application": application, "message": message, "city": application.city},
        to=application.applicant.email,
        language=recipient_language(application.applicant),
        name=recipient_name(application.applicant),
    )
