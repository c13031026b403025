from django.contrib import admin

from .models import OutgoingDocument


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(admin.ModelAdmin):
    """Read-only: the register is written by issuing and never edited or deleted."""

    list_display = ("symbol", "issuer", "year", "doc_type", "number", "issued_on", "code", "signature_signed")
    list_filter = ("doc_type", "year", "issuer")
    search_fields = ("symbol", "subject", "code", "sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The admin then shows each entry read-only to whoever may view it.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
