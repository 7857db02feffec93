"""A member city's certificate: the code its QR code carries, and which certificate replaced it."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import City


def new_certificate_code() -> str:
    """128 random bits, URL-safe: a code nobody can guess from another city's, or count through."""
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """The membership certificate of a city. A city has one current certificate at a time; a reissue replaces it,
    and the old code then says which certificate replaced it rather than vouching for the city."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("city"))
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_certificate_code, editable=False)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_certificate_per_city",
                violation_error_message=_("A city has one current certificate: reissue it to replace it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city.name} ({self.code})"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None
