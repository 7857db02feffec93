"""`manage.py snapshot_progress`: runs the progress snapshot task now, in this process."""

import time

from django.core.management.base import BaseCommand, CommandParser

from progress.services import progress_history_rebuild
from progress.tasks import take_progress_snapshot


class Command(BaseCommand):
    help = (
        "Takes today's progress snapshot now, in-process (the task Celery beat runs daily). "
        "With --backfill, first rebuilds the history from membership dates: one snapshot per month end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backfill", action="store_true", help="rebuild the history from membership dates before today's"
        )

    def handle(self, *args, backfill: bool = False, **options) -> None:
        started = time.perf_counter()
        if backfill:
            rebuilt = progress_history_rebuild()
            self.stdout.write(f"History rebuilt from membership dates: {rebuilt} month-end snapshots.")
        # Calling the task runs its body here, without a broker: the contract's "in-process".
        summary = take_progress_snapshot()
        self.stdout.write(f"Snapshot {summary} ({time.perf_counter() - started:.2f} s).")
