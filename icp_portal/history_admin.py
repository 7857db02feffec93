"""The admin of every model that keeps a history (django-simple-history)."""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .numbers import whole_number


class HistoryAdmin(SimpleHistoryAdmin):
    """History for every staff member who may see the record; going back to a past version only for those who may
    change it. django-simple-history's past-version page checks only the view right, then saves what is posted."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if whole_number(version_id) is None:  # the URL takes any text; the lookup would fail on it
            raise Http404
        if request.method == "POST":
            if not self.has_revert_permission(request, object_id):
                raise PermissionDenied
            request.reverting_to_past_version = True  # read by save_model
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_revert_permission(self, request, object_id) -> bool:
        current = self.get_object(request, object_id)
        if current is None:  # deleted since: going back to a past version makes the record again
            return self.has_add_permission(request) and self.has_change_permission(request)
        return self.has_change_permission(request, current)

    def revert_disabled(self, request, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The past version's form is the change form, but the record saved is the whole past version, read-only
        # fields included: going back must not move what only a workflow moves (an application's status, reviewer,
        # city), so those keep their present values.
        if getattr(request, "reverting_to_past_version", False):
            self._keep_read_only_fields(request, obj)
        super().save_model(request, obj, form, change)

    def _keep_read_only_fields(self, request, obj) -> None:
        current = self.model._default_manager.filter(pk=obj.pk).first()
        if current is None:
            return
        for name in self.get_readonly_fields(request, current):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # a computed column, not stored
            if field.concrete and not field.many_to_many:
                setattr(obj, field.attname, getattr(current, field.attname))
