"""Template context shared by every page: the clinic's name and contact details.

The details are read lazily, at most once per request, and only by templates that show them;
the 500 page is rendered without context processors, so it never depends on the database.
"""

from django.utils.functional import SimpleLazyObject, lazy

from intake.models import ClinicDetails


def _clinic_details(request) -> ClinicDetails:
    if not hasattr(request, "_clinic_details"):
        request._clinic_details = ClinicDetails.objects.current()
    return request._clinic_details


def clinic(request):
    details = SimpleLazyObject(lambda: _clinic_details(request))
    return {"clinic": details, "clinic_name": lazy(lambda: details.name, str)()}
