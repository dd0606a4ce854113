"""Top-level URLs: the public site, staff pages, accounts, admin and the health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from intake.views import accounts as account_views
from intake.views import ops

admin.site.site_header = "Clinic Intake administration"
admin.site.site_title = "Clinic Intake admin"

urlpatterns = [
    path("", include("intake.urls")),
    path("accounts/login/", account_views.StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/home/", account_views.after_login, name="after_login"),
    path("admin/", admin.site.urls),
    path("healthz", ops.healthz, name="healthz"),
]
