"""帮办 sessions: the resident shows a code, a relative or a clerk joins and drafts acting with the
session's mandate, only the resident confirms (signing on their phone, or in person at the window),
and every ending — confirmed, cancelled, timed out — leaves the helper with no access."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.cases import demo_staff, jobs_run, post, sign  # noqa: F401 - jobs_run: autouse
from tests.support.mandates import (
    GA_FORM,
    acting,
    draft,
    person,
    refused,
    set_row,
    uploads_dir,  # noqa: F401 - autouse
)


def start(resident):
    resp = resident.post("/api/v1/assist-sessions")
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def join(helper, code):
    resp = helper.post(f"/api/v1/assist-sessions/{code}/join")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "joined" and body["mandate"].startswith("MD")
    return body["mandate"]


def account_id(api):
    return api.get("/api/v1/me").get_json()["account_id"]


def test_a_session_starts_with_a_six_digit_code_and_its_qr(app):
    resident, stranger = person(app), person(app)
    body = start(resident)
    assert re.fullmatch(r"[0-9]{6}", body["code"])
    assert body["qr_svg"].lstrip().startswith("<svg") and body["qr_svg"].rstrip().endswith("</svg>")
    assert body["code"] not in body["qr_svg"]  # the QR is drawn, not written
    assert (body["status"], body["helper_kind"], body["mandate"], body["case"]) == ("open", None, None, None)
    assert body["resident_name"] != resident.name and "*" in body["resident_name"]
    left = datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=9) < left <= timedelta(minutes=10)
    assert resident.get(f"/api/v1/assist-sessions/{body['code']}").get_json()["status"] == "open"
    assert stranger.get(f"/api/v1/assist-sessions/{body['code']}").status_code == 404
    again = start(resident)  # one session at a time: the first is cancelled
    assert resident.get(f"/api/v1/assist-sessions/{body['code']}").get_json()["status"] == "cancelled"
    assert resident.get(f"/api/v1/assist-sessions/{again['code']}").get_json()["status"] == "open"


def test_a_relative_drafts_and_the_resident_signs_and_confirms(app):
    resident, relative = person(app), person(app)
    other = draft(resident, files=False)  # the resident's own, before the session
    session = start(resident)
    code = session["code"]
    mandate = join(relative, code)
    seen = resident.get(f"/api/v1/assist-sessions/{code}").get_json()
    assert seen["helper_kind"] == "relative" and seen["mandate"] == mandate
    assert seen["helper_name"] != relative.name and seen["helper_name"][0] == relative.name[0]
    assert relative.get(f"/api/v1/assist-sessions/{code}").status_code == 200  # the helper sees it too
    assert refused(relative.post(f"/api/v1/assist-sessions/{code}/join"), 404, "not-found")  # joined already
    mine = resident.get("/api/v1/me/mandates").get_json()
    assert mandate not in [m["id"] for m in mine["as_principal"]]  # a session's mandate is not a family one

    acting(relative, mandate)
    number = draft(relative)
    assert post(relative, f"/api/v1/cases/{number}", {"form": GA_FORM}).status_code == 200
    assert [c["number"] for c in relative.get("/api/v1/me/cases").get_json()["items"]] == [number]
    assert refused(relative.get(f"/api/v1/cases/{other}"), 404, "not-found")
    stopped = post(relative, f"/api/v1/cases/{number}/submit", {"signature": sign(relative, number)})
    assert refused(stopped, 403, "assist-confirm-needed")
    acting(relative, None)
    not_helpers = relative.post(f"/api/v1/assist-sessions/{code}/confirm", {"in_person": True,
                                                                             "id_number": resident.id_number})
    assert refused(not_helpers, 403, "assist-confirm-needed")  # only a clerk records an in-person confirmation

    assert resident.get(f"/api/v1/assist-sessions/{code}").get_json()["case"] == number
    case = resident.get(f"/api/v1/cases/{number}").get_json()
    assert case["status"] == "draft" and case["agent"]["kind"] == "assisted"
    assert case["agent"]["name"] == relative.name
    resp = resident.post(f"/api/v1/assist-sessions/{code}/confirm", {"signature": sign(resident, number)})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "confirmed" and body["confirmed_via"] == "sms_code" and body["mandate"] is None
    assert body["receipt"]["number"] == number and body["receipt"]["query_code"]
    assert resident.get(f"/api/v1/cases/{number}").get_json()["status"] == "submitted"
    assert refused(acting(relative, mandate).get(f"/api/v1/cases/{number}"), 403, "mandate-revoked")
    assert refused(relative.get("/api/v1/me/cases"), 403, "mandate-revoked")
    assert resident.post(f"/api/v1/assist-sessions/{code}/confirm", {}).status_code == 409


def test_nothing_to_confirm_before_a_draft(app):
    resident, relative = person(app), person(app)
    code = start(resident)["code"]
    assert resident.post(f"/api/v1/assist-sessions/{code}/confirm", {}).status_code == 409
    join(relative, code)
    assert resident.post(f"/api/v1/assist-sessions/{code}/confirm", {}).status_code == 409


def test_the_clerk_helps_and_records_the_residents_confirmation_in_person(app):
    resident, someone_else = person(app), person(app)
    clerk = demo_staff(app, "clerk_linquan")  # 陈静 at FY-LQ-W01
    code = start(resident)["code"]
    mandate = join(clerk, code)
    assert resident.get(f"/api/v1/assist-sessions/{code}").get_json()["helper_kind"] == "clerk"
    number = draft(acting(clerk, mandate))
    assert refused(post(clerk, f"/api/v1/cases/{number}/submit", {}), 403, "assist-confirm-needed")
    acting(clerk, None)
    wrong = clerk.post(f"/api/v1/assist-sessions/{code}/confirm", {"in_person": True,
                                                                   "id_number": someone_else.id_number})
    assert refused(wrong, 400, "validation-error") and "id_number" in wrong.get_json()["errors"]
    nothing = clerk.post(f"/api/v1/assist-sessions/{code}/confirm", {"in_person": True})
    assert refused(nothing, 400, "validation-error")
    ok = clerk.post(f"/api/v1/assist-sessions/{code}/confirm", {"in_person": True,
                                                                "id_number": resident.id_number.lower()})
    assert ok.status_code == 200, ok.get_json()
    body = ok.get_json()
    assert body["confirmed_via"] == "in_person" and body["receipt"]["query_code"]
    case = resident.get(f"/api/v1/cases/{number}").get_json()
    assert case["status"] == "submitted"
    event = [e for e in case["events"] if e["kind"] == "submitted"][0]
    assert "临泉" in event["place"]
    assert refused(acting(clerk, mandate).get(f"/api/v1/cases/{number}"), 403, "mandate-revoked")


@pytest.mark.parametrize("who", ["resident", "helper"])
def test_either_side_cancels_and_the_helper_keeps_nothing(app, who):
    resident, relative = person(app), person(app)
    code = start(resident)["code"]
    mandate = join(relative, code)
    number = draft(acting(relative, mandate))
    acting(relative, None)
    canceller = resident if who == "resident" else relative
    resp = canceller.post(f"/api/v1/assist-sessions/{code}/cancel")
    assert resp.status_code == 200 and resp.get_json()["status"] == "cancelled"
    assert resp.get_json()["mandate"] is None
    assert refused(acting(relative, mandate).get(f"/api/v1/cases/{number}"), 403, "mandate-revoked")
    assert resident.post(f"/api/v1/assist-sessions/{code}/cancel").status_code == 409
    assert resident.get(f"/api/v1/cases/{number}").get_json()["status"] == "draft"  # the draft is the resident's


@pytest.mark.parametrize("how", ["housekeeping", "end_due"])
def test_a_session_times_out_and_the_helper_keeps_nothing(app, how):
    from tongban.core.db import utcnow
    from tongban.extensions import db
    from tongban.mandates import assist
    from tongban.mandates.models import AssistSession
    from tongban.worker import housekeeping

    resident, relative = person(app), person(app)
    code = start(resident)["code"]
    mandate = join(relative, code)
    number = draft(acting(relative, mandate))
    set_row(app, AssistSession, AssistSession.resident_account_id == account_id(resident),
            expires_at=utcnow() - timedelta(seconds=1))
    with app.app_context():
        if how == "housekeeping":
            assert housekeeping()["assist_sessions_ended"] >= 1
        else:
            assert assist.end_due() >= 1
            db.session.commit()
    assert refused(relative.get(f"/api/v1/cases/{number}"), 403, "mandate-revoked")
    assert resident.get(f"/api/v1/assist-sessions/{code}").status_code == 404  # over
    assert resident.get(f"/api/v1/cases/{number}").status_code == 200


def test_an_unjoined_code_times_out(app):
    from tongban.core.db import utcnow
    from tongban.mandates.models import AssistSession

    resident, relative = person(app), person(app)
    code = start(resident)["code"]
    set_row(app, AssistSession, AssistSession.resident_account_id == account_id(resident),
            expires_at=utcnow() - timedelta(seconds=1))
    assert refused(relative.post(f"/api/v1/assist-sessions/{code}/join"), 404, "not-found")


def test_a_resident_cannot_join_their_own_session(app):
    resident = person(app)
    code = start(resident)["code"]
    assert refused(resident.post(f"/api/v1/assist-sessions/{code}/join"), 404, "not-found")
    assert resident.get(f"/api/v1/assist-sessions/{code}").get_json()["status"] == "open"


def test_guessing_codes_is_limited_per_account_not_per_hall(app):
    resident, guesser, neighbour = person(app), person(app), person(app)
    code = start(resident)["code"]
    wrong = [f"{(int(code) + 7919 * i) % 1_000_000:06d}" for i in range(1, 13)]
    statuses = [guesser.post(f"/api/v1/assist-sessions/{c}/join").status_code for c in wrong[:11]]
    assert statuses[:10] == [404] * 10 and statuses[10] == 429, statuses
    assert guesser.post(f"/api/v1/assist-sessions/{code}/join").status_code == 429  # the right one too, now
    # another account at the same address (a service hall) is not locked out
    assert refused(neighbour.post(f"/api/v1/assist-sessions/{wrong[11]}/join"), 404, "not-found")
    assert join(neighbour, code)
