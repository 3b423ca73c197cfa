"""Make sure the portal's PostgreSQL and Redis answer, starting private ones if needed.

    .venv/bin/python scripts/services.py up | down | status | roles

`up` reads DATABASE_URL and REDIS_URL (the same defaults as the settings). A server
that already answers is used as it is; only the portal's database is created in it if
missing. When nothing answers on this machine and the server software is installed, a
private instance is started under .local/ (PostgreSQL in .local/postgres, Redis in
.local/redis) and recorded in .local/started/. `down` stops only the instances recorded
there; `status` says what answers and what was started here. `roles` makes sure the
portal's two database roles exist, as in a deployment (docker/postgres-init.sh): the owner
(`portal_owner`, which owns the database and everything in it; `migrate` runs as it) and
the runtime role (`portal_app`, which owns nothing; the web server, worker and beat run as
it), then prints the URL of each, one a line, for scripts/run. Both log in without a
password, as the private cluster's trust authentication allows; DATABASE_URL's user (the
server's superuser) creates them.

Standard library only, plus psycopg2 (from the project's virtualenv) to create the
database. POSTGRES_BIN_DIRS (paths or globs separated by ":") replaces the default
/usr/lib/postgresql/*/bin when looking for PostgreSQL's programs.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
STARTED = LOCAL / "started"
PG_DIR = LOCAL / "postgres"
PG_DATA = PG_DIR / "data"
PG_LOG = PG_DIR / "log"
REDIS_DIR = LOCAL / "redis"
REDIS_PIDFILE = REDIS_DIR / "redis.pid"
REDIS_LOG = REDIS_DIR / "redis.log"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/nca_portal"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_POSTGRES_BIN_DIRS = "/usr/lib/postgresql/*/bin"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}  # noqa: S104 - host names, not binds


class Failure(Exception):
    """A problem to report on one line, then exit 1."""


def say(message: str) -> None:
    print(message, flush=True)


def display(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS or host.startswith("127.")


def tcp_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run one of the local programs this script found (never a shell, never user input)."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(args, check=False, **kwargs)  # noqa: S603


def tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def marker(name: str) -> Path:
    return STARTED / f"{name}.json"


def write_marker(name: str, data: dict) -> None:
    STARTED.mkdir(parents=True, exist_ok=True)
    marker(name).write_text(json.dumps(data, indent=2) + "\n")


def read_marker(name: str) -> dict | None:
    try:
        return json.loads(marker(name).read_text())
    except (OSError, ValueError):
        return None


# --- PostgreSQL --------------------------------------------------------------------------


@dataclass
class Postgres:
    host: str
    port: int
    user: str
    password: str | None
    dbname: str

    @classmethod
    def from_env(cls) -> Postgres:
        url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
        parts = urlsplit(url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
            raise Failure(f"DATABASE_URL is not a PostgreSQL URL: {parts.scheme}://…")
        host = unquote(parts.hostname or "")
        if not host or host.startswith("/"):
            raise Failure(
                "DATABASE_URL names no TCP host (a Unix socket?); this script only manages "
                "PostgreSQL over TCP: start the server yourself."
            )
        return cls(
            host=host,
            port=parts.port or 5432,
            user=unquote(parts.username or "") or "postgres",
            password=unquote(parts.password) if parts.password else None,
            dbname=unquote(parts.path.lstrip("/")) or "postgres",
        )

    @property
    def where(self) -> str:
        return display(self.host, self.port)

    def connect(self, dbname: str):
        try:
            import psycopg2
        except ImportError:
            raise Failure(
                "psycopg2 is not importable: run this script with the project's "
                "virtualenv (.venv/bin/python scripts/services.py)."
            ) from None
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=dbname,
            connect_timeout=5,
        )

    def ensure_database(self, *, wait: float = 15.0) -> None:
        """Create the portal's database if missing; the server must already answer."""
        deadline = time.monotonic() + wait
        while True:
            try:
                conn = self.connect("postgres")
                break
            except Failure:
                raise
            except Exception as error:
                message = (str(error).strip().splitlines() or [repr(error)])[0]
                # A server that is still starting up refuses connections for a moment.
                starting = "starting up" in message or "Connection refused" in message
                if starting and time.monotonic() < deadline:
                    time.sleep(0.3)
                    continue
                if 'database "postgres" does not exist' in message:
                    conn = self.connect("template1")
                    break
                raise Failure(
                    f"PostgreSQL answers at {self.where} but refused user {self.user}: {message}"
                ) from None
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.dbname])
                if cursor.fetchone():
                    return
                from psycopg2 import sql

                try:
                    cursor.execute(
                        sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                            sql.Identifier(self.dbname)
                        )
                    )
                except Exception as error:
                    first = str(error).strip().splitlines()[0]
                    raise Failure(
                        f"Could not create database {self.dbname} at {self.where} as "
                        f"{self.user}: {first}"
                    ) from None
                say(f"Created database {self.dbname} at {self.where}.")
        finally:
            conn.close()

    def with_user(self, user: str) -> str:
        """DATABASE_URL for `user` on the same server and database, without a password."""
        return f"postgres://{user}@{display(self.host, self.port)}/{self.dbname}"

    def ensure_roles(self, owner: str, app: str) -> None:
        """Create the owner and runtime roles if missing and give the owner the database
        and everything already in its public schema (a database created before the roles
        existed). Safe to run again: it changes nothing the second time."""
        from psycopg2 import sql

        conn = self.connect("postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                for role, attributes in (
                    (owner, "LOGIN NOSUPERUSER NOCREATEROLE"),
                    (app, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"),
                ):
                    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                    if not cursor.fetchone():
                        cursor.execute(
                            sql.SQL("CREATE ROLE {} " + attributes).format(sql.Identifier(role))
                        )
                        say(f"Created the database role {role}.")
                names = {"db": sql.Identifier(self.dbname), "owner": sql.Identifier(owner)}
                cursor.execute(sql.SQL("ALTER DATABASE {db} OWNER TO {owner}").format(**names))
                cursor.execute(
                    sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {app}").format(
                        db=names["db"], app=sql.Identifier(app)
                    )
                )
        finally:
            conn.close()
        conn = self.connect(self.dbname)
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(
                    sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner))
                )
                cursor.execute(_GIVE_PUBLIC_SCHEMA_TO_OWNER, {"owner": owner})
        finally:
            conn.close()


