from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("progress/", views.progress_dashboard, name="dashboard"),
    path("progress/research/", views.research_data, name="research"),
    path("progress/research/dictionary.csv", views.research_dictionary_csv, name="research-dictionary"),
    path("progress/research/<int:year>.csv", views.research_year_csv, name="research-year"),
]
