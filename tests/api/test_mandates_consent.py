"""How a mandate comes into force, every path: granted and accepted; asked and confirmed with the code
(the agent types it) or by the principal signed in; refused by either side; guardianship with the
document and a reviewer's decision; an enterprise's legal representative authorising an employee;
and at a window, witnessed by the clerk, looked up and revoked there."""

from tests.support.api import new_phone
from tests.support.cases import PDF, PNG, demo_staff, jobs_run, post, registry_person  # noqa: F401
from tests.support.mandates import (
    USCC,
    WINDOW,
    acting,
    active,
    ask,
    demo,
    draft,
    drain,
    grant,
    inbox,
    multipart,
    person,
    refused,
    until,
    uploads_dir,  # noqa: F401 - autouse
    who,
)


def test_the_principal_grants_and_the_agent_accepts(app):
    principal, agent, stranger = person(app), person(app), person(app)
    resp = grant(principal, agent, permissions=["view", "apply", "receive"], note="帮我办户口")
    assert resp.status_code == 201, resp.get_json()
    m = resp.get_json()
    assert m["id"].startswith("MD") and len(m["id"]) == 12
    assert (m["status"], m["awaiting"], m["consent"], m["my_role"]) == ("pending", "agent", "online", "principal")
    assert m["allowed_actions"] == ["revoke"] and m["code_sent_to"] is None
    assert m["principal"]["name"] == principal.name and m["agent"]["name"] == agent.name
    assert "*" in m["agent"]["id_masked"] and agent.id_number not in m["agent"]["id_masked"]
    assert m["permissions"] == ["view", "apply", "receive"] and len(m["permission_labels"]) == 3
    assert [h["kind"] for h in m["history"]] == ["granted"]

    mine = agent.get("/api/v1/me/mandates").get_json()
    seen = next(x for x in mine["as_agent"] if x["id"] == m["id"])
    assert seen["my_role"] == "agent" and seen["allowed_actions"] == ["accept", "refuse"]
    assert principal.post(f"/api/v1/mandates/{m['id']}/accept").status_code == 403  # only the agent accepts
    assert stranger.get(f"/api/v1/mandates/{m['id']}").status_code == 404
    assert stranger.post(f"/api/v1/mandates/{m['id']}/accept").status_code == 404
    drain(app)
    assert any(n["link"] == "/family" and principal.name in n["body"] for n in inbox(agent))

    accepted = agent.post(f"/api/v1/mandates/{m['id']}/accept")
    assert accepted.status_code == 200, accepted.get_json()
    body = accepted.get_json()
    assert body["status"] == "active" and body["awaiting"] is None and body["activated_at"]
    assert [h["kind"] for h in body["history"]] == ["granted", "activated"]
    assert body["allowed_actions"] == ["revoke"]
    assert agent.post(f"/api/v1/mandates/{m['id']}/accept").status_code == 409  # no longer waiting
    drain(app)
    for side in (principal, agent):  # both are told it is in force
        assert sum(agent.name in n["body"] and principal.name in n["body"] for n in inbox(side)) >= 1
    assert acting(agent, m["id"]).get("/api/v1/me/cases").status_code == 200


def test_the_agent_asks_and_types_the_code_the_principal_reads_out(app):
    principal, agent = person(app), person(app)
    resp = ask(agent, principal)
    assert resp.status_code == 201, resp.get_json()
    m = resp.get_json()
    assert (m["status"], m["awaiting"], m["consent"], m["my_role"]) == ("pending", "principal", "code", "agent")
    assert m["code_sent_to"] == principal.phone[:3] + "****" + principal.phone[-4:]
    assert m["allowed_actions"] == ["confirm", "resend", "revoke"]
    seen = principal.get(f"/api/v1/mandates/{m['id']}").get_json()
    assert seen["my_role"] == "principal" and seen["allowed_actions"] == ["confirm", "refuse", "revoke"]

    missing = agent.post(f"/api/v1/mandates/{m['id']}/confirm")
    assert refused(missing, 400, "validation-error") and "code" in missing.get_json()["errors"]
    code = agent.last_code(principal.phone)
    ok = agent.post(f"/api/v1/mandates/{m['id']}/confirm", {"code": code})
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["status"] == "active"
    assert [(h["kind"], h["via"]) for h in ok.get_json()["history"]] == [("asked", "app"), ("activated", "code")]