# Tables and views first (a table's own sequences follow it), then the other sequences,
# then functions (the triggers' functions, replaced by later migrations); never what
# belongs to an extension.
_GIVE_PUBLIC_SCHEMA_TO_OWNER = """
DO $$
DECLARE
    owner TEXT := %(owner)s;
    item RECORD;
BEGIN
    FOR item IN
        SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
          AND pg_get_userbyid(c.relowner) <> owner
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format(
            'ALTER %%s %%s OWNER TO %%I',
            CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                ELSE 'TABLE' END,
            item.name, owner
        );
    END LOOP;
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> owner
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER SEQUENCE %%s OWNER TO %%I', item.name, owner);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> owner
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER FUNCTION %%s OWNER TO %%I', item.name, owner);
    END LOOP;
END
$$;
"""


def postgres_bin_dirs() -> list[Path]:
    """Installed PostgreSQL bin directories, newest major version first."""
    patterns = os.environ.get("POSTGRES_BIN_DIRS", DEFAULT_POSTGRES_BIN_DIRS)
    found = []
    for pattern in filter(None, patterns.split(os.pathsep)):
        found.extend(Path(p) for p in glob.glob(pattern))

    def version(path: Path) -> tuple:
        numbers = re.findall(r"\d+", str(path))
        return tuple(int(n) for n in numbers) if numbers else (0,)

    return sorted({p for p in found if p.is_dir()}, key=version, reverse=True)


def find_postgres_programs(wanted_major: str | None = None) -> dict[str, str] | None:
    """Paths of initdb, pg_ctl and postgres, all from one installation."""
    names = ("initdb", "pg_ctl", "postgres")
    candidates = []
    on_path = {name: shutil.which(name) for name in names}
    if all(on_path.values()):
        candidates.append(on_path)
    for directory in postgres_bin_dirs():
        programs = {name: str(directory / name) for name in names}
        if all(os.access(p, os.X_OK) for p in programs.values()):
            candidates.append(programs)
    if wanted_major is None:
        return candidates[0] if candidates else None
    for programs in candidates:
        if postgres_major(programs["postgres"]) == wanted_major:
            return programs
    return None


def postgres_major(program: str) -> str | None:
    try:
        out = run([program, "--version"], timeout=10).stdout
    except OSError:
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return match.group(1) if match else None


