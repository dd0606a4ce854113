"""Accessible names for admin fields shown without a <label>: the columns of a tabular inline
and list_editable cells of a changelist, which Django heads with a column title only."""


class NamedFieldsMixin:
    """Give each field's widget an aria-label of its verbose name (axe: label, select-name)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.named_fields(request):
            formfield.widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return formfield

    def named_fields(self, request) -> list[str]:
        return list(getattr(self, "fields", None) or [])
