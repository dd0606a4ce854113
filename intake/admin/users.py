"""Users and roles in the admin: Django's own user admin, where a new member is invited by
e-mail (the administrator never chooses or sees a password), and the reset of a user's second
factor, after a confirmation page that says who is e-mailed.

Content editors work in the admin, which Django opens only to users with "Staff status"; a user
put in the group without it would sign in and land on the admin's login page with no reason
given. The form says so instead.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.security import roles, twofactor
from intake.services import staff_invitations

# django-otp's own device pages would show each secret (and a QR code of it) to whoever opens
# them: devices are managed only through enrolment and the audited reset below.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)

EDITORS_NEED_STAFF_STATUS = (
    "Content editors work in the admin: tick \u201cStaff status\u201d for this user."
)


def _check_editors_have_staff_status(data: dict) -> None:
    groups = data.get("groups") or []
    if any(group.name == roles.CONTENT_EDITORS for group in groups) and not data.get("is_staff"):
        raise ValidationError(EDITORS_NEED_STAFF_STATUS)


class ClinicUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.help_text = (
                "Only its owner sets a password: from an invitation, or with \u201cForgot your "
                "password?\u201d on the sign-in page. To let someone in again, use the "
                "\u201cSend a new invitation\u201d action on the list of users."
            )

    def clean(self):
        data = super().clean()
        _check_editors_have_staff_status(data)
        return data


class InviteUserForm(forms.ModelForm):
    """A new member: who they are and their roles. No password: the invitation e-mailed to them
    lets them choose one and set up their second factor."""

    # Plain checkboxes: three or four roles need no two-pane filter (whose icons break ARIA).
    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Roles",
        help_text="What the new member may do; the second factor is required as soon as any "
        "role or Staff status is given.",
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_staff", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "The invitation link is sent here."

    def clean(self):
        data = super().clean()
        _check_editors_have_staff_status(data)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


admin.site.unregister(User)


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    form = ClinicUserChangeForm
    # Recorded by Django, never typed in (its date-and-time boxes had no labels either).
    readonly_fields = ("last_login", "date_joined")
    add_form = InviteUserForm
    add_form_template = None  # Django's plain form, not its "choose a password" page
    add_fieldsets = (
        (
            "Invite a staff member",
            {
                "description": (
                    "An e-mail with a single-use link goes to this address: the new member "
                    "chooses their own password there and sets up their second factor."
                ),
                "fields": ("username", "email", "first_name", "last_name", "is_staff", "groups"),
            },
        ),
    )
    actions = ["send_new_invitation", "reset_second_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            staff_invitations.invite(user=obj, actor=request.user, http_request=request)
            self.message_user(
                request,
                f"An invitation was e-mailed to {obj.email}. The link works once, within "
                f"{settings.STAFF_INVITATION_HOURS} hours.",
            )

    def user_change_password(self, request, id, form_url=""):
        """Administrators never set anyone's password (the owner does, from an invitation or a
        reset e-mail)."""
        raise PermissionDenied

    @admin.action(
        description="Send a new invitation (an expired or lost link; replaces any earlier one)",
        permissions=["change"],
    )
    def send_new_invitation(self, request, queryset):
        sent, skipped = [], []
        for user in queryset:
            purpose = (
                staff_invitations.Purpose.JOIN
                if not user.has_usable_password()
                else staff_invitations.Purpose.NEW_SECOND_FACTOR
            )
            if twofactor.is_enrolled(user) or not user.email:
                skipped.append(user.get_username())
                continue
            staff_invitations.invite(
                user=user, actor=request.user, purpose=purpose, http_request=request
            )
            sent.append(user.email)
        if sent:
            self.message_user(request, f"Invitation e-mailed to {', '.join(sent)}.")
        if skipped:
            self.message_user(
                request,
                f"No invitation for {', '.join(skipped)}: already set up, or no e-mail address "
                "(reset the second factor to let someone set up a new one).",
                messages.WARNING,
            )

    @admin.action(
        description="Reset the second factor (a lost phone): they are e-mailed a new set-up link",
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        """A confirmation page first, naming who loses their app and who is e-mailed where."""
        users = list(queryset.order_by("username"))
        without_email = [user for user in users if not user.email]
        if request.POST.get("confirmed") == "yes" and not without_email:
            for user in users:
                twofactor.reset(user=user, actor=request.user, http_request=request)
            self.message_user(
                request,
                f"Second factor reset for {len(users)} user{'s' if len(users) != 1 else ''}; "
                "each was e-mailed a link to set up a new one.",
            )
            return redirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/intake/reset_second_factor_confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reset the second factor?",
                "users": users,
                "without_email": without_email,
                "hours": settings.STAFF_INVITATION_HOURS,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            },
        )
