"""Forms for the public registration and lookup, the staff pages and the agency inbox.

Every text field refuses markup and control characters with a Vietnamese
message next to the field (the templates escape everything anyway), and has a
length limit, so hostile input never reaches a service and what the citizen
typed stays in the form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue import clock
from dialogue.access import organization_ids
from dialogue.codes import normalize_code
from dialogue.forms import BootstrapMixin
from dialogue.glyphs import PrintableTextMixin
from dialogue.models import Organization
from dialogue.phones import PhoneField
from dialogue.text import plain_text
from dialogue.wording import shorten_keeping_tail

from .imports import check_upload
from .models import CONTENT_MAX_LENGTH, Outcome, Petition, PetitionStatus, Priority, Source
from .selectors import agencies_for, conferences_for, fields_for
from .services import DRAFTER_ROLES, READER_ROLES, RECORDER_ROLES

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"]


def _text(label, max_length, *, required=True, rows=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=max_length, required=required, validators=[plain_text], widget=widget,
        help_text=help_text,
    )


def conference_label(conference) -> str:
    """A conference as a choice: its title cut in the subject, never in the part that
    tells a plan's sessions apart, and its date when it has one."""
    label = shorten_keeping_tail(conference.title, 90)
    if conference.starts_at:
        label += f" · {timezone.localtime(conference.starts_at):%d/%m/%Y}"
    return label


def limit_to_recording_organizations(form, user) -> set[int]:
    """Offer only the organisations the user records petitions for (hidden when
    there is one) and their conferences; returns those organisations' ids."""
    ids = organization_ids(user, RECORDER_ROLES)
    form.fields["organization"].queryset = Organization.objects.filter(pk__in=ids).order_by("name")
    if len(ids) == 1:
        form.fields["organization"].initial = next(iter(ids))
        form.fields["organization"].widget = forms.HiddenInput()
    form.fields["conference"].queryset = conferences_for(user)
    form.fields["conference"].label_from_instance = conference_label
    return ids


class PetitionerFields(forms.Form):
    petitioner_name = _text(_("Full name"), 120)
    petitioner_address = _text(_("Hamlet or address"), 255, required=False)
    # Checked and written as national digits in one place: dialogue.phones.
    petitioner_phone = PhoneField(label=_("Phone"), required=False)
    petitioner_email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    field = forms.ModelChoiceField(label=_("Field"), queryset=None, required=False, empty_label=_("(not sure)"))
    content = _text(_("Your question or petition"), CONTENT_MAX_LENGTH, rows=6)


