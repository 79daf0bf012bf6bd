"""What a new mandate is refused for, and what cannot be done with one: oneself, loops, duplicates, the
per-agent limit, terms and scopes that make no sense, unknown people (one answer for every miss),
confirmation codes (wrong, expired, reused, guessed), revocation by a code to the principal's phone,
a mandate that ends while an application is half done, passing one on, and a wrong Acting-For."""

from datetime import timedelta

import pytest

from tests.support.api import Api
from tests.support.cases import jobs_run, post, sign, upload  # noqa: F401 - jobs_run: autouse
from tests.support.mandates import (
    GA_MATTER,
    GA_PROOF,
    PDF,
    acting,
    active,
    ask,
    draft,
    expire_mandate,
    grant,
    kind_of,
    person,
    refused,
    set_row,
    until,
    uploads_dir,  # noqa: F401 - autouse
    who,
)


def test_nobody_authorises_themselves(app):
    me = person(app)
    assert refused(grant(me, me), 400, "mandate-self")
    assert refused(ask(me, me), 400, "mandate-self")


def test_a_mandate_cannot_go_in_a_loop(app):
    a, b = person(app), person(app)
    active(b, a)  # a acts for b
    assert refused(ask(b, a), 409, "mandate-loop")  # b asks to act for a
    assert refused(grant(a, b), 409, "mandate-loop")  # a grants b
    pending_a, pending_b = person(app), person(app)
    assert grant(pending_b, pending_a).status_code == 201  # waiting counts too
    assert refused(grant(pending_a, pending_b), 409, "mandate-loop")


def test_one_open_mandate_per_pair(app):
    principal, agent = person(app), person(app)
    first = grant(principal, agent).get_json()
    assert refused(grant(principal, agent, permissions=["view"]), 409, "mandate-duplicate")
    assert refused(ask(agent, principal), 409, "mandate-duplicate")
    assert principal.post(f"/api/v1/mandates/{first['id']}/revoke").status_code == 200
    assert grant(principal, agent).status_code == 201  # once ended, a new one may be made


@pytest.fixture
def max_principals(app):
    extra = app.config["TONGBAN"].extra
    before = extra.get("mandate_max_principals")
    extra["mandate_max_principals"] = 2
    yield 2
    extra["mandate_max_principals"] = before


def test_an_agent_acts_for_a_limited_number_of_people(app, max_principals):
    agent = person(app)
    active(person(app), agent)
    assert grant(person(app), agent).status_code == 201  # pending ones count
    over = grant(person(app), agent)
    assert refused(over, 409, "mandate-limit") and str(max_principals) in over.get_json()["detail"]
    assert refused(ask(agent, person(app)), 409, "mandate-limit")


@pytest.mark.parametrize("terms, field", [
    ({"valid_until": until(-1)}, "valid_until"),
    ({"valid_until": until(366 * 5 + 2)}, "valid_until"),
    ({"valid_from": until(10), "valid_until": until(5)}, "valid_until"),
    ({"valid_until": "2031-01-01T00:00:00"}, "valid_until"),  # no time zone
    ({"scope": "categories", "scope_items": ["GA", "NOPE"]}, "scope_items"),
    ({"scope": "categories", "scope_items": []}, "scope_items"),
    ({"scope": "matters", "scope_items": ["FY-GA-0010", "FY-XX-9999"]}, "scope_items"),
    ({"scope": "everything"}, "scope"),
    ({"permissions": []}, "permissions"),
    ({"permissions": ["view", "fly"]}, "permissions.1"),
    ({"kind": "friend"}, "kind"),
])
def test_terms_that_make_no_sense_are_400(app, terms, field):
    principal, agent = person(app), person(app)
    resp = grant(principal, agent, **terms)
    assert refused(resp, 400, "validation-error"), resp.get_json()
    assert field in resp.get_json()["errors"], resp.get_json()
    assert principal.get("/api/v1/me/mandates").get_json()["as_principal"] == []


