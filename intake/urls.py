"""URLs of the intake app: the public pages patients use, then the staff pages."""

from django.urls import path

from intake.views import public, staff

app_name = "intake"

public_urls = [
    path("", public.home, name="home"),
    path("learn/", public.learn, name="learn"),
    path("intake/", public.intake_start, name="intake_start"),
]

staff_urls = [
    path("staff/", staff.queue, name="staff_queue"),
]

urlpatterns = public_urls + staff_urls
