"""The one place that says which status an application may move to, who may move it, and who may read it."""

from members.models import User

from .choices import ApplicationStatus as S
from .models import Application

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
