#!/usr/bin/env python3
"""Cases benchmark on PostgreSQL: submissions per second, the reviewer's queue over 1,000,000 cases, and
re-encoding a 12-megapixel phone photo. It prints numbers and the goals as PASS/MISS; it asserts nothing.

1. Submissions. Each client is its own resident (L2, with a passkey), working through drafts that were
   completed and given their materials beforehand. Just before the measured run every draft is asked to
   be signed (`/signature/options`) and signed by the client's software authenticator; the measured
   request is the PWA's `POST /cases/{n}/submit` with `{"signature": {passkey assertion}}` and an
   Idempotency-Key, so the server verifies a real WebAuthn signature over the application's digest.
   (A texted code cannot be prepared ahead: a new code voids the phone's previous one.) Closed loop,
   20 and 50 clients, next to the bare endpoint (bench/bare_app.py) under the same gunicorn settings.
   Goal: >= 200 submissions/s.
2. The staff queue of the demo reviewer of 341200-GA (孙丽) with 1,000,000 generated cases spread over
   departments, modes, statuses and due dates: the service call alone (in-process, plus EXPLAIN ANALYZE
   of every statement it runs) and GET /api/v1/staff/queue over HTTP. Goal: p95 <= 50 ms.
3. Re-encoding a 4000x3000 phone JPEG with EXIF (cases/images.py), in-process. Goal: p95 <= 300 ms.

The generated database is cached as a PostgreSQL database (bench_cases_<N>k_<hash>) and rebuilt when the
schema, the demo data or the generator change; every run works on a copy (CREATE DATABASE … TEMPLATE) that
is dropped at the end. `--drop-cache` drops the cached databases.

    python bench/cases.py                      # everything
    python bench/cases.py --parts queue        # one part (images, queue, submit)

The servers run with TONGBAN_ENV=test, because TONGBAN_RATE_LIMIT_SCALE (needed so that signing up 50
residents from one address is not refused) is refused in production; that changes nothing else on the
measured paths (test only adds the sandbox SMS outbox and payer routes and logs less).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import run  # bench/run.py: gunicorn start/stop, the bare endpoint's driver, Result
from run import OUT, REPO, Result

sys.path.insert(0, str(REPO))
from tests.support.soft_authenticator import SoftAuthenticator  # noqa: E402 - the API tests' authenticator

GOAL_SUBMIT_RPS = 200.0
GOAL_QUEUE_P95_MS = 50.0
GOAL_IMAGE_P95_MS = 300.0

# Fixed, bench-only: the cached database's encrypted fields and blind indexes are made with it.
SECRET = "tongban-bench-cases-only-not-a-secret-2021"
GEN_VERSION = "1"  # bump when the generator below changes what it writes
RATE_LIMIT_SCALE = 1000  # test rigs only: 50 sign-ups from one address in seconds
ORIGIN = "http://localhost"  # without TONGBAN_PUBLIC_URL the passkey RP ID is localhost
MATTER = "FY-GA-0010"  # 死亡注销户口: L2, online, 341200-GA; the API tests' matter for signing
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}
MATERIALS = ("居民死亡医学证明（推断）书", "死者居民身份证")  # the required file and an optional one
REVIEWER_PHONE = "13800000013"  # 孙丽, reviewer, 341200-GA
QUEUE_QUERIES = [("first page", ""), ("overdue=true (超期)", "?overdue=true"),
                 ("one matter, page 3", "?matter=FY-GA-0007&page=3")]


def log(msg: str) -> None:
    print(msg, flush=True)


def pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --- PostgreSQL: the cached database and the run's copy ----------------------------------------------

def sa_url(admin_url: str, dbname: str) -> str:
    parts = urllib.parse.urlsplit(admin_url)
    return f"postgresql+psycopg://{parts.netloc}/{dbname}"


def admin(admin_url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(admin_url, autocommit=True)


def databases(admin_url: str, like: str) -> dict[str, str]:
    """Name → comment of the databases whose name matches the LIKE pattern."""
    with admin(admin_url) as conn:
        rows = conn.execute("SELECT d.datname, coalesce(shobj_description(d.oid, 'pg_database'), '') "
                            "FROM pg_database d WHERE d.datname LIKE %s", (like,)).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def drop(admin_url: str, dbname: str) -> None:
    with admin(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def fingerprint(n: int) -> str:
    """Changes when the schema, the demo data or this generator change: then the cache is rebuilt."""
    h = hashlib.sha256(f"{n}:{GEN_VERSION}".encode())
    backend = REPO / "backend"
    paths = [*sorted((backend / "migrations" / "versions").glob("*.py")),
             *sorted((backend / "tongban" / "demo" / "data").glob("*.json"))]
    for path in paths:
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:10]


def ensure_cache(args: argparse.Namespace) -> str:
    """The cached database with n cases: reused, or generated (in a subprocess) and renamed when complete."""
    name = f"bench_cases_{args.cases // 1000}k_{fingerprint(args.cases)}"
    found = databases(args.pg_admin_url, "bench_cases_%")
    if name in found and not args.fresh:
        log(f"cases: {name} (cached; {found[name] or 'no notes'}; --fresh rebuilds)")
        return name
    for old in found:  # other fingerprints, earlier partial builds; never another run's working copy
        if not old.startswith("bench_cases_run_"):
            drop(args.pg_admin_url, old)
    partial = name + "_partial"
    with admin(args.pg_admin_url) as conn:
        conn.execute(f'CREATE DATABASE "{partial}"')
    log(f"cases: generating {args.cases:,} cases into {partial} …")
    t0 = time.monotonic()
    try:
        subprocess.run([sys.executable, __file__, "--generate-into", sa_url(args.pg_admin_url, partial),
                        "--cases", str(args.cases), "--seed", str(args.seed)], check=True)
    except BaseException:
        drop(args.pg_admin_url, partial)
        raise
    took = time.monotonic() - t0
    note = f"generated {datetime.now(UTC):%Y-%m-%d} in {took:.0f} s"
    with admin(args.pg_admin_url) as conn:
        conn.execute(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{note}'")
    log(f"cases: {name} ready: {note}")
    return name


def working_copy(args: argparse.Namespace, cached: str) -> str:
    name = f"bench_cases_run_{os.getpid()}"
    t0 = time.monotonic()
    with admin(args.pg_admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{cached}"')
    log(f"cases: working copy {name} in {time.monotonic() - t0:.0f} s (dropped at the end)")
    return name


# --- the generator (runs in its own process: python bench/cases.py --generate-into URL) ---------------

# Status by the case's age: (status, weight). Recent cases are mostly open; older ones finished, with a
# few stuck (overdue) ones; abandoned drafts at every age.
STATUS_MIX: dict[str, list[tuple[str, float]]] = {
    "recent": [("draft", 10), ("submitted", 12), ("received", 2), ("in_transit", 3), ("accepted", 12),
               ("under_review", 25), ("supplement_requested", 8), ("delivering", 4), ("completed", 20),
               ("not_accepted", 2), ("withdrawn", 2)],
    "month": [("draft", 5), ("accepted", 2), ("under_review", 8), ("supplement_requested", 6), ("delivering", 3),
              ("completed", 70), ("not_accepted", 3), ("withdrawn", 3)],
    "old": [("draft", 3), ("under_review", 0.2), ("supplement_requested", 0.1), ("delivering", 0.1),
            ("completed", 90.6), ("not_accepted", 3), ("withdrawn", 3)],
}
ACCEPTED = ("accepted", "under_review", "supplement_requested", "delivering", "completed")


def _status_sql(bucket: str) -> str:
    """CASE over r_status picking a status with the bucket's weights."""
    mix = STATUS_MIX[bucket]
    total = sum(w for _s, w in mix)
    acc, whens = 0.0, []
    for status, weight in mix[:-1]:
        acc += weight / total
        whens.append(f"WHEN r_status < {acc:.6f} THEN '{status}'")
    return f"CASE {' '.join(whens)} ELSE '{mix[-1][0]}' END"