def test_an_unknown_person_and_a_wrong_name_get_the_same_answer(app):
    principal, agent, no_account = person(app), person(app), person(app)
    from tests.support.cases import registry_person

    unknown_number, unknown_name = registry_person()  # in the registry, never signed up
    answers = [
        grant(principal, agent, agent={"name": unknown_name, "id_number": unknown_number}),
        grant(principal, agent, agent={"name": agent.name + "某", "id_number": agent.id_number}),
        grant(principal, agent, agent={"name": no_account.name, "id_number": unknown_number}),
        ask(agent, principal, principal={"name": "王某某", "id_number": principal.id_number}),
    ]
    bodies = [a.get_json() for a in answers]
    assert all(a.status_code == 400 for a in answers)
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[3]["errors"] == {"principal.id_number": bodies[0]["errors"]["agent.id_number"]}
    bad_digit = grant(principal, agent, agent={"name": agent.name, "id_number": agent.id_number[:-1] + (
        "0" if agent.id_number[-1] != "0" else "1")})
    assert refused(bad_digit, 400, "validation-error") and bad_digit.get_json() != bodies[0]
    nobody = principal.post("/api/v1/mandates", {"kind": "family", "role": "principal", "permissions": ["view"],
                                                 "valid_until": until()})
    assert refused(nobody, 400, "validation-error") and "agent" in nobody.get_json()["errors"]


def test_naming_people_who_are_not_found_is_limited_per_caller(app):
    """So the form cannot be used to test who has an account: 10 misses an hour."""
    prober, agent, other = person(app), person(app), person(app)
    misses = [grant(prober, agent, agent={"name": f"某人{i}", "id_number": agent.id_number}).status_code
              for i in range(11)]
    assert misses == [400] * 10 + [429], misses
    assert grant(prober, agent).status_code == 429  # a right name too, until the bucket refills
    assert grant(other, agent).status_code == 201  # another caller is not affected


def _asked(app):
    principal, agent = person(app), person(app)
    m = ask(agent, principal).get_json()
    return principal, agent, m["id"]


