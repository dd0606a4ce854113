"""Clinical reviews of the educational content: who may review, what a review covers, when the
next one is due, and the migration that corrects the seed text without touching edited rows."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from intake.domain import reviews
from intake.migrations import _content_v1 as v1
from intake.migrations import _content_v1b as v1b
from intake.migrations import _content_v2 as v2
from intake.models import Clinician, ContentReview, FaqEntry, ProCon, Topic
from intake.security import roles
from intake.services import content as content_services
from tests.conftest import make_user

correction = importlib.import_module("intake.migrations.0015_seed_content_v2")


def make_reviewer(username="dr.lee", *, credentials="MD, psychiatrist", groups=(), **extra):
    """A clinician who can sign in to the admin, with the profile the public page names."""
    user = make_user(username, group=roles.CLINICIANS, is_staff=True, **extra)
    for name in groups:
        user.groups.add(django_apps.get_model("auth", "Group").objects.get(name=name))
    Clinician.objects.create(user=user, display_name=f"Dr. {username}", credentials=credentials)
    return user


def review_url(item) -> str:
    return f"/admin/intake/{type(item)._meta.model_name}/{item.pk}/review/"


def review_in_admin(client, user, item, *, publish=False):
    """Open the item's review page, tick the confirmation and record the review."""
    client.force_login(user)
    page = client.get(review_url(item))
    assert page.status_code == 200
    data = {"version": page.context["original"].version, "confirm": "on"}
    if publish:
        data["_publish"] = "Record my review and publish"
    return client.post(review_url(item), data, follow=True)


def edit_in_admin(client, user, topic, **changes):
    client.force_login(user)
    data = {
        "title": topic.title,
        "summary": topic.summary,
        "ketamine": topic.ketamine,
        "antidepressant": topic.antidepressant,
        "order": topic.order,
        "sources": "\n".join(f"{s['citation']} | {s['url']}" for s in topic.sources),
        "is_published": "on",
        "_save": "Save",
        **changes,
    }
    response = client.post(f"/admin/intake/topic/{topic.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    topic.refresh_from_db()


# --- The rules, without the database ---------------------------------------------------------


@pytest.mark.parametrize(
    "reviewed_on, months, due",
    [
        (datetime.date(2026, 12, 2), 12, datetime.date(2027, 12, 2)),
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),
    ],
)
def test_the_next_review_is_due_the_given_months_later(reviewed_on, months, due):
    assert reviews.next_review_due(reviewed_on, months) == due


def test_only_a_clinician_with_a_profile_who_did_not_write_the_version_may_review():
    clinician = reviews.Reviewer(user_id=7, is_clinician=True, has_clinician_profile=True)
    assert reviews.refusal(clinician, author_id=None) is None
    assert reviews.refusal(clinician, author_id=8) is None
    assert reviews.refusal(clinician, author_id=7) == reviews.OWN_CHANGE
    editor = reviews.Reviewer(user_id=9, is_clinician=False, has_clinician_profile=False)
    assert reviews.refusal(editor, author_id=None) == reviews.NOT_A_CLINICIAN
    no_profile = reviews.Reviewer(user_id=3, is_clinician=True, has_clinician_profile=False)
    assert reviews.refusal(no_profile, author_id=None) == reviews.NO_PROFILE


def test_only_a_change_to_what_a_clinician_reads_is_a_new_version():
    assert reviews.changes_version(["order"], Topic.reviewed_fields) is False
    assert reviews.changes_version(["order", "ketamine"], Topic.reviewed_fields) is True


# --- Reviewing in the admin --------------------------------------------------------------------


def test_a_clinicians_review_in_the_admin_makes_learn_say_who_and_when(client, db):
    reviewer = make_reviewer(first_name="Morgan")
    topic = Topic.objects.get(key="onset")
    response = review_in_admin(client, reviewer, topic)
    assert f"You reviewed version {topic.version} of “{topic}”." in response.content.decode()
    review = ContentReview.objects.get()
    assert (review.version, review.reviewer, review.reviewed_on) == (
        topic.version,
        reviewer,
        timezone.localdate(),
    )
    assert review.next_review_due == reviews.next_review_due(timezone.localdate(), 12)
    client.logout()
    html = client.get("/learn/").content.decode()
    today = timezone.localdate()
    line = (
        f'Reviewed by Dr. dr.lee, MD, psychiatrist on <time datetime="{today:%Y-%m-%d}">'
        f"{today.day} {today:%B %Y}</time>."
    )
    assert html.count(line) == 2  # the topic's table row and its card
    row = html[html.index('<th scope="row">How fast it works') :]
    assert line in row[: row.index("</tr>", row.index("topic-meta"))]


