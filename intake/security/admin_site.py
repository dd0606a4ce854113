"""The admin site: Django's, opened only to a session that passed the second factor its account
needs (intake.security.twofactor.second_factor_passed), the same rule as the staff pages and
exports.

intake.web.middleware sends such a session to the code page before the admin is reached at all;
this makes the admin refuse it by itself too, wherever it is mounted.
"""

from django.contrib.admin import AdminSite

from intake.security import twofactor


class ClinicAdminSite(AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and twofactor.second_factor_passed(request.user)
