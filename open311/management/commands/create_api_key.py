"""Give a city app a GeoReport API key, printed once:

    python manage.py create_api_key --name "Ứng dụng Vĩnh Lâm số" --organization ubnd-vinh-lam

Only the key's hash is stored; the administrator hands the printed key to the
app's developers. --organization may be repeated.
"""

from django.core.management.base import BaseCommand, CommandError

from dialogue.models import Organization
from open311.services import api_client_create


class Command(BaseCommand):
    help = "Create an API client for the GeoReport API and print its key (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The application and who runs it.")
        parser.add_argument(
            "--organization", action="append", required=True, dest="organizations", metavar="CODE",
            help="An organisation's code the app may send questions to (repeat for several).",
        )

    def handle(self, *args, name, organizations, **options):
        found = {o.code: o for o in Organization.objects.filter(code__in=organizations)}
        unknown = sorted(set(organizations) - set(found))
        if unknown:
            raise CommandError(f"No organisation has the code(s): {', '.join(unknown)}.")
        client, key = api_client_create(name=name, organizations=found.values())
        self.stderr.write(f"API client #{client.pk} {client.name}: may post to {', '.join(sorted(found))}.")
        self.stderr.write("The key is shown only now; keep it safe:")
        self.stdout.write(key)
