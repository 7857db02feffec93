"""The reusable filters of initiatives/querysets.py."""

import pytest

from initiatives.models import Initiative
from members.choices import MembershipStatus
from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_the_public_pages_read_initiatives_of_active_members_only():
    shown = InitiativeFactory()
    InitiativeFactory(city=CityFactory(status=MembershipStatus.WITHDRAWN))
    assert list(Initiative.objects.of_active_members()) == [shown]
