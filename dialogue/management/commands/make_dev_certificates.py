from django.core.management.base import BaseCommand, CommandError

from dialogue.dev_certificates import DEV_PASSWORD, ensure_certificates
from dialogue.models import Organization


class Command(BaseCommand):
    help = (
        "Create a development root authority and a signing certificate for each organisation "
        "that has none (idempotent). For development and tests only."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="organisation codes (default: every active organisation)")

    def handle(self, *args, codes, **options):
        organizations = Organization.objects.filter(is_active=True).order_by("name")
        if codes:
            organizations = organizations.filter(code__in=codes)
            missing = set(codes) - set(organizations.values_list("code", flat=True))
            if missing:
                raise CommandError(f"Unknown organisation codes: {', '.join(sorted(missing))}")
        created = ensure_certificates(list(organizations))
        for certificate in created:
            self.stdout.write(f"  {certificate.subject_cn} (đến {certificate.not_after:%d/%m/%Y})")
        self.stdout.write(
            f"Chứng thư số thử nghiệm: {len(created)} mới (mật khẩu tệp PKCS#12: {DEV_PASSWORD})."
        )
