"""The one place that says where an application may move, who may move it, who may read it, and what each status
allows. Services, views, forms and admin ask these; none of them states a rule of its own.

A move is recorded here too (`record_move`): the status changes and a line is written in the history, or the move
is refused with `TransitionRefused` and a reason a person can read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from members.choices import Pathway

from .choices import ApplicationStatus as S
from .choices import SignatoryState

if TYPE_CHECKING:
    from members.models import User

    from .models import Application, Signatory


class TransitionRefused(Exception):
    """The application cannot make that move (from where it is, or by this person); the message says why."""


# Statuses in which an application claims its community and waits on someone: ICP's review queue, duplicate warnings.
OPEN_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED)
# Statuses in which the applicant may still change what they wrote.
EDITABLE_STATUSES = (S.DRAFT, S.CHANGES_REQUESTED)
# ICP's last word (or the applicant's): nothing moves any more.
FINAL_STATUSES = (S.APPROVED, S.REJECTED, S.WITHDRAWN)

# The answers a submission needs (application_submission_errors checks them); the form marks them as required.
REQUIRED_ANSWERS = (
    "name",
    "community_type",
    "country",
    "pathway",
    "challenges",
    "actions",
    "vision",
    "mission",
    "goals",
    "principles_accepted",
)
PATHWAY_REQUIRED_ANSWERS: dict[str, tuple[str, ...]] = {
    Pathway.PROCLAMATION: ("proclamation_document", "proclamation_adopted_on"),
    Pathway.COUNCIL_RESOLUTION: ("proclamation_document", "proclamation_adopted_on"),
    Pathway.PEACE_LEGACY: ("peace_legacy",),
    Pathway.COMMUNITY_PEACEBUILDING: ("peacebuilding_team",),
}


def required_answers(pathway: str | None = None) -> set[str]:
    """What a submission needs with this pathway; with none given, with any (each pathway's own are shown only
    under it)."""
    pathways = [pathway] if pathway is not None else list(PATHWAY_REQUIRED_ANSWERS)
    return {*REQUIRED_ANSWERS, *(name for chosen in pathways for name in PATHWAY_REQUIRED_ANSWERS.get(chosen, ()))}


APPLICANT_MOVES: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.WITHDRAWN},
    S.IN_REVIEW: {S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.SUBMITTED, S.WITHDRAWN},
}

STAFF_MOVES: dict[str, set[str]] = {
    S.SUBMITTED: {S.IN_REVIEW},
    S.IN_REVIEW: {S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED},
}


def applicant_may_move(from_status: str, to_status: str) -> bool:
    return to_status in APPLICANT_MOVES.get(from_status, set())


def staff_may_move(from_status: str, to_status: str) -> bool:
    return to_status in STAFF_MOVES.get(from_status, set())


# What a status allows: the questions pages and admin ask.


def is_draft(application: Application) -> bool:
    return application.status == S.DRAFT


def is_approved(application: Application) -> bool:
    return application.status == S.APPROVED


def is_open(application: Application) -> bool:
    return application.status in OPEN_STATUSES


def is_decided(application: Application) -> bool:
    return application.status in FINAL_STATUSES


def is_editable(application: Application) -> bool:
    return application.status in EDITABLE_STATUSES


def may_be_withdrawn(application: Application) -> bool:
    return applicant_may_move(application.status, S.WITHDRAWN)


def may_be_submitted(application: Application) -> bool:
    """Sent to ICP from the form: a draft. After a request for changes the applicant answers instead."""
    return application.status == S.DRAFT


def may_be_answered(application: Application) -> bool:
    """The applicant answers ICP's request for changes, which sends the application back to review."""
    return application.status == S.CHANGES_REQUESTED


def may_take(application: Application) -> bool:
    return staff_may_move(application.status, S.IN_REVIEW)


def may_request_changes(application: Application) -> bool:
    return staff_may_move(application.status, S.CHANGES_REQUESTED)


def may_approve(application: Application) -> bool:
    return staff_may_move(application.status, S.APPROVED)


def may_reject(application: Application) -> bool:
    return staff_may_move(application.status, S.REJECTED)


DECISION_POSSIBLE = {
    "take": may_take,
    "request_changes": may_request_changes,
    "approve": may_approve,
    "reject": may_reject,
}


def decision_possible(decision: str, application: Application) -> bool:
    """Whether a reviewer's decision ("take", "request_changes", "approve", "reject") applies where it stands."""
    return decision in DECISION_POSSIBLE and DECISION_POSSIBLE[decision](application)


# Who may act.


