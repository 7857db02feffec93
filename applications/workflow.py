"""The one place that says which status an application may move to, who may move it, and who may read it."""

from datetime import datetime, timedelta

from members.models import User

from .choices import OPEN_STATUSES, SignatoryState
from .choices import ApplicationStatus as S
from .models import Application, Signatory

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
