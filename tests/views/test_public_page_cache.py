"""Home, /learn/ and /privacy/ served whole from the cache to visitors without a session
(intake/web/public_cache.py, `page_for_visitors`), each with their own CSRF token and CSP nonce,
until an editor publishes; never to anyone signed in or with a session."""

import re

import pytest
from django.conf import settings
from django.test import Client

from intake.models import ContentPage, Topic
from intake.web import public_cache

pytestmark = pytest.mark.django_db

PAGES = ["/", "/learn/", "/privacy/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


def without_per_visitor_values(html: str) -> str:
    return NONCE.sub('nonce="-"', TOKEN.sub('name="csrfmiddlewaretoken" value="-"', html))


@pytest.mark.parametrize("path", PAGES)
def test_a_second_visitor_is_sent_the_page_from_the_cache_with_no_query_or_template(
    path, django_assert_num_queries
):
    first = Client().get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(path)
    assert second.status_code == 200
    assert not second.templates  # nothing rendered
    assert without_per_visitor_values(second.content.decode()) == without_per_visitor_values(
        first.content.decode()
    )


@pytest.mark.parametrize("path", PAGES)
def test_each_visitor_gets_their_own_token_and_nonce_and_the_token_works(path):
    Client().get(path)  # cached now
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(path)
    html = response.content.decode()
    [token] = set(TOKEN.findall(html))
    nonces = set(NONCE.findall(html))
    assert "\x00" not in html
    assert len(nonces) == 1 and nonces.pop() in response["Content-Security-Policy"]
    other = Client().get(path).content.decode()
    assert TOKEN.findall(other)[0] != token and NONCE.findall(other)[0] not in html
    # The language switch posts with the visitor's own cookie and the token in their page.
    switched = visitor.post(
        "/language/", {"language": "es", "next": path, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_spanish_visitor_gets_the_spanish_page_and_an_english_one_the_english():
    english = Client().get("/learn/").content.decode()
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/learn/").content.decode()
    again = Client(HTTP_ACCEPT_LANGUAGE="es").get("/learn/").content.decode()
    assert '<html lang="en"' in english and '<html lang="es"' in spanish
    assert without_per_visitor_values(again) == without_per_visitor_values(spanish)
    assert '<html lang="en"' in Client().get("/learn/").content.decode()


def test_an_editors_publish_replaces_the_cached_page_at_once(editor):
    topic = Topic.objects.get(key="onset")
    visitor = Client()
    assert topic.title in visitor.get("/learn/").content.decode()
    assert topic.title in Client().get("/learn/").content.decode()  # from the cache
    staff = Client()
    staff.force_login(editor)
    staff.post("/admin/intake/topic/", {"action": "unpublish", "_selected_action": [topic.pk]})
    assert topic.title not in Client().get("/learn/").content.decode()


def test_a_content_change_drops_the_page():
    Client().get("/learn/")
    assert not Client().get("/learn/").templates
    public_cache.content_changed()
    assert Client().get("/learn/").templates  # rendered again, then kept
    assert not Client().get("/learn/").templates


@pytest.mark.parametrize("path", PAGES)
def test_someone_signed_in_is_never_sent_the_cached_page(path, coordinator):
    Client().get(path)  # a visitor's page is cached
    staff = Client()
    staff.force_login(coordinator)
    response = staff.get(path)
    assert response.templates  # rendered for them
    assert 'action="/accounts/logout/"' in response.content.decode()
    # and what they were sent was not kept for visitors
    assert 'action="/accounts/logout/"' not in Client().get(path).content.decode()


def test_a_visitor_with_a_session_or_a_query_string_gets_the_page_rendered():
    Client().get("/learn/")
    patient = Client()  # a patient with a session (an intake begun, a status page opened)
    session = patient.session
    session["anything"] = 1
    session.save()
    patient.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert patient.get("/learn/").templates
    assert Client().get("/learn/?from=mail").templates
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"
    assert with_messages.get("/learn/").templates


def test_a_page_that_is_not_found_is_not_kept():
    assert Client().get("/privacy/").status_code == 200
    ContentPage.objects.filter(slug="privacy").update(is_published=False)
    public_cache.content_changed()
    assert Client().get("/privacy/").status_code == 404
    assert Client().get("/privacy/").status_code == 404
