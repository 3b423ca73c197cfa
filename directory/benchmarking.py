"""What `manage.py run_benchmarks` (`make bench`) shares with each app's `benchmarks.py`:
the scale of the seeded data, a client signed in with both factors, and the load stage.

The load stage serves the portal with gunicorn as the deployment runs it (docker-compose
`web`: `gunicorn nca_portal.wsgi`, three workers, the access log on) on a free port of
127.0.0.1 with DEBUG off, against the benchmark's own database, and sends it a bounded,
closed-loop load: each client sends its next request when the last is answered, for a
fixed time per level. Every client has a session of its own, signed in with both factors
and stored by the session engine, as a browser's would be. Beside it, each page's SQL
time is set against its time in the server, in process, from the same requests.
"""

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from .two_factor import session_verified_by, totp_device_register, totp_secret_new

# How much of the benchmark data to seed ("full": 50,000 targets, 250,000
# aliases, 200,000 requests, a year of feed at 200,000 entries).
SCALES = {"tenth": 0.1, "full": 1.0, "ten": 10.0}
LEVELS = (1, 8, 32)
GUNICORN_WORKERS = 3
# A request not answered in this long counts as an error, and the client goes on.
REQUEST_TIMEOUT = 30.0


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def check_seeded(what: str, *, found: int, wanted: int) -> bool:
    """Whether the benchmark data of `what` is already seeded: False when there is none
    yet. Data seeded at another scale is refused rather than topped up or mixed in."""
    if found in (0, wanted):
        return found == wanted
    raise CommandError(
        f"This database holds {found:,} benchmark {what}, not the {wanted:,} of this scale: "
        "each scale has a database of its own (make bench BENCH_SCALE=… sets "
        "BENCH_DATABASE_URL from it)."
    )


def host() -> str:
    return settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"


def signed_in_client(user) -> Client:
    """A client with a session of its own for `user`, signed in with both factors, as
    every person is: the session is in the session engine's store and its cookie in the
    client."""
    client = Client(HTTP_HOST=host())
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or totp_device_register(user=user, base32_secret=totp_secret_new())
    session_verified_by(client.session, device)
    return client


def session_cookie(user) -> str:
    """The Cookie header of a new session of `user`'s, signed in with both factors."""
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={signed_in_client(user).cookies[name].value}"


@dataclass(frozen=True)
class Endpoint:
    """A page or API address put under load, read as `user`."""

    name: str
    path: str
    user: object


@dataclass(frozen=True)
class LevelResult:
    clients: int
    seconds: float
    timings: list[float]  # ms, answered 200
    errors: int

    @property
    def per_second(self) -> float:
        return len(self.timings) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if not self.timings:
            return float("nan")
        if len(self.timings) == 1:
            return self.timings[0]
        return statistics.quantiles(self.timings, n=100, method="inclusive")[p - 1]


@dataclass(frozen=True)
class SqlShare:
    requests: int
    server_ms: float  # per request, in process
    sql_ms: float  # per request, spent in the database (queries sent and rows read)
    cpu_ms: float  # per request, this process's own CPU: steadier on a busy machine
    queries: float  # per request

    @property
    def outside_sql_ms(self) -> float:
        return self.server_ms - self.sql_ms

    @property
    def ratio(self) -> float:
        return self.server_ms / self.sql_ms if self.sql_ms else float("inf")


