"""The e-mailed private link in a real browser: after opening it, Chromium's own History
database is read back. The link's address is there (browsers keep redirect sources too), so it
must no longer work: the next person on a shared computer who reopens it gets the page that
offers a fresh link, never the patient's status."""

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support import intake_steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def history_urls(profile: Path) -> list[str]:
    """Every address in the profile's History database (read from a copy: Chromium may still
    hold a lock on the file)."""
    copy = profile / "History-copy"
    shutil.copy(profile / "Default" / "History", copy)
    with sqlite3.connect(copy) as db:
        return [url for (url,) in db.execute("SELECT url FROM urls")]


def test_the_link_in_chromiums_history_no_longer_works(browser, live_server, reference_data):
    chromium = browser.browser_type  # the suite's Playwright, for a profile kept on disk
    intake_steps.submit_intake(Client())
    [confirmation] = [m for m in mail.outbox if "/r/" in m.body]
    path = "/r/" + confirmation.body.split("/r/")[1].split("/")[0] + "/"

    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder)
        context = chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = context.new_page()
        page.goto(live_server.url + path)
        page.get_by_role("heading", name="Your request").first.wait_for()
        page.goto(live_server.url + "/")
        context.close()  # writes the History database out
        urls = history_urls(profile)

        assert any(url.endswith("/status/") for url in urls)  # the file was really read
        kept = [url for url in urls if "/r/" in url]
        for url in kept:
            reopened = Client().get(url.removeprefix(live_server.url))
            assert reopened.status_code == 404
            assert b"Get a new link by e-mail" in reopened.content

        # And in the browser itself. While its status session lasts (STATUS_SESSION_MINUTES),
        # the used link leads back to the page this browser sees at /status/ anyway; once it is
        # over, the next person reopening the link from history gets the page offering a new one.
        context = chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = context.new_page()
        page.goto(live_server.url + path)
        expect(page.get_by_text("This link has been used already.")).to_be_visible()
        Session.objects.all().delete()  # the status session has ended
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", name="This link does not work any more").is_visible()
        context.close()


def spent_link(**about) -> str:
    """A new request's e-mailed link, already opened once (by an e-mail scanner, say)."""
    mail.outbox.clear()
    intake_steps.submit_intake(Client(), about={**intake_steps.ABOUT, **about})
    [confirmation] = [m for m in mail.outbox if "/r/" in m.body]
    link = confirmation.body.split("://", 1)[1].split("/", 1)[1].split()[0]
    assert Client().get("/" + link).status_code == 302  # spent
    return "/" + link


def test_a_spent_links_page_sends_a_new_link_and_switches_language_as_a_person_does(page):
    page.goto(spent_link())
    page.get_by_role("heading", name="This link does not work any more").wait_for()
    page.get_by_role("button", name="Español").click()
    page.get_by_role("heading", name="Este enlace ya no funciona").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="This link does not work any more").wait_for()

    page.goto(spent_link())  # a second request's link, spent the same way
    page.get_by_label("E-mail address").fill(intake_steps.ABOUT["email"])
    page.get_by_label("Date of birth").fill(intake_steps.ABOUT["date_of_birth"])
    mail.outbox.clear()
    page.get_by_role("button", name="Send me a new link").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    call_command("send_outbox")  # the answer only queues it, in the same time either way
    [fresh] = mail.outbox
    assert fresh.to == [intake_steps.ABOUT["email"]] and "/r/" in fresh.body
