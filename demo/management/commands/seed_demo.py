"""`manage.py seed_demo`: the deterministic demo network, for development, demonstrations and benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.joint_projects import seed_demo_joint_projects
from demo.network import DEFAULT_DEMO_CITIES, DEFAULT_DEMO_SEED, seed_demo_network
from progress.services import progress_refresh_soon


class Command(BaseCommand):
    help = (
        "Adds a deterministic demo network of member cities (real GeoNames places) with proclamations and "
        "initiatives. Idempotent: a second run adds nothing, a larger --cities adds only the difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cities",
            type=int,
            default=DEFAULT_DEMO_CITIES,
            help=f"cities in the network (default {DEFAULT_DEMO_CITIES})",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_DEMO_SEED, help=f"random seed (default {DEFAULT_DEMO_SEED})"
        )

    def handle(self, *args, cities: int, seed: int, **options) -> None:
        started = time.perf_counter()
        try:
            result = seed_demo_network(cities=cities, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        joint = seed_demo_joint_projects()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo network of {cities} cities (seed {seed}): created {result.cities} cities, "
            f"{result.proclamations} proclamations, {result.initiatives + joint.agreements} initiatives "
            f"({joint.agreements} alliance agreements), {joint.partner_cities} partner cities of joint projects; "
            f"{result.already_present} already present, {result.skipped} skipped as existing communities; "
            f"{elapsed:.2f} s."
        )
        if result.cities:
            progress_refresh_soon()  # bulk inserts send no signals: ask for the snapshot here
