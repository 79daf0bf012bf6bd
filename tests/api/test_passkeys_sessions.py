"""Passkeys (single-use challenges, origin, sign counts, user verification) and my sessions."""

from tests.support.api import Api
from tests.support.soft_authenticator import SoftAuthenticator


def add_passkey(api, auth=None, name="我的手机"):
    auth = auth or SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    resp = api.post("/api/v1/me/passkeys", {"handle": opts["handle"], "credential": auth.create(opts["publicKey"]),
                                           "name": name})
    assert resp.status_code == 201, resp.get_json()
    return auth


def passkey_signin(api, auth, *, staff=False, **kw):
    opts = api.post("/api/v1/auth/passkey/options", {"staff": staff}).get_json()
    cred = auth.get(opts["publicKey"], **kw)
    return api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": cred, "staff": staff}), opts, cred


def test_register_then_sign_in_with_a_passkey(api):
    api.signup()
    auth = add_passkey(api)
    assert [p["name"] for p in api.get("/api/v1/me/passkeys").get_json()["items"]] == ["我的手机"]
    api.post("/api/v1/auth/signout")
    assert api.get("/api/v1/me").status_code == 401
    resp, _, _ = passkey_signin(api, auth)
    assert resp.status_code == 200 and resp.get_json()["session"]["amr"] == ["hwk", "user"]


def test_a_replayed_assertion_and_a_used_challenge_are_refused(api, client):
    api.signup()
    auth = add_passkey(api)
    api.post("/api/v1/auth/signout")
    resp, opts, cred = passkey_signin(api, auth)
    assert resp.status_code == 200
    api.post("/api/v1/auth/signout")
    replay = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": cred})
    assert replay.status_code == 400 and replay.get_json()["code"] == "passkey_failed"
    assert api.get("/api/v1/me").status_code == 401


def test_a_wrong_origin_is_refused_and_burns_the_challenge(api):
    api.signup()
    auth = add_passkey(api)
    api.post("/api/v1/auth/signout")
    resp, opts, _ = passkey_signin(api, auth, origin="https://evil.example")
    assert resp.status_code == 400
    retry = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"])})
    assert retry.status_code == 400  # single use, whatever the outcome
    assert api.get("/api/v1/me").status_code == 401


def test_a_sign_count_that_goes_back_is_refused(api):
    api.signup()
    auth = add_passkey(api)
    api.post("/api/v1/auth/signout")
    assert passkey_signin(api, auth)[0].status_code == 200
    api.post("/api/v1/auth/signout")
    auth.sign_count = 0  # a cloned authenticator
    assert passkey_signin(api, auth)[0].status_code == 400


def test_registration_needs_user_verification(api):
    api.signup()
    auth = SoftAuthenticator(user_verification=False)
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    resp = api.post("/api/v1/me/passkeys", {"handle": opts["handle"], "credential": auth.create(opts["publicKey"])})
    assert resp.status_code == 400 and api.get("/api/v1/me/passkeys").get_json()["items"] == []


def test_another_persons_registration_handle_is_useless(app, api):
    api.signup()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    mallory = Api(app.test_client())
    mallory.signup()
    resp = mallory.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                                "credential": SoftAuthenticator().create(opts["publicKey"])})
    assert resp.status_code == 400


def test_remove_a_passkey_and_not_someone_elses(app, api):
    api.signup()
    add_passkey(api)
    pid = api.get("/api/v1/me/passkeys").get_json()["items"][0]["id"]
    other = Api(app.test_client())
    other.signup()
    assert other.post(f"/api/v1/me/passkeys/{pid}/remove").status_code == 404
    assert api.post(f"/api/v1/me/passkeys/{pid}/remove").status_code == 200
    assert api.get("/api/v1/me/passkeys").get_json()["items"] == []


