"""Single sign-on for department systems, end to end against a running server, with Authlib's own
OAuth 2 client as the relying party: code + PKCE (S256) + nonce, ID token, userinfo with the level
of assurance, SSO without a second sign-in, pairwise subjects, refresh rotation, revocation,
introspection and client credentials; every client authentication method discovery names; replayed
codes and refresh tokens revoking what they gave; and the errors the specs name. A second, independent
relying party (pyoidc) is in test_oidc_pyoidc.py."""

import re
import secrets
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select
from tongban.audit.models import AuditEntry
from tongban.extensions import db
from tongban.identity import oauth_service
from tongban.identity.verifier import demo_registry

from tests.support.live import live_server

REDIRECT = "http://localhost:9/callback"  # never fetched: the test reads the Location header
SCOPE = "openid profile loa"


@pytest.fixture(scope="module")
def base(app, database_url, tmp_path_factory):  # app: the database is migrated and loaded
    with live_server(database_url, tmp_path_factory.mktemp("live") / "gunicorn.log") as url:
        yield url


@pytest.fixture(scope="module")
def clients(app):
    with app.app_context():
        made = {}
        for key in ("a", "b"):
            client, secret = oauth_service.create_client(f"部门系统{key}（测试）", [REDIRECT], SCOPE,
                                                         ["authorization_code", "refresh_token"], public=False,
                                                         actor="test")
            made[key] = (client.client_id, secret)
        machine, secret = oauth_service.create_client("数据共享（测试）", [], "assurance:read",
                                                      ["client_credentials"], public=False, actor="test")
        made["machine"] = (machine.client_id, secret)
        for key, method in (("post", "client_secret_post"), ("public", "none")):
            client, secret = oauth_service.create_client(f"部门系统{key}（测试）", [REDIRECT], SCOPE,
                                                         ["authorization_code", "refresh_token"], public=False,
                                                         actor="test", auth_method=method)
            made[key] = (client.client_id, secret)
        db.session.commit()
        return made


@pytest.fixture(scope="module")
def person(base):
    """A browser session of a resident who signed up with a sandbox code and passed the real-name check."""
    ua = requests.Session()
    ua.get(base + "/api/v1/health")
    phone = f"137{secrets.randbelow(10**8):08d}"
    ua.headers["X-CSRF-Token"] = ua.cookies["tb_csrf"]
    assert ua.post(base + "/api/v1/auth/codes", json={"phone": phone, "purpose": "signup"}).status_code == 202
    body = next(m["body"] for m in ua.get(base + "/api/v1/dev/outbox").json()["items"] if m["phone"] == phone)
    code = re.search(r"\d{6}", body).group(0)
    assert ua.post(base + "/api/v1/auth/signup", json={"phone": phone, "code": code}).status_code == 201
    ua.headers["X-CSRF-Token"] = ua.cookies["tb_csrf"]  # the session's own token from now on
    number, name = next((k, v) for k, v in demo_registry().items() if v == "测试用户乙")
    assert ua.post(base + "/api/v1/me/real-name", json={"name": name, "id_number": number}).status_code == 200
    return ua


METHODS = {"a": "client_secret_basic", "b": "client_secret_basic", "post": "client_secret_post", "public": "none"}


def rp(base, clients, key="a", **kw):
    client_id, secret = clients[key]
    return OAuth2Session(client_id, secret, scope=SCOPE, redirect_uri=REDIRECT, code_challenge_method="S256",
                         token_endpoint_auth_method=METHODS[key], **kw)


def revocations(app, client_id):
    with app.app_context():
        return [e.data for e in db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "oauth.revoke_family", AuditEntry.object_id == client_id))]


def alive(base, clients, key, token):
    """Whether an access token still works: introspection (its own client) and userinfo agree."""
    client_id, secret = clients[key]
    active = requests.post(base + "/oauth/introspect", auth=(client_id, secret),
                           data={"token": token["access_token"]}).json()["active"]
    userinfo = requests.get(base + "/oauth/userinfo", headers={"Authorization": "Bearer " + token["access_token"]})
    assert active == (userinfo.status_code == 200)
    return active


