"""Template context shared by every page: the clinic's name and contact details, and how soon
its team reads a request (one setting, so every page says the same).

The details are read lazily, at most once per request, and only by templates that show them;
they come from the shared cache (every page shows them; editors rarely change them), which the
admin clears when they are saved. The 500 page is rendered without context processors, so it
never depends on the database.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject, lazy

from intake.models import ClinicDetails
from intake.web.middleware import STAFF_PREFIXES
from intake.web.translation import response_time

CLINIC_DETAILS_CACHE_KEY = "clinic:details"
CLINIC_DETAILS_SECONDS = 300


def _clinic_details(request) -> ClinicDetails:
    if not hasattr(request, "_clinic_details"):
        request._clinic_details = cache.get_or_set(
            CLINIC_DETAILS_CACHE_KEY, ClinicDetails.objects.current, CLINIC_DETAILS_SECONDS
        )
    return request._clinic_details


# Built once: `lazy()` makes a new proxy class on every call, which every page paid twice.
_lazy_text = lazy(lambda read: read(), str)


def clinic(request):
    details = SimpleLazyObject(lambda: _clinic_details(request))
    return {
        "clinic": details,
        "clinic_name": _lazy_text(lambda: details.name),
        "response_time": _lazy_text(lambda: response_time(settings.RESPONSE_BUSINESS_DAYS)),
        # Patient pages carry the English | Español switch; staff pages stay English.
        "patient_page": not request.path_info.startswith(STAFF_PREFIXES),
        "patient_languages": settings.LANGUAGES,
    }
