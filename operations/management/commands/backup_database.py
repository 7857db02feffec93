from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, database_backup


class Command(BaseCommand):
    help = "Writes a compressed pg_dump of DATABASE_URL under var/backups/ (or --directory) and prints its path."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--directory", type=Path, help="where to write the dump (default var/backups/)")

    def handle(self, *args, directory: Path | None = None, **options) -> None:
        try:
            path = database_backup(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
