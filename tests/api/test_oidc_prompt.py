"""When a client asks for a fresh sign-in (prompt=login, max_age) the person signs in again, once, and the
ID token's auth_time says when; prompt=none never shows a page (OIDC Core §3.1.2.1, §3.1.2.6). Also the
authorization request parameters that discovery says are not supported are refused, not ignored."""

import base64
import hashlib
import secrets
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import update
from tongban.core.crypto import token_hash
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity import oauth_service
from tongban.identity.models import Session

from tests.support.api import Api

REDIRECT = "http://localhost:9/callback"
SCOPE = "openid profile loa"


@pytest.fixture(scope="module")
def rp(app):
    with app.app_context():
        client, secret = oauth_service.create_client("部门系统（重新登录测试）", [REDIRECT], SCOPE,
                                                     ["authorization_code", "refresh_token"], public=False,
                                                     actor="test")
        db.session.commit()
        return client.client_id, secret


@pytest.fixture
def person(app):
    """A browser with a resident who just signed up (and so signed in)."""
    api = Api(app.test_client())
    phone, resp = api.signup()
    assert resp.status_code == 201
    api.phone = phone
    return api


def request_params(client_id, **extra):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": SCOPE,
              "state": secrets.token_urlsafe(8), "nonce": secrets.token_urlsafe(8), "code_challenge": challenge,
              "code_challenge_method": "S256", **extra}
    return params, verifier


def go(api, params_or_path):
    path = params_or_path if isinstance(params_or_path, str) else "/oauth/authorize?" + urlencode(params_or_path)
    resp = api.get(path)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return resp.headers["Location"]


def query(location):
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def allow(api, location):
    """Answer the consent page the way it does: post the request back with the session's token."""
    assert location.startswith("/consent?"), location
    info = api.get("/api/v1/oauth/consent?" + urlsplit(location).query).get_json()
    resp = api.c.post("/oauth/authorize", data={**info["params"], "csrf_token": info["csrf_token"],
                                                 "decision": "allow"})
    return resp.headers["Location"]


def consent_once(api, client_id):
    params, _ = request_params(client_id)
    assert "code=" in allow(api, go(api, params))


def id_token_claims(api, rp, location, verifier):
    client_id, secret = rp
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    resp = api.c.post("/oauth/token", headers={"Authorization": "Basic " + basic}, data={
        "grant_type": "authorization_code", "code": query(location)["code"], "redirect_uri": REDIRECT,
        "code_verifier": verifier})
    assert resp.status_code == 200, resp.get_json()
    keys = KeySet.import_key_set(api.get("/oauth/jwks").get_json())
    return jwt.decode(resp.get_json()["id_token"], keys).claims


def backdate_session(app, api, age):
    with app.app_context():
        db.session.execute(update(Session).where(Session.id == token_hash(api.c.get_cookie("tb_sid").value))
                           .values(created_at=utcnow() - age))
        db.session.commit()


def test_prompt_login_asks_a_signed_in_person_to_sign_in_again_once(app, rp, person):
    consent_once(person, rp[0])
    asked = time.time()
    params, verifier = request_params(rp[0], prompt="login")
    location = go(person, params)
    assert location.startswith("/signin?next=") and "code=" not in location
    back = query(location)["next"]
    assert back.startswith("/oauth/authorize?") and query(back)["state"] == params["state"]
    # Coming back without signing in, or with a forged request time, is not a fresh sign-in.
    assert go(person, back).startswith("/signin?next=")
    forged = back.replace("tb_asked_at=", "tb_asked_at=0&x=")
    assert go(person, forged).startswith("/signin?next=")
    # Signed in again: the same request goes through at once, with no further trip to sign-in.
    assert person.signin_code(person.phone).status_code == 200
    location = go(person, back)
    assert location.startswith(REDIRECT) and query(location)["state"] == params["state"]
    claims = id_token_claims(person, rp, location, verifier)
    assert claims["auth_time"] >= int(asked) and claims["nonce"] == params["nonce"]


