"""The form: drafts save partial forms but nothing oversized; submission checks the full schema and
answers 400 per field, in the request's language; the emitted schema means what the server checks."""

import pytest

from tests.support.cases import PDF, post, resident, submit, upload

MATTER, PROOF = "FY-GA-0010", "居民死亡医学证明（推断）书"
GOOD = {"deceased_id": "341202194503120110", "death_date": "2026-11-20", "relation": "子女",
        "contact_phone": "13800000099", "delivery": "电子证照"}
BAD = {"deceased_id": "341202194503120111",  # wrong GB 11643 check digit
       "death_date": "2026-02-30",  # no such day
       "relation": "邻居",  # not an option
       "contact_phone": "1234",
       "delivery": "电子证照"}


@pytest.fixture(autouse=True, scope="module")
def _uploads(app, tmp_path_factory):
    extra = app.config["TONGBAN"].extra
    before = extra.get("uploads_dir")
    extra["uploads_dir"] = str(tmp_path_factory.mktemp("uploads"))
    yield
    extra["uploads_dir"] = before


def draft_with(app, form):
    api = resident(app)
    resp = post(api, "/api/v1/cases", {"matter": MATTER, "form": form})
    assert resp.status_code == 201, resp.get_json()
    number = resp.get_json()["number"]
    assert upload(api, number, PROOF, PDF).status_code == 201
    return api, number


def test_submission_reports_each_bad_field(app):
    api, number = draft_with(app, BAD)  # a draft keeps what was typed
    resp = post(api, f"/api/v1/cases/{number}/submit?lang=en")
    assert resp.status_code == 400
    errors = resp.get_json()["errors"]
    assert set(errors) == {"form.deceased_id", "form.death_date", "form.relation", "form.contact_phone"}
    assert errors["form.deceased_id"] == ["The ID number is not valid (GB 11643 check digit)."]
    assert errors["form.death_date"] == ["Enter a real date as YYYY-MM-DD."]
    assert errors["form.relation"] == ["Choose one of the options offered."]
    assert api.get(f"/api/v1/cases/{number}").get_json()["status"] == "draft"


def test_missing_required_fields_are_named(app):
    api, number = draft_with(app, {"relation": "子女"})
    errors = post(api, f"/api/v1/cases/{number}/submit?lang=en").get_json()["errors"]
    assert errors == {f"form.{name}": ["This field is required."]
                      for name in ("deceased_id", "death_date", "contact_phone", "delivery")}


def test_the_final_form_can_come_with_the_submission(app):
    api, number = draft_with(app, {})
    resp = submit(api, number, {"form": GOOD})  # saved, signed, and sent again with the submission
    assert resp.status_code == 200 and resp.get_json()["status"] == "submitted"


def test_drafts_refuse_unknown_oversized_and_non_text_values(app):
    api, number = draft_with(app, {})
    resp = post(api, f"/api/v1/cases/{number}?lang=en",
                {"form": {"nonsense": "x", "relation": 7, "contact_phone": "1" * 21, "death_date": "2026-1"}})
    assert resp.status_code == 400
    errors = resp.get_json()["errors"]
    assert set(errors) == {"form.relation.value"}  # a number is not text: the request's own schema says so
    resp = post(api, f"/api/v1/cases/{number}?lang=en",
                {"form": {"nonsense": "x", "contact_phone": "1" * 21, "death_date": "2026-1"}})
    errors = resp.get_json()["errors"]
    assert set(errors) == {"form.nonsense", "form.contact_phone"}  # half a date is fine in a draft
    assert errors["form.nonsense"] == ["This form has no such field."]


def test_messages_follow_the_language(app):
    api, number = draft_with(app, {"relation": "子女"})
    en = post(api, f"/api/v1/cases/{number}/submit?lang=en").get_json()
    hans = post(api, f"/api/v1/cases/{number}/submit?lang=zh_Hans").get_json()
    assert en["errors"]["form.deceased_id"] == ["This field is required."]
    assert hans["title"] != en["title"]  # the envelope is translated (field messages once merged into .po)


def test_the_emitted_schema_agrees_with_a_json_schema_validator(app):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    api = resident(app)
    schema = api.get(f"/api/v1/matters/{MATTER}/form").get_json()
    validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    assert validator.is_valid(GOOD)
    for name in ("death_date", "relation", "contact_phone"):
        assert not validator.is_valid({**GOOD, name: BAD[name]}), name
    assert not validator.is_valid({**GOOD, "extra": "x"})
    assert not validator.is_valid({k: v for k, v in GOOD.items() if k != "relation"})
