"""The production rehearsal's Python half (README, Production). `deploy/rehearse` starts and
stops the processes; this writes their configuration from the very files an operations person
installs (deploy/clinic-intake.env, deploy/nginx, deploy/systemd), changing only what a
rehearsal on loopback must, and checks through the proxy what production promises. It uses the
standard library and the app's own packages only.

    rehearsal.py prepare WORK      free loopback ports, keys, and every configuration file
    rehearsal.py wait PORT...      until each port on 127.0.0.1 accepts connections
    rehearsal.py mailsink WORK     the SMTP server the app sends to, until stopped
    rehearsal.py patient WORK      a patient's path over HTTPS, and the proxy's promises
    rehearsal.py timers WORK       each timer's command fired on two hosts at once
    rehearsal.py restored WORK     the restored database: a staff member's request page
    rehearsal.py unavailable WORK  the proxy's own page while gunicorn is down
"""

import email
import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
# Names no test or other database uses; deploy/rehearse drops them when it ends.
OWNER, APP = "clinic_rehearsal_owner", "clinic_rehearsal_app"
DATABASE, RESTORED = "clinic_rehearsal", "clinic_rehearsal_restored"
REDIS_DB = 13  # 0 is production's, 1 CI's deploy check, 9 the two-servers test's
# The patient's browser connects from its own loopback address, so the address the app records
# can be told from nginx's own (127.0.0.1).
CLIENT_IP = "127.0.0.7"
# What a client may claim in X-Forwarded-For: never to be believed.
FORGED_IP = "203.0.113.9"
SITE_HOST = "localhost"
STAFF_USERNAME = "rehearsal.coordinator"
TOKEN_PATHS = ("/r/", "/intake/", "/status/")
HSTS = ["max-age=31536000; includeSubDomains"]  # Django's, and nginx's where Django sends none


class Failed(Exception):
    """A promise production makes that the rehearsal found broken."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def say(message: str) -> None:
    print(f"  ok: {message}", flush=True)


# --- prepare ---------------------------------------------------------------------------------


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def replace(text: str, pattern: str, replacement: str, *, what: str) -> str:
    """Replace every match of `pattern`, which must match: a changed production file is a
    rehearsal to update, never one that silently tests something else."""
    new, count = re.subn(pattern, lambda _match: replacement, text, flags=re.M)
    if not count:
        raise Failed(f"{what}: nothing matches {pattern!r}; update deploy/rehearsal.py")
    return new


def env_value(value: str) -> str:
    if "$" in value or "\n" in value or '"' in value:
        raise Failed(f"an environment value may hold no $, quote or line break: {value!r}")
    return f'"{value}"' if re.search(r"[\s<>#;&|'`\\]", value) else value


def render_env(template: str, values: dict[str, str]) -> str:
    """The template with the rehearsal's values: only names the template sets may be given,
    so every setting the app needs has its line in the template."""
    unused = dict(values)
    lines = []
    for line in template.splitlines():
        name = re.match(r"([A-Z][A-Z0-9_]*)=", line)
        if name and name.group(1) in unused:
            line = f"{name.group(1)}={env_value(unused.pop(name.group(1)))}"
        lines.append(line)
    check(not unused, f"deploy/clinic-intake.env has no line for {sorted(unused)}")
    return "\n".join(lines) + "\n"


def read_env(path: Path) -> dict[str, str]:
    """An EnvironmentFile= as systemd reads this one: NAME=value, optionally double-quoted."""
    values = {}
    for line in path.read_text().splitlines():
        found = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if found:
            value = found.group(2)
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            values[found.group(1)] = value
    return values


def render_site(site: str, *, work: Path, ports: dict[str, int]) -> str:
    what = "deploy/nginx/clinic-intake.conf"
    site = replace(site, r"^\s*listen \[::\]:\d+.*\n", "", what=what)  # loopback IPv4 only
    site = replace(site, r"listen 80;", f"listen 127.0.0.1:{ports['http']};", what=what)
    site = replace(
        site, r"listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;", what=what
    )
    site = replace(
        site,
        r"return 301 https://\$host\$request_uri;",
        f"return 301 https://$host:{ports['https']}$request_uri;",
        what=what,
    )
    site = replace(
        site, r"ssl_certificate \S+;", f"ssl_certificate {work}/tls/cert.pem;", what=what
    )
    site = replace(
        site, r"ssl_certificate_key \S+;", f"ssl_certificate_key {work}/tls/key.pem;", what=what
    )
    site = replace(site, r"intake\.clinic\.example", SITE_HOST, what=what)
    site = replace(site, r"/var/log/nginx/", f"{work}/nginx/log/", what=what)
    site = replace(
        site,
        r"server 127\.0\.0\.1:8000;",
        "\n    ".join(f"server 127.0.0.1:{port};" for port in ports["app"]),
        what=what,
    )
    return replace(site, r"/srv/clinic", str(REPO), what=what)


def nginx_main(work: Path) -> str:
    """Debian's nginx.conf for the site, less what would touch the system's own nginx."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {work}/nginx/tmp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# The rehearsal's nginx (deploy/rehearse). Its workers run as the rehearsing user,
