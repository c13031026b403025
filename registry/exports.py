"""The register of outgoing documents as an Excel file (dialogue.exports): the
issuer, year and type the page shows, every document of them."""

from django.utils.translation import gettext as _

from dialogue.exports import Column, Export, Sheet, filename_for, register_export

from .models import DocType


def register_list(user, params) -> Export:
    from .views import register_selection

    _form, issuer, year, _doc_type, documents = register_selection(user, params)
    types = dict(DocType.choices)
    columns = [
        Column(_("Number and symbol"), lambda d: d.symbol),
        Column(_("Number"), lambda d: d.number, "int"),
        Column(_("Document type"), lambda d: str(types.get(d.doc_type, d.doc_type))),
        Column(_("Issued on"), lambda d: d.issued_on, "date"),
        Column(_("Subject line (trích yếu)"), lambda d: d.subject_one_line, width=60),
        Column(_("Signed by"), lambda d: d.signer_name),
        Column(_("Signer's position"), lambda d: d.signer_position),
        Column(_("Replaces"), lambda d: d.replaces.symbol if d.replaces_id else ""),
        Column(_("Verification code"), lambda d: d.code),
        Column(_("SHA-256"), lambda d: d.sha256),
    ]
    title = f"{_('Register of outgoing documents')} {issuer.name} {year}"
    return Export(
        filename=filename_for(f"so-van-ban-di-{issuer.code}-{year}"),
        sheets=[Sheet(str(year), columns, documents.iterator(chunk_size=2000))],
        rows=documents.count(), title=title,
    )


register_export("registry.list", register_list)