class PublicRegistrationForm(PrintableTextMixin, BootstrapMixin, PetitionerFields):
    # Left empty by people, filled in by form-filling robots.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    # Optional: news of each step by e-mail (petitions.citizen); every message can stop them.
    email_updates = forms.BooleanField(
        label=_("Send me news of my petition by e-mail"), required=False,
        help_text=_("When it is received, assigned, extended, answered and closed. "
                    "Each e-mail has a link to stop them."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the office and the assigned agency use my contact details to answer me."),
        required=True,
    )

    field_order = [
        "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email", "email_updates",
        "field", "content",
    ]

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields_for([conference.organization_id])
        self.fields["petitioner_address"].help_text = _("e.g. Xóm Hòa Bình")

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        data = super().clean()
        if data.get("email_updates") and not data.get("petitioner_email") and "petitioner_email" not in self.errors:
            self.add_error("petitioner_email", _("Write your e-mail address to receive news of your petition."))
        return data

    def petition_values(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in (
            "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email", "field", "content",
            "email_updates",
        )}


class PetitionForm(PrintableTextMixin, BootstrapMixin, PetitionerFields):
    """Office staff enter a petition from a slip, a letter, the Front's list or the conference floor."""

    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    source = forms.ChoiceField(label=_("Received as"), choices=[c for c in Source.choices if c[0] != Source.ONLINE])
    conference = forms.ModelChoiceField(label=_("Conference"), queryset=None, required=False)
    speech_number = forms.IntegerField(label=_("Speech number"), required=False, min_value=1, max_value=999)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    received_on = forms.DateField(label=_("Received on"), initial=clock.today)
    is_public = forms.BooleanField(
        label=_("May be looked up by its code"), required=False, initial=True,
        help_text=_("Turn off for a sensitive petition: its code then finds nothing."),
    )

    field_order = [
        "organization", "source", "conference", "speech_number", "received_on", "petitioner_name",
        "petitioner_address", "petitioner_phone", "petitioner_email", "field", "content", "priority", "is_public",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = limit_to_recording_organizations(self, user)
        self.fields["field"].queryset = fields_for(ids)
        self.fields["content"].label = _("Content")
        self._style_widgets()

    def clean(self):
        data = super().clean()
        org, conference = data.get("organization"), data.get("conference")
        if org and conference and conference.organization_id != org.pk:
            self.add_error("conference", _("Choose a conference of this organisation."))
        if data.get("source") == Source.CONFERENCE and not conference:
            self.add_error("conference", _("A petition raised at a conference needs the conference."))
        return data

    def petition_values(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("organization", "source", "conference"):
            data.pop(key)
        return data


class ConclusionForm(PrintableTextMixin, BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    direction = _text(_("Chair's direction"), CONTENT_MAX_LENGTH, required=False, rows=3)
    answer = _text(_("Answer given at the conference"), CONTENT_MAX_LENGTH, required=False, rows=4)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Organization.objects.none(), required=False)
    due_on = forms.DateField(
        label=_("Deadline"), required=False,
        help_text=_("Filled in from the plan's rules; change it if the chair set another date."),
    )
    referred_to = _text(_("Referred to"), 255, required=False)

    def __init__(self, *args, petition: Petition, default_due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for([petition.organization_id])
        if default_due and not self.is_bound:
            self.fields["due_on"].initial = default_due
        self._style_widgets()

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.ANSWERED and not data.get("answer"):
            self.add_error("answer", _("Write the answer given at the conference."))
        if outcome == Outcome.ASSIGNED and not data.get("agency"):
            self.add_error("agency", _("Choose the agency that must answer."))
        if outcome == Outcome.REFERRED and not data.get("referred_to"):
            self.add_error("referred_to", _("Name the higher authority the petition is referred to."))
        if data.get("due_on") and data["due_on"] < clock.today():
            self.add_error("due_on", _("The deadline cannot be in the past."))
        return data


class BulkAssignForm(BootstrapMixin, forms.Form):
    petitions = forms.ModelMultipleChoiceField(queryset=Petition.objects.none(), widget=forms.MultipleHiddenInput)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Organization.objects.none())
    due_on = forms.DateField(label=_("Deadline"), required=False, help_text=_("Empty: from the plan's rules."))

    def __init__(self, *args, user, **kwargs):
        # Its own ids: the list page also has the filter form, whose agency field is id_agency.
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        ids = organization_ids(user, DRAFTER_ROLES)
        self.fields["petitions"].queryset = Petition.objects.filter(organization__in=ids)
        self.fields["agency"].queryset = agencies_for(ids)
        self._style_widgets()

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due and due < clock.today():
            raise ValidationError(_("The deadline cannot be in the past."))
        return due


class GroupForm(forms.Form):
    others = forms.ModelMultipleChoiceField(queryset=Petition.objects.none())

    def __init__(self, *args, petition: Petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = Petition.objects.filter(organization_id=petition.organization_id)


class ExtensionForm(BootstrapMixin, forms.Form):
    new_date = forms.DateField(label=_("New deadline"))
    reason = _text(_("Reason (the citizen will read it)"), 2000, rows=3)


class ResponseForm(BootstrapMixin, forms.Form):
    text = _text(_("Answer"), CONTENT_MAX_LENGTH, rows=8)
    attachment = forms.FileField(
        label=_("Attachment (signed answer)"), required=False,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
        help_text=_("PDF, Word or a photo, at most 10 MB."),
    )
    is_final = forms.BooleanField(
        label=_("The matter is resolved"), required=False, initial=True,
        help_text=_("Untick for an interim answer, e.g. a report on the verification under way."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))], widget=forms.HiddenInput)
    comment = _text(_("Comment"), 2000, required=False, rows=2)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment"):
            self.add_error("comment", _("Say why the answer is returned."))
        return data


class LookupForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "DT-7K3M9-QX2HB", "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(_("A tracking code looks like DT-7K3M9-QX2AB: check what you typed."))
        return code


class FeedbackForm(BootstrapMixin, forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Did the answer satisfy you?"),
        choices=[("1", _("Yes, I am satisfied")), ("0", _("No, I am not satisfied"))],
        coerce=lambda v: v == "1", widget=forms.RadioSelect,
    )
    comment = _text(_("Comment (optional)"), 2000, required=False, rows=3)


class FilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + PetitionStatus.choices)
    # Where the work stands beyond the status (selectors.stage_condition): the home page's queue links here.
    stage = forms.ChoiceField(
        label=_("Progress"), required=False,
        choices=[
            ("", _("All")),
            ("conclusion", _("Awaiting the chair's conclusion")),
            # The status badge's words for the same petitions (selectors.with_awaiting_approval).
            ("approval", _("Awaiting conclusion approval")),
            ("extended", _("Deadline extended by the agency")),
        ],
    )
    conference = forms.ModelChoiceField(label=_("Conference"), queryset=None, required=False, empty_label=_("All"))
    field = forms.ModelChoiceField(label=_("Field"), queryset=None, required=False, empty_label=_("All"))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False, empty_label=_("All"))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = organization_ids(user, READER_ROLES)
        self.fields["conference"].queryset = conferences_for(user, READER_ROLES)
        self.fields["conference"].label_from_instance = conference_label
        self.fields["field"].queryset = fields_for(ids)
        self.fields["agency"].queryset = agencies_for(ids)
        self._style_widgets()


