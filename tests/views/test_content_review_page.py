"""A clinical review is recorded from a page showing the exact version attested: its text and
sources in full, what changed since the last reviewed version, and a confirmation. The bulk
list actions that attested to texts nobody was shown are gone."""

import pytest

from intake.models import ContentReview, Topic
from tests.services.test_content_reviews import edit_in_admin, make_reviewer, review_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.get(key="onset")


def confirm(client, item, **extra):
    return client.post(review_url(item), {"version": item.version, "confirm": "on", **extra})


def test_the_page_shows_the_version_in_full_and_records_nothing_until_confirmed(client, topic):
    client.force_login(make_reviewer())
    page = client.get(review_url(topic)).content.decode()
    assert f"version {topic.version}</strong>" in page
    for text in (topic.title, topic.summary, topic.sources[0]["citation"], topic.sources[0]["url"]):
        assert text.replace("'", "&#x27;") in page or text in page
    assert "No version of this item has been reviewed yet: read it in full." in page
    assert 'type="checkbox" name="confirm"' in page
    assert not ContentReview.objects.exists()
    refused = client.post(review_url(topic), {"version": topic.version})
    assert refused.status_code == 200
    assert "Tick the box to confirm you read this version in full." in refused.content.decode()
    assert not ContentReview.objects.exists()
    assert confirm(client, topic).status_code == 302
    review = ContentReview.objects.get()
    assert review.version == topic.version


def test_the_page_marks_what_changed_since_the_last_reviewed_version(client, editor, topic):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    confirm(client, topic)
    reviewed = topic.version
    edit_in_admin(
        client,
        editor,
        topic,
        antidepressant="Most antidepressants take four to six weeks to work fully.",
    )
    assert topic.version == reviewed + 1
    client.force_login(reviewer)
    page = client.get(review_url(topic)).content.decode()
    assert f"Version {reviewed} was the last reviewed, by Dr. dr.lee" in page
    changed = page[page.index('id="field-antidepressant"') :]
    changed = changed[: changed.index("</section>")]
    assert "(changed since the last review)" in changed
    assert '<ins><span class="visually-hidden">[added: </span>' in changed
    assert "<del>" in changed
    unchanged = page[page.index('id="field-ketamine"') :]
    unchanged = unchanged[: unchanged.index("</section>")]
    assert "<ins>" not in unchanged and "(changed" not in unchanged
    confirm(client, topic)
    assert ContentReview.objects.filter(version=reviewed + 1).exists()


def test_a_version_changed_while_the_clinician_read_is_not_recorded(client, editor, topic):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    shown = client.get(review_url(topic)).context["original"].version
    edit_in_admin(client, editor, topic, ketamine="Changed meanwhile.")
    client.force_login(reviewer)
    response = client.post(review_url(topic), {"version": shown, "confirm": "on"})
    page = response.content.decode()
    assert "changed while you were reading it" in page
    assert "Changed meanwhile." in page and f"version {shown + 1}</strong>" in page
    assert not ContentReview.objects.exists()


def test_the_list_offers_each_versions_review_page_instead_of_bulk_actions(client, topic):
    client.force_login(make_reviewer())
    listed = client.get("/admin/intake/topic/").content.decode()
    assert 'value="record_review"' not in listed and 'value="review_and_publish"' not in listed
    assert f'href="{review_url(topic)}">Read and review version {topic.version}</a>' in listed
    change = client.get(f"/admin/intake/topic/{topic.pk}/change/").content.decode()
    assert f'href="{review_url(topic)}">Read and review version {topic.version}</a>' in change


def test_reviewing_a_draft_can_publish_it(client, topic):
    Topic.objects.filter(pk=topic.pk).update(is_published=False)
    topic.refresh_from_db()
    client.force_login(make_reviewer())
    confirm(client, topic, _publish="1")
    topic.refresh_from_db()
    assert topic.is_published and topic.current_review is not None


@pytest.mark.parametrize("who", ["editor", "coordinator"])
def test_only_a_clinician_opens_the_review_page(client, request, topic, who):
    user = request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(review_url(topic)).status_code == 403
    assert confirm(client, topic).status_code == 403
    assert not ContentReview.objects.exists()
