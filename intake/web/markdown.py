"""Markdown for the educational content: paragraphs, lists, emphasis and links; never raw HTML.

Two layers, so a gap in one is caught by the other: markdown-it escapes any HTML the editor
types (`html=False`) and only knows the few rules enabled below; nh3 then keeps an allow-list of
tags and `http`, `https` and `mailto` links, whatever markdown-it produced.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_SCHEMES = {"http", "https", "mailto"}

# The "zero" preset knows only paragraphs and text; we switch on what the content needs.
# Headings stay off so an editor's "#" cannot break the page's heading order.
_parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
    ["emphasis", "link", "autolink", "list", "newline", "escape", "entity"]
)


def _keep_only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Drop relative and scheme-less hrefs too: a link is http(s) or mailto, or it is no link."""
    if tag == "a" and attribute == "href":
        scheme, colon, _ = value.strip().partition(":")
        if not colon or scheme.lower() not in LINK_SCHEMES:
            return None
    return value


def render_markdown(text: str) -> str:
    """Safe HTML for a Markdown text (the caller may mark it safe)."""
    html = _parser.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_keep_only_absolute_links,
        strip_comments=True,
    ).strip()
