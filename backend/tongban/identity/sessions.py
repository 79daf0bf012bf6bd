"""Server-side sessions and CSRF.

The cookie holds a random id; the table holds only its SHA-256. Sessions end after an idle period or
an absolute lifetime, both shorter in kiosk mode. CSRF: every state-changing /api request carries an
X-CSRF-Token header equal to the tb_csrf cookie (double submit; a custom header also forces a CORS
preflight, which we never grant), and with a session, equal to that session's token.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select, update

from tongban.core.crypto import token_hash
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db
from tongban.identity.models import Account, Session

COOKIE = "tb_sid"
CSRF_COOKIE = "tb_csrf"
CSRF_HEADER = "X-CSRF-Token"
IDLE = {"normal": 30 * 60, "kiosk": 3 * 60, "staff": 15 * 60}
ABSOLUTE = {"normal": timedelta(hours=12), "kiosk": timedelta(minutes=15), "staff": timedelta(hours=9)}
TOUCH_EVERY = timedelta(seconds=60)  # write last_seen at most once a minute per session
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_EXEMPT_PREFIXES = ("/oauth/",)  # OAuth endpoints authenticate clients, not cookies
STATIC_ENDPOINTS = {"pwa", "apidocs.static"}  # core.static and core.apidocs: files, no cookies


def _kind(account: Account, kiosk: bool) -> str:
    from tongban.policy import holds_staff_post  # the policy module imports this one

    return "kiosk" if kiosk else ("staff" if holds_staff_post(account) else "normal")


def create(account: Account, amr: list[str], *, kiosk: bool = False) -> tuple[Session, str]:
    """A new session, with a new id and CSRF token; the browser's previous session (if any) ends."""
    previous = current()
    if previous is not None:
        previous.revoked_at = utcnow()
    g.tb_session = None
    g.pop("tb_actor", None)  # the policy's actor for this request is the new session's from now on
    raw = secrets.token_urlsafe(32)
    kind = _kind(account, kiosk)
    now = utcnow()
    sess = Session(id=token_hash(raw), public_id=secrets.token_urlsafe(12), account=account, created_at=now,
                   last_seen_at=now, expires_at=now + ABSOLUTE[kind], idle_seconds=IDLE[kind], kiosk=kiosk,
                   csrf_token=secrets.token_urlsafe(24), amr=amr, ip=request.remote_addr or "",
                   user_agent=(request.user_agent.string or "")[:255])
    db.session.add(sess)
    db.session.flush()
    g.new_session = (raw, sess)
    g.tb_session = sess
    return sess, raw


def _load() -> Session | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    sess = db.session.get(Session, token_hash(raw))
    now = utcnow()
    if sess is None or sess.revoked_at is not None or sess.account.disabled:
        return None
    if now >= sess.expires_at or now - sess.last_seen_at > timedelta(seconds=sess.idle_seconds):
        return None
    if now - sess.last_seen_at > TOUCH_EVERY:
        db.session.execute(update(Session).where(Session.id == sess.id).values(last_seen_at=now))
        db.session.commit()
    return sess


def current() -> Session | None:
    if "tb_session" not in g:
        g.tb_session = _load()
    return g.tb_session


def require() -> Session:
    sess = current()
    if sess is None:
        raise Problem(401, "unauthenticated", _("Please sign in first."))
    return sess


def end(sess: Session) -> None:
    sess.revoked_at = utcnow()
    g.end_session = True


def list_for(account: Account) -> list[Session]:
    now = utcnow()
    rows = db.session.scalars(select(Session).where(Session.account_id == account.id, Session.revoked_at.is_(None))
                              .order_by(Session.created_at.desc()))
    return [s for s in rows if s.expires_at > now]


def find(public_id: str) -> Session:
    sess = db.session.scalars(select(Session).where(Session.public_id == public_id)).first()
    if sess is None or sess.revoked_at is not None:
        raise NotFound(_("No such session."))
    return sess


def revoke_all(account: Account, keep: Session | None = None) -> int:
    n = 0
    for sess in list_for(account):
        if keep is None or sess.id != keep.id:
            sess.revoked_at = utcnow()
            n += 1
    return n


def _secure() -> bool:
    # Browsers treat http://localhost and 127.0.0.1 as secure contexts, so Secure cookies work in
    # development too; only an explicit TONGBAN_COOKIE_SECURE=0 (plain-HTTP test rigs) turns it off.
    return bool(current_app.config["TONGBAN"].extra.get("cookie_secure", True))


def _check_csrf() -> None:
    if request.method not in UNSAFE or not request.path.startswith("/api/"):
        return
    if request.headers.get("Authorization", "").startswith("Bearer ") and COOKIE not in request.cookies:
        return  # a department system with a token and no session cookie: nothing ambient to forge
    header = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sess = current()
    expected = sess.csrf_token if sess else cookie
    if not header or not cookie or not hmac.compare_digest(header, cookie) or \
            not hmac.compare_digest(header, expected):
        raise Problem(403, "csrf_failed", _("The page was open too long or came from elsewhere. "
                                            "Reload it and try again."))


def _set_cookies(resp: Response) -> Response:
    # Files of the PWA build and the explorer's assets are the same for everyone and cached (the
    # hashed ones for a year, by shared caches too): a Set-Cookie there would be cached and handed
    # to other people. nginx serves them with no cookie; the app does the same.
    if request.endpoint in STATIC_ENDPOINTS or resp.cache_control.public:
        return resp
    secure = _secure()
    if g.get("end_session"):
        resp.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")
        resp.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(24), path="/", secure=secure, samesite="Strict")
    elif "new_session" in g:
        raw, sess = g.new_session
        resp.set_cookie(COOKIE, raw, path="/", secure=secure, httponly=True, samesite="Lax",
                        max_age=int((sess.expires_at - utcnow()).total_seconds()))
        resp.set_cookie(CSRF_COOKIE, sess.csrf_token, path="/", secure=secure, samesite="Strict")
    elif CSRF_COOKIE not in request.cookies:
        resp.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(24), path="/", secure=secure, samesite="Strict")
    return resp


class _FlaskCookieSession(SecureCookieSessionInterface):
    """Flask's own cookie session (flask.session), which Tongban does not use (its sessions are the rows
    above), with its signer made once: Flask opens the session on every request, and building the signer
    each time was ~5 % of a cheap answer such as a search."""

    _signer: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._signer[0] != keys:
            self._signer = (keys, super().get_signing_serializer(app))
        return self._signer[1]


def init(app: Flask) -> None:
    app.session_interface = _FlaskCookieSession()

    @app.before_request
    def _csrf() -> None:
        # A request that routing already refused (404/405) gets that answer, not a CSRF one.
        if request.routing_exception is None and not request.path.startswith(CSRF_EXEMPT_PREFIXES):
            _check_csrf()

    app.after_request(_set_cookies)
