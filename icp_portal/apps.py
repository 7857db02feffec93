from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's documented way to replace the default admin site: INSTALLED_APPS names this instead of
    "django.contrib.admin", and `admin.site` is then icp_portal.admin_site.PortalAdminSite. Kept apart from the site
    so that loading the apps imports no admin module before the registry is ready."""

    default_site = "icp_portal.admin_site.PortalAdminSite"
