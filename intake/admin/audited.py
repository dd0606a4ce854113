"""What every admin page of patient data shares: each list and detail page is audited, and the
list answers only the lookups its declared filters make.

Django's changelist accepts any lookup on a model's own fields from the address
(`?first_name__startswith=A`), which would put PHI in admin addresses and let anyone with the
list page query around the audited views; here an undeclared lookup is a 400.
"""

from django.contrib.admin.utils import unquote

from intake.services import audit


class AuditedAdminMixin:
    """For a ModelAdmin of patient data: `<model>.listed` for each list page (the ids shown, the
    filters' names, the fact of a search), `<model>.viewed` for each detail page."""

    def audited_id(self, obj) -> str:
        return str(getattr(obj, "reference", None) or obj.pk)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            audit.record(
                action=f"{self.model._meta.model_name}.listed",
                http_request=request,
                object_type=self.model._meta.model_name,
                detail={
                    "filters": sorted(
                        name for name in request.GET if name not in ("q", "p", "o", "e")
                    ),
                    "searched": bool(request.GET.get("q")),
                    "page": changelist.page_num,
                    "shown": [self.audited_id(obj) for obj in changelist.result_list],
                },
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            viewed = self.get_object(request, unquote(object_id))
            if viewed is not None:
                self.record_view(request, viewed, page="admin")
        return response

    def record_view(self, request, obj, *, page: str) -> None:
        audit.record(
            action=f"{self.model._meta.model_name}.viewed",
            http_request=request,
            object_type=self.model._meta.model_name,
            object_id=self.audited_id(obj),
            detail={"page": page},
        )

    def lookup_allowed(self, lookup, value, request=None):
        declared = {
            item if isinstance(item, str) else item[0]
            for item in self.list_filter
            if isinstance(item, str | tuple)
        }
        if self.date_hierarchy:
            declared.add(self.date_hierarchy)
        if not any(lookup == name or lookup.startswith(f"{name}__") for name in declared):
            return False
        return super().lookup_allowed(lookup, value, request)
