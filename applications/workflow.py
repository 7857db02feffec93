"""The one place that says which status an application may move to, who may move it, and who may read it."""

from members.choices import Pathway
from members.models import User

from .choices import EDITABLE_STATUSES
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


def applicant_may_move(from_status: str, to_status: str) -> bool:
    return to_status in APPLICANT_MOVES.get(from_status, set())


def staff_may_move(from_status: str, to_status: str) -> bool:
    return to_status in STAFF_MOVES.get(from_status, set())


def is_editable(application: Application) -> bool:
    return application.status in EDITABLE_STATUSES


def may_be_withdrawn(application: Application) -> bool:
    return applicant_may_move(application.status, S.WITHDRAWN)


def may_be_submitted(application: Application) -> bool:
    """From the form: a draft. An application sent back with changes goes again with the applicant's answer."""
    return application.status == S.DRAFT


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
