from django.contrib import admin

from .models import OutgoingDocument


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(admin.ModelAdmin):
    """Read-only: the register is written by issuing and never edited or deleted."""

    list_display = ("symbol", "issuer", "year", "doc_type", "number", "issued_on", "code", "signature_signed")
    list_filter = ("doc_type", "year", "issuer")
    search_fields = ("symbol", "subject", "code", "sha256")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
