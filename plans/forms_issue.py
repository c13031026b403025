"""Forms of issuing: recording a plan issued outside the system, and the year to replace."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogue import clock

from .checks import number_holder
from .forms import BootstrapMixin
from .models import Plan
from .services import SIGNED_COPY_TYPES

MAX_SIGNED_COPY = 20 * 1024 * 1024
# The first bytes of each kind of file accepted, so a renamed file is refused by what it is.
_MAGIC = {".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}


class DateInput(forms.DateInput):
    """dd/mm/yyyy in a plain text box, the way offices write dates."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class IssuedElsewhereForm(BootstrapMixin, forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99999,
                                help_text=_("As printed on the signed plan, e.g. 5 for Số: 05/KH-UBND."))
    symbol = forms.CharField(label=_("symbol abbreviation"), max_length=32,
                             help_text=_("The issuer part of the symbol, e.g. UBND (Số: 12/KH-UBND) or ĐU (Số 12-KH/ĐU)."))
    issued_on = forms.DateField(label=_("Date issued"), input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=DateInput())
    source_document = forms.FileField(label=_("signed copy"),
                                      help_text=_("The signed scan or PDF of the plan (PDF, JPG or PNG, at most 20 MB)."))

    cols = {"number": "col-sm-3", "symbol": "col-sm-3", "issued_on": "col-sm-6", "source_document": "col-12"}

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        kwargs.setdefault("initial", {"symbol": plan.symbol, "number": plan.number, "issued_on": plan.issued_on})
        super().__init__(*args, **kwargs)
        self.fields["source_document"].widget.attrs["accept"] = ",".join(SIGNED_COPY_TYPES)

    def clean_number(self):
        number = self.cleaned_data["number"]
        holder = number_holder(self.plan, number)
        if holder is not None:
            raise forms.ValidationError(
                _("Number %(number)02d of %(year)s is already taken by %(holder)s.")
                % {"number": number, "year": self.plan.year, "holder": holder}
            )
        return number

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > clock.today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return issued_on

    def clean_source_document(self):
        upload = self.cleaned_data["source_document"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SIGNED_COPY_TYPES:
            raise forms.ValidationError(_("Attach a PDF, JPG or PNG file."))
        if upload.size > MAX_SIGNED_COPY:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(_MAGIC[suffix]):
            raise forms.ValidationError(_("The file is not a readable %(kind)s.") % {"kind": suffix[1:].upper()})
        return upload


class ReplaceYearForm(forms.Form):
    old = forms.IntegerField(min_value=2000, max_value=2100)
    new = forms.IntegerField(min_value=2000, max_value=2100)