def postgres_os_user() -> tuple[list[str], tuple[int, int] | None]:
    """The command prefix to run PostgreSQL's programs, and the uid/gid to own its files.

    PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user.
    """
    if os.geteuid() != 0:
        return [], None
    import pwd

    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise Failure(
            "PostgreSQL refuses to run as root and there is no 'postgres' OS user to run it "
            "as: create one (useradd --system postgres) or point DATABASE_URL at a running "
            "server."
        ) from None
    runuser = shutil.which("runuser") or next(
        (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(p, os.X_OK)), None
    )
    if not runuser:
        raise Failure(
            "PostgreSQL refuses to run as root and runuser (util-linux) is missing to run it "
            "as the 'postgres' user: run this as an ordinary user or point DATABASE_URL at a "
            "running server."
        )
    return [runuser, "-u", "postgres", "--"], (entry.pw_uid, entry.pw_gid)


def chown_tree(path: Path, owner: tuple[int, int]) -> None:
    uid, gid = owner
    os.chown(path, uid, gid)
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)


def run_as(prefix: list[str], args: list[str], what: str, log: Path | None = None) -> None:
    result = run([*prefix, *args], cwd=PG_DIR)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        if log is not None:
            detail = "\n".join(filter(None, [detail, tail(log)]))
        raise Failure(f"{what} failed:\n{detail}")


def pg_socket_option() -> str:
    # Unix socket paths are limited to about 107 bytes; skip the socket if the checkout
    # is too deep for one (the portal connects over TCP anyway).
    socket_path = PG_DIR / ".s.PGSQL.65535"
    return str(PG_DIR) if len(str(socket_path)) < 100 else ""


def postgres_up(pg: Postgres) -> None:
    if tcp_answers(pg.host, pg.port):
        pg.ensure_database()
        recorded = read_marker("postgres")
        private = " (private, under .local/postgres)" if recorded else ""
        say(f"PostgreSQL answers at {pg.where}{private}; database {pg.dbname} ready.")
        return
    if not is_local(pg.host):
        raise Failure(
            f"PostgreSQL does not answer at {pg.where}, which is not this machine: start it "
            "there or point DATABASE_URL at a running server."
        )

    existing_major = None
    if (PG_DATA / "PG_VERSION").exists():
        existing_major = (PG_DATA / "PG_VERSION").read_text().strip()
    programs = find_postgres_programs()
    if programs is None:
        raise Failure(
            f"PostgreSQL does not answer at {pg.where} and is not installed: install it "
            "(Debian/Ubuntu: apt-get install postgresql) or point DATABASE_URL at a running "
            "server."
        )
    if existing_major:
        programs = find_postgres_programs(existing_major)
        if programs is None:
            raise Failure(
                f"The private cluster in {PG_DATA.relative_to(ROOT)} is PostgreSQL "
                f"{existing_major}, which is not installed: install it, or run "
                "`scripts/services.py down` and delete .local/postgres to start afresh."
            )

    prefix, owner = postgres_os_user()
    PG_DIR.mkdir(parents=True, exist_ok=True)
    LOCAL.chmod(0o755)
    if owner:
        chown_tree(PG_DIR, owner)
        reachable = run([*prefix, "test", "-w", str(PG_DIR)])
        if reachable.returncode != 0:
            raise Failure(
                f"The 'postgres' OS user cannot write to {PG_DIR} (a parent folder is "
                "private?): clone the project where it can, or point DATABASE_URL at a "
                "running server."
            )

    if not existing_major:
        say(f"Creating a private PostgreSQL cluster in {PG_DATA.relative_to(ROOT)} …")
        base = [
            programs["initdb"],
            "-D",
            str(PG_DATA),
            "-U",
            pg.user,
            "--auth=trust",
            "-E",
            "UTF8",
        ]
        try:
            run_as(prefix, [*base, "--locale=C.UTF-8"], "initdb")
        except Failure:
            shutil.rmtree(PG_DATA, ignore_errors=True)
            run_as(prefix, [*base, "--no-locale"], "initdb")

    # A private cluster for development and tests: speed over crash safety.
    options = [
        "-c",
        f"listen_addresses={pg.host}",
        "-p",
        str(pg.port),
        "-c",
        f"unix_socket_directories={pg_socket_option()}",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
    ]
    say(f"Starting a private PostgreSQL at {pg.where} (log: {PG_LOG.relative_to(ROOT)}) …")
    run_as(
        prefix,
        [
            programs["pg_ctl"],
            "start",
            "-D",
            str(PG_DATA),
            "-l",
            str(PG_LOG),
            "-w",
            "-t",
            "60",
            "-p",
            programs["postgres"],
            "-o",
            " ".join(shlex.quote(option) for option in options),
        ],
        "pg_ctl start",
        log=PG_LOG,
    )
    write_marker(
        "postgres",
        {
            "host": pg.host,
            "port": pg.port,
            "data": str(PG_DATA),
            "pg_ctl": programs["pg_ctl"],
            "run_as": "postgres" if owner else None,
        },
    )
    pg.ensure_database()
    say(
        f"PostgreSQL answers at {pg.where} (private, under .local/postgres); "
        f"database {pg.dbname} ready."
    )