def authorize(base, ua, session, nonce, verifier, *, consent=True, **extra):
    url, state = session.create_authorization_url(base + "/oauth/authorize", nonce=nonce, code_verifier=verifier,
                                                  **extra)
    resp = ua.get(url, allow_redirects=False)
    assert resp.status_code == 302, resp.text
    location = resp.headers["Location"]
    if location.startswith("/consent?"):
        assert consent, "consent was asked again"
        info = ua.get(base + "/api/v1/oauth/consent?" + urlsplit(location).query).json()
        assert info["client_name"].startswith("部门系统") and {s["name"] for s in info["scopes"]} == set(SCOPE.split())
        assert {s["description"] for s in info["scopes"]} >= {"为您登录", "您的姓名"}  # translated (zh_Hans)
        resp = ua.post(base + "/oauth/authorize", data={**info["params"], "csrf_token": info["csrf_token"],
                                                          "decision": "allow"}, allow_redirects=False)
        location = resp.headers["Location"]
    assert location.startswith(REDIRECT), location
    return location, state


def id_claims(base, token):
    keys = KeySet.import_key_set(requests.get(base + "/oauth/jwks").json())
    return jwt.decode(token["id_token"], keys).claims


@pytest.fixture(scope="module")
def consented(base, clients, person):
    """The same resident after a first sign-in to client "a" in which they allowed it on the consent page:
    the tests of later sign-ins (consent=False) start from this, not from an earlier test's consent."""
    session = rp(base, clients)
    authorize(base, person, session, "n-first", secrets.token_urlsafe(48))
    return person


def test_discovery_names_the_endpoints_and_pkce_s256_only(base):
    meta = requests.get(base + "/.well-known/openid-configuration").json()
    assert meta["issuer"] == base and meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["subject_types_supported"] == ["pairwise"]
    assert requests.get(meta["jwks_uri"]).json()["keys"][0]["kty"] == "RSA"


def test_discovery_lists_exactly_what_works(base):
    """Every method and mode listed is exercised by a test in this file or test_oidc_prompt.py; what is
    not supported is said (OIDC Discovery defaults request_uri_parameter_supported to true)."""
    meta = requests.get(base + "/.well-known/openid-configuration").json()
    assert meta["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post", "none"]
    assert meta["revocation_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post",
                                                                  "none"]
    assert meta["introspection_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post"]
    assert meta["response_types_supported"] == ["code"] and meta["response_modes_supported"] == ["query"]
    assert meta["prompt_values_supported"] == ["consent", "login", "none"]
    assert meta["request_parameter_supported"] is False and meta["request_uri_parameter_supported"] is False
    assert meta["claims_parameter_supported"] is False and "auth_time" in meta["claims_supported"]


@pytest.mark.parametrize("key", ["a", "post", "public"])
def test_every_advertised_client_authentication_method_works_with_a_stock_client(base, clients, person, key):
    session, nonce, verifier = rp(base, clients, key), secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    location, _ = authorize(base, person, session, nonce, verifier)
    token = session.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    claims = id_claims(base, token)
    assert claims["aud"] == [clients[key][0]] and claims["nonce"] == nonce and claims["auth_time"] <= time.time()
    assert session.get(base + "/oauth/userinfo").json()["sub"] == claims["sub"]
    refreshed = session.refresh_token(base + "/oauth/token", refresh_token=token["refresh_token"])
    assert refreshed["access_token"] != token["access_token"]
    assert session.revoke_token(base + "/oauth/revoke", refreshed["access_token"]).status_code == 200
    assert session.get(base + "/oauth/userinfo").status_code == 401


def test_a_client_authenticates_only_the_way_it_registered(base, clients):
    for key, other in (("a", "client_secret_post"), ("post", "client_secret_basic")):
        client_id, secret = clients[key]
        machine = OAuth2Session(client_id, secret, token_endpoint_auth_method=other)
        resp = machine.post(base + "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": "tbr_x"},
                            withhold_token=True, auth=machine.client_auth)
        assert resp.status_code in (400, 401) and resp.json()["error"] == "invalid_client", (key, resp.text)
    public_id, _ = clients["public"]
    resp = requests.post(base + "/oauth/introspect", data={"client_id": public_id, "token": "tba_x"})
    assert resp.json()["error"] == "invalid_client"


