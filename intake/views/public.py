"""Pages anyone can read without an account: home, the comparison and the privacy notice.

The comparison's and the notice's content comes rendered from the shared cache
(`intake/public_cache.py`); the page around it is rendered for each request.
"""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from intake import public_cache
from intake.models import ContentPage, FaqEntry, ProCon, Topic


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


def learn(request):
    def build() -> str:
        # One query per kind of content, whatever the number of items (updated_by is joined).
        topics = list(Topic.objects.published().with_review().select_related("updated_by"))
        points = ProCon.objects.published().with_review()
        faqs = list(FaqEntry.objects.published().with_review().select_related("updated_by"))
        context = {"topics": topics, "pros_cons": group_pros_cons(points), "faqs": faqs}
        return render_to_string("intake/_learn_content.html", context, request=request)

    content = mark_safe(public_cache.cached_fragment("learn", build))
    return render(request, "intake/learn.html", {"content": content})


def privacy(request):
    def build() -> dict | None:
        page = (
            ContentPage.objects.published()
            .with_review()
            .select_related("updated_by")
            .filter(slug="privacy")
            .first()
        )
        if page is None:
            return None
        html = render_to_string("intake/_topic_page.html", {"page": page}, request=request)
        return {"title": page.title, "html": html}

    page = public_cache.cached_fragment("privacy", build)
    if page is None:
        raise Http404
    context = {"title": page["title"], "content": mark_safe(page["html"])}
    return render(request, "intake/privacy.html", context)