def test_a_wrong_code_is_400_and_the_right_one_still_works(app):
    principal, agent, mid = _asked(app)
    wrong = agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": "000000"})
    if agent.last_code(principal.phone) == "000000":  # one in a million
        return
    assert refused(wrong, 400, "code-invalid") and "code" in wrong.get_json()["errors"]
    assert refused(agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": "12345"}), 400, "validation-error")
    ok = agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": agent.last_code(principal.phone)})
    assert ok.status_code == 200


def test_an_expired_code_is_refused(app):
    from tongban.core.db import utcnow
    from tongban.identity.models import OneTimeCode

    principal, agent, mid = _asked(app)
    code = agent.last_code(principal.phone)
    set_row(app, OneTimeCode, OneTimeCode.purpose == f"md:{mid}", expires_at=utcnow() - timedelta(seconds=1))
    late = agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": code})
    assert refused(late, 400, "code-invalid")
    assert principal.get(f"/api/v1/mandates/{mid}").get_json()["status"] == "pending"


def test_a_code_is_used_once(app):
    principal, agent, mid = _asked(app)
    code = agent.last_code(principal.phone)
    assert agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": code}).status_code == 200
    assert refused(agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": code}), 409, "conflict")


def test_guessing_the_code_is_rate_limited(app):
    principal, agent, mid = _asked(app)
    code = agent.last_code(principal.phone)
    guesses = [agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": f"{(int(code) + i) % 1_000_000:06d}"})
               for i in range(1, 12)]
    statuses = [g.status_code for g in guesses]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429, statuses
    assert "Retry-After" in guesses[10].headers
    assert agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": code}).status_code == 429  # even the right one
    agent.reset_limits()
    assert agent.post(f"/api/v1/mandates/{mid}/confirm", {"code": code}).status_code == 400  # 5 tries per code


def test_revocation_by_a_code_to_the_principals_phone(app):
    principal, agent_a, agent_b, someone = person(app), person(app), person(app), person(app)
    first = active(principal, agent_a)
    second = grant(principal, agent_b).get_json()["id"]  # pending ones end too
    theirs = active(someone, principal)  # what the principal holds as an agent is not theirs to end this way
    anon = Api(app.test_client())
    known = anon.post("/api/v1/mandates/revocation-code", {"phone": principal.phone})
    anon.reset_limits()
    unknown = anon.post("/api/v1/mandates/revocation-code", {"phone": "13999999990"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    anon.reset_limits()
    no_mandates = anon.post("/api/v1/mandates/revocation-code", {"phone": agent_a.phone})
    assert no_mandates.status_code == 202 and no_mandates.get_json() == known.get_json()
    assert not _revocation_texted(anon, agent_a.phone) and not _revocation_texted(anon, "13999999990")

    wrong = anon.post("/api/v1/mandates/revoke-by-code", {"phone": "13999999990", "code": "123456"})
    assert refused(wrong, 400, "code-invalid")
    code = anon.last_code(principal.phone)
    done = anon.post("/api/v1/mandates/revoke-by-code", {"phone": principal.phone, "code": code})
    assert done.status_code == 200, done.get_json()
    assert sorted(m["id"] for m in done.get_json()["revoked"]) == sorted([first, second])
    assert {m["status"] for m in done.get_json()["revoked"]} == {"revoked"}
    assert refused(acting(agent_a, first).get("/api/v1/me/cases"), 403, "mandate-revoked")
    assert someone.get(f"/api/v1/mandates/{theirs}").get_json()["status"] == "active"
    again = anon.post("/api/v1/mandates/revoke-by-code", {"phone": principal.phone, "code": code})
    assert refused(again, 400, "code-invalid")


def _revocation_texted(api, phone):
    return any(m["phone"] == phone and m["purpose"] == "md-revoke"
               for m in api.get("/api/v1/dev/outbox").get_json()["items"])


@pytest.mark.parametrize("ending", ["revoked", "expired"])
def test_a_mandate_that_ends_mid_application_keeps_the_draft_and_stops_the_agent(app, ending):
    principal, agent = person(app), person(app)
    mid = active(principal, agent)
    number = draft(acting(agent, mid))
    signature = sign(agent, number)  # the agent has the application signed, then the mandate ends
    if ending == "revoked":
        assert principal.post(f"/api/v1/mandates/{mid}/revoke").status_code == 200
    else:
        expire_mandate(app, mid)
    resp = post(agent, f"/api/v1/cases/{number}/submit", {"signature": signature})
    assert refused(resp, 403, f"mandate-{ending}")
    assert resp.get_json()["detail"]  # says when, in the reader's language
    assert refused(upload(agent, number, GA_PROOF, PDF), 403, f"mandate-{ending}")
    kept = principal.get(f"/api/v1/cases/{number}")
    assert kept.status_code == 200 and kept.get_json()["status"] == "draft"
    assert kept.get_json()["agent"]["name"] == agent.name
    assert number in [c["number"] for c in principal.get("/api/v1/me/cases").get_json()["items"]]


def test_an_agent_cannot_pass_the_mandate_on(app):
    principal, agent, third = person(app), person(app), person(app)
    mid = active(principal, agent)
    acting(agent, mid)
    for resp in (grant(agent, third), ask(agent, third), agent.get("/api/v1/me/mandates"),
                 agent.post("/api/v1/assist-sessions"), agent.get("/api/v1/me/mandates/activity")):
        assert refused(resp, 403, "mandate-onward"), resp.get_json()
    acting(agent, None)
    assert agent.get(f"/api/v1/mandates/{mid}").get_json()["status"] == "active"


def test_acting_for_with_someone_elses_or_a_made_up_mandate_is_403(app):
    principal, agent, intruder = person(app), person(app), person(app)
    mid = active(principal, agent)
    number = draft(acting(agent, mid))
    theirs = acting(intruder, mid).get(f"/api/v1/cases/{number}")
    assert refused(theirs, 403, "mandate-unknown")
    made_up = acting(intruder, "MD2345678923").get(f"/api/v1/cases/{number}")
    assert made_up.get_json() == theirs.get_json()  # no hint that the id exists
    for garbage in ("hello", "md" + mid[2:].lower(), mid + "X", "' OR 1=1 --", "MD", "   ", "MD%00ABCDEFGH"):
        resp = acting(intruder, garbage).get("/api/v1/me/cases")
        assert refused(resp, 403, "mandate-unknown"), (garbage, resp.get_json())
    assert refused(acting(intruder, mid).post("/api/v1/cases", {"matter": GA_MATTER}), 403, "mandate-unknown")


def test_acting_for_without_signing_in_is_401(app):
    principal, agent = person(app), person(app)
    mid = active(principal, agent)
    number = draft(acting(agent, mid))
    anon = acting(Api(app.test_client()), mid)
    assert refused(anon.get("/api/v1/me/cases"), 401, "unauthenticated")
    assert refused(anon.get(f"/api/v1/cases/{number}"), 401, "unauthenticated")
    assert refused(post(anon, "/api/v1/cases", {"matter": GA_MATTER}), 401, "unauthenticated")
    assert refused(anon.get("/api/v1/me/mandates"), 401, "unauthenticated")
    assert anon.get(f"/api/v1/matters/{GA_MATTER}").status_code == 200  # public pages stay public
    assert kind_of(anon.get(f"/api/v1/mandates/{mid}")) == "unauthenticated"


def test_the_party_fields_name_the_right_person(app):
    """Granting names the agent, asking names the principal: the other field is ignored, never used."""
    principal, agent, bystander = person(app), person(app), person(app)
    resp = grant(principal, agent, principal=who(bystander))
    assert resp.status_code == 201
    assert resp.get_json()["principal"]["name"] == principal.name