def test_my_sessions_sign_out_one_or_all(app, api):
    phone, _ = api.signup()
    phone_two = Api(app.test_client())
    assert phone_two.signin_code(phone).status_code == 200
    items = api.get("/api/v1/me/sessions").get_json()["items"]
    assert len(items) == 2 and sum(i["current"] for i in items) == 1
    other = next(i for i in items if not i["current"])
    assert api.post(f"/api/v1/me/sessions/{other['id']}/revoke").status_code == 200
    assert phone_two.get("/api/v1/me").status_code == 401
    assert api.post("/api/v1/me/sessions/revoke-all").status_code == 200
    assert api.get("/api/v1/me").status_code == 401


def test_another_persons_session_id_is_404(app, api):
    api.signup()
    victim = Api(app.test_client())
    victim.signup()
    victim_session = victim.get("/api/v1/me").get_json()["session"]["id"]
    assert api.post(f"/api/v1/me/sessions/{victim_session}/revoke").status_code == 404
    assert victim.get("/api/v1/me").status_code == 200


def test_kiosk_sessions_are_short(api):
    phone, _ = api.signup()
    api.post("/api/v1/auth/signout")
    api.reset_limits()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"})
    resp = api.post("/api/v1/auth/signin/code", {"phone": phone, "code": api.last_code(phone), "kiosk": True})
    from datetime import datetime

    me = resp.get_json()["session"]
    assert me["kiosk"] is True
    lifetime = datetime.fromisoformat(me["expires_at"]) - datetime.now(datetime.fromisoformat(me["expires_at"]).tzinfo)
    assert lifetime.total_seconds() <= 15 * 60


def test_signing_in_again_ends_the_previous_session_in_this_browser(api):
    phone, _ = api.signup()
    first = api.get("/api/v1/me").get_json()["session"]["id"]
    assert api.signin_code(phone).status_code == 200
    ids = [s["id"] for s in api.get("/api/v1/me/sessions").get_json()["items"]]
    assert first not in ids and len(ids) == 1


def test_path_traversal_outside_the_pwa_is_404_or_the_shell(client):
    shell = client.get("/").data
    for path in ("/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/assets/../../pyproject.toml",
                 "/%2e%2e/%2e%2e/pyproject.toml", "/assets/..%2f..%2fREADME.md"):
        resp = client.get(path)
        assert resp.status_code == 404 or resp.data == shell, path

def test_times_carry_a_zone(api):
    from datetime import datetime

    api.signup()
    me = api.get("/api/v1/me").get_json()
    session = api.get("/api/v1/me/sessions").get_json()["items"][0]
    for value in (me["session"]["expires_at"], session["created_at"], session["last_seen_at"]):
        assert datetime.fromisoformat(value).utcoffset() is not None, value


def test_an_idle_session_ends(api, monkeypatch):
    from datetime import timedelta

    from tongban.identity import sessions

    api.signup()
    assert api.get("/api/v1/me").status_code == 200
    real = sessions.utcnow
    monkeypatch.setattr(sessions, "utcnow", lambda: real() + timedelta(minutes=31))
    assert api.get("/api/v1/me").status_code == 401


def test_a_staff_sign_in_answers_with_the_staff_powers_at_once(app):
    """The profile in the sign-in answer is the new session's: active staff posts, not an anonymous view."""
    from tests.support.api import Api
    from tests.support.soft_authenticator import SoftAuthenticator
    from tests.support.staff import PHONES

    api = Api(app.test_client())
    assert api.signin_code(PHONES["reviewer"]).status_code == 200
    auth = SoftAuthenticator()
    opts = api.post("/api/v1/me/passkeys/options").get_json()
    assert api.post("/api/v1/me/passkeys", {"handle": opts["handle"],
                                            "credential": auth.create(opts["publicKey"])}).status_code == 201
    api.post("/api/v1/auth/signout")
    opts = api.post("/api/v1/auth/passkey/options", {"staff": True}).get_json()
    resp = api.post("/api/v1/auth/passkey", {"handle": opts["handle"], "credential": auth.get(opts["publicKey"]),
                                             "staff": True})
    assert resp.status_code == 200
    assert [s["active"] for s in resp.get_json()["staff"]] == [True]
