from django.core.management.base import BaseCommand

from demo.loading import load_all
from dialogue import demo
from dialogue.models import Role


class Command(BaseCommand):
    help = "Load the demo organisations, users, plans and the commune's conference day (idempotent)."

    def handle(self, *args, **options):
        if load_all():
            self.stdout.write(
                "Xã Vĩnh Lâm vừa tổ chức hội nghị mẫu hôm nay: trang chủ của mỗi tài khoản liệt kê việc cần làm."
            )
        self.stdout.write("Tài khoản mẫu (mật khẩu: %s):" % demo.DEMO_PASSWORD)
        self.stdout.write(f"  {'admin':10} quản trị hệ thống")
        for spec in demo.USERS:
            self.stdout.write(f"  {spec.username:10} {str(Role(spec.role).label):22} {spec.position}, {spec.org}")