def test_the_agent_has_the_code_sent_again_and_only_the_newest_works(app):
    principal, agent = person(app), person(app)
    m = ask(agent, principal).get_json()
    first = agent.last_code(principal.phone)
    too_soon = agent.post(f"/api/v1/mandates/{m['id']}/resend")
    assert too_soon.status_code == 429  # one code a minute to a phone
    agent.reset_limits()
    assert principal.post(f"/api/v1/mandates/{m['id']}/resend").status_code == 403  # the one who asked resends
    resent = agent.post(f"/api/v1/mandates/{m['id']}/resend")
    assert resent.status_code == 200 and resent.get_json()["history"][-1]["kind"] == "code_sent"
    second = agent.last_code(principal.phone)
    if first != second:
        assert refused(agent.post(f"/api/v1/mandates/{m['id']}/confirm", {"code": first}), 400, "code-invalid")
    assert agent.post(f"/api/v1/mandates/{m['id']}/confirm", {"code": second}).status_code == 200


def test_the_principal_signed_in_confirms_the_request(app):
    principal, agent = person(app), person(app)
    m = ask(agent, principal).get_json()
    assert agent.post(f"/api/v1/mandates/{m['id']}/confirm", {}).status_code == 400  # the agent needs the code
    ok = principal.post(f"/api/v1/mandates/{m['id']}/confirm")
    assert ok.status_code == 200, ok.get_json()
    body = ok.get_json()
    assert body["status"] == "active" and body["my_role"] == "principal"
    assert body["history"][-1]["via"] == "app"
    listed = principal.get("/api/v1/me/mandates").get_json()["as_principal"]
    assert [x["status"] for x in listed if x["id"] == m["id"]] == ["active"]


def test_either_side_refuses_what_waits_for_them(app):
    principal, agent = person(app), person(app)
    granted = grant(principal, agent).get_json()
    assert principal.post(f"/api/v1/mandates/{granted['id']}/refuse").status_code == 403  # waits for the agent
    by_agent = agent.post(f"/api/v1/mandates/{granted['id']}/refuse", {"note": "不需要"})
    assert by_agent.status_code == 200 and by_agent.get_json()["status"] == "refused"
    assert by_agent.get_json()["history"][-1] == {**by_agent.get_json()["history"][-1], "kind": "refused",
                                                   "note": "不需要"}
    assert agent.post(f"/api/v1/mandates/{granted['id']}/accept").status_code == 409
    assert principal.post(f"/api/v1/mandates/{granted['id']}/revoke").status_code == 409  # already ended

    asked = ask(agent, principal).get_json()  # a refused mandate does not block a new one
    assert agent.post(f"/api/v1/mandates/{asked['id']}/refuse").status_code == 403  # waits for the principal
    by_principal = principal.post(f"/api/v1/mandates/{asked['id']}/refuse")
    assert by_principal.status_code == 200 and by_principal.get_json()["status"] == "refused"
    assert by_principal.get_json()["allowed_actions"] == []
    code = agent.last_code(principal.phone)
    assert agent.post(f"/api/v1/mandates/{asked['id']}/confirm", {"code": code}).status_code == 409
    drain(app)
    assert any(principal.name in n["body"] and agent.name in n["body"] for n in inbox(agent))
    over = acting(agent, asked["id"]).get("/api/v1/me/cases")
    assert refused(over, 403, "mandate-refused")


def _guardianship(app):
    guardian, ward = person(app), person(app)
    resp = ask(guardian, ward, kind="guardian", permissions=["view", "apply", "sign"], valid_until=until(700))
    assert resp.status_code == 201, resp.get_json()
    m = resp.get_json()
    assert (m["status"], m["awaiting"], m["consent"], m["code_sent_to"]) == ("pending", "reviewer", "guardianship",
                                                                            None)
    assert m["allowed_actions"] == ["revoke"] and m["has_evidence"] is False
    return guardian, ward, m


def _evidence(api, mandate_id, content, filename, mimetype):
    return multipart(api, f"/api/v1/mandates/{mandate_id}/evidence", {}, {"file": (content, filename, mimetype)})