GENERATE_SQL = """
WITH draw AS (
  SELECT g.i, 1 + floor(random() * :m)::int AS mk, random() AS r_mode, random() AS r_status,
         random() AS r_outcome, random() AS r_del, random() AS r_step, random() AS r_due, random() AS r_acct,
         (:n - g.i)::float8 / :n * :days + random() * 0.3 AS age
  FROM generate_series(1, :n) AS g(i)
), shaped AS (
  SELECT d.*, (CAST(:matter_ids AS int[]))[mk] AS matter_id, (CAST(:dept_ids AS int[]))[mk] AS department_id,
         (CAST(:limits AS int[]))[mk] AS tl,
         CASE WHEN (CAST(:windowable AS bool[]))[mk] AND r_mode < 0.12 THEN 'proxy_window'
              WHEN (CAST(:jointable AS bool[]))[mk] AND r_mode > 0.94 THEN 'joint' ELSE 'online' END AS mode,
         CASE WHEN age < 20 THEN {recent} WHEN age < 60 THEN {month} ELSE {old} END AS drawn,
         CAST(:now AS timestamptz) - age * interval '1 day' AS created
  FROM draw d
), fixed AS (
  SELECT s.*,
         CASE WHEN mode <> 'proxy_window' AND drawn IN ('received', 'in_transit') THEN 'submitted'
              WHEN mode = 'proxy_window' AND drawn = 'submitted' THEN 'in_transit' ELSE drawn END AS status
  FROM shaped s
), timed AS (
  SELECT f.*,
         CASE WHEN status <> 'draft' THEN least(CAST(:now AS timestamptz), created + r_step * interval '3 hours')
              END AS submitted,
         CASE WHEN status IN {accepted} THEN least(CAST(:now AS timestamptz), created + interval '3 hours'
              + r_step * interval '2 days') END AS accepted
  FROM fixed f
), dated AS (
  SELECT t.*,
         CASE WHEN accepted IS NOT NULL THEN (accepted AT TIME ZONE 'Asia/Shanghai')::date
              + ceil(tl * 1.4 + r_due * 4)::int END AS due,
         CASE WHEN status IN ('completed', 'delivering') THEN least(CAST(:now AS timestamptz), accepted
                   + r_due * greatest(tl, 1) * 1.4 * interval '1 day')
              WHEN status = 'not_accepted' THEN least(CAST(:now AS timestamptz), submitted + interval '1 day')
              END AS decided
  FROM timed t
)
INSERT INTO cases (id, number, matter_id, department_id, applicant_account_id, mode, status, outcome, form_json,
                   delivery, delivery_address, query_code_hash, time_limit_days, due_date, due_provisional,
                   created_at, updated_at, submitted_at, accepted_at, decided_at, completed_at)
SELECT i, 'TB' || to_char(created AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad((i % 1000000)::text, 6, '0'),
       matter_id, department_id, (CAST(:applicants AS int[]))[1 + floor(r_acct * :a)::int], mode, status,
       CASE status WHEN 'completed' THEN CASE WHEN r_outcome < 0.88 THEN 'approved' ELSE 'denied' END
                   WHEN 'delivering' THEN 'approved' WHEN 'not_accepted' THEN 'not_accepted'
                   WHEN 'withdrawn' THEN 'withdrawn' END,
       (CAST(:forms AS text[]))[1 + i % :f],
       CASE WHEN status = 'delivering' THEN 'post' WHEN r_del < 0.6 THEN 'e_licence' WHEN r_del < 0.85 THEN 'post'
            ELSE 'pickup' END,
       NULL, CASE WHEN submitted IS NOT NULL THEN encode(sha256(i::text::bytea), 'hex') END,
       CASE WHEN accepted IS NOT NULL THEN tl END, due, false,
       created, coalesce(decided, accepted, submitted, created), submitted, accepted, decided,
       CASE WHEN status = 'completed' THEN decided
            WHEN status = 'withdrawn' THEN least(CAST(:now AS timestamptz), created + interval '2 days')
            WHEN status = 'not_accepted' THEN decided END
FROM dated
"""

