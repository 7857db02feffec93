"""Where application uploads live: outside MEDIA_ROOT, with no public URL, until ICP approves them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    # Lazy, so tests that move PRIVATE_MEDIA_ROOT are honoured.
    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()
