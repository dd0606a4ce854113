"""The patient's own scheduling forms: choosing a time, joining the waitlist, answering an
offer. Values come from buttons on our pages; anything else is refused with a clear message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.forms.intake import IntakeForm
from intake.models import Clinician
from intake.models.scheduling import MODES, WEEKDAYS

ANY = "any"


class ChooseTimeForm(IntakeForm):
    reference = forms.CharField(max_length=7)
    starts_at = forms.DateTimeField(
        error_messages={"invalid": _("That time could not be read. Please choose one below.")}
    )
    clinician = forms.CharField(max_length=12)
    mode = forms.ChoiceField(choices=MODES)

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value.tzinfo is None:  # our buttons always carry the offset
            raise forms.ValidationError(_("That time could not be read. Please choose one below."))
        return value

    def clean_clinician(self):
        value = self.cleaned_data["clinician"]
        if value == ANY:
            return None
        found = (
            Clinician.objects.bookable().filter(pk=value).first()
            if value.isascii() and value.isdigit()
            else None
        )
        if found is None:
            raise forms.ValidationError(_("That clinician is not taking bookings."))
        return found


class WaitlistForm(IntakeForm):
    WHEN = [("any", _("Any time earlier")), ("days", _("Only on certain days"))]

    reference = forms.CharField(max_length=7)
    action = forms.ChoiceField(choices=[("join", "join"), ("leave", "leave")])
    when = forms.ChoiceField(choices=WHEN, required=False, widget=forms.RadioSelect)
    weekdays = forms.TypedMultipleChoiceField(
        choices=[(day, _(name)) for day, name in WEEKDAYS],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("The days you can come"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "join":
            if not cleaned.get("when"):
                self.add_error("when", _("Please choose any time earlier, or certain days."))
            elif cleaned["when"] == "days" and not cleaned.get("weekdays"):
                self.add_error("weekdays", _("Please tick at least one day."))
            if cleaned.get("when") == "any":
                cleaned["weekdays"] = []
        return cleaned


class OfferAnswerForm(IntakeForm):
    reference = forms.CharField(max_length=7)
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
