"""URLs for `manage.py bench_staff`: the whole site plus a trivial view, Django's per-request floor.

Used only when the benchmark starts gunicorn with ROOT_URLCONF=clinic.bench_urls; production
never loads this module, so the floor view does not exist there.
"""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """Everything Django does for any request (middleware, URL resolving), and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("clinic.urls")),
]
