"""The clinic's roles: Django groups, the model permissions each holds, and where each lands.

Groups are created by data migrations that call `sync_roles`; every migration that adds models
calls it again so the groups stay in step with the models.
"""

from django.urls import reverse

COORDINATORS = "Coordinators"
CLINICIANS = "Clinicians"
CONTENT_EDITORS = "Content editors"
# Reads the clinic reports (/staff/reports/): counts and waits, never a patient's record.
CLINIC_LEADS = "Clinic lead"
STAFF_GROUPS = (COORDINATORS, CLINICIANS)

# "app_label.codename" of every permission a group holds. A permission whose model does not
# exist yet is skipped, so early migrations can run this table as it stands today.
_REQUEST_WORK = [
    "intake.view_evaluationrequest",
    "intake.change_evaluationrequest",
    "intake.export_evaluationrequest",
    "intake.view_patient",
    "intake.view_medication",
    "intake.view_appointment",
]
# Clinicians read the educational content in the admin and record its clinical reviews; they
# never edit it, so the person who wrote a text and the one who reviews it are two people.
_CONTENT_REVIEW = [
    *(f"intake.view_{model}" for model in ("topic", "procon", "faqentry", "contentpage")),
    "intake.add_contentreview",
    "intake.view_contentreview",
]
# The clinic reports' permission: administrators have it as superusers, the clinic lead by the
# group; coordinators get the reports only when REPORTS_FOR_COORDINATORS is on
# (intake/security/access.py).
REPORTS_PERMISSION = "intake.view_reports"
ROLE_PERMISSIONS: dict[str, list[str]] = {
    COORDINATORS: [*_REQUEST_WORK],
    CLINICIANS: [*_REQUEST_WORK, "intake.record_outcome", *_CONTENT_REVIEW],
    # Editors add and change content but never delete it: the admin restores earlier versions
    # of an item that exists, not a deleted one, so taking something down means unpublishing.
    # Pages and clinic details are fixed rows (/privacy/, the footer): change only.
    CONTENT_EDITORS: [
        *(
            f"intake.{action}_{model}"
            for model in ("topic", "procon", "faqentry")
            for action in ("add", "change", "view")
        ),
        "intake.change_contentpage",
        "intake.view_contentpage",
        "intake.change_clinicdetails",
        "intake.view_clinicdetails",
        "intake.view_contentreview",
    ],
    CLINIC_LEADS: [REPORTS_PERMISSION],
}
# The permission every staff page of the queue requires.
STAFF_PERMISSION = "intake.view_evaluationrequest"


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly the permissions of ROLE_PERMISSIONS."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True  # create_permissions skips apps without this
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)


def is_staff_member(user) -> bool:
    return user.is_active and user.has_perm(STAFF_PERMISSION)


def landing_url_for(user) -> str:
    if user.is_superuser or user.groups.filter(name=CONTENT_EDITORS).exists():
        return reverse("admin:index")
    if is_staff_member(user):
        if user.groups.filter(name=CLINICIANS).exists() and hasattr(user, "clinician"):
            # A clinician starts from their own evaluations; the queue is one link away.
            return reverse("intake:staff_my_evaluations")
        return reverse("intake:staff_queue")
    if user.has_perm(REPORTS_PERMISSION):  # a clinic lead with no other role
        return reverse("intake:staff_reports")
    return reverse("intake:home")
