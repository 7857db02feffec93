"""The admin of every model that keeps a history (django-simple-history)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .numbers import whole_number


class HistoryAdmin(SimpleHistoryAdmin):
    """History for every staff member who may see the record; going back to a past version only for those who may
    change it. django-simple-history's past-version page checks only the view right, then saves what is posted."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if whole_number(version_id) is None:  # the URL takes any text; the lookup would fail on it
            raise Http404
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)
