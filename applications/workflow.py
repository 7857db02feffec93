"""The one place that says which status an application may move to, and who may move it."""

from .choices import ApplicationStatus as S

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
