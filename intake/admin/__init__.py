"""Django admin registrations, one module per audience (content editors: `content`)."""

from intake.admin import catalog, content, insurance, privacy, requests, users  # noqa: F401
