"""Django admin registrations, one module per audience (content editors: `content`)."""

from intake.admin import content  # noqa: F401
