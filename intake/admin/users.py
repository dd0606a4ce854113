"""Users and roles in the admin: Django's own user admin, with one rule of ours.

Content editors work in the admin, which Django opens only to users with "Staff status"; a user
put in the group without it would sign in and land on the admin's login page with no reason
given. The form says so instead.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from intake import roles


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
