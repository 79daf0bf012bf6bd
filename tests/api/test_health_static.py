"""Health, the OpenAPI document and explorer, and serving the PWA from the same origin."""


def test_health_checks_the_database(client):
    assert client.get("/api/v1/health").get_json() == {"status": "ok", "database": "ok", "version": "0.1.0"}


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from tongban.extensions import db

    def fail(*a, **k):
        raise ConnectionError("down")

    monkeypatch.setattr(db.session, "execute", fail)
    resp = client.get("/api/v1/health")
    assert resp.status_code == 503 and resp.content_type == "application/problem+json"


def test_openapi_and_self_hosted_explorer(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/matters" in spec["paths"]
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "cdn" not in page.lower() and "/api/v1/docs/static/swagger-ui-bundle.js" in page
    assert client.get("/api/v1/docs/static/swagger-ui-bundle.js").status_code == 200


def test_every_operation_has_a_summary_and_every_field_a_description(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            assert op.get("summary"), f"{method} {path}"
    for name, schema in spec["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            assert prop.get("description") or "$ref" in prop or "allOf" in prop, f"{name}.{field}"


def test_pwa_routes_fall_back_to_the_shell(client):
    resp = client.get("/matters/FY-GA-0001")
    assert resp.status_code == 200 and "通办" in resp.get_data(as_text=True)
    assert resp.headers["Cache-Control"] == "no-cache"


def test_hashed_assets_are_immutable_and_sw_is_not_cached(client):
    assert "immutable" in client.get("/assets/app-1a2b3c.js").headers["Cache-Control"]
    assert client.get("/sw.js").headers["Cache-Control"] == "no-cache"


def test_a_missing_asset_is_404_not_the_shell(client):
    assert client.get("/assets/missing-123.js").status_code == 404


def test_forged_forwarded_addresses_do_not_escape_rate_limits(api):
    """Without a trusted proxy (the default outside production) X-Forwarded-For is not believed."""
    from tests.support.api import new_phone

    statuses = []
    for i in range(61):
        resp = api.c.post("/api/v1/auth/codes", json={"phone": new_phone(), "purpose": "signup"},
                          headers={"X-CSRF-Token": api.csrf(), "X-Forwarded-For": f"203.0.113.{i}"})
        statuses.append(resp.status_code)
    assert statuses[-1] == 429