def test_guardianship_with_a_photographed_document_confirmed_by_the_reviewer(app):
    supervisor = demo_staff(app, "supervisor")  # 周强, over the home city
    guardian, ward, m = _guardianship(app)
    queue = supervisor.get("/api/v1/staff/mandates/review")
    assert queue.status_code == 200 and m["id"] in [x["id"] for x in queue.get_json()["items"]]
    early = supervisor.post(f"/api/v1/mandates/{m['id']}/confirm")
    assert refused(early, 409, "conflict")  # no document yet
    assert ward.post(f"/api/v1/mandates/{m['id']}/evidence").status_code in {400, 409, 415}

    uploaded = _evidence(guardian, m["id"], PNG, "监护证明.png", "image/png")
    assert uploaded.status_code == 200, uploaded.get_json()
    assert uploaded.get_json()["has_evidence"] is True
    assert uploaded.get_json()["history"][-1]["kind"] == "evidence_added"
    assert _evidence(ward, m["id"], PNG, "x.png", "image/png").status_code == 409  # only the guardian uploads
    fake = _evidence(guardian, m["id"], b"not an image at all", "x.png", "image/png")
    assert fake.status_code in {400, 415}

    seen = supervisor.get(f"/api/v1/mandates/{m['id']}").get_json()
    assert seen["my_role"] == "reviewer" and seen["allowed_actions"] == ["confirm", "refuse"]
    doc = supervisor.get(f"/api/v1/mandates/{m['id']}/evidence")
    assert doc.status_code == 200 and doc.get_data()[:8] == b"\x89PNG\r\n\x1a\n" and doc.mimetype == "image/png"
    assert doc.headers["X-Content-Type-Options"] == "nosniff"
    assert person(app).get(f"/api/v1/mandates/{m['id']}/evidence").status_code == 404

    assert guardian.post(f"/api/v1/mandates/{m['id']}/confirm", {}).status_code == 403  # not the guardian's step
    ok = supervisor.post(f"/api/v1/mandates/{m['id']}/confirm")
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["status"] == "active" and ok.get_json()["history"][-1]["via"] == "review"
    assert m["id"] not in [x["id"] for x in supervisor.get("/api/v1/staff/mandates/review").get_json()["items"]]
    number = draft(acting(guardian, m["id"]))  # the guardian applies for the ward
    assert ward.get(f"/api/v1/cases/{number}").get_json()["agent"] == {"name": guardian.name, "mandate": m["id"],
                                                                       "kind": "guardian"}


def test_guardianship_refused_by_the_reviewer_with_a_reason(app):
    supervisor = demo_staff(app, "supervisor")
    guardian, ward, m = _guardianship(app)
    uploaded = _evidence(guardian, m["id"], PDF, "判决书.pdf", "application/pdf")
    assert uploaded.status_code == 200, uploaded.get_json()
    assert supervisor.get(f"/api/v1/mandates/{m['id']}/evidence").get_data() == PDF  # PDFs are kept as they came
    no_reason = supervisor.post(f"/api/v1/mandates/{m['id']}/refuse")
    assert refused(no_reason, 400, "validation-error") and "note" in no_reason.get_json()["errors"]
    done = supervisor.post(f"/api/v1/mandates/{m['id']}/refuse", {"note": "文书不清晰，请重新上传"})
    assert done.status_code == 200 and done.get_json()["status"] == "refused"
    assert done.get_json()["history"][-1] == {**done.get_json()["history"][-1], "via": "review",
                                              "note": "文书不清晰，请重新上传"}
    drain(app)
    assert any("文书不清晰" in n["body"] for n in inbox(guardian))
    assert any("文书不清晰" in n["body"] for n in inbox(ward))


def test_guardianship_is_asked_for_not_granted_and_only_reviewers_see_the_queue(app):
    principal, agent = person(app), person(app)
    resp = grant(principal, agent, kind="guardian")
    assert refused(resp, 400, "validation-error") and "kind" in resp.get_json()["errors"]
    assert principal.get("/api/v1/staff/mandates/review").status_code == 403
    assert demo_staff(app, "reviewer").get("/api/v1/staff/mandates/review").status_code == 403  # 公安, not 民政


