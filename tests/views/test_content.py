"""Educational content: safe Markdown, the Learn and privacy pages, and the editors' admin."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from intake.admin.content import SourcesField
from intake.domain import guidance
from intake.models import ClinicDetails, ContentPage, ContentReview, FaqEntry, ProCon, Topic
from intake.models.content import validate_sources
from intake.security import roles
from intake.web import public_cache
from intake.web.markdown import ALLOWED_TAGS, render_markdown
from tests.conftest import make_user

CONTENT_MODELS = {Topic, ProCon, FaqEntry, ContentPage, ClinicDetails, ContentReview}
SOURCE = {"citation": "Sanacora G, et al. JAMA Psychiatry. 2017.", "url": "https://doi.org/x"}

INJECTIONS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#09;script:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[click](https://ok.example" onmouseover="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "**bold <b onmouseover=alert(1)>x</b>**",
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str, allowed_tags=ALLOWED_TAGS) -> None:
    """Only allowed tags, no event handlers, and links only to http(s) or mailto."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in allowed_tags, (tag, html)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].lower().startswith(("http://", "https://", "mailto:")), attrs


def assert_no_active_markup(html: str) -> None:
    """A whole page: no script-capable tags, no event handlers, no javascript: links."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in {"script", "svg", "img", "iframe", "style", "object", "embed"}, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = attrs.get("href") or ""
        assert not href.strip().lower().startswith(("javascript:", "vbscript:", "data:")), href


def make_topic(key: str, **fields) -> Topic:
    values = {
        "title": f"Topic {key}",
        "ketamine": f"Ketamine text {key}",
        "antidepressant": f"Antidepressant text {key}",
        "sources": [SOURCE],
        "is_published": True,
        "order": 50,
    }
    values.update(fields)
    return Topic.objects.create(key=key, **values)


def change_form_data(topic: Topic, **overrides) -> dict:
    data = {
        "title": topic.title,
        "summary": topic.summary,
        "ketamine": topic.ketamine,
        "antidepressant": topic.antidepressant,
        "order": topic.order,
        "sources": "\n".join(f"{s['citation']} | {s['url']}" for s in topic.sources),
    }
    if topic.is_published:
        data["is_published"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Markdown, without the database ---------------------------------------------------------


def test_markdown_renders_paragraphs_lists_emphasis_and_links():
    html = render_markdown(
        "First **bold** and *italic*.\n\n- one\n- two\n\n1. first\n\n[NIMH](https://nimh.example)"
    )
    assert "<p>First <strong>bold</strong> and <em>italic</em>.</p>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n</ol>" in html
    assert '<a href="https://nimh.example" rel="noopener noreferrer">NIMH</a>' in html


def test_markdown_keeps_mailto_links_and_hard_line_breaks():
    html = render_markdown("Write to [us](mailto:care@clinic.example)  \nor call.")
    assert 'href="mailto:care@clinic.example"' in html
    assert "<br>" in html


def test_markdown_never_makes_headings_images_or_code():
    html = render_markdown("# Heading\n\n![alt](https://x.example/a.png)\n\n    code\n\n`tick`")
    assert_inert(html)
    assert "<h1" not in html and "<img" not in html and "<code" not in html


def test_markdown_drops_relative_links():
    html = render_markdown("[start](/intake/) and [rel](intake/)")
    assert "href" not in html


@pytest.mark.parametrize("payload", INJECTIONS)
def test_markdown_renders_injection_attempts_inert(payload):
    html = render_markdown(f"Before {payload} after")
    assert_inert(html)


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>"


def test_sources_field_reads_one_citation_and_link_per_line():
    field = SourcesField(required=False)
    text = "Zarate CA, et al. Arch | 2006. | https://doi.org/a\n\n  B. | http://b.example "
    assert field.clean(text) == [
        {"citation": "Zarate CA, et al. Arch | 2006.", "url": "https://doi.org/a"},
        {"citation": "B.", "url": "http://b.example"},
    ]
    assert field.prepare_value(field.clean(text)).splitlines()[1] == "B. | http://b.example"


@pytest.mark.parametrize("line", ["A citation without a link", "| https://only.example", "A |"])
def test_a_source_line_without_citation_or_link_is_an_error(line):
    with pytest.raises(ValidationError, match="vertical bar"):
        SourcesField(required=False).clean(line)


@pytest.mark.parametrize(
    "sources",
    [
        [{"citation": "A", "url": "javascript:alert(1)"}],
        [{"citation": "A", "url": "ftp://files.example/a"}],
        [{"citation": "", "url": "https://ok.example"}],
        [{"citation": "A", "url": "https://ok.example", "onclick": "x"}],
        {"citation": "A", "url": "https://ok.example"},
    ],
)
def test_sources_must_be_citations_with_http_links(sources):
    with pytest.raises(ValidationError):
        validate_sources(sources)


# --- Seed content ---------------------------------------------------------------------------


def test_the_seed_publishes_every_topic_with_sources_and_no_review_nobody_did(db):
    topics = list(Topic.objects.originals())  # the Spanish rows are their own (migration 0020)
    assert [topic.key for topic in topics] == list(guidance.TOPICS)
    for topic in topics:
        assert topic.is_published and topic.sources and topic.summary
        assert topic.review is None and topic.current_review is None
        assert topic.updated_by is None and topic.version_by is None
        # v1 as first seeded, the removed review claim, then the v2 corrections.
        assert topic.history.count() == 3
    assert not ContentReview.objects.exists()
    assert ProCon.objects.published().originals().count() == 20
    assert FaqEntry.objects.published().originals().count() == 8  # Spanish rows are their own
    assert ContentPage.objects.published().get(slug="privacy").body
    assert ClinicDetails.objects.current().phone == "(555) 010-0199"


# --- Public pages ---------------------------------------------------------------------------


def test_learn_shows_the_comparison_as_a_table_and_as_cards(client, db):
    response = client.get("/learn/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    assert '<th scope="col">Ketamine and esketamine</th>' in html
    assert '<th scope="row">How fast it works<p class="topic-summary' in html
    assert 'class="d-none d-md-block"' in html and 'class="d-md-none"' in html
    assert html.count('class="card mb-3 topic-card"') == 8
    assert "<strong>glutamate</strong>" in html  # Markdown rendered


def test_learn_shows_pros_and_cons_faqs_and_a_link_to_start_the_intake(client, db):
    html = client.get("/learn/").content.decode()
    assert "Pros and cons" in html and "Questions people ask" in html
    assert "Is ketamine addictive?" in html
    assert "Usually take 4 to 8 weeks to work fully." in html
    assert 'href="/intake/"' in html


def test_learn_on_a_fresh_database_shows_sources_and_says_every_item_awaits_review(client, db):
    html = client.get("/learn/").content.decode()
    assert '<a href="https://doi.org/10.1001/archpsyc.63.8.856">Zarate CA Jr, Singh JB' in html
    # The English page: translations are rows of their own, shown on the pages in their language.
    items = sum(model.objects.originals().count() for model in (Topic, ProCon, FaqEntry))
    # Each topic shows twice (table and cards); pros, cons and FAQs once.
    assert html.count("Awaiting clinical review") == items + Topic.objects.originals().count()
    assert "Clinic medical director" not in html and "Last reviewed" not in html
    assert "Reviewed by" not in html


def test_learn_says_when_a_topic_was_updated_but_never_by_which_editor(client, db):
    editor = make_user("eden", group=roles.CONTENT_EDITORS, first_name="Eden", last_name="Ito")
    Topic.objects.filter(key="onset").update(updated_by=editor)
    plain = make_user("plain-editor", group=roles.CONTENT_EDITORS)
    Topic.objects.filter(key="duration").update(updated_by=plain)
    for url in ("/privacy/", "/learn/"):
        html = client.get(url).content.decode()
        assert "Eden" not in html and "plain-editor" not in html, url
    assert len(re.findall(r'Updated <time datetime="[^"]+">\d+ \w+ \d{4}</time>\.', html)) == 4


@pytest.mark.parametrize("language", ["en", "es"])
def test_learn_opens_with_contents_that_jump_to_each_section_and_topic(
    client, db, settings, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/learn/").content.decode()
    contents = html[
        html.index('<nav class="learn-contents') : html.index(
            "</nav>", html.index('<nav class="learn-contents')
        )
    ]
    targets = re.findall(r'href="#([^"]+)"', contents)
    for section in ("comparison-heading", "pros-cons-heading", "faq-heading", "next-heading"):
        assert section in targets
    topics = [target for target in targets if target.startswith("topic-")]
    assert len(topics) == Topic.objects.originals().filter(is_published=True).count()
    for target in targets:
        assert html.count(f'id="{target}"') == 1, target
    assert html.index('<nav class="learn-contents') < html.index('id="comparison-heading"')


def test_citations_are_marked_with_their_own_language_on_either_page(client, db, settings):
    spanish_source = {
        "citation": "MedlinePlus en español: Ketamina.",
        "url": "https://medlineplus.gov/spanish/",
        "language": "es",
    }
    topic = Topic.objects.get(key="onset")
    Topic.objects.filter(translation_of=topic).update(sources=[SOURCE, spanish_source])
    Topic.objects.filter(pk=topic.pk).update(sources=[SOURCE, spanish_source])
    public_cache.content_changed()
    english = client.get("/learn/").content.decode()
    assert '<a href="https://doi.org/x">Sanacora' in english
    assert '<a href="https://medlineplus.gov/spanish/" lang="es">MedlinePlus' in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = client.get("/learn/").content.decode()
    assert '<a href="https://doi.org/x" lang="en">Sanacora' in spanish
    assert '<a href="https://medlineplus.gov/spanish/">MedlinePlus' in spanish
    # Every seeded citation is English: on the Spanish page each says so.
    citations = re.findall(r'<details class="sources">.*?</details>', spanish, re.S)
    links = [link for block in citations for link in re.findall(r"<a [^>]*>", block)]
    assert links and all('lang="en"' in link for link in links if "medlineplus" not in link)


def test_a_source_line_may_name_the_language_of_its_citation():
    field = SourcesField(required=False)
    text = "Ketamina. MedlinePlus en español. | https://medlineplus.gov/spanish/ | es\nA. | https://a.example"
    assert field.clean(text) == [
        {
            "citation": "Ketamina. MedlinePlus en español.",
            "url": "https://medlineplus.gov/spanish/",
            "language": "es",
        },
        {"citation": "A.", "url": "https://a.example"},
    ]
    assert (
        field.prepare_value(field.clean(text))
        .splitlines()[0]
        .endswith("| https://medlineplus.gov/spanish/ | es")
    )
    validate_sources(field.clean(text))
    with pytest.raises(ValidationError):
        validate_sources([{**SOURCE, "language": "fr"}])


def test_a_draft_topic_never_appears_on_learn(client, db):
    make_topic("draft", title="Secret draft title", ketamine="Unreviewed claim", is_published=False)
    Topic.objects.filter(key="onset").update(is_published=False)
    html = client.get("/learn/").content.decode()
    assert "Secret draft title" not in html and "Unreviewed claim" not in html
    assert "How fast it works" not in html
    assert "How it works" in html


def test_draft_pros_cons_and_faqs_never_appear_on_learn(client, db):
    ProCon.objects.create(
        treatment="ketamine", kind="pro", text="Draft pro marker", sources=[SOURCE]
    )
    FaqEntry.objects.create(question="Draft question marker?", answer="Draft answer marker")
    FaqEntry.objects.filter(question="Is ketamine addictive?").update(is_published=False)
    html = client.get("/learn/").content.decode()
    assert "marker" not in html
    assert "Is ketamine addictive?" not in html


def test_learn_says_the_comparison_is_being_updated_when_nothing_is_published(client, db):
    Topic.objects.update(is_published=False)
    ProCon.objects.update(is_published=False)
    FaqEntry.objects.update(is_published=False)
    response = client.get("/learn/")
    assert response.status_code == 200
    assert b"The comparison is being updated" in response.content
    assert b"<table" not in response.content


def test_content_with_script_handlers_and_javascript_links_renders_inert_on_learn(client, db):
    payload = " ".join(INJECTIONS)
    make_topic(
        "hostile",
        title="<script>alert('title')</script>",
        ketamine=payload,
        antidepressant=payload,
        # Written past the form's validation (shell, import): still never a link.
        sources=[{"citation": "<img src=x onerror=alert(1)>", "url": "javascript:alert(1)"}],
    )
    ProCon.objects.create(
        treatment="ketamine", kind="con", text=payload, sources=[SOURCE], is_published=True
    )
    FaqEntry.objects.create(
        question="<svg onload=alert(1)>", answer=payload, sources=[SOURCE], is_published=True
    )
    html = client.get("/learn/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "&lt;script&gt;alert(&#x27;title&#x27;)" in main  # shown as text, not run
    assert_no_active_markup(main)
    assert "javascript:alert(1)</a>" not in main  # the stored source is not made a link


def test_privacy_shows_the_published_notice(client, db):
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert b"<h1" in response.content and b"Privacy notice" in response.content
    assert b"<strong>What we collect</strong>" in response.content


def test_an_unpublished_privacy_notice_is_never_shown(client, db):
    ContentPage.objects.filter(slug="privacy").update(is_published=False)
    assert client.get("/privacy/").status_code == 404


def test_the_home_page_and_footer_show_the_clinic_details(client, db):
    ClinicDetails.objects.filter(pk=1).update(
        name="Lakeside Clinic", phone="(555) 123-4567", address="1 Lake Rd", hours="Mon 9-5"
    )
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    for text in ("Lakeside Clinic", '<a href="tel:5551234567">(555) 123-4567</a>', "1 Lake Rd"):
        assert text in footer
        assert text in html[: html.index("<footer")]
    assert "Mon 9-5" in footer
    assert "<title>Welcome · Lakeside Clinic</title>" in html


def test_the_clinic_details_are_read_once_then_served_from_the_cache(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):
        client.get("/")
    with django_assert_num_queries(0):
        client.get("/")


def test_the_server_error_page_does_not_depend_on_the_clinic_details(db, monkeypatch):
    def unavailable(*args, **kwargs):
        raise AssertionError("the 500 page read the database")

    monkeypatch.setattr(ClinicDetails.objects, "current", unavailable)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"988" in response.content


def test_learn_makes_the_same_number_of_queries_however_much_content(
    client, db, django_assert_max_num_queries
):
    # Topics, pros and cons, FAQs (each one query, editors joined) and the clinic details.
    with django_assert_max_num_queries(4):
        client.get("/learn/")
    editor = make_user("busy", group=roles.CONTENT_EDITORS, first_name="Busy")
    for number in range(30):
        make_topic(f"extra-{number}", sources=[SOURCE] * 6, updated_by=editor)
        FaqEntry.objects.create(
            question=f"Q{number}?",
            answer="A",
            sources=[SOURCE] * 3,
            is_published=True,
            updated_by=editor,
        )
        ProCon.objects.create(
            treatment="antidepressant",
            kind="pro",
            text=f"P{number}",
            sources=[SOURCE],
            is_published=True,
            updated_by=editor,
        )
    public_cache.content_changed()  # written here straight to the database, not by an editor
    with django_assert_max_num_queries(4):
        html = client.get("/learn/").content.decode()
    assert "Topic extra-29" in html and "Busy" not in html


@pytest.mark.parametrize("path", ["/", "/learn/", "/privacy/"])
def test_public_pages_once_cached_make_no_query(client, db, path, django_assert_num_queries):
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_the_cached_content_is_rendered_per_language_and_keeps_each_pages_own_nonce(client, db):
    first, second = client.get("/learn/"), client.get("/learn/")
    nonce = re.compile(r'nonce="([^"]+)"')
    assert nonce.findall(first.content.decode()) != nonce.findall(second.content.decode())
    with translation.override("es"):
        public_cache.cached_fragment("learn", lambda: "in Spanish")
        assert public_cache.cached_fragment("learn", lambda: "") == "in Spanish"
    assert "in Spanish" not in client.get("/learn/").content.decode()


def test_an_editors_publish_shows_on_the_public_page_at_once(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    assert topic.title in client.get("/learn/").content.decode()  # now cached
    client.post("/admin/intake/topic/", {"action": "unpublish", "_selected_action": [topic.pk]})
    assert topic.title not in client.get("/learn/").content.decode()


# --- Publishing rules -----------------------------------------------------------------------


def test_the_database_refuses_a_published_topic_without_a_source(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_topic("bare", sources=[])
    make_topic("bare-draft", sources=[], is_published=False)  # a draft may wait for sources


def test_a_topic_without_a_source_cannot_be_published_in_the_admin(client, editor):
    client.force_login(editor)
    topic = make_topic("unsourced", sources=[], is_published=False)
    response = client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, is_published="on", sources=""),
    )
    assert response.status_code == 200
    assert b"Add at least one source before publishing." in response.content
    topic.refresh_from_db()
    assert not topic.is_published


def test_a_clinical_review_cannot_be_dated_in_the_future(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    review = ContentReview(reviewed_on=tomorrow)
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        review.full_clean(exclude=["content_type", "object_id", "reviewer", "version"])


def test_the_publish_action_refuses_items_without_a_source(client, editor):
    client.force_login(editor)
    bare = make_topic("unsourced", sources=[], is_published=False)
    sourced = make_topic("sourced", is_published=False)
    response = client.post(
        "/admin/intake/topic/",
        {"action": "publish", "_selected_action": [bare.pk, sourced.pk]},
        follow=True,
    )
    assert b"Not published, because they have no source yet" in response.content
    assert b"Published 1 item(s)." in response.content
    bare.refresh_from_db()
    sourced.refresh_from_db()
    assert not bare.is_published and sourced.is_published
    assert sourced.updated_by == editor
    assert sourced.history.first().history_change_reason == "Published"


def test_the_unpublish_action_takes_items_down_and_keeps_their_history(client, editor):
    client.force_login(editor)
    faq = FaqEntry.objects.get(question="Is ketamine addictive?")
    versions = faq.history.count()
    client.post("/admin/intake/faqentry/", {"action": "unpublish", "_selected_action": [faq.pk]})
    faq.refresh_from_db()
    assert not faq.is_published
    assert faq.history.count() == versions + 1
    assert b"Is ketamine addictive?" not in client.get("/learn/").content


# --- The editors' admin ---------------------------------------------------------------------


def test_preview_shows_the_typed_text_without_saving(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    response = client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, ketamine="Typed *preview* text", _preview="Preview"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not saved yet" in html
    assert "Typed <em>preview</em> text" in html
    assert "by editor." not in html  # as the site shows it: patients are not told who edits
    assert 'name="_edit"' in html and 'value="Typed *preview* text"' in html
    versions = topic.history.count()
    topic.refresh_from_db()
    assert topic.ketamine != "Typed *preview* text"
    assert topic.history.count() == versions


def test_back_to_editing_shows_the_form_with_the_typed_text_kept(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    response = client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, ketamine="Typed but not saved", _edit="1"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' in html and 'name="_preview"' in html
    assert "Typed but not saved</textarea>" in html
    topic.refresh_from_db()
    assert topic.ketamine != "Typed but not saved"


def test_preview_of_invalid_data_shows_the_form_and_its_errors(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    response = client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, title="", sources="no link here", _preview="Preview"),
    )
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert b"vertical bar" in response.content
    assert b"Preview: not saved yet" not in response.content


def test_preview_renders_injected_markup_inert(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    response = client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, ketamine=" ".join(INJECTIONS), _preview="Preview"),
    )
    html = response.content.decode()
    assert_no_active_markup(html[html.index("<main") : html.index("</main>")])


def test_preview_a_new_faq_entry_before_it_exists(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/intake/faqentry/add/",
        {"question": "New question?", "answer": "New **answer**", "order": 9, "_preview": "1"},
    )
    assert response.status_code == 200
    assert b"<strong>answer</strong>" in response.content
    assert b"It is a draft" in response.content
    assert not FaqEntry.objects.filter(question="New question?").exists()


def test_preview_a_pro_and_the_privacy_page_as_the_site_shows_them(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/intake/procon/add/",
        {
            "treatment": "ketamine",
            "kind": "con",
            "text": "Costs *more*",
            "order": 1,
            "_preview": "1",
        },
    )
    assert b"<em>more</em>" in response.content and b"Cons</h4>" in response.content
    page = ContentPage.objects.get(slug="privacy")
    response = client.post(
        f"/admin/intake/contentpage/{page.pk}/change/",
        {"title": page.title, "body": "New **notice**", "is_published": "on", "_preview": "1"},
    )
    assert b"New <strong>notice</strong>" in response.content
    assert b"New <strong>notice</strong>" not in client.get("/privacy/").content


def test_saving_records_the_editor_and_an_earlier_version_can_be_restored(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    seed_text = topic.ketamine
    response = client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, ketamine="Edited text", _save="Save"),
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.ketamine == "Edited text" and topic.updated_by == editor
    assert b"Edited text" in client.get("/learn/").content

    seed_version = topic.history.all()[1]  # the version before the edit (newest first)
    history_url = f"/admin/intake/topic/{topic.pk}/history/{seed_version.history_id}/"
    assert client.get(f"/admin/intake/topic/{topic.pk}/history/").status_code == 200
    form_page = client.get(history_url)
    assert form_page.status_code == 200
    restore = change_form_data(seed_version.instance, _save="Revert")
    assert client.post(history_url, restore).status_code == 302

    topic.refresh_from_db()
    assert topic.ketamine == seed_text
    assert topic.history.first().history_change_reason == "Restored an earlier version"
    assert b"Edited text" not in client.get("/learn/").content


def test_editors_reorder_topics_from_the_list(client, editor):
    client.force_login(editor)
    topics = list(Topic.objects.all())
    data = {
        "form-TOTAL_FORMS": len(topics),
        "form-INITIAL_FORMS": len(topics),
        "_save": "Save",
    }
    for index, topic in enumerate(topics):
        data[f"form-{index}-id"] = topic.pk
        data[f"form-{index}-order"] = 0 if topic.key == "evidence" else topic.order
    assert client.post("/admin/intake/topic/", data).status_code == 302
    assert Topic.objects.published().first().key == "evidence"
    assert Topic.objects.get(key="evidence").updated_by == editor


def test_the_topic_key_cannot_change_once_saved(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    client.post(
        f"/admin/intake/topic/{topic.pk}/change/",
        change_form_data(topic, key="renamed", _save="Save"),
    )
    assert Topic.objects.filter(key="onset").exists()


def test_editors_cannot_delete_content(client, editor):
    client.force_login(editor)
    topic = Topic.objects.get(key="onset")
    assert client.get(f"/admin/intake/topic/{topic.pk}/delete/").status_code == 403
    assert client.post(
        "/admin/intake/topic/", {"action": "delete_selected", "_selected_action": [topic.pk]}
    ).status_code in {200, 302}
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_editors_change_the_clinic_details_and_the_footer_follows(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/intake/clinicdetails/1/change/",
        {
            "name": "Riverbend Clinic",
            "phone": "(555) 010-0100",
            "address": "1 A St",
            "hours": "9-5",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/intake/clinicdetails/add/").status_code == 403
    assert b"(555) 010-0100" in client.get("/").content
    assert ClinicDetails.objects.current().updated_by == editor


@pytest.mark.parametrize(
    "url",
    [
        "/admin/intake/topic/",
        "/admin/intake/procon/",
        "/admin/intake/faqentry/",
        "/admin/intake/contentpage/",
        "/admin/intake/clinicdetails/",
        "/admin/intake/topic/add/",
        "/admin/intake/faqentry/add/",
        "/admin/intake/procon/add/",
    ],
)
def test_editors_reach_every_content_page_of_the_admin(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 200


# --- Editors see no patient data ------------------------------------------------------------


@pytest.mark.parametrize("url", ["/staff/", "/status/"])
def test_an_editor_gets_403_or_404_on_patient_pages(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code in {403, 404}


def test_an_editor_cannot_open_any_admin_model_that_is_not_content(client, editor):
    client.force_login(editor)
    checked = []
    for model in admin.site._registry:
        if model in CONTENT_MODELS:
            continue
        opts = model._meta
        for view, args in (("changelist", []), ("add", [])):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
            assert client.get(url).status_code in {403, 404}, url
        checked.append(opts.label)
    assert "auth.User" in checked  # the loop really ran over the registry


def test_the_admin_index_lists_only_content_for_editors(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Comparison topics" in html
    for model in apps.get_app_config("intake").get_models():
        if model in CONTENT_MODELS or model._meta.label.startswith("intake.Historical"):
            continue
        assert f"/admin/intake/{model._meta.model_name}/" not in html, model


def test_the_editor_group_holds_no_permission_on_patient_models(db):
    content_names = {model._meta.model_name for model in CONTENT_MODELS}
    held = Group.objects.get(name=roles.CONTENT_EDITORS).permissions.values_list(
        "content_type__app_label", "content_type__model"
    )
    assert held
    for app_label, model_name in held:
        assert app_label == "intake" and model_name in content_names, model_name
    patient_models = {"patient", "evaluationrequest", "intakedraft", "symptomanswers"}
    assert not patient_models & {model_name for _, model_name in held}


def test_a_change_to_the_clinic_details_shows_at_once_despite_the_cache(
    client, administrator, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from intake.models import ClinicDetails

    cache.clear()
    assert b"(555) 010-0199" in client.get("/").content  # now cached
    details = ClinicDetails.objects.get()
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/intake/clinicdetails/{details.pk}/change/",
            {
                "name": details.name,
                "phone": "(555) 010-0123",
                "address": details.address,
                "hours": details.hours,
            },
        )
    client.logout()
    assert b"(555) 010-0123" in client.get("/").content
