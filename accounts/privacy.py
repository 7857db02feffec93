"""A person's own data: everything the portal holds about them, and its deletion on request."""

from django.db import transaction
from django.forms.models import model_to_dict

from applications import workflow
from applications.models import Application
from applications.services import application_withdraw
from members.models import CoordinatorInvitation, User


def user_personal_data(user: User) -> dict:
    """Everything kept about the person, as plain data for a JSON download."""
    applications = Application.objects.of_applicant(user).prefetch_related("signatories", "initiatives", "messages")
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "phone": user.phone,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
        },
        "coordinator_of": [
            {"city": role.city.name, "role": role.role, "show_contact_publicly": role.show_contact_publicly}
            for role in user.coordinator_roles.select_related("city")
        ],
        "invitations_received": [
            {"city": invitation.city.name if invitation.city else None, "sent_at": invitation.created_at.isoformat()}
            for invitation in CoordinatorInvitation.objects.filter(email__iexact=user.email).select_related("city")
        ],
        "applications": [
            {
                **model_to_dict(application, exclude=["proclamation_document", "applicant", "reviewer", "city"]),
                "country": application.country.code,
                "status": application.status,
                "signatories": [
                    {"name": signatory.name, "email": signatory.email, "role": signatory.role}
                    for signatory in application.signatories.all()
                ],
                "initiatives": [initiative.title for initiative in application.initiatives.all()],
                "messages": [
                    {"from": message.author_role, "at": message.created_at.isoformat(), "text": message.body}
                    for message in application.messages.all()
                ],
            }
            for application in applications
        ],
    }


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Deletes the account and what only concerns the person; member cities stay, as public records.

    Drafts go entirely. Open applications are withdrawn first (no one can answer ICP any more); decided
    ones stay for ICP's records without the person. Their roles as coordinator end.
    """
    for application in Application.objects.of_applicant(user):
        if workflow.is_draft(application):
            application.proclamation_document.delete(save=False)
            for photo in application.photos.all():
                photo.image.delete(save=False)
            application.delete()
        elif workflow.is_open(application):
            application_withdraw(application=application, actor=user, reason="The applicant deleted their account.")
    # End the roles before the account, so their history lines are made while the account exists and
    # the account's deletion then clears them of the person.
    for role in user.coordinator_roles.all():
        role.delete()
    # Invitations to their address name them; those they sent or accepted keep the city only (SET_NULL).
    CoordinatorInvitation.objects.filter(email__iexact=user.email).delete()
    user.delete()