def postgres_down() -> None:
    recorded = read_marker("postgres")
    if recorded is None:
        if marker("postgres").exists():
            marker("postgres").unlink()
        return
    data = Path(recorded["data"])
    where = display(recorded["host"], recorded["port"])
    if not (data / "postmaster.pid").exists():
        say(f"The private PostgreSQL at {where} is not running.")
        marker("postgres").unlink()
        return
    prefix = []
    if os.geteuid() == 0 and recorded.get("run_as"):
        prefix, _ = postgres_os_user()
    pg_ctl = recorded.get("pg_ctl") or shutil.which("pg_ctl") or "pg_ctl"
    result = run(
        [*prefix, pg_ctl, "stop", "-D", str(data), "-m", "fast", "-w", "-t", "60"],
        cwd=PG_DIR if PG_DIR.exists() else ROOT,
    )
    if result.returncode != 0 and (data / "postmaster.pid").exists():
        raise Failure(
            f"Could not stop the private PostgreSQL at {where}: "
            f"{(result.stderr or result.stdout).strip()}"
        )
    marker("postgres").unlink()
    say(f"Stopped the private PostgreSQL at {where}.")


# --- Redis -------------------------------------------------------------------------------


@dataclass
class Redis:
    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool

    @classmethod
    def from_env(cls) -> Redis:
        url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        parts = urlsplit(url)
        if parts.scheme not in {"redis", "rediss"}:
            raise Failure(
                f"REDIS_URL must be redis:// or rediss:// for this script, not {parts.scheme}://."
            )
        return cls(
            host=unquote(parts.hostname or "") or "127.0.0.1",
            port=parts.port or 6379,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=parts.scheme == "rediss",
        )

    @property
    def where(self) -> str:
        return display(self.host, self.port)

    def command(self, *args: str, timeout: float = 2.0) -> str | None:
        """Send commands (AUTH first if needed) and return the last reply's first line.

        None when nothing answers at host:port.
        """
        commands = []
        if self.password is not None:
            auth = [self.username, self.password] if self.username else [self.password]
            commands.append(["AUTH", *auth])
        commands.append(list(args))
        try:
            sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except OSError:
            return None
        try:
            if self.tls:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
            reply = None
            reader = sock.makefile("rb")
            for command in commands:
                payload = f"*{len(command)}\r\n".encode()
                for arg in command:
                    data = arg.encode()
                    payload += b"$%d\r\n%s\r\n" % (len(data), data)
                sock.sendall(payload)
                line = reader.readline()
                if not line:
                    return "-ERR connection closed without a reply"
                reply = line.decode(errors="replace").strip()
                if reply.startswith("-"):
                    return reply
            return reply
        except OSError as error:
            return f"-ERR {error}"
        finally:
            sock.close()

    def ping(self) -> str | None:
        return self.command("PING")