class InboxSearchForm(forms.Form):
    """The agency inbox's search box (selectors.text_search)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class FrontImportForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    conference = forms.ModelChoiceField(label=_("Conference"), queryset=None, required=False)
    file = forms.FileField(
        label=_("The Front's list (.xlsx)"),
        help_text=_("First sheet; a heading row with at least \"Họ và tên\" and \"Nội dung\"."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows have errors"), required=False,
        help_text=_("Otherwise nothing is imported until every row is correct."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_recording_organizations(self, user)
        self._style_widgets()

    def clean_file(self):

        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        org, conference = data.get("organization"), data.get("conference")
        if org and conference and conference.organization_id != org.pk:
            self.add_error("conference", _("Choose a conference of this organisation."))
        return data


class PetitionEditForm(PrintableTextMixin, BootstrapMixin, PetitionerFields):
    speech_number = forms.IntegerField(label=_("Speech number"), required=False, min_value=1, max_value=999)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    received_on = forms.DateField(label=_("Received on"))
    is_public = forms.BooleanField(
        label=_("May be looked up by its code"), required=False,
        help_text=_("Turn off for a sensitive petition: its code then finds nothing."),
    )

    def __init__(self, *args, petition: Petition, **kwargs):
        initial = {name: getattr(petition, name) for name in (
            "petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email", "content",
            "priority", "received_on", "speech_number", "is_public",
        )}
        initial["field"] = petition.field_id
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["field"].queryset = fields_for([petition.organization_id])
        self.fields["content"].label = _("Content")
        self._style_widgets()


class FieldForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    name = _text(_("New field"), 100)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first().pk
            self.fields["organization"].widget = forms.HiddenInput()
        self._style_widgets()


class TransferForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Transfer to"), queryset=Organization.objects.none())
    due_on = forms.DateField(label=_("Deadline"), required=False, help_text=_("Empty: from the plan's rules."))

    def __init__(self, *args, petition: Petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for([petition.organization_id])
        self._style_widgets()