RECEPTIONS_SQL = """
INSERT INTO case_receptions (case_id, place_type, place_code, place_name, region_code, route, opened_by,
                             identity_checked_at, checklist, originals, received_by, received_at, forwarded_at,
                             created_at)
SELECT c.id, 'window', (CAST(:codes AS text[]))[k], (CAST(:names AS text[]))[k], (CAST(:regions AS text[]))[k],
       CASE WHEN (CAST(:kinds AS text[]))[k] = 'kstb' THEN 'proxy_window' ELSE 'citywide' END, CAST(:clerk AS text),
       c.created_at, '[]', '[]', CASE WHEN c.status <> 'draft' THEN CAST(:clerk AS text) END,
       c.submitted_at,
       CASE WHEN c.status NOT IN ('draft', 'received') THEN least(CAST(:now AS timestamptz),
            c.submitted_at + interval '20 hours') END,
       c.created_at
FROM (SELECT c.*, 1 + c.id % :w AS k FROM cases c WHERE c.mode = 'proxy_window') AS c
"""

PARTS_SQL = """
INSERT INTO case_parts (case_id, department_id, position, status, note, accepted_at, decided_at)
SELECT c.id, j.department_id, j.position,
       CASE WHEN c.status IN ('draft', 'submitted', 'received', 'in_transit') THEN 'waiting'
            WHEN c.status IN ('accepted', 'under_review', 'supplement_requested') THEN 'accepted'
            WHEN c.outcome = 'approved' THEN 'approved' WHEN c.outcome = 'denied' THEN 'denied'
            WHEN c.status = 'not_accepted' THEN 'not_accepted' ELSE 'closed' END,
       '', c.accepted_at, c.decided_at
FROM cases c JOIN joint_departments j ON j.matter_id = c.matter_id
WHERE c.mode = 'joint'
"""


def generate_into(url: str, n: int, seed: int) -> None:
    """Migrate, load the demo data, then bulk-insert n cases (and their receptions and joint parts) in SQL."""
    os.environ.update(bench_env(url, OUT / "uploads-generate", ""))
    os.environ["TONGBAN_JOBS_FILE"] = str(OUT / "jobs-generate.sqlite3")
    from sqlalchemy import select, text
    from tongban import create_app
    from tongban.catalogue.models import Matter
    from tongban.core import crypto, migrate
    from tongban.demo import loader
    from tongban.directory.models import ServiceCentre, Window
    from tongban.extensions import db
    from tongban.identity.models import Account, Person

    app = create_app()
    with app.app_context():
        t0 = time.monotonic()
        migrate.upgrade()
        loader.load_all()
        db.session.commit()
        # Applicants: 2,000 residents (the cases' owners; phones 198…, not used by anyone else).
        people = []
        for k in range(2000):
            phone = f"1980000{k:04d}"
            people.append(Person(name=f"生成申请人{k}", phone=phone, phone_bidx=crypto.blind_index(phone, "phone"),
                                 assurance="L2", demo=True))
        db.session.add_all(people)
        db.session.flush()
        accounts = [Account(person=p, user_handle=random.Random(seed + i).randbytes(32)) for i, p in enumerate(people)]
        db.session.add_all(accounts)
        db.session.flush()
        rng = random.Random(seed)
        forms = [crypto.encrypt(json.dumps({**FORM, "contact_phone": f"139{rng.randrange(10**8):08d}",
                                            "death_date": f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}"},
                                           ensure_ascii=False)) for k in range(16)]
        matters = db.session.scalars(select(Matter).order_by(Matter.id)).all()
        joint = {m for (m,) in db.session.execute(text("SELECT DISTINCT matter_id FROM joint_departments"))}
        windows = db.session.execute(
            select(Window.code, Window.name, Window.kind, ServiceCentre.region_code)
            .join(ServiceCentre, Window.centre_id == ServiceCentre.id)
            .where(Window.kind.in_(("kstb", "citywide", "general"))).order_by(Window.code)).all()
        clerk = db.session.scalars(select(Account.id).order_by(Account.id)).first()
        now = datetime.now(UTC)
        log(f"  schema, demo data and 2,000 applicants: {time.monotonic() - t0:.0f} s")
        t1 = time.monotonic()
        db.session.execute(text("SELECT setseed(:s)"), {"s": (seed % 1000) / 1000})
        sql = GENERATE_SQL.format(recent=_status_sql("recent"), month=_status_sql("month"), old=_status_sql("old"),
                                  accepted=str(ACCEPTED))
        db.session.execute(text(sql), {
            "n": n, "m": len(matters), "days": 730, "now": now, "a": len(accounts), "f": len(forms),
            "matter_ids": [m.id for m in matters], "dept_ids": [m.department_id for m in matters],
            "limits": [m.time_limit_days or 0 for m in matters],
            "windowable": ["proxy_window" in m.modes for m in matters], "jointable": [m.id in joint for m in matters],
            "applicants": [a.id for a in accounts], "forms": forms})
        log(f"  {n:,} cases: {time.monotonic() - t1:.0f} s")
        t1 = time.monotonic()
        db.session.execute(text(RECEPTIONS_SQL), {
            "codes": [w.code for w in windows], "names": [w.name for w in windows],
            "regions": [w.region_code for w in windows], "kinds": [w.kind for w in windows], "w": len(windows),
            "clerk": f"account:{clerk}", "now": now})
        db.session.execute(text(PARTS_SQL))
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"))
        db.session.commit()
        log(f"  receptions and joint parts: {time.monotonic() - t1:.0f} s")
        t1 = time.monotonic()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))  # as autovacuum would have left a table this old
        log(f"  VACUUM ANALYZE: {time.monotonic() - t1:.0f} s")
        counts = db.session.execute(text("SELECT status, count(*) FROM cases GROUP BY status ORDER BY 2 DESC")).all()
        log("  statuses: " + ", ".join(f"{s} {c:,}" for s, c in counts))
        db.session.remove()
        db.engine.dispose()