def redis_up(redis: Redis) -> None:
    reply = redis.ping()
    recorded = read_marker("redis")
    if reply is not None:
        if reply != "+PONG":
            raise Failure(f"Something answers at {redis.where} but PING replied: {reply}")
        private = " (private, under .local/redis)" if recorded else ""
        say(f"Redis answers at {redis.where}{private}.")
        return
    if not is_local(redis.host):
        raise Failure(
            f"Redis does not answer at {redis.where}, which is not this machine: start it "
            "there or point REDIS_URL at a running server."
        )
    server = shutil.which("redis-server")
    if not server:
        raise Failure(
            f"Redis does not answer at {redis.where} and is not installed: install it "
            "(Debian/Ubuntu: apt-get install redis-server) or point REDIS_URL at a running "
            "server."
        )
    if redis.tls:
        raise Failure(
            f"Redis does not answer at {redis.where}; REDIS_URL asks for TLS (rediss://), which "
            "a private instance does not offer: use redis:// locally."
        )
    bind = redis.host
    if bind == "localhost":
        bind = "127.0.0.1"
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    args = [
        server,
        "--daemonize",
        "yes",
        "--bind",
        bind,
        "--port",
        str(redis.port),
        "--dir",
        str(REDIS_DIR),
        "--pidfile",
        str(REDIS_PIDFILE),
        "--logfile",
        str(REDIS_LOG),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    if redis.password is not None and not redis.username:
        args += ["--requirepass", redis.password]
    say(f"Starting a private Redis at {redis.where} (log: {REDIS_LOG.relative_to(ROOT)}) …")
    result = run(args)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or tail(REDIS_LOG)
        raise Failure(f"redis-server failed to start:\n{detail}")
    deadline = time.monotonic() + 10
    while (reply := redis.ping()) != "+PONG":
        if time.monotonic() > deadline:
            raise Failure(
                f"The private Redis did not answer PING at {redis.where} within 10 seconds "
                f"(last reply: {reply}):\n{tail(REDIS_LOG)}"
            )
        time.sleep(0.1)
    pid = None
    deadline = time.monotonic() + 5
    while pid is None and time.monotonic() < deadline:
        try:
            pid = int(REDIS_PIDFILE.read_text().strip())
        except (OSError, ValueError):
            time.sleep(0.05)
    write_marker("redis", {"host": redis.host, "port": redis.port, "pid": pid})
    say(f"Redis answers at {redis.where} (private, under .local/redis).")


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); treat it as gone.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def is_redis_server(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return process_alive(pid)  # no /proc: trust the pid recorded when it started
    return b"redis-server" in cmdline


def redis_down() -> None:
    recorded = read_marker("redis")
    if recorded is None:
        if marker("redis").exists():
            marker("redis").unlink()
        return
    where = display(recorded["host"], recorded["port"])
    pid = recorded.get("pid")
    if not pid:
        try:
            pid = int(REDIS_PIDFILE.read_text().strip())
        except (OSError, ValueError):
            pid = None
    if not pid or not process_alive(pid) or not is_redis_server(pid):
        say(f"The private Redis at {where} is not running.")
        marker("redis").unlink()
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while process_alive(pid):
        if time.monotonic() > deadline:
            raise Failure(f"The private Redis at {where} (pid {pid}) did not stop.")
        time.sleep(0.1)
    marker("redis").unlink()
    say(f"Stopped the private Redis at {where}.")


# --- commands ----------------------------------------------------------------------------


def up() -> int:
    postgres_up(Postgres.from_env())
    redis_up(Redis.from_env())
    return 0


def roles() -> int:
    pg = Postgres.from_env()
    owner = os.environ.get("DATABASE_OWNER_ROLE") or "portal_owner"
    app = os.environ.get("DATABASE_APP_ROLE") or "portal_app"
    pg.ensure_roles(owner, app)
    print(pg.with_user(owner))
    print(pg.with_user(app))
    return 0


def down() -> int:
    if not any(marker(name).exists() for name in ("postgres", "redis")):
        say("Nothing to stop: no private PostgreSQL or Redis was started here.")
        return 0
    problems = []
    for stop in (postgres_down, redis_down):
        try:
            stop()
        except Failure as error:
            problems.append(str(error))
    if problems:
        raise Failure("\n".join(problems))
    return 0


def status() -> int:
    ok = True
    pg = Postgres.from_env()
    private = " (private, under .local/postgres)" if read_marker("postgres") else ""
    if tcp_answers(pg.host, pg.port):
        say(f"PostgreSQL answers at {pg.where}{private}.")
    else:
        ok = False
        say(f"PostgreSQL does not answer at {pg.where}.")
    redis = Redis.from_env()
    private = " (private, under .local/redis)" if read_marker("redis") else ""
    reply = redis.ping()
    if reply == "+PONG":
        say(f"Redis answers at {redis.where}{private}.")
    elif reply is None:
        ok = False
        say(f"Redis does not answer at {redis.where}.")
    else:
        ok = False
        say(f"Something answers at {redis.where} but PING replied: {reply}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "down", "status", "roles"])
    args = parser.parse_args(argv)
    try:
        return {"up": up, "down": down, "status": status, "roles": roles}[args.command]()
    except Failure as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