def test_the_legal_representative_authorises_an_employee_for_the_enterprise(app):
    rep, employee = demo(app, "enterprise_rep"), demo(app, "employee")
    for m in rep.get("/api/v1/me/mandates").get_json()["as_principal"]:  # another module's, if left open
        if m["agent"]["name"] == employee.name and m["status"] in {"pending", "active"}:
            assert rep.post(f"/api/v1/mandates/{m['id']}/revoke").status_code == 200
    outsider = person(app)
    by_outsider = outsider.post("/api/v1/mandates", {
        "kind": "enterprise_agent", "role": "principal", "organisation": USCC, "agent": who(employee),
        "permissions": ["view", "apply"], "valid_until": until()})
    assert refused(by_outsider, 403, "forbidden")
    by_employee = employee.post("/api/v1/mandates", {
        "kind": "enterprise_agent", "role": "principal", "organisation": USCC, "agent": who(outsider),
        "permissions": ["view", "apply"], "valid_until": until()})
    assert refused(by_employee, 403, "forbidden")
    asking = employee.post("/api/v1/mandates", {
        "kind": "enterprise_agent", "role": "agent", "organisation": USCC, "principal": who(rep),
        "permissions": ["view", "apply"], "valid_until": until()})
    assert refused(asking, 400, "validation-error") and "role" in asking.get_json()["errors"]

    mandate_id = active(rep, employee, kind="enterprise_agent", organisation=USCC, permissions=["view", "apply"])
    try:
        seen = rep.get(f"/api/v1/mandates/{mandate_id}").get_json()
        assert seen["principal"]["type"] == "organisation" and seen["principal"]["name"].startswith("阜阳通办示范")
        assert seen["principal"]["id_masked"] == USCC[:6] + "********" + USCC[-4:]
        assert seen["kind"] == "enterprise_agent" and seen["my_role"] == "principal"

        acting(employee, mandate_id)
        created = post(employee, "/api/v1/cases", {"matter": "FY-SJ-0002", "mode": "online", "form": {}})
        assert created.status_code == 201, created.get_json()  # 工业产品生产许可证: enterprises, L2
        case = created.get_json()
        assert case["organisation"] == {**case["organisation"], "uscc": USCC}
        assert case["applicant"]["name"] == "刘芳" and case["agent"]["name"] == "李娜"
        assert case["agent"]["kind"] == "enterprise_agent"
        person_matter = post(employee, "/api/v1/cases", {"matter": "FY-GA-0010", "mode": "online", "form": {}})
        assert refused(person_matter, 403, "mandate-scope")
        level = post(employee, "/api/v1/cases", {"matter": "FY-SJ-0006", "mode": "online", "form": {}})
        assert refused(level, 403, "mandate-level")  # 企业变更登记 needs L3: the legal representative is L2
        listed = employee.get("/api/v1/me/cases").get_json()["items"]
        assert [c["number"] for c in listed] == [case["number"]]
        assert case["number"] in [c["number"] for c in rep.get("/api/v1/me/cases").get_json()["items"]]
        assert rep.get(f"/api/v1/cases/{case['number']}").status_code == 200  # the rep sees the enterprise's case
    finally:
        acting(employee, None)
        assert rep.post(f"/api/v1/mandates/{mandate_id}/revoke").status_code == 200


def _window_form(principal, agent, **extra):
    form = {"window": WINDOW, "principal_name": principal[1], "principal_id_number": principal[0],
            "principal_phone": principal[2], "agent_name": agent[1], "agent_id_number": agent[0],
            "agent_phone": agent[2], "kind": "family", "scope": "categories", "scope_items": ["GA", "RS"],
            "permissions": ["view", "apply"], "valid_until": until(365), **extra}
    return form


def _walk_in():
    number, name = registry_person()
    return number, name, new_phone()