def test_the_review_period_is_a_setting(client, db, settings):
    settings.CONTENT_REVIEW_MONTHS = 6
    review_in_admin(client, make_reviewer(), FaqEntry.objects.first())
    review = ContentReview.objects.get()
    assert review.next_review_due == reviews.next_review_due(review.reviewed_on, 6)


def test_a_clinician_reviews_and_publishes_a_draft_in_one_action(client, db):
    point = ProCon.objects.first()
    ProCon.objects.filter(pk=point.pk).update(is_published=False)
    review_in_admin(client, make_reviewer(), point, publish=True)
    point.refresh_from_db()
    assert point.is_published and point.current_review is not None
    assert point.history.first().history_change_reason == "Clinical review recorded and published"


def test_an_editor_cannot_review_their_own_change(client, db):
    # One person who both edits and is a clinician: the change they wrote needs someone else.
    author = make_reviewer("dr.both", groups=[roles.CONTENT_EDITORS])
    topic = Topic.objects.get(key="cautions")
    edit_in_admin(client, author, topic, ketamine="Reworded cautions.")
    assert topic.version_by == author
    client.force_login(author)
    page = client.get(review_url(topic)).content.decode()
    assert reviews.OWN_CHANGE in page and 'name="confirm"' not in page
    client.post(review_url(topic), {"version": topic.version, "confirm": "on"})
    with pytest.raises(content_services.ReviewRefused, match="another clinician"):
        content_services.content_review(item=topic, reviewer=author, version=topic.version)
    assert not ContentReview.objects.exists()
    review_in_admin(client, make_reviewer("dr.other"), topic)
    topic.refresh_from_db()
    assert topic.current_review.reviewer.username == "dr.other"


def test_an_editor_who_is_not_a_clinician_is_not_offered_a_review(client, editor):
    client.force_login(editor)
    html = client.get("/admin/intake/topic/").content.decode()
    assert 'value="publish"' in html and "Read and review" not in html
    topic = Topic.objects.get(key="onset")
    assert client.get(review_url(topic)).status_code == 403
    with pytest.raises(content_services.ReviewRefused, match="Only a clinician"):
        content_services.content_review(item=topic, reviewer=editor, version=topic.version)


def test_a_clinician_without_a_profile_cannot_review_because_nobody_could_be_named(client, db):
    user = make_user("dr.nameless", group=roles.CLINICIANS, is_staff=True)
    with pytest.raises(content_services.ReviewRefused, match="no clinician profile"):
        topic = Topic.objects.first()
        content_services.content_review(item=topic, reviewer=user, version=topic.version)


def test_an_editor_publishes_an_unreviewed_item_only_as_awaiting_clinical_review(client, editor):
    client.force_login(editor)
    faq = FaqEntry.objects.create(
        question="Can I drive home?", answer="No.", sources=[v2._SOURCES["spravato_label"]]
    )
    response = client.post(
        "/admin/intake/faqentry/",
        {"action": "publish", "_selected_action": [faq.pk]},
        follow=True,
    )
    assert "show “Awaiting clinical review”" in response.content.decode()
    client.logout()
    html = client.get("/learn/").content.decode()
    entry = html[html.index("Can I drive home?") :]
    assert "Awaiting clinical review" in entry[: entry.index("</details>")]


def test_editing_a_reviewed_text_starts_a_version_that_awaits_review(client, editor, db):
    topic = Topic.objects.get(key="onset")
    review_in_admin(client, make_reviewer(), topic)
    topic.refresh_from_db()
    reviewed_version = topic.version
    edit_in_admin(client, editor, topic, order=topic.order + 1)  # no text change: still reviewed
    assert topic.version == reviewed_version and topic.current_review is not None
    edit_in_admin(client, editor, topic, antidepressant="New wording.")
    assert topic.version == reviewed_version + 1 and topic.current_review is None
    assert ContentReview.objects.get().version == reviewed_version  # the record stays
    client.logout()
    row = client.get("/learn/").content.decode()
    row = row[row.index('<th scope="row">How fast it works') :]
    assert "Awaiting clinical review" in row[: row.index("</tr>", row.index("topic-meta"))]


