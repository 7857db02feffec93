"""Fixtures shared by every test."""

import fcntl
import os
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.utils import translation

from icp_portal.celery import app as celery_app
from tests.members.factories import UserFactory


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run in the test's own process, broker or not; tests marked `broker` use the real one."""
    if request.node.get_closest_marker("broker"):
        with broker_to_oneself(request.getfixturevalue("tmp_path_factory")):
            yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@contextmanager
def broker_to_oneself(tmp_path_factory):
    """Tests on the real broker share its Redis database and queue, which a worker started by one would empty for
    another: under pytest-xdist (`make test`) they take turns, holding a lock in the directory the run's workers
    share."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    with open(tmp_path_factory.getbasetemp().parent / "broker.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every test account's password is hashed when it is made and again at each sign-in: with the production
    hasher (PBKDF2, slow by design) that was most of the suite's time. What hashing protects has no test that needs
    it slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def staff_without_second_factor(settings):
    """Staff open admin without an authenticator app in tests, as in development: the rule that they need one
    has its own tests (tests/icp_portal/test_staff_two_factor.py), which turn it back on."""
    settings.STAFF_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def static_files_without_manifest(settings):
    """Pages render without `collectstatic`: the hashed-name manifest is a deployment step."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """A request leaves its language active in the thread (Django's LocaleMiddleware never resets it), and reverse()
    now adds that language's prefix: a test starts in the default language, as a new process does."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits (sign-in, e-mail confirmation) and the API's pages live in caches: one test's must not reach
    the next."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True, scope="session")
def plain_http():
    """Tests speak HTTP to the test server; production redirects to HTTPS (see settings, Security).

    Session-wide, because the browser tests' live server reads it once when it starts."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def staff_client(client, db):
    """A client signed in as a staff superuser (`staff_client.staff`), who may open every admin page."""
    client.staff = UserFactory(is_staff=True, is_superuser=True, email="reviewer@example.org")
    client.force_login(client.staff)
    return client


@pytest.fixture
def coordinator(db):
    """A person who coordinates, or is about to apply for, their community: Amina from Kisumu."""
    return UserFactory(email="amina@kisumu.example.org", full_name="Amina Otieno")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
