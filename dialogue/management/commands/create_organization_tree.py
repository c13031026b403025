"""Create (or bring up to date) a province's organisations from the official list of
administrative units after the 2025 reform:

    python manage.py create_organization_tree --province "Quảng Trị"
    python manage.py create_organization_tree --province 44 --bodies ubnd,party
    python manage.py create_organization_tree --all

Each province gets its People's Committee (and with --bodies its People's Council
and Party committee) and each of its communes, wards and special zones one of its
own beneath it, with the header lines and place name their documents print.
Running it again changes only what differs (dialogue.units)."""

from django.core.management.base import BaseCommand, CommandError

from dialogue.units import BODIES, find_province, load_province


class Command(BaseCommand):
    help = "Create a province's organisation tree from the official administrative units (2025 reform)."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", default=[],
                            help="Official code (44), codename (quang_tri) or name (Quảng Trị); repeatable.")
        parser.add_argument("--all", action="store_true", help="Every province and centrally run city.")
        parser.add_argument("--bodies", default="ubnd",
                            help="Comma-separated: ubnd (People's Committee), hdnd (People's Council), party.")

    def handle(self, *args, **options):
        from vietnam_provinces import Province

        bodies = tuple(b.strip() for b in options["bodies"].split(",") if b.strip())
        unknown = [b for b in bodies if b not in BODIES]
        if unknown or not bodies:
            raise CommandError(f"--bodies takes {', '.join(BODIES)}; not {', '.join(unknown) or 'nothing'}")
        if options["all"]:
            provinces = list(Province.iter_all())
        else:
            provinces = []
            for wanted in options["province"]:
                province = find_province(wanted)
                if province is None:
                    raise CommandError(f"No province or centrally run city is called {wanted!r}")
                provinces.append(province)
        if not provinces:
            raise CommandError("Name a province with --province, or give --all")
        for province in provinces:
            tally = load_province(province, bodies=bodies)
            self.stdout.write(
                f"{province.name}\tcreated {tally.created}\tupdated {tally.updated}\tunchanged {tally.unchanged}"
            )
