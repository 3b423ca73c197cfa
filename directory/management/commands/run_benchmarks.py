import statistics
import time
from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management.base import BaseCommand

from directory import benchmarking
from directory.discovery import app_modules


def _levels(text: str) -> tuple[int, ...]:
    try:
        levels = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise ArgumentTypeError(f"numbers with commas between, not {text!r}") from None
    if min(levels) < 1:
        raise ArgumentTypeError("one client or more at each level")
    return levels


class Command(BaseCommand):
    help = (
        "Time the portal's pages and endpoints in process (view, queries and rendering; no "
        "network) and report p50 and p95; with --load, then put the main ones under load "
        "in gunicorn as deployed. Each app lists its own in `benchmarks.py`: "
        "`setup(scale=)` seeds its data at that scale and returns a signed-in user and "
        "{name: path or callable(client) -> response}; `LOAD` names the paths the load "
        "stage uses; an optional `teardown()` stops what setup started and may return more "
        "{name: [timings in ms]} to report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=10)
        parser.add_argument("--only", help="Run only the benchmarks whose name contains this.")
        parser.add_argument(
            "--scale",
            choices=benchmarking.SCALES,
            default="full",
            help="How much data to seed: a tenth of the benchmark data, all of it, or ten "
            "times it. Each scale needs a database of its own.",
        )
        parser.add_argument(
            "--load", action="store_true", help="Then put the main pages under load in gunicorn."
        )
        parser.add_argument(
            "--load-only", action="store_true", help="The load stage alone, without timings."
        )
        parser.add_argument(
            "--load-seconds", type=float, default=10.0, help="Seconds per endpoint and level."
        )
        parser.add_argument(
            "--load-clients", type=_levels, default=benchmarking.LEVELS, help="e.g. 1,8,32"
        )

    def handle(self, *args, requests, warmup, only, scale, load_only, **options):
        if settings.DEBUG:
            self.stderr.write(self.style.WARNING("DEBUG is on: figures include its overhead."))
        self.stdout.write(f"Scale: {scale}")
        if not load_only:
            self.stdout.write(f"{'benchmark':<45}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        endpoints = []
        for _, module in app_modules("benchmarks"):
            if load_only and not getattr(module, "LOAD", ()):
                continue
            user, paths = module.setup(scale=benchmarking.SCALES[scale])
            endpoints += [
                benchmarking.Endpoint(name, paths[name], user)
                for name in getattr(module, "LOAD", ())
                if not only or only in name
            ]
            client = benchmarking.signed_in_client(user)
            try:
                for name, path in paths.items():
                    if not load_only and (not only or only in name):
                        self._report(name, self._time(client, path, requests, warmup))
            finally:
                # Whatever setup started (a worker, say) stops before the next app's turn.
                measured = module.teardown() if hasattr(module, "teardown") else {}
            for name, timings in (measured or {}).items():
                if not load_only and (not only or only in name) and len(timings) >= 2:
                    self._report(name, timings)
        if (options["load"] or load_only) and endpoints:
            benchmarking.run_load(
                endpoints,
                write=self.stdout.write,
                levels=options["load_clients"],
                seconds=options["load_seconds"],
            )

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
