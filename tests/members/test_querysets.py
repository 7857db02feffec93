"""The reusable filters of members/querysets.py that the other tests do not already pin."""

import pytest

from members.models import Coordinator
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def test_only_coordinators_who_agreed_are_shown_publicly():
    shown = CoordinatorFactory(show_contact_publicly=True)
    CoordinatorFactory(city=shown.city, role="co_coordinator")
    assert list(Coordinator.objects.shown_publicly()) == [shown]
