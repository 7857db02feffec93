"""Every app's factories in one import, for tests that build records of several apps.

Each factory lives with its app's tests (tests/<app>/factories.py): valid records with realistic values.
"""

from tests.applications.factories import ApplicationFactory, ApplicationInitiativeFactory, ConfirmedSupporterFactory
from tests.initiatives.factories import InitiativeFactory
from tests.members.factories import CityFactory, CoordinatorFactory, UserFactory
from tests.proclamations.factories import ProclamationFactory
from tests.reports.factories import ReportFactory, ReportIndicatorFactory
from tests.surveys.factories import SurveyFactory

__all__ = [
    "ApplicationFactory",
    "ApplicationInitiativeFactory",
    "CityFactory",
    "ConfirmedSupporterFactory",
    "CoordinatorFactory",
    "InitiativeFactory",
    "ProclamationFactory",
    "SurveyFactory",
    "ReportFactory",
    "ReportIndicatorFactory",
    "UserFactory",
]
