"""Import last years' plans from Word files in bulk.

    python manage.py import_plans --organization ubnd-vinh-lam plans/2023.docx archive/

Each FILE may be a folder: every .docx, .doc and .odt in it (and below it) is
imported. One tab-separated line per file: the file, the new plan's id and the
number of its paragraphs left as plain text; a file that cannot be read gets
one line with the reason ("error" in place of the id) and the others go on.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from dialogue.errors import DomainError
from dialogue.models import Organization
from plans.importing.build import plan_import
from plans.importing.reader import EXTENSIONS, MAX_UPLOAD_BYTES
from plans.models import ImportParagraph


def files_in(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS
                          and not p.name.startswith("~$"))  # Word's lock files
        else:
            out.append(path)
    return out


class Command(BaseCommand):
    help = "Import plans from Word files (.docx, .doc, .odt) as drafts of one organisation."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="The issuing organisation's code.")
        parser.add_argument("--year", type=int, help="The plans' year; by default read from each file.")
        parser.add_argument("files", nargs="+", metavar="FILE", help="Word files or folders of them.")

    def handle(self, *args, **options):
        try:
            issuer = Organization.objects.get(code=options["organization"])
        except Organization.DoesNotExist:
            raise CommandError(f"No organisation has the code {options['organization']!r}.") from None
        failures = 0
        for path in files_in(options["files"]):
            reason = None
            try:
                if not path.is_file():
                    reason = gettext("The file was not found.")
                elif path.stat().st_size > MAX_UPLOAD_BYTES:
                    reason = gettext("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
                else:
                    plan = plan_import(
                        data=path.read_bytes(), file_name=path.name, issuer=issuer, by=None, year=options.get("year")
                    )
            except DomainError as error:
                reason = str(error)
            except Exception as error:  # noqa: BLE001 - one unreadable file must not stop the batch
                reason = f"{type(error).__name__}: {error}"
            if reason is not None:
                failures += 1
                self.stdout.write(f"{path}\terror\t{' '.join(reason.split())}")
                continue
            plain = ImportParagraph.objects.filter(plan=plan, became="text").count()
            self.stdout.write(f"{path}\t{plan.pk}\t{plain}")
        if failures:
            self.stderr.write(f"{failures} file(s) could not be imported.")