# --- the app in this process (accounts, the reviewer's session, the queue's service call) ------------

def bench_env(url: str, uploads: Path, redis_url: str) -> dict[str, str]:
    env = {"TONGBAN_ENV": "test", "TONGBAN_DATABASE_URL": url, "TONGBAN_SECRET_KEY": SECRET,
           "TONGBAN_REDIS_URL": redis_url, "TONGBAN_RATE_LIMIT_SCALE": str(RATE_LIMIT_SCALE),
           "TONGBAN_UPLOADS_DIR": str(uploads), "TONGBAN_COOKIE_SECURE": "0",  # plain-HTTP rig
           "TONGBAN_PWA_DIST": str(OUT / "logs" / "no-pwa")}
    if not redis_url:
        env["TONGBAN_JOBS_FILE"] = str(OUT / "jobs-cases.sqlite3")
    return env


def in_process_app(env: dict[str, str]) -> Any:
    os.environ.update(env)
    from tongban import create_app

    return create_app()


@dataclass
class Account:
    cookies: dict[str, str]
    auth: SoftAuthenticator


def _sandbox_code(app: Any, phone: str, purpose: str) -> str:
    from sqlalchemy import select
    from tongban.extensions import db
    from tongban.notify.models import SandboxMessage

    with app.app_context():
        rows = db.session.scalars(select(SandboxMessage).where(SandboxMessage.purpose == purpose)
                                  .order_by(SandboxMessage.id.desc()).limit(20)).all()
        body = next((m.body for m in rows if m.phone == phone), "")
    found = re.search(r"(?<![0-9A-Za-z])[0-9]{6}(?![0-9A-Za-z])", body)
    if not found:
        raise SystemExit(f"no {purpose} code for {phone} in the sandbox outbox")
    return found.group(0)


class InProcess:
    """A Flask test client that behaves like the PWA (CSRF header, Origin), for setting accounts up."""

    def __init__(self, app: Any):
        self.app, self.c = app, app.test_client()
        self.c.get("/api/v1/health")

    def post(self, url: str, body: dict[str, Any] | None = None, expect: int = 200) -> Any:
        cookie = self.c.get_cookie("tb_csrf")
        resp = self.c.post(url, json=body or {}, headers={"Origin": ORIGIN,
                                                          "X-CSRF-Token": cookie.value if cookie else ""})
        if resp.status_code != expect:
            raise SystemExit(f"POST {url}: {resp.status_code} {resp.get_data(as_text=True)[:400]}")
        return resp.get_json()

    def add_passkey(self) -> SoftAuthenticator:
        auth = SoftAuthenticator(origin=ORIGIN, rp_id="localhost")
        opts = self.post("/api/v1/me/passkeys/options")
        self.post("/api/v1/me/passkeys", {"handle": opts["handle"], "credential": auth.create(opts["publicKey"]),
                                          "name": "bench"}, expect=201)
        return auth

    def cookies(self) -> dict[str, str]:
        return {name: cookie.value for name in ("tb_sid", "tb_csrf") if (cookie := self.c.get_cookie(name))}


def make_residents(app: Any, n: int) -> list[Account]:
    """n new residents at L2 (bench people added to this process's sandbox registry), each with a passkey."""
    from tongban.core.ids import ID_CHECK, ID_WEIGHTS
    from tongban.identity import verifier

    registry = verifier.demo_registry()
    out = []
    for k in range(n):
        body = f"341202{1960 + k % 40}{1 + k % 12:02d}{1 + k % 28:02d}{k % 1000:03d}"
        number = body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        name, phone = f"压测居民{k}", f"1970000{k:04d}"
        registry[number] = name
        client = InProcess(app)
        client.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"}, expect=202)
        profile = client.post("/api/v1/auth/signup", {"phone": phone, "code": _sandbox_code(app, phone, "signup"),
                                                      "name": name, "id_number": number}, expect=201)
        if profile["assurance"] != "L2":
            raise SystemExit(f"resident {k} is {profile['assurance']}, not L2")
        auth = client.add_passkey()
        out.append(Account(client.cookies(), auth))
    return out


def staff_session(app: Any, phone: str) -> Account:
    """Sign in with the phone code, add a passkey, sign out, sign in as staff with the passkey."""
    client = InProcess(app)
    client.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"}, expect=202)
    client.post("/api/v1/auth/signin/code", {"phone": phone, "code": _sandbox_code(app, phone, "signin")})
    auth = client.add_passkey()
    client.post("/api/v1/auth/signout")
    opts = client.post("/api/v1/auth/passkey/options", {"staff": True})
    client.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                         "staff": True})
    return Account(client.cookies(), auth)


# --- HTTP: one connection per request, as nginx talks to sync workers --------------------------------

@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


async def http(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Reply:
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: localhost:{port}", "Connection: close",
                 *(f"{k}: {v}" for k, v in headers.items())]
        if method != "GET":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        pairs = [(k.strip().lower(), v.strip()) for k, _, v in (h.partition(":") for h in head[1:] if h)]
        length = next((int(v) for k, v in pairs if k == "content-length"), None)
        data = await (reader.readexactly(length) if length is not None else reader.read())
    finally:
        writer.close()
    return Reply(int(head[0][9:12]), pairs, data, time.perf_counter() - t0)


