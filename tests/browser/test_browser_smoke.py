"""Browser smoke test: the home page loads and a coordinator signs in."""

import pytest

from tests.conftest import enrol_authenticator, pass_second_factor

pytestmark = pytest.mark.browser


def test_a_coordinator_opens_the_home_page_and_signs_in(page, coordinator):
    page.goto("/")
    assert page.get_by_role("link", name="Request an evaluation").first.is_visible()
    enrol_authenticator(coordinator)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pw-coordinator")
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "coordinator")
    page.wait_for_url("**/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Evaluation requests"
