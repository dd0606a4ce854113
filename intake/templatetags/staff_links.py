"""Which staff links the signed-in user's navigation shows."""

from django import template

from intake.security.access import can_view_reports

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_link_shown(context) -> bool:
    request = context.get("request")
    return request is not None and can_view_reports(request.user)