def _database_url() -> str:
    """The database this process uses (the test database, in the tests), as a URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    where = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{where}/{quote(db['NAME'], safe='')}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, cookie: str = "") -> int:
    """GET `path` on a new connection (gunicorn's sync workers close each one), read the
    whole body; the status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": host(), "Cookie": cookie})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(*, workers: int = GUNICORN_WORKERS, startup: float = 60.0) -> Iterator[int]:
    """gunicorn serving the portal as deployed, on a free port of 127.0.0.1, with DEBUG
    off and this process's settings module and database; the port, once /healthz
    answers 200. Its output (the access log) goes to a temporary file, shown if it does
    not start."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
    }
    command = [
        *(sys.executable, "-m", "gunicorn", "nca_portal.wsgi"),
        *(f"--bind=127.0.0.1:{port}", f"--workers={workers}"),
        *("--access-logfile=-", "--forwarded-allow-ips=*"),
    ]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + startup
            while True:
                with contextlib.suppress(OSError):
                    if _get(port, "/healthz") == 200:
                        break
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-3000:]
                    raise CommandError(f"gunicorn did not start on port {port}:\n{output}")
                time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _client_loop(port: int, path: str, cookie: str, deadline: float):
    timings, errors = [], 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            ok = _get(port, path, cookie) == 200
        except OSError:
            ok = False
        if ok:
            timings.append((time.perf_counter() - started) * 1000)
        else:
            errors += 1
    return timings, errors


def load_level(port: int, path: str, cookies: list[str], *, seconds: float) -> LevelResult:
    """`len(cookies)` clients, each with its own session, sending requests for `path`
    one after another for `seconds`."""
    started = time.monotonic()
    deadline = started + seconds
    with ThreadPoolExecutor(len(cookies)) as pool:
        results = list(pool.map(lambda cookie: _client_loop(port, path, cookie, deadline), cookies))
    # The last answers arrive after the deadline: requests a second over the whole time.
    elapsed = time.monotonic() - started
    timings = [ms for client_timings, _ in results for ms in client_timings]
    return LevelResult(len(cookies), elapsed, timings, sum(errors for _, errors in results))


def sql_share(endpoint: Endpoint, *, requests: int = 20, warmup: int = 3) -> SqlShare:
    """The time `endpoint` takes in the server, in process, and the part of it spent in
    the database (each query's execution and its rows read), over `requests` requests."""
    client = signed_in_client(endpoint.user)
    spent = {"sql": 0.0, "queries": 0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - started
            spent["queries"] += 1

    for _ in range(warmup):
        client.get(endpoint.path)
    total = cpu = 0.0
    with connection.execute_wrapper(timed):
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(endpoint.path)
            total += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
            if response.status_code != 200:
                raise CommandError(f"{endpoint.path} answered {response.status_code}")
    return SqlShare(
        requests=requests,
        server_ms=total * 1000 / requests,
        sql_ms=spent["sql"] * 1000 / requests,
        cpu_ms=cpu * 1000 / requests,
        queries=spent["queries"] / requests,
    )


def run_load(
    endpoints: list[Endpoint],
    *,
    write,
    levels: tuple[int, ...] = LEVELS,
    seconds: float = 10.0,
    workers: int = GUNICORN_WORKERS,
    sql_requests: int = 20,
) -> dict[str, list[LevelResult]]:
    """Put each endpoint under load at each level in turn and `write` a line for each
    as it is measured; then each endpoint's SQL time beside its server time. Returns the
    measurements, endpoint by endpoint."""
    # A session per client and person, made before the server starts.
    sessions = {
        endpoint.user.pk: [session_cookie(endpoint.user) for _ in range(max(levels))]
        for endpoint in endpoints
    }
    measured: dict[str, list[LevelResult]] = {}
    write(
        f"\nUnder load: gunicorn, {workers} workers, {seconds:g} s per level\n"
        f"{'endpoint':<40}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'errors':>8}"
    )
    with gunicorn(workers=workers) as port:
        for endpoint in endpoints:
            cookies = sessions[endpoint.user.pk]
            # Every worker has loaded its code and templates before the clock starts.
            load_level(port, endpoint.path, cookies[: workers * 2], seconds=min(seconds, 1.0))
            for clients in levels:
                result = load_level(port, endpoint.path, cookies[:clients], seconds=seconds)
                measured.setdefault(endpoint.name, []).append(result)
                write(
                    f"{endpoint.name:<40}{clients:>8}{result.per_second:>9.1f}"
                    f"{result.percentile(50):>9.1f}{result.percentile(95):>9.1f}"
                    f"{result.percentile(99):>9.1f}{result.errors:>8}"
                )
    write(
        f"\nSQL beside server time, in process, {sql_requests} requests each\n"
        f"{'endpoint':<40}{'server ms':>10}{'SQL ms':>9}{'outside':>9}{'ratio':>7}"
        f"{'CPU ms':>8}{'queries':>9}"
    )
    for endpoint in endpoints:
        share = sql_share(endpoint, requests=sql_requests)
        write(
            f"{endpoint.name:<40}{share.server_ms:>10.1f}{share.sql_ms:>9.1f}"
            f"{share.outside_sql_ms:>9.1f}{share.ratio:>7.1f}{share.cpu_ms:>8.1f}"
            f"{share.queries:>9.1f}"
        )
    return measured
