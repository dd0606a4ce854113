"""The clinic reports' date range: a ready-made range or two dates, checked with clear words."""

from datetime import date

from django import forms

from intake.domain import report_figures as rf


class ReportRangeForm(forms.Form):
    range = forms.ChoiceField(
        label="Period", choices=rf.RANGES, initial=rf.THIS_MONTH, required=False
    )
    first = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["range"].error_messages["invalid_choice"] = "Choose one of the periods listed."
        for name in ("first", "last"):
            self.fields[name].error_messages["invalid"] = "Enter a date, e.g. 2026-03-31."

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("range") or rf.THIS_MONTH
        cleaned["range"] = choice
        if choice != rf.CUSTOM or self.errors:
            return cleaned
        first, last = cleaned.get("first"), cleaned.get("last")
        if first is None:
            self.add_error("first", "Enter the first day of the period.")
        if last is None:
            self.add_error("last", "Enter the last day of the period.")
        if first is None or last is None:
            return cleaned
        if first > last:
            self.add_error("last", "The last day is before the first day. Swap the two dates.")
        elif last > self.today:
            self.add_error("last", "The last day is in the future: choose today or earlier.")
        elif (last - first).days + 1 > rf.LONGEST_RANGE_DAYS:
            self.add_error(
                "last", "Choose at most two years; a longer period would be slow to read."
            )
        return cleaned

    def period(self) -> rf.Period:
        """The period chosen (call after is_valid())."""
        data = self.cleaned_data
        return rf.period_for(
            data["range"], self.today, first=data.get("first"), last=data.get("last")
        )

    def query(self) -> str:
        """The range as a query string, for the CSV links."""
        data = self.cleaned_data
        if data["range"] == rf.CUSTOM:
            return f"range=custom&first={data['first']:%Y-%m-%d}&last={data['last']:%Y-%m-%d}"
        return f"range={data['range']}"
