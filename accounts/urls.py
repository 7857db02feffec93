from django.urls import path

from . import views

# Names without a namespace, as allauth's own pages ("account_login") beside them.
urlpatterns = [
    path("accounts/my-data/", views.my_data, name="my_data"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path("accounts/details/", views.account_details, name="account_details"),
    path("accounts/settings/", views.account_settings, name="account_settings"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