@dataclass
class Client:
    """A signed-in person over HTTP: cookies kept, CSRF header and Origin sent like the PWA."""

    port: int
    account: Account
    pending: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (case number, submit body)

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        cookies = self.account.cookies
        return {"Accept": "application/json", "Origin": ORIGIN, "X-CSRF-Token": cookies.get("tb_csrf", ""),
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(extra or {})}

    async def get(self, path: str) -> Reply:
        return await http(self.port, "GET", path, self.headers())

    async def post(self, path: str, body: dict[str, Any], key: str | None = None) -> Reply:
        extra = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
        return await http(self.port, "POST", path, self.headers(extra), json.dumps(body, ensure_ascii=False).encode())

    async def upload(self, number: str, material: str, data: bytes, filename: str, kind: str) -> Reply:
        boundary = "tongbanbench" + uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="material"\r\n\r\n{material}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                f"Content-Type: {kind}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return await http(self.port, "POST", f"/api/v1/cases/{number}/materials",
                          self.headers({"Content-Type": f"multipart/form-data; boundary={boundary}"}), body)


def expect(reply: Reply, status: int, what: str) -> Reply:
    if reply.status != status:
        raise SystemExit(f"{what}: {reply.status} {reply.body[:500].decode(errors='replace')}")
    return reply


# --- part 3: a phone photo through images.reencode -------------------------------------------------

def phone_photo(orientation: int, seed: int = 12) -> bytes:
    """A 4000×3000 JPEG like a phone's (quality 92, 4:2:0) with EXIF: camera, time, GPS, orientation.
    Light falloff, shapes with edges and sensor noise, so it compresses like a photo (a few MB)."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    size = (4000, 3000)
    rng = random.Random(seed)
    channels = []
    for c in range(3):
        ramp = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(size)
        glow = Image.radial_gradient("L").resize(size)
        channels.append(ImageChops.blend(ramp, glow, 0.3 + 0.2 * c))
    img = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(img)
    for _ in range(60):  # paper, text lines, shadows: edges for the DCT
        x, y = rng.randrange(4000), rng.randrange(3000)
        w, h = rng.randrange(40, 900), rng.randrange(8, 500)
        fill = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        (draw.rectangle if rng.random() < 0.6 else draw.ellipse)((x, y, x + w, y + h), fill=fill)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.merge("RGB", [Image.effect_noise(size, 9) for _ in range(3)])
    img = ImageChops.add(img, noise, scale=1.0, offset=-128)
    exif = Image.Exif()
    exif.update({0x010F: "Xiaomi", 0x0110: "Redmi Note 12", 0x0112: orientation, 0x0131: "bench",
                 0x0132: "2025:05:01 10:20:30"})
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (32.0, 53.0, 24.12), 3: "E", 4: (115.0, 48.0, 53.9), 5: 0, 6: 31.5})
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92, subsampling=2, exif=exif.tobytes())
    return buf.getvalue()


def bench_images(runs: int) -> dict[str, list[float]]:
    from PIL import Image
    from tongban.cases import images

    out: dict[str, list[float]] = {}
    for orientation, label in ((1, "upright (EXIF orientation 1)"), (6, "rotated (EXIF orientation 6)")):
        data = phone_photo(orientation)
        stored = images.reencode(data, "image/jpeg")  # warm-up, and a look at what is stored
        with Image.open(io.BytesIO(stored)) as check:
            kept = f"{check.size[0]}×{check.size[1]}, EXIF {'kept' if check.getexif() else 'dropped'}"
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            images.reencode(data, "image/jpeg")
            times.append((time.perf_counter() - t0) * 1000)
        out[label] = times
        log(f"  {label}: upload {len(data) / 1e6:.1f} MB → stored {len(stored) / 1e6:.1f} MB ({kept})")
    return out


# --- part 2: the reviewer's queue ------------------------------------------------------------------

def queue_filters(query: str) -> tuple[dict[str, Any], int, int]:
    q = dict(urllib.parse.parse_qsl(query.lstrip("?")))
    filters: dict[str, Any] = {k: v for k, v in q.items() if k in ("status", "matter")}
    if "overdue" in q:
        filters["overdue"] = q["overdue"] == "true"
    return filters, int(q.get("page", 1)), int(q.get("per_page", 20))


@contextmanager
def reviewer_request(app: Any, account: Account) -> Iterator[None]:
    from tongban import policy
    from tongban.extensions import db

    cookie = "; ".join(f"{k}={v}" for k, v in account.cookies.items())
    with app.test_request_context("/api/v1/staff/queue", headers={"Cookie": cookie}):
        actor = policy.current_actor()  # the session and posts, as the request has them before the view
        if not actor.posts:
            raise SystemExit("the reviewer's session has no staff posts")
        try:
            yield
        finally:
            db.session.remove()


def queue_service(app: Any, account: Account, runs: int) -> dict[str, list[float]]:
    """queue.queue() alone: scope, count and the page's rows (no session loading, no JSON)."""
    from tongban.cases import queue

    out: dict[str, list[float]] = {}
    for label, query in QUEUE_QUERIES:
        filters, page, per_page = queue_filters(query)
        times = []
        for k in range(runs + 3):
            with reviewer_request(app, account):
                t0 = time.perf_counter()
                result = queue.queue(filters, page, per_page)
                if k >= 3:  # three warm-ups: caches, plans
                    times.append((time.perf_counter() - t0) * 1000)
        out[f"{label}  [{result.total:,} cases]"] = times
    return out


