"""Admin for the educational content: list and reorder, preview, publish, review, restore.

Preview renders the unsaved form data as the public site would show it, without saving; its
"Back to editing" button posts the same data back to the form. Publishing is the "published"
box (or the list actions); restoring is simple-history's History page and its Revert button.
Editors may publish an item no clinician has reviewed: the public page then says "Awaiting
clinical review". A clinician records a review (and may publish) from the item's review page,
which shows the exact version attested (its text, its sources and what changed since the last
reviewed version) and asks them to confirm; nobody reviews a version they wrote.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import csrf_protect_m
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from intake.admin.labels import NamedFieldsMixin
from intake.domain import reviews
from intake.models import ClinicDetails, ContentPage, ContentReview, FaqEntry, ProCon, Topic
from intake.models.content import SOURCE_LANGUAGES, SOURCES_HELP
from intake.security.audit_actions import Action
from intake.services import audit
from intake.services import content as content_services
from intake.web import public_cache
from intake.web.context_processors import CLINIC_DETAILS_CACHE_KEY

EDITING_HELP = (
    "Preview shows this item as it will look on the site, from what you typed, without saving; "
    "“Back to editing” on the preview returns here with your text kept. Only published items "
    "are shown publicly: tick “Published” and save to publish, untick it to take an item down. "
    "Topics, pros and cons and FAQ entries need at least one source before they can be "
    "published. Until a clinician reviews the text you saved, the site says “Awaiting clinical "
    "review” beside it; a change to the text or sources needs a new review. Every save is kept: "
    "“History” (top right) lists earlier versions; open one and press “Revert” to restore it."
)


class SourcesField(forms.Field):
    """Sources typed as lines of "citation | link", stored as a list of dicts."""

    widget = forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{source.get('citation', '')} | {source.get('url', '')}"
                + (f" | {source['language']}" if source.get("language", "en") != "en" else "")
                for source in value
                if isinstance(source, dict)
            )
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        sources = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            source = {}
            rest, bar, last = line.rpartition("|")
            if bar and last.strip() in SOURCE_LANGUAGES and "|" in rest:
                # "citation | link | es": a citation in another language than English.
                line, source["language"] = rest, last.strip()
            citation, bar, url = line.rpartition("|")
            if not bar or not citation.strip() or not url.strip():
                raise ValidationError(
                    f"Line {number}: write the citation, then a vertical bar |, then the link."
                )
            source = {"citation": citation.strip(), "url": url.strip(), **source}
            if source.get("language") == "en":
                del source["language"]  # English is what a citation is unless it says otherwise
            sources.append(source)
        return sources


class ContentForm(forms.ModelForm):
    sources = SourcesField(required=False, help_text=SOURCES_HELP)


@admin.action(description="Publish the selected items", permissions=["change"])
def publish(modeladmin, request, queryset):
    published, refused = 0, []
    for item in queryset.filter(is_published=False):
        item.is_published = True
        try:
            item.validate_constraints()  # the same rule the database and the form apply
        except ValidationError:
            refused.append(str(item))
            continue
        item._change_reason = "Published"
        modeladmin.save_model(request, item, None, change=True)
        modeladmin.log_change(request, item, "Published.")
        record_publication(request, item)
        published += 1
    if published:
        modeladmin.message_user(request, f"Published {published} item(s).", messages.SUCCESS)
        awaiting = queryset.filter(is_published=True).awaiting_review().count()
        if awaiting:
            modeladmin.message_user(
                request,
                f"{awaiting} published item(s) show “Awaiting clinical review” until a "
                "clinician reviews them.",
                messages.WARNING,
            )
    if refused:
        modeladmin.message_user(
            request,
            "Not published, because they have no source yet (add one first): " + "; ".join(refused),
            messages.ERROR,
        )


@admin.action(description="Unpublish the selected items (back to draft)", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = 0
    for item in queryset.filter(is_published=True):
        item.is_published = False
        item._change_reason = "Unpublished"
        modeladmin.save_model(request, item, None, change=True)
        modeladmin.log_change(request, item, "Unpublished.")
        record_publication(request, item)
        count += 1
    modeladmin.message_user(request, f"Unpublished {count} item(s).", messages.SUCCESS)


class ReviewForm(forms.Form):
    """The clinician's confirmation, tied to the version the page showed them."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read this version in full, with its sources, and I attest to it.",
        error_messages={"required": "Tick the box to confirm you read this version in full."},
    )

    def __init__(self, *args, item, refusal: str = "", **kwargs):
        super().__init__(*args, initial={"version": item.version}, **kwargs)
        self.refusal = refusal


