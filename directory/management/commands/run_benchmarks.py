import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.discovery import app_modules
from directory.two_factor import session_verified_by, totp_device_register, totp_secret_new


class Command(BaseCommand):
    help = (
        "Time the portal's pages and endpoints in process (view, queries and rendering; no "
        "network) and report p50 and p95. Each app lists its own in `benchmarks.py`: "
        "`setup()` returns a signed-in user and {name: path or callable(client) -> response}; "
        "an optional `teardown()` stops what setup started and may return more "
        "{name: [timings in ms]} to report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=10)
        parser.add_argument("--only", help="Run only the benchmarks whose name contains this.")

    def handle(self, *args, requests, warmup, only, **options):
        if settings.DEBUG:
            self.stderr.write(self.style.WARNING("DEBUG is on: figures include its overhead."))
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        self.stdout.write(f"{'benchmark':<45}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for _, module in app_modules("benchmarks"):
            user, paths = module.setup()
            client = Client(HTTP_HOST=host)
            client.force_login(user)
            # Signed in with both factors, as every person is.
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or totp_device_register(user=user, base32_secret=totp_secret_new())
            session_verified_by(client.session, device)
            try:
                for name, path in paths.items():
                    if not only or only in name:
                        self._report(name, self._time(client, path, requests, warmup))
            finally:
                # Whatever setup started (a worker, say) stops before the next app's turn.
                measured = module.teardown() if hasattr(module, "teardown") else {}
            for name, timings in (measured or {}).items():
                if (not only or only in name) and len(timings) >= 2:
                    self._report(name, timings)

    def _report(self, name, timings):
        p95 = statistics.quantiles(timings, n=20)[-1]
        self.stdout.write(
            f"{name:<45}{statistics.median(timings):>10.1f}{p95:>10.1f}{max(timings):>10.1f}"
        )

    def _time(self, client, path, requests, warmup):
        for _ in range(warmup):
            self._get(client, path)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            self._get(client, path)
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    @staticmethod
    def _get(client, path):
        response = path(client) if callable(path) else client.get(path)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{path} answered {response.status_code}")
