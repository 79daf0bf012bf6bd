"""Who may see a mandate (policy.mandate_role): its two people and the clerk who witnessed it; a
guardianship's reviewer — and no reviewer for any other mandate, nor for its evidence. And who may
record a 帮办 confirmation in person: the clerk who joined, in a staff session, not a clerk signed in by
phone code (who joins as any relative would)."""

from tests.support.api import Api
from tests.support.cases import PNG, demo_staff, jobs_run  # noqa: F401 - jobs_run: autouse
from tests.support.mandates import (
    PEOPLE,
    acting,
    active,
    draft,
    multipart,
    person,
    refused,
    until,
    uploads_dir,  # noqa: F401 - autouse
    who,
)


def test_a_reviewer_sees_guardianships_only(app):
    supervisor = demo_staff(app, "supervisor")  # 周强: reviews guardianship documents
    principal, agent, guardian, ward = person(app), person(app), person(app), person(app)
    family = active(principal, agent)
    assert refused(supervisor.get(f"/api/v1/mandates/{family}"), 404, "not-found")
    assert refused(supervisor.get(f"/api/v1/mandates/{family}/evidence"), 404, "not-found")
    asked = guardian.post("/api/v1/mandates", {"kind": "guardian", "role": "agent", "principal": who(ward),
                                               "permissions": ["view"], "valid_until": until()})
    assert asked.status_code == 201, asked.get_json()
    gid = asked.get_json()["id"]
    assert multipart(guardian, f"/api/v1/mandates/{gid}/evidence", {},
                     {"file": (PNG, "判决书.png", "image/png")}).status_code == 200
    seen = supervisor.get(f"/api/v1/mandates/{gid}")
    assert seen.status_code == 200 and seen.get_json()["my_role"] == "reviewer"
    assert supervisor.get(f"/api/v1/mandates/{gid}/evidence").status_code == 200
    stranger = person(app)
    assert refused(stranger.get(f"/api/v1/mandates/{gid}"), 404, "not-found")


def test_a_clerk_signed_in_by_code_helps_as_a_relative_and_cannot_confirm_in_person(app):
    resident = person(app)
    clerk = Api(app.test_client())
    assert clerk.signin_code(PEOPLE["clerk_linquan"]["phone"]).status_code == 200  # no passkey: no staff session
    code = resident.post("/api/v1/assist-sessions").get_json()["code"]
    joined = clerk.post(f"/api/v1/assist-sessions/{code}/join")
    assert joined.status_code == 200 and joined.get_json()["helper_kind"] == "relative"
    draft(acting(clerk, joined.get_json()["mandate"]))
    acting(clerk, None)
    refused_ = clerk.post(f"/api/v1/assist-sessions/{code}/confirm", {"in_person": True,
                                                                     "id_number": resident.id_number})
    assert refused(refused_, 403, "assist-confirm-needed")
    assert resident.get(f"/api/v1/assist-sessions/{code}").get_json()["status"] == "joined"


def test_the_evidence_downloads_under_a_readable_name(app):
    guardian, ward = person(app), person(app)
    gid = guardian.post("/api/v1/mandates", {"kind": "guardian", "role": "agent", "principal": who(ward),
                                             "permissions": ["view"], "valid_until": until()}).get_json()["id"]
    multipart(guardian, f"/api/v1/mandates/{gid}/evidence", {}, {"file": (PNG, "x.png", "image/png")})
    got = guardian.get(f"/api/v1/mandates/{gid}/evidence")
    assert got.status_code == 200 and got.mimetype == "image/png"
    assert got.headers["Content-Disposition"].endswith(f"%20{gid}.png")  # 授权证明 MD….png, UTF-8 encoded
