"""Template context shared by every page: the clinic's name and crisis line."""

from django.conf import settings


def clinic(request):
    return {"clinic_name": settings.CLINIC_NAME}
