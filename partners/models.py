from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKey(models.Model):
    """An API key of a partner organisation. Only a hash of the key is kept: the key itself is shown once.

    A key reads `<prefix>.<secret>`: the prefix finds the row, the SHA-256 hash of the whole key proves it.
    """

    organisation = models.CharField(_("organisation"), max_length=200)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")
        ordering = ["organisation", "created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
