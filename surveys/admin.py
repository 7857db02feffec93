from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Survey
from .querysets import RESULTS_FLOOR


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Surveys and their answer counts, to read: a coordinator opens and closes a survey; its answers are anonymous
    and nobody edits them, staff included (they are not in the admin at all). The rights are those over member
    cities, as for certificates: who may view cities sees their surveys, who may delete cities deletes them."""

    list_display = ["city", "year", "closes_on", "max_answers", "closed_at", "answer_count", "has_results"]
    list_filter = ["year"]
    list_select_related = ["city"]
    search_fields = ["city__name"]
    readonly_fields = [
        "city",
        "year",
        "code",
        "question_set_version",
        "closes_on",
        "max_answers",
        "closed_at",
        "created_at",
        "answer_count",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_answer_count()

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("members.view_city") or super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("members.delete_city")

    @admin.display(description=_("answers"), ordering="answer_count")
    def answer_count(self, survey: Survey) -> int:
        return survey.answer_count

    @admin.display(boolean=True, description=_("results shown"))
    def has_results(self, survey: Survey) -> bool:
        return survey.answer_count >= RESULTS_FLOOR
