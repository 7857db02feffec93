"""Workflows of an application: start, save a draft, submit, answer, withdraw; supporters' confirmations.

Views and tasks call these; they hold no rule of their own.
"""

import dataclasses
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.geography import place_coordinates
from members.models import User
from outbox.compose import email_compose_and_queue, recipient_language, recipient_name

from .choices import REQUIRED_SUPPORTERS, ApplicationStatus, MessageAuthorRole, ReviewerNoticeEvent, SignatoryRole
from .models import Application, ApplicationInitiative, ApplicationMessage, ApplicationPhoto, Signatory
from .notices import application_moved_to_reviewers
from .selectors import similar_communities
from .workflow import TransitionRefused as TransitionRefused  # re-exported: callers catch it with the services
from .workflow import (
    applicant_move,
    may_be_answered,
    refuse_unless,
    signatory_awaits_answer,
    signatory_may_be_replaced,
    signatory_may_be_resent,
    signatory_may_decline,
    signatory_resend_available_at,
)

SIGNATORY_LINK_SALT = "applications.signatory-confirmation"
SIGNATORY_LINK_MAX_AGE = 90 * 24 * 3600  # supporters may take a while to answer; three months


def application_start(*, applicant: User, form_token) -> Application:
    """The draft behind a form: the one this form already saved (a double click, a second step), else a new one,
    not yet saved: a draft is only stored once it has something in it (see application_save_draft)."""
    application = Application.objects.filter(form_token=form_token).first()
    if application is None:
        return Application(applicant=applicant, form_token=form_token, name="")
    if application.applicant_id != applicant.pk:
        raise PermissionDenied
    return application


@dataclass
class DraftChanges:
    """What one save of (a step of) the form changes: only what was shown to the applicant and accepted."""

    answers: dict = dataclasses.field(default_factory=dict)  # Application field name -> cleaned value
    second_leader: tuple[str, str] | None = None  # (name, e-mail); empty e-mail removes; None leaves as it is
    new_photos: list = dataclasses.field(default_factory=list)  # uploaded files, checked
    removed_photos: list[ApplicationPhoto] = dataclasses.field(default_factory=list)
    # Supporters' and initiatives' rows to keep, and those to delete.
    rows: list[Signatory | ApplicationInitiative] = dataclasses.field(default_factory=list)
    removed_rows: list[Signatory | ApplicationInitiative] = dataclasses.field(default_factory=list)


@dataclass
class DraftSaved:
    application: Application | None  # None: nothing was saved (a new draft needs at least the community's name)
    # Rows (or "second_leader") refused because another signatory has that e-mail address.
    refused: list = dataclasses.field(default_factory=list)
    location_filled: bool = False


@transaction.atomic
def application_save_draft(*, application: Application, actor: User, changes: DraftChanges) -> DraftSaved:
    """Saves what the applicant gave as the draft. A new draft starts with the community's name: an empty first
    step stores nothing, so no "unnamed" drafts pile up on the dashboard."""
    if application.pk is None and not changes.answers.get("name"):
        return DraftSaved(application=None)
    if application.pk and application.applicant_id != actor.pk:
        raise PermissionDenied
    for name, value in changes.answers.items():
        Application._meta.get_field(name).save_form_data(application, value)
    if (application.latitude is None) != (application.longitude is None):
        application.latitude = application.longitude = None  # half a location is no location
    location_filled = _fill_location(application)
    if application.pk is None:
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:  # the same first step posted twice at once: the other request saved it
            application = Application.objects.get(form_token=application.form_token, applicant=actor)
    else:
        application.save()
    saved = DraftSaved(application=application, location_filled=location_filled)
    if changes.second_leader is not None and not _save_second_leader(application, *changes.second_leader):
        saved.refused.append("second_leader")
    for photo in changes.removed_photos:
        photo.image.delete(save=False)
        photo.delete()
    for upload in changes.new_photos:
        name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]  # a path from old browsers: its end
        ApplicationPhoto.objects.create(application=application, image=upload, original_name=name)
    for row in changes.removed_rows:
        if row.pk:
            row.delete()
    for row in changes.rows:
        row.application = application
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # a signatory already saved with this address
            saved.refused.append(row)
    return saved


