"""Times on the patient's pages, as intake.web.translation writes them in the page's language:
`{{ moment|day_and_time }}` and `{{ moment|short_day_and_time }}`, in the clinic's zone."""

from django import template

from intake.web import translation

register = template.Library()

register.filter("day_and_time", translation.day_and_time)
register.filter("short_day_and_time", translation.short_day_and_time)
register.filter("day_heading", translation.day_heading)
register.filter("clock_time", translation.clock_time)
