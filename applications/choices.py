"""Fixed vocabularies and limits of the applications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from icp_portal import images


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("status of an application", "Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("status of an application", "Withdrawn")


# What each status allows (open, editable, decided ...) is said in workflow.py.


class SignatoryRole(models.TextChoices):
    SECOND_LEADER = "second_leader", _("Second leader")
    SUPPORTER = "supporter", _("Supporter")


class MessageAuthorRole(models.TextChoices):
    STAFF = "staff", _("ICP staff")
    APPLICANT = "applicant", _("Applicant")


# ICP asks for five signatories: the applicant and four supporters.
REQUIRED_SUPPORTERS = 4
MAX_PHOTOS = 3
PHOTO_MAX_BYTES = images.PHOTO_MAX_BYTES


class ReviewerNoticeEvent(models.TextChoices):
    """What a reviewer is told about: an application that waits for them."""

    SUBMITTED = "submitted", _("submitted")
    ANSWERED = "answered", _("answered a request for changes")


class SignatoryState(models.TextChoices):
    """Where a signatory stands (applications.workflow.signatory_state says which)."""

    NOT_INVITED = "not_invited", _("Not yet invited")
    PENDING = "pending", _("Invited, no answer yet")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", pgettext_lazy("a signatory who said no", "Declined")