def explain_queue(app: Any, account: Account, out_file: Path) -> list[tuple[str, str, float]]:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement one queue.queue() runs, per query; the plans go to
    out_file. Returns (query label, statement, execution ms)."""
    from sqlalchemy import event
    from tongban.cases import queue
    from tongban.extensions import db

    rows: list[tuple[str, str, float]] = []
    report = []
    for label, query in QUEUE_QUERIES:
        filters, page, per_page = queue_filters(query)
        captured: list[tuple[str, Any]] = []

        def grab(_conn: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool,
                 captured: list[tuple[str, Any]] = captured) -> None:
            captured.append((statement, params))

        with reviewer_request(app, account):
            event.listen(db.engine, "before_cursor_execute", grab)
            try:
                queue.queue(filters, page, per_page)
            finally:
                event.remove(db.engine, "before_cursor_execute", grab)
            for statement, params in captured:
                plan = [r[0] for r in db.session.connection().exec_driver_sql(
                    "EXPLAIN (ANALYZE, BUFFERS) " + statement, params)]
                ms = next((float(m.group(1)) for line in plan if (m := re.search(r"Execution Time: ([\d.]+)", line))),
                          float("nan"))
                short = " ".join(statement.split())
                rows.append((label, short, ms))
                report.append(f"=== {label}: {ms:.2f} ms\n{statement}\n{params}\n" + "\n".join(plan) + "\n")
    out_file.write_text("\n".join(report), encoding="utf-8")
    return rows


def statement_label(sql: str) -> str:
    if sql.startswith("SELECT count(*)"):
        return "count"
    if "FROM departments" in sql:
        return "departments"
    if "FROM regions" in sql:
        return "regions (once per process: policy's cache)"
    if "DISTINCT case_receptions.region_code" in sql:
        return "window regions (DISTINCT over case_receptions)"
    if "FROM case_receptions" in sql and "case_receptions.case_id IN" in sql:
        return "receptions of the page (selectin)"
    if "ORDER BY" in sql and "LIMIT" in sql:
        return "page (ORDER BY due date, LIMIT)"
    return sql[:70]


async def get_loop(client: Client, path: str, result: Result, budget: list[int], deadline: float) -> None:
    """One closed-loop client: GET until the shared budget is spent or the deadline passed."""
    while budget[0] > 0 and time.monotonic() < deadline:
        budget[0] -= 1
        reply = await client.get(path)
        if reply.status == 200:
            result.latencies.append(reply.seconds)
        else:
            result.errors += 1


async def queue_http(port: int, reviewer: Account, runs: int, clients: int, workers: int,
                     max_seconds: float) -> dict[str, Result]:
    """Each query with one reviewer (the service time over HTTP), then with `clients` at once."""
    out: dict[str, Result] = {}
    for label, query in QUEUE_QUERIES:
        path = "/api/v1/staff/queue" + query
        for n in (1, clients):
            result = Result(f"{label}, {n} client{'s' if n > 1 else ''}")
            client = Client(port, reviewer)
            for _ in range(2 * workers):  # every worker: first requests load the calendar, plans, the cache
                await client.get(path)
            budget, t0 = [runs * n], time.monotonic()
            await asyncio.gather(*(get_loop(client, path, result, budget, t0 + max_seconds) for _ in range(n)))
            result.seconds = time.monotonic() - t0
            out[result.label] = result
    return out


# --- part 1: submissions ---------------------------------------------------------------------------

def cpu_snapshot(master: int, admin_url: str, dbname: str) -> tuple[dict[int, float], dict[int, float]]:
    """CPU seconds so far of the app's gunicorn workers and of the database's backends (same machine)."""
    with admin(admin_url) as conn:
        backends = [int(r[0]) for r in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,))]
    return {p: run.proc_cpu(p) for p in run.children(master)}, {p: run.proc_cpu(p) for p in backends}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(v - before.get(p, 0.0) for p, v in after.items())


class WaitSampler:
    """What the database's backends wait on while the run goes (pg_stat_activity every 50 ms): shows
    whether submissions queue on a lock (the audit chain's advisory lock, a row) or on CPU and I/O."""

    def __init__(self, admin_url: str, dbname: str):
        self.admin_url, self.dbname = admin_url, dbname
        self.samples: dict[str, int] = {}
        self.rounds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with admin(self.admin_url) as conn:
            while not self._stop.wait(0.05):
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'running (CPU)'), count(*) "
                    "FROM pg_stat_activity WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid() "
                    "GROUP BY 1", (self.dbname,)).fetchall()
                self.rounds += 1
                for what, count in rows:
                    self.samples[str(what)] = self.samples.get(str(what), 0) + int(count)

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.rounds:
            return "no samples"
        top = sorted(self.samples.items(), key=lambda kv: -kv[1])[:5]
        return ", ".join(f"{what} {count / self.rounds:.1f}" for what, count in top)


def scan_pdf(seed: int, size: int = 60_000) -> bytes:
    """A PDF-typed file of a scan's size (the server sniffs %PDF-; PDFs are stored as they come)."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random.Random(seed).randbytes(size) + b"\n%%EOF\n"


async def prepare_drafts(clients: list[Client], per_client: int) -> int:
    """Complete drafts with their files, as the PWA leaves them before the signing step."""
    files = [scan_pdf(1), scan_pdf(2, 150_000)]

    async def make(client: Client) -> list[str]:
        numbers = []
        for _ in range(per_client):
            reply = expect(await client.post("/api/v1/cases", {"matter": MATTER, "mode": "online", "form": FORM,
                                                               "delivery": "e_licence"}, key=uuid.uuid4().hex),
                           201, "create a draft")
            number = reply.json()["number"]
            for material, data in zip(MATERIALS, files, strict=True):
                expect(await client.upload(number, material, data, "scan.pdf", "application/pdf"), 201, "upload")
            numbers.append(number)
        return numbers

    made = await asyncio.gather(*(make(c) for c in clients))
    for client, numbers in zip(clients, made, strict=True):
        client.pending = [(n, {}) for n in numbers]
    return sum(len(m) for m in made)


async def sign_drafts(clients: list[Client]) -> None:
    """Ask to sign every draft and sign it with the client's passkey (challenge = the digest); in order,
    so each client's sign counts rise in the order it will submit."""

    async def sign(client: Client) -> None:
        signed = []
        for number, _body in client.pending:
            opts = expect(await client.post(f"/api/v1/cases/{number}/signature/options", {}), 200, "signature options")
            o = opts.json()
            if o["method"] != "passkey":
                raise SystemExit(f"expected a passkey signature, got {o['method']}")
            credential = client.account.auth.get(o["publicKey"])
            signature = {"method": "passkey", "handle": o["handle"], "credential": credential}
            signed.append((number, {"signature": signature}))
        client.pending = signed

    await asyncio.gather(*(sign(c) for c in clients))


