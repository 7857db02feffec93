"""Initiatives: dates in order, enforced by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_initiative_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(start_date=datetime.date(2020, 5, 1), end_date=datetime.date(2020, 4, 30))


def test_initiative_of_a_single_day_is_accepted():
    day = datetime.date(2021, 9, 21)
    assert InitiativeFactory(start_date=day, end_date=day).pk


def test_open_ended_initiative_is_accepted():
    assert InitiativeFactory(end_date=None).pk


def test_full_clean_puts_the_end_date_error_on_its_field():
    initiative = InitiativeFactory.build(start_date=datetime.date(2020, 5, 1), end_date=datetime.date(2019, 1, 1))
    initiative.city.save()
    with pytest.raises(ValidationError) as refused:
        initiative.full_clean()
    assert refused.value.message_dict["end_date"] == ["An initiative cannot end before it starts."]


def test_partner_organisations_are_listed_one_per_line():
    initiative = InitiativeFactory(partner_organisations="Rotary Club\n\n  Youth Council  \n")
    assert initiative.partner_organisation_list == ["Rotary Club", "Youth Council"]