def test_max_age_zero_needs_one_fresh_sign_in_and_no_more(rp, person):
    consent_once(person, rp[0])
    params, verifier = request_params(rp[0], max_age="0")
    location = go(person, params)
    assert location.startswith("/signin?next=")
    assert person.signin_code(person.phone).status_code == 200
    assert go(person, query(location)["next"]).startswith(REDIRECT + "?code=")


def test_a_session_older_than_max_age_signs_in_again_and_auth_time_tells_its_age(app, rp, person):
    consent_once(person, rp[0])
    backdate_session(app, person, timedelta(hours=2))
    params, _ = request_params(rp[0], max_age="3600")
    assert go(person, params).startswith("/signin?next=")
    params, verifier = request_params(rp[0], max_age="86400")
    location = go(person, params)
    assert location.startswith(REDIRECT + "?code=")
    claims = id_token_claims(person, rp, location, verifier)
    assert abs(claims["auth_time"] - (time.time() - 7200)) < 60


def test_prompt_none_answers_the_client_and_never_shows_a_page(app, rp, person):
    stranger = Api(app.test_client())
    params, _ = request_params(rp[0], prompt="none")
    location = go(stranger, params)
    assert location.startswith(REDIRECT)
    assert query(location) == {"error": "login_required", "state": params["state"]}

    params, _ = request_params(rp[0], prompt="none")
    location = go(person, params)  # signed in, but has not allowed this client yet
    assert location.startswith(REDIRECT)
    assert query(location) == {"error": "consent_required", "state": params["state"]}

    consent_once(person, rp[0])
    params, _ = request_params(rp[0], prompt="none")
    assert go(person, params).startswith(REDIRECT + "?code=")

    backdate_session(app, person, timedelta(hours=1))
    params, _ = request_params(rp[0], prompt="none", max_age="60")
    assert query(go(person, params)) == {"error": "login_required", "state": params["state"]}


def test_the_consent_answer_also_needs_the_fresh_sign_in(rp, person):
    params, _ = request_params(rp[0], prompt="login")
    info = person.get("/api/v1/oauth/consent?" + urlencode(params)).get_json()
    resp = person.c.post("/oauth/authorize", data={**info["params"], "csrf_token": info["csrf_token"],
                                                    "decision": "allow"})
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/signin?next=")
    assert "code=" not in resp.headers["Location"]


@pytest.mark.parametrize(("extra", "error"), [
    ({"response_mode": "fragment"}, "invalid_request"),
    ({"response_mode": "form_post"}, "invalid_request"),
    ({"request": "eyJhbGciOiJub25lIn0.e30."}, "request_not_supported"),
    ({"request_uri": "https://dept.example/req"}, "request_uri_not_supported"),
    ({"max_age": "soon"}, "invalid_request"),
    ({"max_age": "-1"}, "invalid_request"),
])
def test_request_parameters_discovery_does_not_offer_are_refused(rp, person, extra, error):
    params, _ = request_params(rp[0], **extra)
    location = go(person, params)
    assert location.startswith(REDIRECT + "?"), location
    assert query(location)["error"] == error and query(location)["state"] == params["state"]


def test_ui_locales_choose_the_language_of_the_sign_in_page(app, rp):
    params, _ = request_params(rp[0], ui_locales="fr zh-TW en")
    location = go(Api(app.test_client()), params)
    assert location.startswith("/signin?next=") and query(location)["lang"] == "zh_Hant"


def test_a_bad_request_is_an_error_before_sign_in(app, rp):
    params, _ = request_params(rp[0], redirect_uri="https://evil.example/cb")
    resp = Api(app.test_client()).get("/oauth/authorize?" + urlencode(params))
    assert resp.status_code == 400 and resp.get_json()["error"] in {"invalid_request", "invalid_redirect_uri"}
