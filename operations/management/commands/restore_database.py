from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, database_restore


class Command(BaseCommand):
    help = "Replaces the contents of DATABASE_URL with a dump made by backup_database. Stop the portal first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("dump", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, dump: Path, yes: bool = False, **options) -> None:
        if not dump.is_file():
            raise CommandError(f"No dump at {dump}.")
        if not yes and input("This replaces every table of the database. Type 'restore' to go on: ") != "restore":
            raise CommandError("Nothing restored.")
        try:
            database_restore(dump=dump)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {dump}.")
