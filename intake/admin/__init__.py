"""Django admin registrations, one module per audience (content editors: `content`)."""

from intake.admin import (  # noqa: F401
    catalog,
    content,
    insurance,
    privacy,
    requests,
    users,
    waitlist,
)
