# shellcheck shell=bash
# Sourced by deploy/backup and deploy/restore: DATABASE_URL becomes libpq's PG* variables, so
# the password never stands on a command line, where `ps` shows it to every local user.
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user:password@host:5432/name)}"
eval "$("${PYTHON:-python3}" - <<'PY'
import os
import shlex
from urllib.parse import parse_qs, unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
if url.scheme not in {"postgres", "postgresql"}:
    raise SystemExit("DATABASE_URL must be a postgres:// URL")
query = parse_qs(url.query)
values = {
    "PGHOST": url.hostname or "",
    "PGPORT": str(url.port or 5432),
    "PGUSER": unquote(url.username or ""),
    "PGPASSWORD": unquote(url.password or ""),
    "PGDATABASE": unquote(url.path.lstrip("/")),
    "PGSSLMODE": query.get("sslmode", ["prefer"])[0],
}
for name, value in values.items():
    print(f"export {name}={shlex.quote(value)}")
PY
)"
