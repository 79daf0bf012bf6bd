"""Sign-up with a sandbox phone code and the real-name check; sign-in with a code; abuse limits."""

from datetime import timedelta

from tongban.identity.verifier import demo_registry

from tests.support.api import new_phone

PERSON_ID, PERSON_NAME = next((k, v) for k, v in demo_registry().items() if v == "测试用户甲")


def test_signup_with_code_gives_l1_then_real_name_gives_l2(api):
    phone, resp = api.signup()
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["assurance"] == "L1" and body["phone_masked"] == phone[:3] + "****" + phone[-4:]
    resp = api.post("/api/v1/me/real-name", {"name": PERSON_NAME, "id_number": PERSON_ID})
    assert resp.status_code == 200, resp.get_json()
    me = resp.get_json()
    assert me["assurance"] == "L2" and me["id_number_masked"] == PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:]
    assert PERSON_ID not in resp.get_data(as_text=True)


def test_wrong_check_digit_is_400_naming_the_rule_and_creates_nothing(api):
    phone = new_phone()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"})
    code = api.last_code(phone)
    bad = PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")
    resp = api.post("/api/v1/auth/signup", {"phone": phone, "code": code, "name": PERSON_NAME, "id_number": bad})
    assert resp.status_code == 400
    assert "校验码" in resp.get_json()["errors"]["id_number"][0]  # the check digit, in words (not “GB 11643”)
    assert api.get("/api/v1/me").status_code == 401
    # the code was not spent on the typo: the corrected form still works
    resp = api.post("/api/v1/auth/signup", {"phone": phone, "code": code})
    assert resp.status_code == 201


def test_unknown_person_fails_the_sandbox_registry(api):
    api.signup()
    resp = api.post("/api/v1/me/real-name", {"name": "某人", "id_number": "11010519491231002X"})
    assert resp.status_code == 400 and "沙箱" in resp.get_json()["detail"]


def test_a_code_is_single_use(api, client):
    phone, _ = api.signup()
    api.post("/api/v1/auth/signout")
    api.reset_limits()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"})
    code = api.last_code(phone)
    assert api.post("/api/v1/auth/signin/code", {"phone": phone, "code": code}).status_code == 200
    api.post("/api/v1/auth/signout")
    resp = api.post("/api/v1/auth/signin/code", {"phone": phone, "code": code})
    assert resp.status_code == 400 and resp.get_json()["code"] == "code_invalid"


def test_an_expired_code_is_refused(api, app, monkeypatch):
    phone, _ = api.signup()
    api.post("/api/v1/auth/signout")
    api.reset_limits()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"})
    code = api.last_code(phone)
    from tongban.identity import otp

    real_now = otp.utcnow
    monkeypatch.setattr(otp, "utcnow", lambda: real_now() + timedelta(minutes=6))
    assert api.post("/api/v1/auth/signin/code", {"phone": phone, "code": code}).status_code == 400


def test_wrong_guesses_use_up_the_code(api):
    phone, _ = api.signup()
    api.post("/api/v1/auth/signout")
    api.reset_limits()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"})
    code = api.last_code(phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert api.post("/api/v1/auth/signin/code", {"phone": phone, "code": wrong}).status_code == 400
    assert api.post("/api/v1/auth/signin/code", {"phone": phone, "code": code}).status_code == 400


def test_sending_codes_too_fast_is_429_with_retry_after(api):
    phone = new_phone()
    assert api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"}).status_code == 202
    resp = api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"}, )
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) > 0
    assert "分钟" in resp.get_json()["detail"]


def test_sending_codes_from_one_address_is_limited(api):
    statuses = [api.post("/api/v1/auth/codes", {"phone": new_phone(), "purpose": "signup"}).status_code
                for _ in range(61)]
    assert statuses[:60] == [202] * 60 and statuses[60] == 429


def test_signup_twice_with_one_phone_is_409(api, client):
    phone, _ = api.signup()
    api.post("/api/v1/auth/signout")
    _, resp = api.signup(phone)
    assert resp.status_code == 409


def test_bad_phone_is_400_naming_the_field(api):
    resp = api.post("/api/v1/auth/codes", {"phone": "12345", "purpose": "signup"})
    assert resp.status_code == 400 and "phone" in resp.get_json()["errors"]


def test_state_changes_need_the_csrf_header(api):
    resp = api.post("/api/v1/auth/codes", {"phone": new_phone(), "purpose": "signup"}, csrf=False)
    assert resp.status_code == 403 and resp.get_json()["code"] == "csrf_failed"


def test_session_cookie_is_httponly_secure_and_samesite(api):
    phone = new_phone()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"})
    resp = api.post("/api/v1/auth/signup", {"phone": phone, "code": api.last_code(phone)})
    cookie = next(h for h in resp.headers.getlist("Set-Cookie") if h.startswith("tb_sid="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_an_id_number_already_verified_for_another_account_is_409(api):
    api.signup()
    zhang = next(k for k, v in demo_registry().items() if v == "张伟")  # the demo resident's number
    resp = api.post("/api/v1/me/real-name", {"name": "张伟", "id_number": zhang})
    assert resp.status_code == 409 and api.get("/api/v1/me").get_json()["assurance"] == "L1"


def test_a_failed_real_name_check_at_signup_leaves_no_account(api):
    phone = new_phone()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signup"})
    resp = api.post("/api/v1/auth/signup", {"phone": phone, "code": api.last_code(phone), "name": "某人",
                                            "id_number": "11010519491231002X"})  # valid digits, not registered
    assert resp.status_code == 400 and api.get("/api/v1/me").status_code == 401
    api.reset_limits()
    _, again = api.signup(phone)  # the phone is still free: nothing was half-written
    assert again.status_code == 201


def test_a_valid_code_for_an_unregistered_phone_reads_like_a_wrong_code(api):
    """Sign-in does not tell a stranger whether a phone number has an account."""
    phone = new_phone()
    api.post("/api/v1/auth/codes", {"phone": phone, "purpose": "signin"})
    unknown = api.post("/api/v1/auth/signin/code", {"phone": phone, "code": api.last_code(phone)})
    registered, _ = api.signup()
    api.post("/api/v1/auth/signout")
    api.reset_limits()
    api.post("/api/v1/auth/codes", {"phone": registered, "purpose": "signin"})
    wrong = api.post("/api/v1/auth/signin/code", {"phone": registered, "code": "000000"})
    assert unknown.status_code == wrong.status_code == 400
    assert unknown.get_json() == wrong.get_json()