def test_sign_in_with_pkce_and_nonce_gives_id_token_and_level_of_assurance(base, clients, person):
    session, nonce, verifier = rp(base, clients), secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    location, _ = authorize(base, person, session, nonce, verifier)
    token = session.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    assert token["access_token"].startswith("tba_") and token["refresh_token"].startswith("tbr_")
    claims = id_claims(base, token)
    assert claims["iss"] == base and claims["aud"] == [clients["a"][0]] and claims["nonce"] == nonce
    assert claims["acr"] == "urn:tongban:loa:L2" and claims["tongban_loa"] == "L2"
    info = session.get(base + "/oauth/userinfo").json()
    assert info["sub"] == claims["sub"] and info["tongban_loa"] == "L2" and info["name"] == "测试用户乙"


def test_second_sign_in_needs_no_consent_or_password(base, clients, consented):
    session, verifier = rp(base, clients), secrets.token_urlsafe(48)
    location, _ = authorize(base, consented, session, "n2", verifier, consent=False)
    assert "code=" in location


def test_subjects_are_pairwise_per_client(base, clients, person):
    subs = []
    for key in ("a", "b"):
        session, verifier = rp(base, clients, key), secrets.token_urlsafe(48)
        location, _ = authorize(base, person, session, "n-" + key, verifier)
        subs.append(id_claims(base, session.fetch_token(base + "/oauth/token", authorization_response=location,
                                                        code_verifier=verifier))["sub"])
    assert subs[0] != subs[1]


def test_plain_pkce_is_refused(base, clients, person):
    client_id = clients["a"][0]
    resp = person.get(base + "/oauth/authorize", params={
        "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": SCOPE, "nonce": "x",
        "code_challenge": "a" * 43, "code_challenge_method": "plain", "state": "s"}, allow_redirects=False)
    query = parse_qs(urlsplit(resp.headers["Location"]).query)
    assert query["error"] == ["invalid_request"]


def test_missing_pkce_is_refused(base, clients, person):
    resp = person.get(base + "/oauth/authorize", params={
        "response_type": "code", "client_id": clients["a"][0], "redirect_uri": REDIRECT, "scope": SCOPE,
        "nonce": "x", "state": "s"}, allow_redirects=False)
    assert parse_qs(urlsplit(resp.headers["Location"]).query)["error"] == ["invalid_request"]


def test_an_unregistered_redirect_uri_is_an_error_not_a_redirect(base, clients, person):
    resp = person.get(base + "/oauth/authorize", params={
        "response_type": "code", "client_id": clients["a"][0], "redirect_uri": "https://evil.example/cb",
        "scope": SCOPE, "nonce": "x", "code_challenge": "a" * 43, "code_challenge_method": "S256"},
        allow_redirects=False)
    assert resp.status_code == 400 and "evil" not in resp.headers.get("Location", "")
    assert resp.json()["error"] in {"invalid_request", "invalid_redirect_uri"}