# who owns the checkout; in production they are www-data, which must read
# /srv/clinic/staticfiles and /srv/clinic/deploy/nginx.
{user}worker_processes 1;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/log/main.error.log;
events {{
    worker_connections 256;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/nginx/log/main.access.log;
    gzip on;
{temp}
    include {work}/nginx/clinic-intake.conf;
}}
"""


def render_unit(unit: str, *, env_file: Path) -> str:
    unit = replace(unit, r"/etc/clinic-intake/clinic-intake\.env", str(env_file), what="a unit")
    return unit.replace("/srv/clinic", str(REPO))


def exec_start(unit_text: str) -> list[str]:
    found = re.search(r"^ExecStart=(.+)$", unit_text, flags=re.M)
    check(found is not None, "a unit without ExecStart")
    return shlex.split(found.group(1))


def prepare(work: Path) -> None:
    https, http, app1, app2, restored, smtp = free_ports(6)
    ports = {"https": https, "http": http, "app": [app1, app2]}
    passwords = {OWNER: secrets.token_hex(16), APP: secrets.token_hex(16)}

    def url(role: str, database: str) -> str:
        return f"postgres://{role}:{passwords[role]}@127.0.0.1:5432/{database}"

    site_url = f"https://{SITE_HOST}:{https}"
    for folder in ("nginx/log", "nginx/tmp", "systemd", "mail", "state", "backups", "logs", "tls"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    env_file = work / "clinic-intake.env"
    env_file.write_text(
        render_env(
            (DEPLOY / "clinic-intake.env").read_text(),
            {
                "SECRET_KEY": secrets.token_urlsafe(50),
                "AUDIT_KEY": secrets.token_urlsafe(48),
                "AUDIT_CHECKPOINT_FILE": str(work / "state/audit-checkpoints.jsonl"),
                "SITE_URL": site_url,
                "ALLOWED_HOSTS": SITE_HOST,
                # nginx passes $host, without the rehearsal's port; the browser's Origin has it.
                "CSRF_TRUSTED_ORIGINS": site_url,
                "DATABASE_URL": url(APP, DATABASE),
                "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
                "GUNICORN_BIND": f"127.0.0.1:{app1}",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp),
                "EMAIL_USE_TLS": "0",
                "BACKUP_DIR": str(work / "backups"),
                "BACKUP_KEEP": "2",
                "BACKUP_RECIPIENT": os.environ["BACKUP_RECIPIENT"],
            },
        )
    )
    (work / "nginx/clinic-intake.conf").write_text(
        render_site((DEPLOY / "nginx/clinic-intake.conf").read_text(), work=work, ports=ports)
    )
    (work / "nginx/nginx.conf").write_text(nginx_main(work))
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text()
        if unit.suffix == ".service":
            text = render_unit(text, env_file=env_file)
        (work / "systemd" / unit.name).write_text(text)
    gunicorn = exec_start((work / "systemd/clinic-intake.service").read_text())
    state = {
        "ports": {**ports, "restored": restored, "smtp": smtp},
        "site_url": site_url,
        "owner_url": url(OWNER, DATABASE),
        "app_url": url(APP, DATABASE),
        "restored_owner_url": url(OWNER, RESTORED),
        "restored_app_url": url(APP, RESTORED),
        "staff_password": secrets.token_urlsafe(16),
        "totp_key": secrets.token_hex(20),
    }
    (work / "state/rehearsal.json").write_text(json.dumps(state, indent=2))
    shell = {
        "HTTPS_PORT": https,
        "APP_PORTS": f"{app1} {app2}",
        "RESTORED_PORT": restored,
        "SMTP_PORT": smtp,
        "OWNER": OWNER,
        "APP": APP,
        "DATABASE": DATABASE,
        "RESTORED": RESTORED,
        "OWNER_PASSWORD": passwords[OWNER],
        "APP_PASSWORD": passwords[APP],
        "OWNER_URL": state["owner_url"],
        "RESTORED_OWNER_URL": state["restored_owner_url"],
        "RESTORED_APP_URL": state["restored_app_url"],
        "REDIS_DB": REDIS_DB,
    }
    # gunicorn's unit's ExecStart, an argument a line (deploy/rehearse starts two of it).
    (work / "gunicorn.argv").write_text("".join(f"{argument}\n" for argument in gunicorn))
    (work / "rehearsal.sh").write_text(
        "".join(f"{name}={shlex.quote(str(value))}\n" for name, value in shell.items())
    )


def wait(ports: list[int], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise Failed(f"nothing answers on 127.0.0.1:{port}") from None
                time.sleep(0.1)


# --- the app's side ---------------------------------------------------------------------------


def state_of(work: Path) -> dict:
    return json.loads((work / "state/rehearsal.json").read_text())


def app_environment(work: Path, **overrides: str) -> dict[str, str]:
    return {**os.environ, **read_env(work / "clinic-intake.env"), **overrides}


def django_as_the_app(work: Path, **overrides: str) -> None:
    """This process becomes one more app host: the same settings, the application role."""
    os.environ.update(app_environment(work, LOG_LEVEL="WARNING", **overrides))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes, path: str):
        self.status, self.headers, self.body, self.path = status, headers, body, path

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class Browser:
    """A browser on its own loopback address: its cookies, the CSRF token of the last form it
    was shown, and a forged X-Forwarded-For on every request, as a crafty client might send."""

    def __init__(self, work: Path, *, tls: bool = True, port: int | None = None):
        state = state_of(work)
        self.tls = tls
        self.port = port or state["ports"]["https"]
        self.context = ssl.create_default_context(cafile=str(work / "tls/cert.pem"))
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.extra_headers = {"X-Forwarded-For": FORGED_IP}

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://{SITE_HOST}:{self.port}"

    def connection(self) -> http.client.HTTPConnection:
        if self.tls:
            return http.client.HTTPSConnection(
                SITE_HOST,
                self.port,
                context=self.context,
                timeout=30,
                source_address=(CLIENT_IP, 0),
            )
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(CLIENT_IP, 0)
        )

    def send(self, method: str, path: str, data=None, *, body: bytes | None = None, headers=None):
        sent = {"Host": f"{SITE_HOST}:{self.port}", **self.extra_headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True).encode()
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
            sent["Origin"] = f"https://{SITE_HOST}:{self.port}"
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read(), path)
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if token:
            self.csrf = token.group(1)
        return response

    def follow(self, response: Response, limit: int = 5) -> Response:
        """GET each redirect's target until a page answers."""
        for _ in range(limit):
            if response.status not in (301, 302, 303):
                return response
            target = urlsplit(response.header("Location"))
            path = target.path + (f"?{target.query}" if target.query else "")
            response = self.get(path)
        raise Failed(f"more than {limit} redirects")

    def get(self, path: str, **kwargs) -> Response:
        return self.send("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.send("POST", path, data, **kwargs)


def expect(response: Response, status: int, what: str) -> Response:
    check(response.status == status, f"{what}: expected {status}, got {response.status}")
    return response


def location_path(response: Response) -> str:
    return urlsplit(response.header("Location")).path


def wait_for_mail(work: Path, to: str, seconds: float = 20) -> email.message.EmailMessage:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted((work / "mail").glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if message["To"] == to:
                return message
        time.sleep(0.2)
    raise Failed(f"no e-mail reached {to} within {seconds:.0f} s")


def walk_intake(browser: Browser, email_address: str) -> None:
    from intake.bench.patient import CONSENT, step_answers
    from intake.models import Medication

    medication = Medication.objects.order_by("pk").values_list("pk", flat=True).first()
    expect(browser.get("/intake/"), 200, "the intake's first page")
    for step, answers in step_answers(email=email_address, medications=[medication], item9=0):
        expect(browser.get(f"/intake/{step}/"), 200, f"the {step} step")
        saved = expect(browser.post(f"/intake/{step}/", answers), 302, f"the {step} step's answers")
        check("/intake/" in location_path(saved), f"after {step}: {saved.header('Location')}")
    expect(browser.get("/intake/review/"), 200, "the review page")
    submitted = expect(browser.post("/intake/review/", CONSENT), 302, "the submission")
    check(location_path(submitted) == "/intake/done/", "the submission leads to the done page")
    expect(browser.get("/intake/done/"), 200, "the done page")


def security_headers(response: Response, what: str) -> None:
    hsts = response.headers.get_all("Strict-Transport-Security") or []
    check(
        hsts == HSTS,
        f"{what}: one HSTS header for a year, got {hsts}",
    )
    for name, wanted in {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }.items():
        check(response.header(name) == wanted, f"{what}: {name} is {response.header(name)!r}")
    policy_header = response.header("Content-Security-Policy")
    check("default-src 'self'" in policy_header, f"{what}: Content-Security-Policy missing")
    check("frame-ancestors 'none'" in policy_header, f"{what}: framing allowed")
    check("camera=()" in response.header("Permissions-Policy"), f"{what}: Permissions-Policy")
    check(response.header("Server") == "nginx", f"{what}: Server is {response.header('Server')!r}")


def patient(work: Path) -> None:
    django_as_the_app(work)
    from django.contrib.auth.models import Group, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from intake.models import AuditEvent, EvaluationRequest
    from intake.security import roles

    state = state_of(work)
    browser = Browser(work)

    health = expect(browser.get("/healthz"), 200, "/healthz through the proxy")
    check(json.loads(health.body).get("database") == "ok", f"/healthz said {health.text}")
    say("/healthz answers 200 through nginx over HTTPS (TLS verified against our certificate)")

    plain = Browser(work, tls=False, port=state["ports"]["http"])
    redirected = expect(plain.get("/r/plain-http-link/"), 301, "plain HTTP")
    check(
        redirected.header("Location")
        == f"https://{SITE_HOST}:{state['ports']['https']}/r/plain-http-link/",
        f"plain HTTP redirects to {redirected.header('Location')}",
    )
    say("plain HTTP answers with a redirect to HTTPS")

    start = expect(browser.get("/intake/"), 200, "the intake's first page")
    security_headers(start, "a patient page")
    check("no-store" in start.header("Cache-Control"), "a patient page may be cached")
    say("a patient page carries HSTS (once), CSP, nosniff, DENY, Referrer- and Permissions-Policy")

    address = f"rehearsal.{secrets.token_hex(4)}@patient.rehearsal.example"
    walk_intake(browser, address)
    request = EvaluationRequest.objects.get(patient__email=address)
    message = wait_for_mail(work, address)
    link = re.search(rf"{re.escape(state['site_url'])}(/r/[A-Za-z0-9_-]+/)", message.get_content())
    check(link is not None, "the confirmation e-mail holds the private link")
    say(f"a patient submitted an intake over HTTPS ({request.reference}); its e-mail arrived")

    phone = Browser(work)  # the link opened elsewhere, as from the e-mail
    opened = expect(phone.get(link.group(1)), 302, "the private link")
    check(opened.header("Referrer-Policy") == "no-referrer", "the private link sends a Referer")
    check(location_path(opened) == "/status/", "the private link leads to the status page")
    status = expect(phone.get("/status/"), 200, "the status page")
    check(request.reference in status.text, "the status page names the request")
    say("the private link opens the status page, with no Referer")

    for action in ("request.submitted", "status_link.opened"):
        event = AuditEvent.objects.filter(action=action, object_id=request.reference).get()
        check(
            event.ip_address == CLIENT_IP,
            f"{action} recorded {event.ip_address}, not the patient's {CLIENT_IP}",
        )
    expect(browser.get("/healthz"), 200, "/healthz")
    log = (work / "nginx/log/clinic-intake.access.log").read_text()
    check(
        f"{CLIENT_IP} [" in log and '"GET /healthz HTTP/1.1" 200' in log,
        "nginx logged the patient's /healthz request from their address",
    )
    say(
        f"the app recorded {CLIENT_IP}, the address nginx saw and logged "
        f"(not the forged X-Forwarded-For {FORGED_IP}, nor nginx's own)"
    )

    home = expect(browser.get("/"), 200, "the home page").text
    hashed = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home)
    check(hashed is not None, "the home page links a hashed stylesheet")
    css = expect(
        browser.get(hashed.group(1), headers={"Accept-Encoding": "gzip"}), 200, "a static file"
    )
    check(
        css.header("Cache-Control") == "public, max-age=31536000, immutable",
        f"a hashed static file's Cache-Control is {css.header('Cache-Control')!r}",
    )
    check(css.header("Content-Encoding") == "gzip", "nginx serves the collected .gz")
    check(css.header("Content-Type").startswith("text/css"), "a stylesheet's Content-Type")
    check(css.header("X-Content-Type-Options") == "nosniff", "a static file without nosniff")
    check(
        css.headers.get_all("Strict-Transport-Security") == HSTS,
        "a static file without HSTS",
    )
    plain_name = expect(
        browser.get("/static/vendor/bootstrap/bootstrap.min.css"), 200, "an unhashed name"
    )
    check(
        plain_name.header("Cache-Control") == "public, max-age=60",
        f"an unhashed name's Cache-Control is {plain_name.header('Cache-Control')!r}",
    )
    say(f"nginx serves {hashed.group(1)} gzipped, cached a year (immutable); other names a minute")

    from django.conf import settings

    over_the_form_limit = b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    too_big = browser.send("POST", "/status/new-link/", body=over_the_form_limit)
    expect(too_big, 413, "a body over the app's limit")
    say(f"nginx refuses a body over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes (413)")
    # The intake takes the payment step's documents: the same body passes nginx there and
    # meets the app's own refusal of a form that is not one (400), not nginx's 413.
    documents = browser.send("POST", "/intake/payment/", body=over_the_form_limit)
    expect(documents, 400, "a large body to the intake")
    say("the intake's documents pass nginx (its larger limit); the app refuses a non-form (400)")

    access = (work / "nginx/log/clinic-intake.access.log").read_text()
    errors = (work / "nginx/log/clinic-intake.error.log").read_text()
    for prefix in TOKEN_PATHS:
        check(prefix not in access, f"the access log holds a {prefix} path")
    for prefix in TOKEN_PATHS:
        check(prefix not in errors, f"the error log holds a {prefix} path")
    check(FORGED_IP not in access, "the access log holds a forwarded address")
    say(
        f"the access log ({len(access.splitlines())} lines) and the error log hold no /r/, "
        "/intake/ or /status/ path"
    )

    # The coordinator who will read this request in the restored database.
    coordinator = User.objects.create_user(
        STAFF_USERNAME, "coordinator@rehearsal.example", state["staff_password"]
    )
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATORS))
    TOTPDevice.objects.create(user=coordinator, name="Rehearsal", key=state["totp_key"])
    state["reference"] = request.reference
    (work / "state/rehearsal.json").write_text(json.dumps(state, indent=2))


