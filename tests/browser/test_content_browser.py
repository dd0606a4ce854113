"""Educational content in a real browser: the editor's round trip and the pages' accessibility."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from intake.models import Topic
from intake.security import roles
from tests.conftest import enrol_authenticator, make_user, pass_second_factor
from tests.support.accessibility import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def seeded(reference_data):
    """The seed content (see conftest's reference_data)."""


def sign_in_to_admin(page, username: str) -> None:
    enrol_authenticator(User.objects.get(username=username))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"pw-{username}")
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("link", name="Comparison topics")).to_be_visible()


def test_an_editor_edits_previews_publishes_and_restores_a_topic(page, seeded):
    make_user(
        "eden", group=roles.CONTENT_EDITORS, is_staff=True, first_name="Eden", last_name="Ito"
    )
    topic = Topic.objects.get(key="onset")
    seed_text = "one ketamine infusion often eased symptoms"
    topic.is_published = False  # a draft the editor is about to finish and publish
    topic.save()
    new_text = "Reviewed wording: relief often began within a day."

    sign_in_to_admin(page, "eden")
    page.get_by_role("link", name="Comparison topics").click()
    page.get_by_role("link", name="How fast it works").click()
    page.get_by_label("Ketamine and esketamine").fill(new_text)
    page.get_by_label("Published").check()

    page.get_by_role("button", name="Preview (does not save)").click()
    expect(page.get_by_role("heading", name="Preview: not saved yet")).to_be_visible()
    expect(page.get_by_role("table").get_by_text(new_text)).to_be_visible()
    topic.refresh_from_db()
    assert new_text not in topic.ketamine  # the preview saved nothing

    page.get_by_role("button", name="Back to editing").click()
    expect(page.get_by_label("Ketamine and esketamine")).to_have_value(new_text)
    expect(page.get_by_label("Published")).to_be_checked()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/learn/")
    row = page.get_by_role("row", name="How fast it works")
    expect(row).to_contain_text(new_text)
    expect(page.get_by_role("table")).not_to_contain_text("Eden")  # patients are not told who

    # Restore the seed version from the history page.
    page.goto(f"/admin/intake/topic/{topic.pk}/change/")
    page.get_by_role("link", name="History").click()
    page.locator("#change-history tbody tr").last.get_by_role("link").click()
    expect(page.get_by_label("Ketamine and esketamine")).to_contain_text(seed_text)
    page.get_by_role("button", name="Revert").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/learn/")
    row = page.get_by_role("row", name="How fast it works")
    expect(row).to_contain_text(seed_text)
    expect(row).not_to_contain_text(new_text)


@pytest.mark.parametrize("path", ["/", "/learn/", "/privacy/"])
@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_public_content_pages_have_no_serious_accessibility_violations(
    request, seeded, viewport, path
):
    page = request.getfixturevalue(viewport)
    assert page.goto(path).status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("(555) 010-0199")
    assert serious_violations(page) == []


def test_learn_shows_a_table_on_wide_screens_and_cards_on_phones(page, phone_page, seeded):
    page.goto("/learn/")
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.locator(".topic-card").first).to_be_hidden()

    phone_page.goto("/learn/")
    expect(phone_page.get_by_role("table")).to_be_hidden()
    expect(phone_page.get_by_role("heading", name="How fast it works", level=3)).to_be_visible()
    no_sideways_scroll = phone_page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert no_sideways_scroll