async def submit_run(label: str, clients: list[Client], max_seconds: float) -> tuple[Result, list[str]]:
    result, problems = Result(label), []
    deadline = time.monotonic() + max_seconds

    async def loop(client: Client) -> None:
        while client.pending and time.monotonic() < deadline:
            number, body = client.pending.pop(0)
            try:
                reply = await client.post(f"/api/v1/cases/{number}/submit", body, key=uuid.uuid4().hex)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                result.errors += 1
                problems.append(repr(exc))
                continue
            if reply.status == 200:
                result.latencies.append(reply.seconds)
            else:
                result.errors += 1
                problems.append(f"{reply.status} {reply.body[:300].decode(errors='replace')}")

    cpu0, t0 = time.process_time(), time.monotonic()
    await asyncio.gather(*(loop(c) for c in clients))
    result.seconds, result.client_cpu = time.monotonic() - t0, time.process_time() - cpu0
    return result, problems


# --- the run ---------------------------------------------------------------------------------------

def table(rows: list[Result], unit: str = "req/s") -> None:
    log(f"  {'':<44}{'ok':>6}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{unit:>8}{'client CPU':>11}")
    for r in rows:
        cpu = f"{100 * r.client_cpu / r.seconds:.0f}%" if r.seconds and r.client_cpu else "-"
        log(f"  {r.label:<44}{len(r.latencies):>6}{r.errors:>7}{r.pct(50):>8.1f}{r.pct(95):>8.1f}{r.pct(99):>8.1f}"
            f"{r.rps:>8.0f}{cpu:>11}")


