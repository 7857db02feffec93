"""The factories' `complete` application is what the tests take it for: ready to submit, as built by hand before."""

import pytest

from applications.models import Application
from applications.services import application_submit

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_complete_application_has_every_answer_one_initiative_and_four_confirmed_supporters():
    application = ApplicationFactory(complete=True, name="Kisumu")
    assert application.pathway == "peace_legacy" and application.principles_accepted
    assert list(application.initiatives.values_list("title", "category")) == [("Football league", "youth")]
    supporters = list(application.signatories.values_list("name", "email", "confirmed_at", "invited_at"))
    assert [(name, email) for name, email, *_ in supporters] == [(f"S{n}", f"s{n}@example.org") for n in range(4)]
    assert all(confirmed and confirmed == invited for *_, confirmed, invited in supporters)


def test_a_complete_application_can_be_submitted(django_capture_on_commit_callbacks):
    application = ApplicationFactory(complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, actor=application.applicant)
    assert Application.objects.get().status == "submitted"


def test_without_the_trait_an_application_is_a_bare_draft():
    application = ApplicationFactory()
    assert application.status == "draft" and not application.principles_accepted
    assert not application.initiatives.exists() and not application.signatories.exists()
