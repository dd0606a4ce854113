"""Staff forms of the follow-up section: the schedule (start, change, pause, resume, stop) and a
risk answer's acknowledgement."""

from django import forms
from django.conf import settings

from intake.models import FollowUpSchedule, RiskAlert


class ScheduleForm(forms.Form):
    OPERATIONS = ("start", "change", "pause", "resume", "stop")

    operation = forms.ChoiceField(choices=[(op, op) for op in OPERATIONS], widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        choices=FollowUpSchedule.Mode.choices,
        initial=FollowUpSchedule.Mode.INTERVAL,
        label="Measures fall due",
        required=False,
    )
    interval_days = forms.IntegerField(
        label="Every (days)",
        min_value=1,
        max_value=90,
        required=False,
        initial=settings.FOLLOWUP_INTERVAL_DAYS,
    )
    weeks = forms.IntegerField(
        label="For (weeks)",
        min_value=1,
        max_value=104,
        required=False,
        initial=settings.FOLLOWUP_WEEKS,
    )
    reason = forms.CharField(
        label="Reason (for the timeline)",
        max_length=500,
        required=False,
        widget=forms.TextInput,
    )

    def clean(self):
        cleaned = super().clean()
        operation = cleaned.get("operation")
        if operation in {"change", "pause", "stop"} and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why, for the timeline.")
        if operation in {"start", "change"}:
            for name in ("mode", "interval_days", "weeks"):
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, "This field is required.")
        return cleaned


class AcknowledgeForm(forms.Form):
    alert = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=RiskAlert.Action.choices, widget=forms.RadioSelect, label="What you did"
    )
    note = forms.CharField(
        label="Note (required for no action)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") == RiskAlert.Action.NO_ACTION
            and not (cleaned.get("note") or "").strip()
        ):
            self.add_error("note", "Say why no action was needed.")
        return cleaned
