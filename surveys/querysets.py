from django.db import models
from django.db.models import Count

# Results are shown, anywhere and to anyone, only from this many answers on: below it, a few people's answers could
# be told apart by those who know who took part.
RESULTS_FLOOR = 10


class SurveyQuerySet(models.QuerySet):
    def with_answer_count(self) -> "SurveyQuerySet":
        return self.annotate(answer_count=Count("answers", distinct=True))

    def with_results(self) -> "SurveyQuerySet":
        """Surveys whose results may be shown: at least RESULTS_FLOOR answers."""
        return self.with_answer_count().filter(answer_count__gte=RESULTS_FLOOR)

    def of_city(self, city) -> "SurveyQuerySet":
        return self.filter(city=city)