# --- timers ----------------------------------------------------------------------------------


def fire(command: list[str], environment: dict[str, str], copies: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(  # noqa: S603 - an argv list the rehearsal builds, no shell
            command,
            cwd=REPO,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(copies)
    ]


def outcomes(unit: Path, processes: list[subprocess.Popen]) -> list[str]:
    """Each copy's output, once every copy has ended well."""
    results = [process.communicate(timeout=120) for process in processes]
    codes = [process.returncode for process in processes]
    check(codes == [0] * len(codes), f"{unit.name}: exit codes {codes}: {results}")
    return [out.strip() for out, _err in results]


def timers(work: Path) -> None:
    """The audit checkpoint's unit, as written in deploy/systemd, started on two hosts at the
    same moment: both exit 0, exactly one writes a checkpoint. Then every other periodic
    unit's command once (deploy/backup, on one host only, is rehearsed on its own)."""
    environment = app_environment(work)
    checkpoints = Path(environment["AUDIT_CHECKPOINT_FILE"])
    units = {
        unit: exec_start(unit.read_text())
        for unit in sorted((work / "systemd").glob("clinic-intake-*.service"))
        if "manage.py" in unit.read_text()
    }
    [checkpoint_unit] = [unit for unit, command in units.items() if "audit_checkpoint" in command]
    outputs = outcomes(checkpoint_unit, fire(units.pop(checkpoint_unit), environment, 2))
    written = checkpoints.read_text().splitlines() if checkpoints.exists() else []
    worked = [output for output in outputs if not output.startswith("Skipped: ")]
    check(len(worked) == 1, f"both hosts did the work: {outputs}")
    check(written == worked, f"{len(written)} checkpoints written, not 1")
    say(f"{checkpoint_unit.stem} fired on two hosts at once: one wrote the checkpoint, one skipped")

    started = {unit: fire(command, environment, 1) for unit, command in units.items()}
    for unit, processes in started.items():
        [output] = outcomes(unit, processes)
        check(not output.startswith("Skipped: "), f"{unit.name} skipped with nobody else running")
        say(f"{unit.stem}: {output.splitlines()[-1][:80]}")


# --- the restored database -------------------------------------------------------------------


def restored(work: Path) -> None:
    state = state_of(work)
    django_as_the_app(work, DATABASE_URL=state["restored_app_url"])
    from django.db import DatabaseError, connection, transaction
    from django_otp.oath import TOTP

    staff = Browser(work, tls=False, port=state["ports"]["restored"])
    # What nginx would add; gunicorn for the restored database is reached directly.
    staff.extra_headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_IP}
    expect(staff.get("/accounts/login/"), 200, "the sign-in page")
    signed_in = staff.post(
        "/accounts/login/", {"username": STAFF_USERNAME, "password": state["staff_password"]}
    )
    expect(signed_in, 302, "the password")
    code_page = staff.follow(signed_in)
    check(
        code_page.path.startswith("/accounts/second-factor/"),
        f"after the password: {code_page.path}",
    )
    totp = TOTP(bytes.fromhex(state["totp_key"]))
    verified = staff.post(code_page.path, {"code": f"{totp.token():06d}"})
    expect(verified, 302, "the second factor")
    page = expect(staff.get(f"/staff/requests/{state['reference']}/"), 200, "the request page")
    check(state["reference"] in page.text, "the restored request page names the request")
    check("Pat" in page.text, "the restored request page shows the patient")
    say(f"a coordinator signed in (password and code) and read {state['reference']} there")

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM intake_auditevent")
        raise Failed("the application role may delete audit events in the restored database")
    except DatabaseError as error:
        check("permission denied" in str(error), f"deleting audit events: {error}")
    say("the restored grants still keep the application role from deleting audit events")


