"""The helper over Django's private list of on-commit callbacks: pinned here so an upgrade of Django that changes the
list fails this test, not silently the coalescing of progress refreshes (progress.services.progress_refresh_soon)."""

import pytest
from django.db import transaction

from icp_portal.transactions import on_commit_callbacks_pending


def first() -> None:
    pass


def second() -> None:
    pass


def test_outside_a_transaction_nothing_is_pending():
    # No database access: autocommit, so on_commit would run a callback at once and nothing waits.
    assert on_commit_callbacks_pending() == []


@pytest.mark.django_db(transaction=True)
def test_a_transaction_holds_its_callbacks_in_the_order_registered_until_it_commits():
    ran = []
    with transaction.atomic():
        transaction.on_commit(first)
        transaction.on_commit(second)
        transaction.on_commit(lambda: ran.append("committed"))
        pending = on_commit_callbacks_pending()
        assert pending[:2] == [first, second] and len(pending) == 3
        assert ran == []
    assert ran == ["committed"]
    assert on_commit_callbacks_pending() == []


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_adds_its_callbacks_to_the_outer_transaction():
    with transaction.atomic():
        transaction.on_commit(first)
        with transaction.atomic():
            transaction.on_commit(second)
        assert on_commit_callbacks_pending() == [first, second]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_takes_its_callbacks_with_it():
    with transaction.atomic():
        transaction.on_commit(first)
        try:
            with transaction.atomic():
                transaction.on_commit(second)
                assert on_commit_callbacks_pending() == [first, second]
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        assert on_commit_callbacks_pending() == [first]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_nothing_pending():
    ran = []
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: ran.append("committed"))
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert ran == [] and on_commit_callbacks_pending() == []


@pytest.mark.django_db
def test_inside_a_test_transaction_callbacks_stay_pending_after_the_capture_ran_them(
    django_capture_on_commit_callbacks,
):
    # pytest-django's test case never commits: a captured callback runs yet stays in the list. Callers that look
    # for "already registered" must therefore mark a callback that ran (see progress's _RefreshOnCommit.ran).
    ran = []

    def record() -> None:
        ran.append("ran")

    with django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(record)
    assert ran == ["ran"]
    assert record in on_commit_callbacks_pending()
