"""Django admin registrations, one module per audience (content editors: `content`)."""

from intake.admin import catalog, content, privacy, requests, users  # noqa: F401
