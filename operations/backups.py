"""PostgreSQL backups with pg_dump's custom format, and restores with pg_restore."""

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings


class BackupError(Exception):
    """pg_dump or pg_restore failed, or the database is not PostgreSQL."""


def _connection_arguments(database: dict) -> tuple[list[str], dict[str, str]]:
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are for PostgreSQL: set DATABASE_URL=postgres://... (SQLite is a single file).")
    arguments = ["--host", str(database.get("HOST") or "localhost"), "--port", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    return arguments, environment


def database_backup(*, directory: Path | None = None, database: dict | None = None) -> Path:
    """Writes a compressed dump of the database and returns its path."""
    database = database or settings.DATABASES["default"]
    arguments, environment = _connection_arguments(database)
    directory = Path(directory or settings.VAR_DIR / "backups")
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{database['NAME']}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"
    command = ["pg_dump", *arguments, "--format=custom", "--no-owner", "--file", str(target), database["NAME"]]
    _run(command, environment)
    return target


def database_restore(*, dump: Path, database: dict | None = None) -> None:
    """Replaces the database's contents with the dump's (tables are dropped and recreated)."""
    database = database or settings.DATABASES["default"]
    arguments, environment = _connection_arguments(database)
    command = [
        "pg_restore",
        *arguments,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--dbname",
        database["NAME"],
        str(dump),
    ]
    _run(command, environment)


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=environment, check=True, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error