def _as_text(item, name: str) -> str:
    """A reviewed field as the clinician reads it: a choice by its label, sources a line each."""
    value = getattr(item, name)
    if name == "sources":
        return "\n".join(
            f"{source.get('citation', '')} | {source.get('url', '')}"
            for source in value or []
            if isinstance(source, dict)
        )
    display = getattr(item, f"get_{name}_display", None)
    return str(display() if display else value or "")


def review_page(item, user) -> dict:
    """What the review page shows: each reviewed field in full, with its changes since the last
    reviewed version (or the whole text when no version was reviewed), and who may review."""
    last = content_services.last_review(item)
    before = content_services.reviewed_text(item, last.version) if last else None
    fields = []
    for name in item.reviewed_fields:
        now = _as_text(item, name)
        then = _as_text(before, name) if before is not None else None
        fields.append(
            {
                "label": item._meta.get_field(name).verbose_name,
                "name": name,
                "text": now,
                "markdown": name not in ("sources", "title", "question", "treatment", "kind"),
                "changes": reviews.changes(then, now) if then is not None else None,
                "changed": then is not None and then != now,
            }
        )
    problem = reviews.refusal(content_services.reviewer_facts(user), author_id=item.version_by_id)
    return {
        "fields": fields,
        "last_review": last,
        "last_version_found": before is not None,
        "unchanged": before is not None and not any(field["changed"] for field in fields),
        "refusal": problem,
    }


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", "Awaiting clinical review"),
            ("overdue", "Past its next-review date"),
            ("current", "Reviewed, not yet due"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "awaiting":
            return queryset.awaiting_review()
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "current":
            return queryset.filter(review__next_review_due__gte=today)
        return queryset


def record_publication(request, item) -> None:
    """What patients are shown changed: `content.published` or `content.unpublished`."""
    audit.record(
        action=Action.CONTENT_PUBLISHED if item.is_published else Action.CONTENT_UNPUBLISHED,
        http_request=request,
        obj=item,
    )


class EditedAdmin(SimpleHistoryAdmin):
    """Records who saved, for the public "updated by" line and the history."""

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        match = request.resolver_match
        if match is not None and (match.url_name or "").endswith("_simple_history"):
            obj._change_reason = "Restored an earlier version"
        super().save_model(request, obj, form, change)
        # The edit form's tick box, or a restored version that differs in it (the actions above
        # record their own).
        published_here = form is not None and hasattr(obj, "is_published")
        if published_here and ("is_published" in form.changed_data if change else obj.is_published):
            record_publication(request, obj)


class ContentAdmin(NamedFieldsMixin, EditedAdmin):
    form = ContentForm
    change_form_template = "admin/intake/content_change_form.html"
    actions = [publish, unpublish]
    list_filter = ["is_published", ReviewStatusFilter, "language"]
    history_list_display = ["is_published", "version"]
    readonly_fields = ["updated_at", "updated_by", "version", "version_by", "review_status"]
    review_fieldset = (
        "Sources and clinical review",
        {
            "fields": [
                "sources",
                "version",
                "version_by",
                "review_status",
                "updated_at",
                "updated_by",
            ]
        },
    )
    content_fields: list[str] = []  # the item's own fields, in form order

    def named_fields(self, request) -> list[str]:
        return list(self.list_editable)  # edited in the list, under a column title only

    # The public-site partial that shows one item in the preview page.
    preview_template = ""

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": self.content_fields, "description": EDITING_HELP}),
            self.review_fieldset,
        ]

    def frozen(self, obj) -> list[str]:
        """Fields shown read-only once the item exists."""
        return []

    def get_readonly_fields(self, request, obj=None):
        return [*self.frozen(obj), *super().get_readonly_fields(request, obj)]

    def has_delete_permission(self, request, obj=None):
        # Unpublishing is the reversible way to take content down; deleting is left to
        # administrators, outside the editors' role.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_review_permission(self, request):
        return request.user.has_perm("intake.add_contentreview") and (
            content_services.can_review(request.user)
        )

    def get_queryset(self, request):
        return super().get_queryset(request).with_review()

    def save_model(self, request, obj, form, change):
        match = request.resolver_match
        if match is not None and (match.url_name or "").endswith("_simple_history"):
            obj._change_reason = "Restored an earlier version"
        obj._history_user = request.user
        content_services.content_save(item=obj, user=request.user)

    # Saves go through content_save, which drops the public pages' cached content; so do these.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_cache.content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_cache.content_changed()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        if not self.has_review_permission(request):
            return shown
        # A clinician reaches each item's review page from its review status.
        return ["review_status_to_review" if name == "review_status" else name for name in shown]

    @admin.display(description="clinical review")
    def review_status_to_review(self, obj):
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_review", args=[obj.pk])
        return format_html(
            '{}<br><a href="{}">Read and review version {}</a>',
            self.review_status(obj),
            url,
            obj.version,
        )

    def review_view(self, request, object_id):
        """The version a clinician attests to, in full: its text and sources as they stand, what
        changed since the last reviewed version, and a confirmation. Only that version is
        recorded (content_services.content_review refuses one changed meanwhile)."""
        if not (self.has_view_permission(request) and self.has_review_permission(request)):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = ReviewForm(request.POST or None, item=obj)
        if request.method == "POST" and form.is_valid():
            was_published = obj.is_published
            publish = "_publish" in request.POST
            try:
                content_services.content_review(
                    item=obj,
                    reviewer=request.user,
                    version=form.cleaned_data["version"],
                    publish=publish,
                )
            except content_services.ReviewRefused as refusal:
                # Shown again as it stands now (an editor may have changed it meanwhile).
                obj = self.get_object(request, unquote(object_id))
                form = ReviewForm(None, item=obj, refusal=str(refusal))
            else:
                self.log_change(request, obj, "Clinical review recorded.")
                if obj.is_published and not was_published:
                    record_publication(request, obj)
                what = "reviewed and published" if publish else "reviewed"
                self.message_user(
                    request, f"You {what} version {obj.version} of “{obj}”.", messages.SUCCESS
                )
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Clinical review of version {obj.version}",
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "form": form,
            **review_page(obj, request.user),
        }
        return TemplateResponse(request, "admin/intake/review.html", context)

    @admin.display(description="clinical review")
    def review_status(self, obj):
        review = obj.current_review if obj is not None and obj.pk else None
        if review is None:
            return "Awaiting clinical review"
        overdue = " (next review overdue)" if review.next_review_due < timezone.localdate() else ""
        return (
            f"Reviewed by {review.reviewer_line} on {review.reviewed_on:%-d %B %Y}; "
            f"next review due {review.next_review_due:%-d %B %Y}{overdue}"
        )

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_review": self.has_review_permission(request)}
        if request.method == "POST" and ({"_preview", "_edit"} & set(request.POST)):
            return self.preview_or_edit(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def preview_or_edit(self, request, object_id, form_url, extra_context):
        """Preview the typed data, or show the form again with it; never save."""
        add = object_id is None
        obj = None
        if add:
            if not self.has_add_permission(request):
                raise PermissionDenied
        else:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(
            request, obj, change=not add, fields=flatten_fieldsets(fieldsets)
        )
        form = form_class(request.POST, request.FILES, instance=obj)
        if "_preview" in request.POST and form.is_valid():
            item = form.instance  # changed in memory only
            item.updated_by = request.user
            if set(form.changed_data) & set(item.reviewed_fields):
                item.review = None  # saved, this text would await a new review
            return TemplateResponse(
                request,
                "admin/intake/preview.html",
                {
                    "item": item,
                    "item_list": [item],
                    "opts": self.opts,
                    "preview_template": self.preview_template,
                    "typed_data": [
                        (name, value)
                        for name, values in request.POST.lists()
                        if name not in {"_preview", "csrfmiddlewaretoken"}
                        for value in values
                    ],
                },
            )
        # Back to editing, or a preview of data with errors: the form, bound to what was typed.
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        title = "Add %s" if add else "Change %s"
        context = {
            **self.admin_site.each_context(request),
            "title": title % self.opts.verbose_name,
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return self.render_change_form(
            request, context, add=add, change=not add, obj=obj, form_url=form_url
        )

    @admin.display(description="updated by")
    def updated_by_name(self, obj):
        return obj.updated_by_name or "(seed content)"


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    content_fields = [
        "language",
        "translation_of",
        "key",
        "title",
        "summary",
        "ketamine",
        "antidepressant",
        "is_published",
        "order",
    ]
    list_display = [
        "title",
        "key",
        "language",
        "order",
        "is_published",
        "review_status",
        "updated_by_name",
    ]
    list_editable = ["order"]  # reorder from the list; "published" goes through the form
    search_fields = ["title", "summary", "ketamine", "antidepressant"]
    preview_template = "admin/intake/_preview_topic.html"

    def frozen(self, obj):
        # The intake summary points at topics by key, so a saved key never changes.
        return ["key"] if obj is not None else []


@admin.register(ProCon)
class ProConAdmin(ContentAdmin):
    content_fields = [
        "language",
        "translation_of",
        "treatment",
        "kind",
        "text",
        "is_published",
        "order",
    ]
    list_display = [
        "__str__",
        "language",
        "treatment",
        "kind",
        "order",
        "is_published",
        "review_status",
        "updated_by_name",
    ]
    list_editable = ["order"]
    list_filter = ["is_published", ReviewStatusFilter, "language", "treatment", "kind"]
    search_fields = ["text"]
    preview_template = "admin/intake/_preview_procon.html"


@admin.register(FaqEntry)
class FaqEntryAdmin(ContentAdmin):
    content_fields = ["language", "translation_of", "question", "answer", "is_published", "order"]
    list_display = [
        "question",
        "language",
        "order",
        "is_published",
        "review_status",
        "updated_by_name",
    ]
    list_editable = ["order"]
    search_fields = ["question", "answer"]
    preview_template = "admin/intake/_preview_faqentry.html"


@admin.register(ContentPage)
class ContentPageAdmin(ContentAdmin):
    content_fields = ["language", "translation_of", "slug", "title", "body", "is_published"]
    list_display = [
        "title",
        "slug",
        "language",
        "is_published",
        "review_status",
        "updated_by_name",
    ]
    preview_template = "admin/intake/_preview_contentpage.html"

    def frozen(self, obj):
        # A page's address is wired into the site's URLs (privacy -> /privacy/).
        return ["slug"] if obj is not None else []


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(EditedAdmin):
    fields = [
        "name",
        "phone",
        "address",
        "hours",
        "hours_es",
        "telehealth_instructions",
        "telehealth_instructions_es",
        "updated_at",
        "updated_by",
    ]
    readonly_fields = ["updated_at", "updated_by"]
    list_display = ["name", "phone", "updated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every page shows these details from the cache: drop it once the change is saved.
        transaction.on_commit(lambda: cache.delete(CLINIC_DETAILS_CACHE_KEY))
        public_cache.content_changed()  # /learn/ names the clinic's phone number

    def has_add_permission(self, request):
        # One row, read by the footer of every page.
        return not ClinicDetails.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContentReview)
class ContentReviewAdmin(admin.ModelAdmin):
    """The record of every clinical review; made by the review actions, never edited."""

    list_display = ["__str__", "reviewer", "reviewed_on", "next_review_due"]
    list_filter = ["content_type", "reviewed_on"]
    list_select_related = ["content_type", "reviewer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The admin index shows how many items are past their next-review date (see the template).
admin.site.index_template = "admin/intake/index.html"