def ms_table(rows: dict[str, list[float]]) -> None:
    log(f"  {'':<52}{'runs':>5}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    for label, v in rows.items():
        log(f"  {label:<52}{len(v):>5}{pct(v, 50):>8.1f}{pct(v, 95):>8.1f}{max(v):>8.1f}")


async def run_servers(args: argparse.Namespace, url: str, goals: list[str]) -> None:
    uploads = OUT / f"uploads-{os.getpid()}"
    env = bench_env(url, uploads, args.redis_url)
    if args.redis_url:  # start empty: rate-limit buckets and queued jobs of this run only
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    app = in_process_app(env)
    logs = OUT / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    server_env = {**os.environ, **env}
    server = run.start_gunicorn("tongban.wsgi:app", args, server_env, logs / "cases-app.log")  # waits until ready
    bare = run.start_gunicorn("bare_app:app", args, server_env, logs / "cases-bare.log", str(REPO / "bench"))
    app_port, bare_port = server.port, bare.port
    try:
        if "queue" in args.parts:
            await part_queue(args, app, app_port, goals)
        if "submit" in args.parts:
            await part_submit(args, app, app_port, bare_port, server.proc.pid, goals)
    finally:
        run.stop(server)
        run.stop(bare)
        shutil.rmtree(uploads, ignore_errors=True)
        if args.redis_url:
            import redis

            redis.Redis.from_url(args.redis_url).flushdb()


async def part_queue(args: argparse.Namespace, app: Any, port: int, goals: list[str]) -> None:
    log(f"\n2. Reviewer's queue (孙丽, reviewer 341200-GA), {args.cases:,} cases in the table")
    reviewer = staff_session(app, REVIEWER_PHONE)
    if args.try_index:
        from sqlalchemy import text
        from tongban.extensions import db

        with app.app_context():
            for ddl in args.try_index:
                t0 = time.monotonic()
                db.session.execute(text(ddl))
                db.session.commit()
                log(f"  (trying, on the working copy only: {ddl}  — built in {time.monotonic() - t0:.1f} s)")
            db.session.execute(text("ANALYZE cases"))
            db.session.commit()
    explain_file = OUT / "cases-queue-explain.txt"
    statements = explain_queue(app, reviewer, explain_file)
    log(f"  EXPLAIN ANALYZE per statement of one service call (plans: {explain_file.relative_to(REPO)}):")
    for label, sql, ms in statements:
        log(f"    {label:<22} {statement_label(sql):<48} {ms:8.2f} ms")
    service = queue_service(app, reviewer, args.queue_runs)
    log("  service call queue.queue() in-process (scope, count, page rows; no session, no JSON):")
    ms_table(service)
    over_http = await queue_http(port, reviewer, args.queue_runs, args.queue_clients, args.workers, 6.0)
    log(f"  GET /api/v1/staff/queue over HTTP ({args.workers} sync workers; load average now "
        f"{os.getloadavg()[0]:.1f}):")
    table(list(over_http.values()))
    worst_service = max(pct(v, 95) for v in service.values())
    worst_http = max(r.pct(95) for r in over_http.values() if r.label.endswith("1 client"))
    goals.append(f"goal queue p95 ≤ {GOAL_QUEUE_P95_MS:.0f} ms, service call (worst query): {worst_service:7.1f} ms   "
                 f"{verdict(worst_service <= GOAL_QUEUE_P95_MS)}")
    goals.append(f"goal queue p95 ≤ {GOAL_QUEUE_P95_MS:.0f} ms, HTTP, 1 client (worst query): {worst_http:7.1f} ms   "
                 f"{verdict(worst_http <= GOAL_QUEUE_P95_MS)}")


async def part_submit(args: argparse.Namespace, app: Any, port: int, bare_port: int, server_pid: int,
                      goals: list[str]) -> None:
    counts = sorted(set(args.clients))
    log(f"\n1. Submissions ({MATTER}, 2 files per draft, passkey signature), clients: "
        f"{', '.join(map(str, counts))}")
    t0 = time.monotonic()
    accounts = make_residents(app, max(counts))
    log(f"  {max(counts)} residents (L2, passkey) set up in-process in {time.monotonic() - t0:.0f} s")
    rows: list[Result] = []
    for n in counts:
        clients = [Client(port, a) for a in accounts[:n]]
        per_client = max(1, math.ceil(args.submissions / n))
        t0 = time.monotonic()
        drafts = await prepare_drafts(clients, per_client)
        t1 = time.monotonic()
        await sign_drafts(clients)
        t2 = time.monotonic()
        log(f"  {n} clients: {drafts:,} complete drafts in {t1 - t0:.0f} s, signed in {t2 - t1:.0f} s; submitting …")
        app_cpu0, db_cpu0 = cpu_snapshot(server_pid, args.pg_admin_url, args.work_db)
        with WaitSampler(args.pg_admin_url, args.work_db) as waits:
            result, problems = await submit_run(f"submit, {n} clients", clients, args.duration)
        app_cpu1, db_cpu1 = cpu_snapshot(server_pid, args.pg_admin_url, args.work_db)
        done = max(1, len(result.latencies))
        app_ms, db_ms = 1000 * cpu_used(app_cpu0, app_cpu1) / done, 1000 * cpu_used(db_cpu0, db_cpu1) / done
        cores = os.cpu_count() or 1
        log(f"    {result.rps:.0f} submissions/s. CPU per submission: app workers {app_ms:.1f} ms + PostgreSQL "
            f"backends {db_ms:.1f} ms → at most ~{1000 * cores / (app_ms + db_ms):.0f}/s on {cores} cores "
            f"with nothing else running (load average now {os.getloadavg()[0]:.1f})")
        log(f"    database backends by what they wait on (average over the run): {waits.summary()}")
        for p in problems[:3]:
            log(f"    error: {p}")
        bare = await run.drive(f"bare GET /bare, {n} clients", bare_port, ["/bare"], n, 10**6,
                               max(5.0, min(result.seconds, args.duration)))
        rows += [result, bare]
        ratio = result.rps / bare.rps if bare.rps else 0.0
        goals.append(f"goal ≥ {GOAL_SUBMIT_RPS:.0f} submissions/s, {n} clients: {result.rps:7.0f}/s   "
                     f"{verdict(result.rps >= GOAL_SUBMIT_RPS)}   (ratio to bare {ratio:.2f}, "
                     f"p50 {result.pct(50):.0f} ms, p95 {result.pct(95):.0f} ms, server CPU "
                     f"{app_ms + db_ms:.0f} ms/submission)")
    probe = [Client(port, accounts[0])]
    await prepare_drafts(probe, 60)
    await sign_drafts(probe)
    one, _problems = await submit_run("submit, 1 client (service time)", probe, args.duration)
    rows.append(one)
    table(rows)


def main() -> None:
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--parts", default="images,queue,submit", help="which parts, comma-separated")
    p.add_argument("--cases", type=int, default=1_000_000, help="cases in the generated table")
    p.add_argument("--clients", type=int, nargs="+", default=[20, 50], help="concurrent submitting residents")
    p.add_argument("--submissions", type=int, default=1000, help="prepared submissions per client count")
    p.add_argument("--duration", type=float, default=30.0, help="at most this many seconds per submission run")
    p.add_argument("--queue-runs", type=int, default=30, help="queue requests per query (and per client)")
    p.add_argument("--queue-clients", type=int, default=10, help="concurrent reviewers for the second HTTP run")
    p.add_argument("--image-runs", type=int, default=20)
    p.add_argument("--try-index", action="append", default=[], metavar="DDL",
                   help="CREATE INDEX … to add on the working copy before the queue part (a proposal)")
    p.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn workers (default 2×cores+1)")
    p.add_argument("--worker-class", default="sync")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=2021)
    p.add_argument("--fresh", action="store_true", help="regenerate the cached database")
    p.add_argument("--drop-cache", action="store_true", help="drop the cached databases and exit")
    p.add_argument("--pg-admin-url", default=os.environ.get("BENCH_PG_ADMIN_URL",
                                                            "postgresql://postgres@127.0.0.1:5432/postgres"))
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/14",
                   help="Redis for rate limits and the job queue, as production runs it; emptied before and "
                        "after the run ('' for none: PostgreSQL buckets, a SQLite job file)")
    p.add_argument("--generate-into", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.parts = set(args.parts.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    if args.generate_into:
        generate_into(args.generate_into, args.cases, args.seed)
        return
    if args.drop_cache:
        for name in databases(args.pg_admin_url, "bench_cases_%"):
            drop(args.pg_admin_url, name)
            log(f"dropped {name}")
        return
    load1 = os.getloadavg()[0]
    log(f"Tongban cases benchmark — a shared machine with {cores} cores (other work runs beside it: read the "
        f"numbers as a floor), PostgreSQL, gunicorn {args.workers} × {args.worker_class}")
    if load1 > 0.5 * cores:
        log(f"warning: load average {load1:.1f} on {cores} cores before the run: other work is competing")
    goals: list[str] = []
    if "images" in args.parts:
        log(f"\n3. A 12-megapixel phone photo through images.reencode ({args.image_runs} runs each, in-process)")
        times = bench_images(args.image_runs)
        ms_table(times)
        for label, v in times.items():
            goals.append(f"goal image p95 ≤ {GOAL_IMAGE_P95_MS:.0f} ms, {label}: {pct(v, 95):7.0f} ms   "
                         f"{verdict(pct(v, 95) <= GOAL_IMAGE_P95_MS)}")
    if args.parts & {"queue", "submit"}:
        cached = ensure_cache(args)
        copy = args.work_db = working_copy(args, cached)
        try:
            asyncio.run(run_servers(args, sa_url(args.pg_admin_url, copy), goals))
        finally:
            drop(args.pg_admin_url, copy)
    log("\nGoals (numbers from a shared 2-core machine):")
    for line in goals:
        log("  " + line)


if __name__ == "__main__":
    main()
