"""A backup can be restored: the restore test ICP's operators rely on."""

import shutil

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from operations.backups import BackupError, database_backup, database_restore
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("backups are of PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")
    if not shutil.which("pg_dump"):
        pytest.skip("needs pg_dump and pg_restore (postgresql-client)")
    return settings.DATABASES["default"]


def test_a_backup_restores_into_an_empty_database(postgresql, tmp_path):
    CityFactory(name="Ashland", member_number=1)
    dump = database_backup(directory=tmp_path)
    assert dump.stat().st_size > 0

    restored_name = f"{postgresql['NAME']}_restored"
    server = {"user": postgresql["USER"], "host": postgresql["HOST"], "port": postgresql["PORT"]}
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        cursor.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        database_restore(dump=dump, database={**postgresql, "NAME": restored_name})
        restored = psycopg2.connect(dbname=restored_name, **server)
        try:
            with restored.cursor() as cursor:
                cursor.execute("SELECT name, member_number FROM members_city")
                assert cursor.fetchall() == [("Ashland", 1)]
        finally:
            restored.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        admin.close()


def test_backup_of_sqlite_explains_itself():
    with pytest.raises(BackupError, match="Backups are for PostgreSQL"):
        database_backup(database={"ENGINE": "django.db.backends.sqlite3", "NAME": "var/icp_portal.sqlite3"})


def test_restore_of_a_missing_dump_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No dump at"):
        call_command("restore_database", str(tmp_path / "missing.dump"), "--yes")