def _fill_location(application: Application) -> bool:
    """Coordinates from GeoNames when the applicant gave none but named the place."""
    if application.latitude is not None or not application.name or not application.country:
        return False
    coordinates = place_coordinates(application.name, application.country.code)
    if not coordinates:
        return False
    application.latitude, application.longitude = coordinates
    return True


def _save_second_leader(application: Application, name: str, email: str) -> bool:
    leaders = application.signatories.second_leaders()
    if not email:
        leaders.delete()
        return True
    leader = leaders.first() or Signatory(application=application, role=SignatoryRole.SECOND_LEADER)
    leader.name, leader.email = name, email  # another person is a new invitation: see Signatory.save
    try:
        with transaction.atomic():
            leader.save()
    except IntegrityError:  # a supporter already saved with this address
        return False
    return True


def application_submission_errors(application: Application) -> dict[str, list[str]]:
    """What is still missing before ICP can review the application, by field name ("initiatives" and "supporters"
    for the rows). A draft not yet saved lacks everything: the list is shown from the first step."""
    errors: dict[str, list[str]] = {}
    saved = application.pk is not None

    def missing(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    required_text = {
        "name": _("Give the name of the community."),
        "community_type": _("Choose the type of community."),
        "country": _("Choose the country."),
        "pathway": _("Choose how the community qualifies."),
        "challenges": _("Describe the challenges the community faces."),
        "actions": _("Describe what the community does about them."),
        "vision": _("Give the community's vision."),
        "mission": _("Give the community's mission."),
        "goals": _("Give the community's goals."),
    }
    for field, message in required_text.items():
        if not getattr(application, field):
            missing(field, message)

    if application.pathway in ("proclamation", "council_resolution"):
        if not application.proclamation_document:
            missing("proclamation_document", _("Upload the signed proclamation or resolution as a PDF."))
        if not application.proclamation_adopted_on:
            missing("proclamation_adopted_on", _("Give the date the proclamation or resolution was adopted."))
    elif application.pathway == "peace_legacy" and not application.peace_legacy:
        missing("peace_legacy", _("Describe the community's peace legacy."))
    elif application.pathway == "community_peacebuilding" and not application.peacebuilding_team:
        missing("peacebuilding_team", _("Describe the community peacebuilding team."))

    if not application.principles_accepted:
        missing("principles_accepted", _("The principles of ICP must be accepted to apply."))
    if saved and application.photos.exists() and not application.photo_rights_confirmed:
        missing("photo_rights_confirmed", _("Confirm that you may share these photos."))
    if not saved or not application.initiatives.exists():
        missing("initiatives", _("Add at least one planned or current peace initiative."))
    supporters = application.signatories.supporters().count() if saved else 0
    if supporters < REQUIRED_SUPPORTERS:
        missing(
            "supporters",
            ngettext(
                "ICP asks for five signatories: you and %(required)d supporters. %(missing)d supporter is missing.",
                "ICP asks for five signatories: you and %(required)d supporters. %(missing)d supporters are missing.",
                REQUIRED_SUPPORTERS - supporters,
            )
            % {"required": REQUIRED_SUPPORTERS, "missing": REQUIRED_SUPPORTERS - supporters},
        )
    return errors


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    """Sends the application to ICP and asks every signatory to confirm. A repeated submit changes nothing."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.SUBMITTED:
        return application
    errors = application_submission_errors(application)
    if errors:
        raise ValidationError(errors)
    if not application.distinct_community_confirmed and similar_communities(
        name=application.name, country=application.country.code, exclude_application_id=application.pk
    ):
        raise ValidationError(
            {
                "distinct_community_confirmed": [
                    _(
                        "A City of Peace with a similar name exists in this country. "
                        "Confirm that yours is a different community, or contact ICP at %(email)s."
                    )
                    % {"email": settings.ICP_CONTACT_EMAIL}
                ]
            }
        )
    applicant_move(application, to_status=ApplicationStatus.SUBMITTED, actor=actor)
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    for signatory in application.signatories.not_invited().filter(confirmed_at__isnull=True):
        signatory_invite(signatory=signatory)
    application_moved_to_reviewers(application=application, event=ReviewerNoticeEvent.SUBMITTED)
    return application


@transaction.atomic
def application_answer(*, application: Application, actor: User, message: str) -> Application:
    """The applicant's answer to a request for changes: the message goes to staff and review starts again."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    refuse_unless(may_be_answered(application), _("Only an application with requested changes can be answered."))
    if not message.strip():
        raise ValidationError({"message": [_("Write a short answer to ICP's request.")]})
    errors = application_submission_errors(application)
    if errors:
        raise ValidationError(errors)
    ApplicationMessage.objects.create(
        application=application, author=actor, author_role=MessageAuthorRole.APPLICANT, body=message.strip()
    )
    applicant_move(application, to_status=ApplicationStatus.SUBMITTED, actor=actor, message=message.strip())
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    for signatory in application.signatories.not_invited():
        signatory_invite(signatory=signatory)
    application_moved_to_reviewers(application=application, event=ReviewerNoticeEvent.ANSWERED, answer=message.strip())
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    applicant_move(application, to_status=ApplicationStatus.WITHDRAWN, actor=actor, message=reason)
    application.save(update_fields=["status", "updated_at"])
    return application


def signatory_link(signatory: Signatory) -> str:
    """The confirmation link for this person: it names the row, the e-mail it is sent to and the row's invitation
    key, so it stops working once the row stands for someone else (see Signatory.save)."""
    token = signing.dumps(
        {"signatory": signatory.pk, "email": signatory.email.lower(), "key": signatory.invitation_key},
        salt=SIGNATORY_LINK_SALT,
    )
    return settings.PORTAL_BASE_URL + reverse("applications:support", kwargs={"token": token})


def signatory_invite(*, signatory: Signatory) -> None:
    """E-mails the signatory a signed link to confirm their support; they need no account."""
    application = signatory.application
    applicant = application.applicant
    email_compose_and_queue(
        template_prefix="applications/email/signatory_invitation",
        context={
            "application": application,
            "applicant_name": applicant.introduced_as,
            "link": signatory_link(signatory),
        },
        to=signatory.email,
        # The supporter has no account: the language the applicant uses with the portal, as they invite them.
        language=recipient_language(applicant),
        name=signatory.name,
    )
    signatory.invited_at = timezone.now()
    signatory.save(update_fields=["invited_at"])


def signatory_from_token(token: str) -> Signatory | None:
    """The signatory a link was made for, or None when the link is forged, altered, expired, or was sent to the
    person the row stood for before its name or e-mail changed."""
    try:
        payload = signing.loads(token, salt=SIGNATORY_LINK_SALT, max_age=SIGNATORY_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    signatory_id, email, key = payload.get("signatory"), payload.get("email"), payload.get("key")
    if not isinstance(signatory_id, int) or not isinstance(email, str) or not isinstance(key, str) or not key:
        return None  # links made before the e-mail and key were bound, among others, are refused
    signatory = Signatory.objects.select_related("application").filter(pk=signatory_id, invitation_key=key).first()
    if signatory is None or signatory.email.lower() != email.lower():
        return None
    return signatory


def signatory_confirm(*, signatory: Signatory) -> Signatory:
    """Records the signatory's confirmation once; a second click keeps the first time. The key in the condition
    keeps a confirmation from landing on a row whose person changed since the link was opened. Someone who declined
    may change their mind: the confirmation replaces the refusal."""
    Signatory.objects.filter(
        pk=signatory.pk, invitation_key=signatory.invitation_key, confirmed_at__isnull=True
    ).update(confirmed_at=timezone.now(), declined_at=None)
    signatory.refresh_from_db(fields=["confirmed_at", "declined_at"])
    return signatory


class SignatoryChangeRefused(Exception):
    """The applicant cannot resend this invitation or replace this signatory now; the message says why."""


def _own_signatory_locked(signatory: Signatory, actor: User) -> Signatory:
    signatory = (
        Signatory.objects.select_for_update(of=("self",)).select_related("application__applicant").get(pk=signatory.pk)
    )
    if actor.pk != signatory.application.applicant_id:
        raise PermissionDenied
    return signatory


@transaction.atomic
def signatory_resend(*, signatory: Signatory, actor: User) -> Signatory:
    """The applicant sends a supporter's invitation again: at most once an hour, to someone who has not answered."""
    signatory = _own_signatory_locked(signatory, actor)
    now = timezone.now()
    if not signatory_awaits_answer(signatory):
        raise SignatoryChangeRefused(
            _("%(name)s has already answered, or ICP has decided: there is nothing to send again.")
            % {"name": signatory.name}
        )
    if not signatory_may_be_resent(signatory, now=now):
        minutes = max(1, -(-int((signatory_resend_available_at(signatory) - now).total_seconds()) // 60))
        raise SignatoryChangeRefused(
            ngettext(
                "An invitation went to %(name)s less than an hour ago. So as not to flood their inbox, you can send "
                "it again in %(minutes)d minute.",
                "An invitation went to %(name)s less than an hour ago. So as not to flood their inbox, you can send "
                "it again in %(minutes)d minutes.",
                minutes,
            )
            % {"name": signatory.name, "minutes": minutes}
        )
    signatory_invite(signatory=signatory)
    return signatory


def signatory_not_replaceable(signatory: Signatory) -> SignatoryChangeRefused:
    return SignatoryChangeRefused(
        _("%(name)s can no longer be replaced: they confirmed, or ICP's review has started.") % {"name": signatory.name}
    )


@transaction.atomic
def signatory_replace(*, signatory: Signatory, actor: User, name: str, email: str) -> Signatory:
    """Until the review starts, the applicant names another person instead of a signatory who has not confirmed
    (declined, or never answered); the new person is invited at once and the old link stops working."""
    signatory = _own_signatory_locked(signatory, actor)
    application = signatory.application
    if not signatory_may_be_replaced(signatory):
        raise signatory_not_replaceable(signatory)
    name, email = " ".join(name.split()), email.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the new supporter's name.")]
    if not email:
        errors["email"] = [_("Give the new supporter's e-mail address.")]
    elif application.applicant and email.lower() == application.applicant.email.lower():
        errors["email"] = [_("You sign as the applicant already: name another person.")]
    elif application.signatories.exclude(pk=signatory.pk).filter(email__iexact=email).exists():
        errors["email"] = [_("This person already signs this application: name another person.")]
    if errors:
        raise ValidationError(errors)
    previous = signatory.name
    signatory.name, signatory.email = name, email
    if not signatory.is_another_person():
        raise ValidationError(
            {"email": [_("This is %(name)s again: give another person's e-mail.") % {"name": previous}]}
        )
    signatory.save(update_fields=["name", "email"])  # a new person: a new key, no answer yet (Signatory.save)
    signatory_invite(signatory=signatory)
    return signatory


@transaction.atomic
def signatory_decline(*, signatory: Signatory) -> Signatory:
    """The signatory says no from their link; the applicant hears of it and may name someone else. Once only: a
    second click, or a confirmation in between, changes nothing."""
    if not signatory_may_decline(signatory):
        return signatory
    declined = Signatory.objects.filter(
        pk=signatory.pk, invitation_key=signatory.invitation_key, confirmed_at__isnull=True, declined_at__isnull=True
    ).update(declined_at=timezone.now())
    signatory.refresh_from_db(fields=["confirmed_at", "declined_at"])
    application = signatory.application
    if declined and application.applicant:
        applicant = application.applicant
        email_compose_and_queue(
            template_prefix="applications/email/signatory_declined",
            context={
                "signatory": signatory,
                "application": application,
                "link": settings.PORTAL_BASE_URL + application.get_absolute_url(),
                "may_be_replaced": signatory_may_be_replaced(signatory),
            },
            to=applicant.email,
            language=recipient_language(applicant),
            name=recipient_name(applicant),
        )
    return signatory