def test_restoring_an_earlier_version_never_brings_back_a_review(client, editor, db):
    topic = Topic.objects.get(key="onset")
    edit_in_admin(client, editor, topic, ketamine="Edited.")
    review_in_admin(client, make_reviewer(), topic)
    topic.refresh_from_db()
    assert topic.current_review is not None
    earlier = topic.history.filter(ketamine__startswith="In studies").first()
    client.force_login(editor)
    url = f"/admin/intake/topic/{topic.pk}/history/{earlier.history_id}/"
    data = {
        "title": earlier.title,
        "summary": earlier.summary,
        "ketamine": earlier.ketamine,
        "antidepressant": earlier.antidepressant,
        "order": earlier.order,
        "sources": "\n".join(f"{s['citation']} | {s['url']}" for s in earlier.sources),
        "is_published": "on",
        "_save": "Revert",
    }
    assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.ketamine == earlier.ketamine
    assert topic.current_review is None and topic.version > earlier.version


# --- Overdue reviews ---------------------------------------------------------------------------


def test_an_item_past_its_review_date_is_listed_and_counted_for_editors(client, editor, db):
    reviewer = make_reviewer()
    late, recent = Topic.objects.get(key="onset"), Topic.objects.get(key="duration")
    year_ago = timezone.localdate() - datetime.timedelta(days=400)
    content_services.content_review(
        item=late, reviewer=reviewer, version=late.version, today=year_ago
    )
    content_services.content_review(item=recent, reviewer=reviewer, version=recent.version)
    client.force_login(editor)
    listed = client.get("/admin/intake/topic/?review=overdue").content.decode()
    assert "How fast it works" in listed and "How long benefit lasts" not in listed
    assert "next review overdue" in listed
    awaiting = client.get("/admin/intake/topic/?review=awaiting").content.decode()
    assert "How it works" in awaiting and "How fast it works" not in awaiting
    index = client.get("/admin/").content.decode()
    assert "1 item past its next-review date" in index
    assert 'href="/admin/intake/topic/?review=overdue"' in index


def test_the_admin_index_shows_no_review_counts_to_a_user_without_content(client, db):
    client.force_login(make_user("coordinator-staff", group=roles.COORDINATORS, is_staff=True))
    assert b"next-review date" not in client.get("/admin/").content


# --- The correction migration ------------------------------------------------------------------


def _seed_values(module, key):
    item = next(item for item in module.TOPICS if item["key"] == key)
    return {name: item[name] for name in ("title", "ketamine", "antidepressant", "sources")}


def test_the_correction_migration_updates_untouched_seed_rows_and_leaves_edited_ones(db):
    # As a database seeded before the corrections: the shipped v1 text, the rewrite, an edit.
    Topic.objects.filter(key="onset").update(summary="", version=1, **_seed_values(v1, "onset"))
    Topic.objects.filter(key="mechanism").update(
        summary="", version=1, **_seed_values(v1b, "mechanism")
    )
    edited = {**_seed_values(v1, "cautions"), "ketamine": "An editor's own cautions."}
    Topic.objects.filter(key="cautions").update(summary="", version=3, **edited)
    correction.correct_seed_content(django_apps, None)
    for key in ("onset", "mechanism"):
        topic = Topic.objects.get(key=key)
        new = next(item for item in v2.TOPICS if item["key"] == key)
        assert (topic.ketamine, topic.summary, topic.sources) == (
            new["ketamine"],
            new["summary"],
            new["sources"],
        )
        assert topic.version == 2 and topic.version_by is None
        assert topic.history.first().history_change_reason == correction.CORRECTED
    cautions = Topic.objects.get(key="cautions")
    assert cautions.ketamine == "An editor's own cautions." and cautions.summary == ""
    assert cautions.version == 3


def test_the_correction_migration_adds_new_items_once(db):
    FaqEntry.objects.filter(order=8).delete()
    correction.correct_seed_content(django_apps, None)
    correction.correct_seed_content(django_apps, None)
    assert FaqEntry.objects.filter(order=8).count() == 1


def test_the_history_keeps_the_removed_review_claim(db):
    topic = Topic.objects.get(key="onset")
    first, removal = topic.history.order_by("history_date", "history_id")[:2]
    assert (first.reviewed_by, first.reviewed_on) == (
        "Clinic medical director (seed)",
        datetime.date(2026, 11, 1),
    )
    assert removal.history_change_reason.startswith("Removed the review claim")
    assert removal.reviewed_by == "" and not hasattr(topic, "reviewed_by")
