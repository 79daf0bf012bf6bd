"""GET /api/v1/auth/session: how the PWA learns who is signed in without a 401 in the console (issue 10).

Signed out it answers 200 with no profile; signed in, the same profile GET /me gives. GET /me keeps
answering 401 without a session: API clients rely on that. The session cookie stays HttpOnly.
"""

from __future__ import annotations

from tests.support.api import Api


def test_signed_out_is_a_200_with_no_profile(api: Api) -> None:
    resp = api.get("/api/v1/auth/session")
    assert resp.status_code == 200
    assert resp.get_json() == {"signed_in": False, "profile": None}
    assert resp.headers["Cache-Control"] == "no-store"
    assert api.get("/api/v1/me").status_code == 401, "GET /me's contract is unchanged"


def test_signed_in_gives_the_profile_of_get_me(api: Api) -> None:
    _, signup = api.signup()
    assert signup.status_code == 201
    cookie = signup.headers.getlist("Set-Cookie")
    assert any(c.startswith("tb_sid=") and "HttpOnly" in c for c in cookie), "the session cookie stays HttpOnly"
    state = api.get("/api/v1/auth/session").get_json()
    me = api.get("/api/v1/me").get_json()
    assert state["signed_in"] is True
    assert state["profile"] == me
    api.post("/api/v1/auth/signout")
    assert api.get("/api/v1/auth/session").get_json() == {"signed_in": False, "profile": None}

