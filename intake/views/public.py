"""Pages anyone can read without an account: home, the comparison and the privacy notice."""

from django.shortcuts import get_object_or_404, render

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
    # One query per kind of content, whatever the number of items (updated_by is joined).
    topics = list(Topic.objects.published().with_review().select_related("updated_by"))
    points = ProCon.objects.published().with_review()
    faqs = list(FaqEntry.objects.published().with_review().select_related("updated_by"))
    return render(
        request,
        "intake/learn.html",
        {"topics": topics, "pros_cons": group_pros_cons(points), "faqs": faqs},
    )


def privacy(request):
    page = get_object_or_404(
        ContentPage.objects.published().with_review().select_related("updated_by"), slug="privacy"
    )
    return render(request, "intake/privacy.html", {"page": page})
