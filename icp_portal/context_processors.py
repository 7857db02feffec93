from django.conf import settings


def contact(request) -> dict:
    """ICP's contact address, for the footer and every "contact ICP" on a page."""
    return {"icp_contact_email": settings.ICP_CONTACT_EMAIL}


def portal_address(request) -> dict:
    """The portal's public address (PORTAL_BASE_URL), for canonical links that must not depend on the request's host."""
    return {"portal_base_url": settings.PORTAL_BASE_URL}