def test_the_clerk_records_a_mandate_signed_at_the_window(app):
    clerk = demo_staff(app, "clerk_linquan")  # 陈静, FY-LQ-W01 (临泉县)
    principal, agent = _walk_in(), _walk_in()
    no_file = clerk.c.post("/api/v1/staff/mandates", data=_window_form(principal, agent),
                           content_type="multipart/form-data", headers={"X-CSRF-Token": clerk.csrf()})
    assert no_file.status_code == 400
    resp = multipart(clerk, "/api/v1/staff/mandates", _window_form(principal, agent),
                     {"file": (PNG, "委托书.png", "image/png")})
    assert resp.status_code == 201, resp.get_json()
    m = resp.get_json()
    assert (m["status"], m["consent"], m["my_role"], m["has_evidence"]) == ("active", "window", "witness", True)
    assert m["witness_place"] and "临泉" in m["witness_place"]
    assert [i["code"] for i in m["scope_items"]] == ["GA", "RS"] and m["scope"] == "categories"
    assert [(h["kind"], h["via"]) for h in m["history"]] == [("witnessed", "window")]
    assert clerk.get(f"/api/v1/mandates/{m['id']}").get_json()["my_role"] == "witness"

    agent_api = demo_signin(app, agent[2])  # the agent was given an account at the window
    mine = agent_api.get("/api/v1/me/mandates").get_json()["as_agent"]
    assert [(x["id"], x["status"], x["witness_place"]) for x in mine] == [(m["id"], "active", m["witness_place"])]
    assert acting(agent_api, m["id"]).get("/api/v1/me/cases").status_code == 200

    looked = clerk.post("/api/v1/staff/mandates/lookup", {"window": WINDOW, "name": principal[1],
                                                          "id_number": principal[0]})
    assert looked.status_code == 200 and [x["id"] for x in looked.get_json()["items"]] == [m["id"]]
    wrong = clerk.post("/api/v1/staff/mandates/lookup", {"window": WINDOW, "name": "别人",
                                                         "id_number": principal[0]})
    assert wrong.status_code == 404
    as_agent = clerk.post("/api/v1/staff/mandates/lookup", {"window": WINDOW, "name": agent[1],
                                                            "id_number": agent[0]})
    assert as_agent.status_code == 200 and as_agent.get_json()["items"] == []  # given, not held
    not_theirs = clerk.post(f"/api/v1/staff/mandates/{m['id']}/revoke", {"window": WINDOW, "name": agent[1],
                                                                          "id_number": agent[0]})
    assert not_theirs.status_code == 404

    revoked = clerk.post(f"/api/v1/staff/mandates/{m['id']}/revoke", {"window": WINDOW, "name": principal[1],
                                                                       "id_number": principal[0]})
    assert revoked.status_code == 200, revoked.get_json()
    assert revoked.get_json()["status"] == "revoked"
    assert revoked.get_json()["history"][-1] == {**revoked.get_json()["history"][-1], "kind": "revoked",
                                                 "via": "window"}
    assert refused(agent_api.get("/api/v1/me/cases"), 403, "mandate-revoked")
    again = clerk.post(f"/api/v1/staff/mandates/{m['id']}/revoke", {"window": WINDOW, "name": principal[1],
                                                                     "id_number": principal[0]})
    assert again.status_code == 409


def demo_signin(app, phone):
    from tests.support.api import Api

    api = Api(app.test_client())
    assert api.signin_code(phone).status_code == 200
    return api


def test_a_clerk_outside_the_windows_jurisdiction_gets_404(app):
    taihe = demo_staff(app, "clerk_taihe")  # 赵磊, 太和县: FY-LQ-W01 is in 临泉县
    principal, agent = _walk_in(), _walk_in()
    resp = multipart(taihe, "/api/v1/staff/mandates", _window_form(principal, agent),
                     {"file": (PNG, "委托书.png", "image/png")})
    assert refused(resp, 404, "not-found")
    assert taihe.post("/api/v1/staff/mandates/lookup", {"window": WINDOW, "name": principal[1],
                                                        "id_number": principal[0]}).status_code == 404
    clerk = demo_staff(app, "clerk_linquan")
    m = multipart(clerk, "/api/v1/staff/mandates", _window_form(principal, agent),
                  {"file": (PNG, "委托书.png", "image/png")}).get_json()
    assert taihe.post(f"/api/v1/staff/mandates/{m['id']}/revoke", {"window": WINDOW, "name": principal[1],
                                                                    "id_number": principal[0]}).status_code == 404
    assert taihe.get(f"/api/v1/mandates/{m['id']}").status_code == 404  # not its witness
    resident_api = person(app)
    assert multipart(resident_api, "/api/v1/staff/mandates", _window_form(_walk_in(), _walk_in()),
                     {"file": (PNG, "f.png", "image/png")}).status_code == 404
    code_only = demo_signin(app, "13800000011")  # 陈静 signed in with a phone code: no staff session
    assert code_only.post("/api/v1/staff/mandates/lookup", {"window": WINDOW, "name": principal[1],
                                                            "id_number": principal[0]}).status_code == 404
    guardian = multipart(clerk, "/api/v1/staff/mandates", _window_form(_walk_in(), _walk_in(), kind="guardian"),
                         {"file": (PNG, "f.png", "image/png")})
    assert refused(guardian, 400, "validation-error") and "kind" in guardian.get_json()["errors"]
