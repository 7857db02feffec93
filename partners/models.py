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


class RowTally(models.Model):
    """How many rows a collection of the partner API holds, as a sum of changes: PostgreSQL's triggers add one row
    per statement that adds or removes rows of the collection (`partners/tallies.py`), so a page's `count` needs
    no scan of the collection. Rows are only ever added (no lock is shared by two writers); `fold_tallies` folds
    each collection's rows into one now and then."""

    collection = models.CharField(max_length=40)
    delta = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["collection"], include=["delta"], name="rowtally_by_collection")]

    def __str__(self) -> str:
        return f"{self.collection} {self.delta:+d}"