def may_decide(user: User) -> bool:
    """Taking, sending back, rejecting and approving are ICP's reviewers' work: staff who may change applications
    (the Reviewers group, superusers). Editors only read them; being staff alone is no right to decide."""
    return user.is_active and user.is_staff and user.has_perm("applications.change_application")


def may_read(user: User, application: Application) -> bool:
    """An application, its signed document and its photos: its applicant, and staff who may view applications.
    Being staff alone is no right to read: a staff account in no group sees nothing of the applicants."""
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    return user.is_staff and user.has_perm("applications.view_application")


# Moves.


def refuse_unless(allowed: bool, reason: str) -> None:
    if not allowed:
        raise TransitionRefused(reason)


def record_move(application: Application, *, to_status: str, actor: User, message: str, allowed: bool) -> None:
    """Moves the (locked) application and writes the history line; refuses a move the workflow does not allow."""
    refuse_unless(
        allowed,
        _("An application that is %(status)s cannot be moved to %(target)s.")
        % {"status": application.get_status_display().lower(), "target": S(to_status).label},
    )
    application.status_changes.create(from_status=application.status, to_status=to_status, actor=actor, message=message)
    application.status = to_status


def applicant_move(application: Application, *, to_status: str, actor: User, message: str = "") -> None:
    """The applicant's move: only their own application, only along APPLICANT_MOVES."""
    allowed = actor.pk == application.applicant_id and applicant_may_move(application.status, to_status)
    record_move(application, to_status=to_status, actor=actor, message=message, allowed=allowed)


def staff_move(application: Application, *, to_status: str, reviewer: User, message: str = "") -> None:
    """A reviewer's move: only by ICP's reviewers, only along STAFF_MOVES."""
    refuse_unless(may_decide(reviewer), _("Only ICP's reviewers decide applications."))
    allowed = staff_may_move(application.status, to_status)
    record_move(application, to_status=to_status, actor=reviewer, message=message, allowed=allowed)


# Supporters: who has signed, and what the applicant may still do about those who have not.

# ICP asks for five signatories: the applicant, who signs by submitting, and the people they name.
REQUIRED_SIGNATORIES = 5
# A supporter gets at most one invitation an hour, however often the applicant presses "send again".
SIGNATORY_RESEND_INTERVAL = timedelta(hours=1)


def signatory_state(signatory: Signatory) -> SignatoryState:
    if signatory.confirmed_at:
        return SignatoryState.CONFIRMED
    if signatory.declined_at:
        return SignatoryState.DECLINED
    if signatory.invited_at:
        return SignatoryState.PENDING
    return SignatoryState.NOT_INVITED


def confirmed_signatory_count(application: Application) -> int:
    """The applicant, and each signatory who confirmed from their link (reads prefetched signatories if any)."""
    confirmed = [s for s in application.signatories.all() if signatory_state(s) == SignatoryState.CONFIRMED]
    return 1 + len(confirmed)


def signatory_shortfall(application: Application) -> int:
    """How many confirmed signatories are missing; approving with a shortfall needs the reviewer's explicit word."""
    return max(0, REQUIRED_SIGNATORIES - confirmed_signatory_count(application))


def signatory_awaits_answer(signatory: Signatory) -> bool:
    """Sent to ICP and neither confirmed nor declined: an invitation may still be (re)sent."""
    answered = signatory_state(signatory) in (SignatoryState.CONFIRMED, SignatoryState.DECLINED)
    return signatory.application.status in OPEN_STATUSES and not answered


def signatory_resend_available_at(signatory: Signatory) -> datetime | None:
    """When the invitation may be sent again; None if it was never sent."""
    return signatory.invited_at + SIGNATORY_RESEND_INTERVAL if signatory.invited_at else None


def signatory_may_be_resent(signatory: Signatory, *, now: datetime) -> bool:
    available_at = signatory_resend_available_at(signatory)
    return signatory_awaits_answer(signatory) and (available_at is None or available_at <= now)


def signatory_may_be_replaced(signatory: Signatory) -> bool:
    """Until the review starts, a supporter who has not confirmed may give way to another person. Once a reviewer
    has taken the application, the signatories are what they review; after a request for changes the applicant
    edits them in the form again."""
    return signatory.application.status == S.SUBMITTED and signatory.confirmed_at is None


def signatory_may_decline(signatory: Signatory) -> bool:
    """A signatory may say no from their link while ICP has not decided, unless they already confirmed."""
    return signatory.application.status in OPEN_STATUSES and signatory_state(signatory) in (
        SignatoryState.NOT_INVITED,
        SignatoryState.PENDING,
    )
