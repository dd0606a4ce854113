"""Users and roles in the admin: Django's own user admin, with one rule of ours, and the
reset of a user's second factor.

Content editors work in the admin, which Django opens only to users with "Staff status"; a user
put in the group without it would sign in and land on the admin's login page with no reason
given. The form says so instead.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake import roles, twofactor

# django-otp's own device pages would show each secret (and a QR code of it) to whoever opens
# them: devices are managed only through enrolment and the audited reset below.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


class ClinicUserChangeForm(UserChangeForm):
    def clean(self):
        data = super().clean()
        groups = data.get("groups") or []
        if any(group.name == roles.CONTENT_EDITORS for group in groups) and not data.get(
            "is_staff"
        ):
            raise ValidationError(
                "Content editors work in the admin: tick \u201cStaff status\u201d for this user."
            )
        return data


admin.site.unregister(User)


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    form = ClinicUserChangeForm
    # Recorded by Django, never typed in (its date-and-time boxes had no labels either).
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_second_factor"]

    @admin.action(
        description="Reset the second factor (a lost phone): they enrol again at next sign-in",
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            twofactor.reset(user=user, actor=request.user, http_request=request)
        self.message_user(
            request,
            f"Second factor reset for {len(queryset)} user{'s' if len(queryset) != 1 else ''}.",
        )
