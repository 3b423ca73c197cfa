"""A Redis of the test's own, to stop and start as the broker, and a way to point the
portal's Celery app at it (never at the shared Redis); and an SMTP server's inbox."""

import email
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import redis
from kombu import pools

from nca_portal.celery import app as celery_app

REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """redis-server on a free port, in memory only; `stop()` and `start()` it at will."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary and our own arguments
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def queued(self, queue: str = "celery") -> int:
        return redis.Redis.from_url(self.url).llen(queue)


def _forget_connections():
    """Drop the app's pooled broker connections, so the next use connects afresh."""
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Point the portal's Celery app at `url` for the block."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    _forget_connections()
    try:
        yield celery_app
    finally:
        _forget_connections()
        celery_app.conf.broker_url = previous


class Inbox:
    """An SMTP server's handler (aiosmtpd) keeping every message it accepted, parsed."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str | None = None) -> list:
        """The addressees of every message, sorted; or, given an address, its messages."""
        with self.lock:
            if address is None:
                return sorted(message["To"] for message in self.messages)
            return [message for message in self.messages if message["To"] == address]
