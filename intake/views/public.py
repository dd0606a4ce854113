"""Pages anyone can read without an account: home, the comparison, the privacy notice, and
the page a refused form shows.

The comparison's and the notice's content comes rendered from the shared cache
(`intake/web/public_cache.py`); the page around it is rendered for each request, except for a
visitor without a session, who is sent the whole page from the cache with their own CSRF token
and CSP nonce in it (`public_cache.page_for_visitors`). These three pages qualify because they
show nothing of the visitor: no patient's data, no form anyone types into (the language switch's
token is a hole filled per visitor). The intake, the status pages and every page with a form
stay rendered per request.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from intake.models import ContentPage, FaqEntry, ProCon, Topic
from intake.web import public_cache
from intake.web.translation import supported


def csrf_failure(request, reason=""):
    """A form refused by CSRF (expired, opened in another browser, cookies blocked): our own
    page, in the reader's language, rather than Django's technical one. `reason` is for logs,
    where Django's CSRF middleware already writes it."""
    return render(request, "403_csrf.html", status=403)


@public_cache.page_for_visitors("home")
def home(request):
    # The clinic's contact details come from the `clinic` context processor.
    return render(request, "intake/home.html")


def group_pros_cons(points) -> list[dict]:
    """Pros and cons per treatment, in the order the Treatment choices list them."""
    groups = {
        value: {"label": label, "pros": [], "cons": []} for value, label in ProCon.Treatment.choices
    }
    for point in points:
        if point.treatment in groups:
            kind = "pros" if point.kind == ProCon.Kind.PRO else "cons"
            groups[point.treatment][kind].append(point)
    return [group for group in groups.values() if group["pros"] or group["cons"]]


def in_reading_language(queryset) -> list:
    """The published English items, each replaced by its published translation into the
    page's language when there is one; an item left in English says so (`in_english`)."""
    originals = list(queryset.originals())
    language = supported(get_language())
    translations = {} if language == "en" else queryset.translations_into(language)
    shown = []
    for item in originals:
        translated = translations.get(item.pk)
        if translated is not None:
            translated.in_english = False
            shown.append(translated)
        else:
            item.in_english = language != "en"
            shown.append(item)
    return shown


@public_cache.page_for_visitors("learn")
def learn(request):
    def build() -> str:
        # One query per kind of content and language, whatever the number of items.
        topics = in_reading_language(Topic.objects.published().with_review())
        points = in_reading_language(ProCon.objects.published().with_review())
        faqs = in_reading_language(FaqEntry.objects.published().with_review())
        context = {
            "topics": topics,
            "pros_cons": group_pros_cons(points),
            "faqs": faqs,
            "topics_in_english": any(item.in_english for item in topics),
            "pros_cons_in_english": any(item.in_english for item in points),
            "faqs_in_english": any(item.in_english for item in faqs),
        }
        return render_to_string("intake/_learn_content.html", context, request=request)

    # The fragment is our own template's output (autoescaped), cached as a string.
    content = mark_safe(public_cache.cached_fragment("learn", build))  # noqa: S308 - see above
    return render(request, "intake/learn.html", {"content": content})


@public_cache.page_for_visitors("privacy")
def privacy(request):
    def build() -> dict | None:
        pages = in_reading_language(
            ContentPage.objects.published()
            .with_review()
            .filter(Q(slug="privacy") | Q(translation_of__slug="privacy"))
        )
        if not pages:
            return None
        page = pages[0]
        html = render_to_string("intake/_topic_page.html", {"page": page}, request=request)
        return {"title": page.title, "html": html, "in_english": page.in_english}

    page = public_cache.cached_fragment("privacy", build)
    if page is None:
        raise Http404
    context = {
        "title": page["title"],
        "content": mark_safe(page["html"]),  # noqa: S308 - our autoescaped template's output
        "in_english": page["in_english"],
    }
    return render(request, "intake/privacy.html", context)
