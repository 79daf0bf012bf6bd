"""A mandate ends at its end date: refused at once, before the housekeeping job runs; the job then marks
it expired and tells both people. One that has not started yet is refused too."""

from tests.support.cases import jobs_run, post  # noqa: F401 - jobs_run: autouse
from tests.support.mandates import (
    GA_MATTER,
    acting,
    active,
    draft,
    drain,
    expire_mandate,
    grant,
    inbox,
    person,
    refused,
    until,
    uploads_dir,  # noqa: F401 - autouse
)


def _status_in_db(app, mandate_id):
    from sqlalchemy import select
    from tongban.extensions import db
    from tongban.mandates.models import Mandate

    with app.app_context():
        return db.session.scalars(select(Mandate.status).where(Mandate.public_id == mandate_id)).one()


def test_past_its_end_a_mandate_is_refused_at_once_and_housekeeping_ends_it(app):
    from tongban.worker import housekeeping

    principal, agent = person(app), person(app)
    mid = active(principal, agent)
    number = draft(acting(agent, mid))
    expire_mandate(app, mid)
    assert _status_in_db(app, mid) == "active"  # the job has not run yet
    for resp in (agent.get("/api/v1/me/cases"), agent.get(f"/api/v1/cases/{number}"),
                 post(agent, "/api/v1/cases", {"matter": GA_MATTER})):
        assert refused(resp, 403, "mandate-expired"), resp.get_json()
    acting(agent, None)
    seen = principal.get(f"/api/v1/mandates/{mid}").get_json()
    assert seen["status"] == "expired" and seen["allowed_actions"] == []  # as of now, before the job
    assert refused(principal.post(f"/api/v1/mandates/{mid}/revoke"), 409, "conflict")
    drain(app)
    before = {side: {n["id"] for n in inbox(side)} for side in (principal, agent)}

    with app.app_context():
        assert housekeeping()["mandates_expired"] >= 1
    assert _status_in_db(app, mid) == "expired"
    body = principal.get(f"/api/v1/mandates/{mid}").get_json()
    assert body["history"][-1] == {**body["history"][-1], "kind": "expired", "via": "system"}
    assert body["ended_at"]
    drain(app)
    for side in (principal, agent):
        new = [n for n in inbox(side) if n["id"] not in before[side]]
        assert len(new) == 1 and agent.name in new[0]["body"] and principal.name in new[0]["body"], new
    with app.app_context():
        housekeeping()  # a second run changes nothing and tells nobody again
    drain(app)
    assert len(inbox(principal)) == len(before[principal]) + 1
    assert refused(acting(agent, mid).get("/api/v1/me/cases"), 403, "mandate-expired")
    assert principal.get(f"/api/v1/cases/{number}").get_json()["status"] == "draft"


def test_a_pending_mandate_past_its_end_expires_too(app):
    from tongban.worker import housekeeping

    principal, agent = person(app), person(app)
    mid = grant(principal, agent).get_json()["id"]
    expire_mandate(app, mid)
    seen = agent.get(f"/api/v1/mandates/{mid}").get_json()
    assert (seen["status"], seen["awaiting"], seen["allowed_actions"]) == ("expired", None, [])
    assert refused(agent.post(f"/api/v1/mandates/{mid}/accept"), 409, "conflict")  # too late to accept
    assert refused(acting(agent, mid).get("/api/v1/me/cases"), 403, "mandate-expired")
    acting(agent, None)
    with app.app_context():
        housekeeping()
    assert _status_in_db(app, mid) == "expired"
    assert refused(acting(agent, mid).get("/api/v1/me/cases"), 403, "mandate-expired")


def test_a_mandate_that_has_not_started_is_refused(app):
    principal, agent = person(app), person(app)
    mid = active(principal, agent, valid_from=until(2), valid_until=until(30))
    resp = acting(agent, mid).get("/api/v1/me/cases")
    assert refused(resp, 403, "mandate-not-started") and resp.get_json()["detail"]


def test_revoking_by_code_skips_what_has_already_ended(app):
    from tests.support.api import Api

    principal, ended, current = person(app), person(app), person(app)
    old = active(principal, ended)
    expire_mandate(app, old)  # past its end, not yet marked by the job
    live = active(principal, current)
    anon = Api(app.test_client())
    assert anon.post("/api/v1/mandates/revocation-code", {"phone": principal.phone}).status_code == 202
    done = anon.post("/api/v1/mandates/revoke-by-code", {"phone": principal.phone,
                                                         "code": anon.last_code(principal.phone)})
    assert done.status_code == 200, done.get_json()
    assert [m["id"] for m in done.get_json()["revoked"]] == [live]
    assert principal.get(f"/api/v1/mandates/{old}").get_json()["status"] == "expired"
