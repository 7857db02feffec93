from django.core.management.base import BaseCommand, CommandError

from partners.services import partner_key_create


class Command(BaseCommand):
    help = "Creates a partner API key. The key is the last line printed, and is shown only this once."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="Name of the partner organisation, e.g. 'Mayors for Peace'.")

    def handle(self, *args, organisation: str, **options):
        if not organisation.strip():
            raise CommandError("Give the organisation's name.")
        partner_key, key = partner_key_create(organisation=organisation)
        self.stdout.write(
            f"Partner key for {partner_key.organisation} created (prefix {partner_key.prefix}). "
            "Send it as the header 'Authorization: Api-Key <key>'. Store it now: it is shown only this once."
        )
        self.stdout.write(key)
