"""The reusable filters of proclamations/querysets.py."""

import pytest

from proclamations.models import Proclamation
from tests.factories import ProclamationFactory

pytestmark = pytest.mark.django_db


def test_only_public_proclamations_are_shown():
    shown = ProclamationFactory()
    ProclamationFactory(is_public=False)
    assert list(Proclamation.objects.public()) == [shown]
