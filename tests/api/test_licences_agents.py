"""Agents and licences: acting for someone (Acting-For), an agent sees the principal's licences the mandate
covers; showing one (亮证) needs `sign` besides `view`; a category scope limits which; a 帮办 helper sees
none. The principal's log shows the check of a licence their agent showed."""

import pytest

from tests.support.cases import demo_staff, jobs_run  # noqa: F401 - autouse: queued jobs run after each test
from tests.support.licences import checks, holder_with, items, present, verdict
from tests.support.mandates import acting, active, kind_of, person, uploads_dir  # noqa: F401 - autouse


@pytest.fixture(scope="module")
def admin(app):
    return demo_staff(app, "admin")


@pytest.fixture(scope="module")
def principal(app, admin):
    api, held = holder_with(app, admin, "id_card", "social_security")
    api.held = {x["type"]: x for x in held}  # type: ignore[attr-defined]
    return api


def test_an_agent_with_view_lists_the_principals_licences_but_cannot_show_one(app, principal):
    agent = person(app)
    assert items(agent) == []  # a new resident holds none
    acting(agent, active(principal, agent, permissions=["view"]))
    listed = items(agent)
    assert {x["type"] for x in listed} == {"id_card", "social_security"}
    assert {x["holder"] for x in listed} == {principal.name}
    card = principal.held["id_card"]
    shown = agent.get(f"/api/v1/me/licences/{card['id']}")
    assert shown.status_code == 200 and shown.get_json()["static_qr"] == card["static_qr"]
    refused = agent.post(f"/api/v1/me/licences/{card['id']}/presentations")
    assert refused.status_code == 403 and kind_of(refused) == "mandate-permission", refused.get_json()
    assert agent.get(f"/api/v1/me/licences/{card['id']}/checks").status_code == 200
    acting(agent, None)
    assert items(agent) == []  # not acting: their own wallet again
    assert agent.get(f"/api/v1/me/licences/{card['id']}").status_code == 404


def test_an_agent_with_view_and_sign_shows_the_principals_licence(app, principal):
    agent = person(app)
    acting(agent, active(principal, agent, permissions=["view", "sign"]))
    card = principal.held["social_security"]
    qr = present(agent, card["id"])
    clerk = demo_staff(app, "clerk_linquan")
    body = verdict(clerk, qr, purpose="代办核验")
    assert (body["verdict"], body["licence"]["holder"]) == ("valid", principal.name)
    seen = checks(principal, card["id"])[0]
    assert (seen["kind"], seen["verdict"], seen["verifier"]) == ("presentation", "valid", "陈静")


def test_a_category_scope_limits_the_licences(app, principal):
    agent = person(app)
    acting(agent, active(principal, agent, permissions=["view", "sign"], scope="categories", scope_items=["RS"]))
    assert [x["type"] for x in items(agent)] == ["social_security"]
    outside = agent.get(f"/api/v1/me/licences/{principal.held['id_card']['id']}")
    assert outside.status_code == 403 and kind_of(outside) == "mandate-scope", outside.get_json()
    assert agent.post(f"/api/v1/me/licences/{principal.held['id_card']['id']}/presentations").status_code == 403


def test_a_helper_in_an_assisted_session_sees_no_licences(app, principal):
    session = principal.post("/api/v1/assist-sessions")
    assert session.status_code == 201, session.get_json()
    helper = person(app)
    joined = helper.post(f"/api/v1/assist-sessions/{session.get_json()['code']}/join")
    assert joined.status_code == 200, joined.get_json()
    acting(helper, joined.get_json()["mandate"])
    assert items(helper) == []
    for card in principal.held.values():
        assert helper.get(f"/api/v1/me/licences/{card['id']}").status_code in {403, 404}
        assert helper.post(f"/api/v1/me/licences/{card['id']}/presentations").status_code in {403, 404}
