"""Django's {# #} comment ends at the line's end: one spread over lines is printed on the page."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_spreads_a_short_comment_over_several_lines():
    spread = [
        f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in sorted(TEMPLATES.rglob("*.*"))
        for text in [path.read_text()]
        for match in re.finditer(r"\{#", text)
        if "\n" in text[match.start() : text.find("#}", match.start()) % (len(text) + 1)]
    ]

    assert spread == [], "use {% comment %} for comments over several lines"
