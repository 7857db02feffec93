from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("dashboard/cities/<slug:slug>/survey/", views.survey_manage, name="manage"),
    path("dashboard/cities/<slug:slug>/survey/<int:year>/close/", views.survey_close_view, name="close"),
    path("dashboard/cities/<slug:slug>/survey/<int:year>/qr.<str:image_format>", views.survey_qr, name="qr"),
    path("survey/<str:code>/", views.survey_answer, name="answer"),
    path("survey/<str:code>/thanks/", views.survey_thanks, name="thanks"),
]