def test_a_wrong_verifier_and_a_reused_code_are_invalid_grant(base, clients, consented):
    session, verifier = rp(base, clients), secrets.token_urlsafe(48)
    location, _ = authorize(base, consented, session, "n3", verifier, consent=False)
    code = parse_qs(urlsplit(location).query)["code"][0]
    client_id, secret = clients["a"]
    bad = requests.post(base + "/oauth/token", auth=(client_id, secret), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": "x" * 50})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"
    # A failed verifier does not burn the code for its rightful holder; a second use after success fails.
    ok = requests.post(base + "/oauth/token", auth=(client_id, secret), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier})
    again = requests.post(base + "/oauth/token", auth=(client_id, secret), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier})
    assert ok.status_code == 200
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_a_code_redeemed_twice_revokes_the_tokens_it_gave(app, base, clients, consented):
    """RFC 6749 §4.1.2: the second redemption is refused, and what the first got stops working."""
    session, verifier = rp(base, clients), secrets.token_urlsafe(48)
    location, _ = authorize(base, consented, session, "n-replay", verifier, consent=False)
    first = session.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    assert alive(base, clients, "a", first)
    again = rp(base, clients)
    with pytest.raises(OAuthError) as refused:
        again.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    assert refused.value.error == "invalid_grant"
    assert not alive(base, clients, "a", first)
    client_id, secret = clients["a"]
    refresh = requests.post(base + "/oauth/token", auth=(client_id, secret),
                            data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert refresh.status_code == 400 and refresh.json()["error"] == "invalid_grant"
    assert {"reason": "authorization_code_reused", "tokens": 1} in revocations(app, client_id)


def test_refresh_rotates_and_a_replayed_refresh_token_ends_the_chain(app, base, clients, consented):
    session, verifier = rp(base, clients), secrets.token_urlsafe(48)
    location, _ = authorize(base, consented, session, "n4", verifier, consent=False)
    first = session.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    second = session.refresh_token(base + "/oauth/token", refresh_token=first["refresh_token"])
    assert second["access_token"] != first["access_token"] and second["refresh_token"] != first["refresh_token"]
    assert alive(base, clients, "a", second) and not alive(base, clients, "a", first)
    client_id, secret = clients["a"]
    reuse = requests.post(base + "/oauth/token", auth=(client_id, secret),
                          data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    # The replay ended the chain (RFC 9700 §4.14.2): the client must send the person to sign in again.
    assert not alive(base, clients, "a", second)
    again = requests.post(base + "/oauth/token", auth=(client_id, secret),
                          data={"grant_type": "refresh_token", "refresh_token": second["refresh_token"]})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert {"reason": "refresh_token_reused", "tokens": 1} in revocations(app, client_id)


def test_revocation_ends_the_token(base, clients, consented):
    session, verifier = rp(base, clients), secrets.token_urlsafe(48)
    location, _ = authorize(base, consented, session, "n4b", verifier, consent=False)
    token = session.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    client_id, secret = clients["a"]
    intro = requests.post(base + "/oauth/introspect", auth=(client_id, secret), data={"token": token["access_token"]})
    assert intro.json()["active"] is True and intro.json()["sub"]
    assert requests.post(base + "/oauth/revoke", auth=(client_id, secret),
                         data={"token": token["access_token"]}).status_code == 200
    intro = requests.post(base + "/oauth/introspect", auth=(client_id, secret), data={"token": token["access_token"]})
    assert intro.json() == {"active": False}
    assert requests.get(base + "/oauth/userinfo",
                        headers={"Authorization": "Bearer " + token["access_token"]}).status_code == 401


def test_another_client_cannot_introspect_my_token(base, clients, consented):
    session, verifier = rp(base, clients), secrets.token_urlsafe(48)
    location, _ = authorize(base, consented, session, "n5", verifier, consent=False)
    token = session.fetch_token(base + "/oauth/token", authorization_response=location, code_verifier=verifier)
    other_id, other_secret = clients["b"]
    resp = requests.post(base + "/oauth/introspect", auth=(other_id, other_secret),
                         data={"token": token["access_token"]})
    assert resp.json().get("active") is not True


def test_client_credentials_give_a_scoped_machine_token(base, clients):
    client_id, secret = clients["machine"]
    machine = OAuth2Session(client_id, secret, scope="assurance:read")
    token = machine.fetch_token(base + "/oauth/token", grant_type="client_credentials")
    assert token["scope"] == "assurance:read" and "refresh_token" not in token
    wrong = requests.post(base + "/oauth/token", auth=(client_id, "tbs_wrong"),
                          data={"grant_type": "client_credentials"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"


def test_a_signed_out_visitor_is_sent_to_sign_in(base, clients):
    session = rp(base, clients)
    url, _ = session.create_authorization_url(base + "/oauth/authorize", nonce="n", code_verifier="v" * 50)
    resp = requests.get(url, allow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/signin?next=%2Foauth%2Fauthorize")


def _consent_params(base, clients, ua):
    session = rp(base, clients)
    url, _ = session.create_authorization_url(base + "/oauth/authorize", nonce="nf", code_verifier="v" * 50,
                                              prompt="consent")
    location = ua.get(url, allow_redirects=False).headers["Location"]
    return ua.get(base + "/api/v1/oauth/consent?" + urlsplit(location).query).json()["params"]


def test_a_forged_consent_post_issues_no_code(base, clients, person):
    params = _consent_params(base, clients, person)
    for token in ("", "forged"):
        resp = person.post(base + "/oauth/authorize", data={**params, "csrf_token": token, "decision": "allow"},
                           allow_redirects=False)
        assert resp.status_code == 403 and resp.json()["code"] == "csrf_failed"
        assert "code=" not in resp.headers.get("Location", "")


def test_consent_after_the_session_ended_goes_to_sign_in_with_the_same_request(base, clients, person):
    params = _consent_params(base, clients, person)
    stranger = requests.Session()  # no session cookie: as if it had expired
    resp = stranger.post(base + "/oauth/authorize", data={**params, "csrf_token": "x", "decision": "allow"},
                         allow_redirects=False)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/signin?next=%2Foauth%2Fauthorize")
    assert "code_challenge" in resp.headers["Location"]