def unavailable(work: Path) -> None:
    down = Browser(work).get("/intake/")
    expect(down, 502, "the intake while gunicorn is down")
    check(
        "988" in down.text and "Algo salió mal" in down.text, "nginx's page lacks the crisis line"
    )
    check(
        down.headers.get_all("Strict-Transport-Security")
        == ["max-age=31536000; includeSubDomains"],
        "nginx's own page without HSTS",
    )
    say("with gunicorn down, nginx answers 502 with the crisis line in English and Spanish")


# --- the mail server --------------------------------------------------------------------------


def mailsink(work: Path) -> None:
    from aiosmtpd.controller import Controller

    folder = work / "mail"

    class Keep:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Keep.count += 1
            (folder / f"{Keep.count:04d}.eml").write_bytes(envelope.content)
            return "250 Message accepted for delivery"

    controller = Controller(Keep(), hostname="127.0.0.1", port=state_of(work)["ports"]["smtp"])
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


def main(argv: list[str]) -> int:
    command, *rest = argv
    try:
        if command == "wait":
            wait([int(port) for port in rest])
            return 0
        work = Path(rest[0])
        {
            "prepare": prepare,
            "mailsink": mailsink,
            "patient": patient,
            "timers": timers,
            "restored": restored,
            "unavailable": unavailable,
        }[command](work)
    except Failed as failure:
        print(f"REHEARSAL FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
