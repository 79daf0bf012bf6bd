"""好差评: the applicant rates a completed case once on the five national levels; anyone rates a window
visit (rate-limited); a bad rating opens a rectification that supervisors over the unit see."""

import pytest

from tests.support.cases import (
    PDF,
    demo_staff,
    jobs_run,  # noqa: F401 - autouse: the queued jobs run after each test
    post,
    resident,
    staff_session,
    submit,
    upload,
)

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"
FORM = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}
LEVELS = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


@pytest.fixture(scope="module")
def reviewer(app):
    return demo_staff(app, "reviewer")


@pytest.fixture(scope="module")
def supervisor(app):
    return demo_staff(app, "supervisor")  # 阜阳市 (341200): the city and its counties


@pytest.fixture(scope="module")
def county_supervisor(app):
    """A supervisor of 太和县 only (341222)."""
    admin = demo_staff(app, "admin")
    person = resident(app)
    account_id = person.get("/api/v1/me").get_json()["account_id"]
    resp = admin.post("/api/v1/admin/staff-posts", {"account_id": account_id, "role": "supervisor",
                                                    "unit_type": "centre", "unit_code": "FY-TH",
                                                    "jurisdiction": "341222"})
    assert resp.status_code == 201, resp.get_json()
    return staff_session(app, person.phone)


def submitted_case(app):
    api = resident(app)
    number = post(api, "/api/v1/cases", {"matter": MATTER, "form": FORM}).get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    assert submit(api, number).status_code == 200
    return api, number


def completed_case(app, reviewer):
    api, number = submitted_case(app)
    post(reviewer, f"/api/v1/cases/{number}/accept")
    assert post(reviewer, f"/api/v1/cases/{number}/approve").get_json()["status"] == "completed"
    return api, number


def test_the_applicant_rates_a_completed_case_once(app, reviewer):
    api, number = completed_case(app, reviewer)
    assert api.get(f"/api/v1/cases/{number}/rating").status_code == 404
    resp = post(api, f"/api/v1/cases/{number}/rating?lang=en", {"level": "very_satisfied", "comment": "办得快"})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body == {**body, "level": "very_satisfied", "score": 5, "comment": "办得快", "rectification": False,
                    "level_label": "Very satisfied"}
    again = post(api, f"/api/v1/cases/{number}/rating", {"level": "very_dissatisfied"})
    assert again.status_code == 409 and again.get_json()["code"] == "conflict"
    assert api.get(f"/api/v1/cases/{number}/rating").get_json()["level"] == "very_satisfied"
    assert reviewer.get(f"/api/v1/cases/{number}/rating").get_json()["score"] == 5  # staff who see the case


def test_only_the_applicant_and_only_once_completed(app, reviewer):
    api, number = submitted_case(app)
    resp = post(api, f"/api/v1/cases/{number}/rating", {"level": "satisfied"})
    assert resp.status_code == 409  # not completed yet
    post(reviewer, f"/api/v1/cases/{number}/accept")
    post(reviewer, f"/api/v1/cases/{number}/approve")
    assert post(reviewer, f"/api/v1/cases/{number}/rating", {"level": "satisfied"}).status_code == 403
    assert post(resident(app), f"/api/v1/cases/{number}/rating", {"level": "satisfied"}).status_code == 404
    assert post(api, f"/api/v1/cases/{number}/rating", {"level": "great"}).status_code == 400
    assert post(api, f"/api/v1/cases/{number}/rating", {"level": "satisfied", "comment": "x" * 501}).status_code == 400
    assert post(api, f"/api/v1/cases/{number}/rating", {"level": "satisfied"}).status_code == 201


@pytest.mark.parametrize(("level", "bad"), [(lvl, lvl in {"dissatisfied", "very_dissatisfied"}) for lvl in LEVELS])
def test_a_bad_case_rating_opens_a_rectification_for_the_department(app, reviewer, supervisor, county_supervisor,
                                                                    level, bad):
    api, number = completed_case(app, reviewer)
    body = post(api, f"/api/v1/cases/{number}/rating", {"level": level, "comment": "窗口推诿"}).get_json()
    assert body["rectification"] is bad
    items = supervisor.get("/api/v1/staff/rectifications?per_page=100").get_json()["items"]
    mine = [r for r in items if r["case"] == number]
    if not bad:
        assert mine == []
        return
    assert len(mine) == 1
    row = mine[0]
    assert row["status"] == "open" and row["source"] == "case" and row["level"] == level
    assert row["unit_code"] == "341200-GA" and row["comment"] == "窗口推诿" and row["due_date"]
    # Another county's supervisor does not see it; a reviewer has no such list.
    others = county_supervisor.get("/api/v1/staff/rectifications?per_page=100").get_json()["items"]
    assert number not in [r["case"] for r in others]
    assert reviewer.get("/api/v1/staff/rectifications").status_code == 403
    assert app.test_client().get("/api/v1/staff/rectifications").status_code == 401


def test_a_window_visit_can_be_rated_anonymously(app, supervisor, county_supervisor):
    from tests.support.api import Api

    anonymous = Api(app.test_client())
    resp = post(anonymous, "/api/v1/window-ratings", {"window": "FY-LQ-W01", "level": "very_dissatisfied",
                                                      "comment": "等了两个小时"})
    assert resp.status_code == 201 and resp.get_json()["rectification"] is True
    assert post(anonymous, "/api/v1/window-ratings", {"window": "FY-LQ-W01", "level": "satisfied"}).status_code == 201
    assert post(anonymous, "/api/v1/window-ratings", {"window": "NO-SUCH-W99", "level": "satisfied"}).status_code == 404
    items = supervisor.get("/api/v1/staff/rectifications?status=open&per_page=100").get_json()["items"]
    window = [r for r in items if r["source"] == "window" and r["comment"] == "等了两个小时"]
    assert len(window) == 1 and window[0]["unit_code"] == "FY-LQ-W01" and window[0]["region"] == "341221"
    assert "临泉县" in window[0]["unit_name"]
    others = county_supervisor.get("/api/v1/staff/rectifications?per_page=100").get_json()["items"]
    assert not [r for r in others if r["comment"] == "等了两个小时"]  # 临泉 is not 太和's


def test_window_ratings_are_rate_limited(app):
    from tests.support.api import Api

    signed_in = resident(app)
    codes = [post(signed_in, "/api/v1/window-ratings", {"window": "FY-TH-W01", "level": "satisfied"}).status_code
             for _ in range(11)]
    assert codes[:10] == [201] * 10 and codes[10] == 429
    anonymous = Api(app.test_client())
    codes = [post(anonymous, "/api/v1/window-ratings", {"window": "FY-TH-W01", "level": "satisfied"}).status_code
             for _ in range(60)]
    assert 429 in codes  # one address: 60 at once across everyone there, this test's earlier ones included
