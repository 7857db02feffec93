from django.conf import settings


def contact(request) -> dict:
    """ICP's contact address, for the footer and every "contact ICP" on a page."""
    return {"icp_contact_email": settings.ICP_CONTACT_EMAIL}
