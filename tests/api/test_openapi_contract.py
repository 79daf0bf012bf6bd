"""The OpenAPI document describes the errors and bodies the API really sends and reads, and the
server answers methods the way RFC 9110 says (405 with Allow; OPTIONS lists what exists)."""

import io

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _operations(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method != "parameters":
                yield path, method, op


def test_errors_are_documented_as_problem_json_with_400_not_422(client):
    spec = _spec(client)
    assert set(spec["components"]["schemas"]["Problem"]["required"]) == {"type", "title", "status", "code"}
    assert "Error" not in spec["components"]["schemas"]  # flask-smorest's {code, status, message} shape
    for name, response in spec["components"]["responses"].items():
        assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, name
    for path, method, op in _operations(spec):
        responses = op["responses"]
        assert "422" not in responses and "default" not in responses, f"{method} {path}"
        assert responses["400"] == {"$ref": "#/components/responses/BadRequest"}, f"{method} {path}"
        if method == "post":  # the CSRF check
            assert "403" in responses, f"{method} {path}"
        if "{" in path:
            assert "404" in responses, f"{method} {path}"


def test_the_statuses_operations_send_are_documented(client):
    paths = _spec(client)["paths"]
    assert "401" in paths["/api/v1/me"]["get"]["responses"]
    assert "401" in paths["/api/v1/matters"]["post"]["responses"]
    assert "409" in paths["/api/v1/lists/{code}/versions"]["post"]["responses"]
    assert "503" in paths["/api/v1/health"]["get"]["responses"]
    codes = paths["/api/v1/auth/codes"]["post"]["responses"]
    assert codes["429"] == {"$ref": "#/components/responses/TooManyRequests"}
    assert "401" not in paths["/api/v1/matters"]["get"]["responses"]  # public


def test_a_problem_matches_its_documented_schema(client):
    spec = _spec(client)
    props = spec["components"]["schemas"]["Problem"]["properties"]
    resp = client.get("/api/v1/matters?per_page=1000")
    body = resp.get_json()
    assert resp.status_code == 400 and resp.content_type == "application/problem+json"
    assert set(body) <= set(props) and body["errors"]["per_page"]


def test_the_csv_import_is_one_multipart_body(client):
    op = _spec(client)["paths"]["/api/v1/lists/{code}/versions/import"]["post"]
    assert all(p["in"] != "formData" for p in op.get("parameters", []))  # not OpenAPI 3
    body = op["requestBody"]
    assert body["required"] is True and list(body["content"]) == ["multipart/form-data"]
    ref = body["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    schema = _spec(client)["components"]["schemas"][ref]
    assert set(schema["required"]) == {"note", "file"}
    assert schema["properties"]["file"]["format"] == "binary"


def test_the_import_refuses_a_text_part_named_file(api):
    resp = api.c.post("/api/v1/lists/fy-citywide/versions/import", data={"note": "x", "file": "seq,name"},
                      headers={"X-CSRF-Token": api.csrf()}, content_type="multipart/form-data")
    assert resp.status_code == 400 and "file" in resp.get_json()["errors"]  # read before who may publish
    resp = api.c.post("/api/v1/lists/fy-citywide/versions/import",
                      data={"note": "x", "file": (io.BytesIO(b"seq"), "l.csv"), "extra": "y"},
                      headers={"X-CSRF-Token": api.csrf()}, content_type="multipart/form-data")
    assert resp.status_code == 400 and "extra" in resp.get_json()["errors"]


def test_passkey_options_body_is_optional_as_documented(api):
    body = _spec(api.c)["paths"]["/api/v1/auth/passkey/options"]["post"]["requestBody"]
    assert body["required"] is False
    resp = api.c.post("/api/v1/auth/passkey/options", headers={"X-CSRF-Token": api.csrf()})
    assert resp.status_code == 200 and resp.get_json()["handle"]
    assert api.post("/api/v1/auth/passkey/options", {"staff": True}).status_code == 200


def test_a_method_a_path_lacks_is_405_with_allow(client):
    resp = client.get("/api/v1/auth/signup")  # POST only: not the PWA's 404, not the app shell
    assert resp.status_code == 405 and resp.content_type == "application/problem+json"
    assert set(resp.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    resp = client.open("/api/v1/regions", method="TRACE")
    assert resp.status_code == 405 and set(resp.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_options_lists_only_the_methods_that_exist(client):
    assert set(client.options("/api/v1/auth/signup").headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert set(client.options("/api/v1/me/sessions/revoke-all").headers["Allow"].split(", ")) == {"POST", "OPTIONS"}


def test_nothing_under_api_falls_through_to_the_app_shell(client):
    for path in ("/api", "/api/", "/api/v1", "/api/v2/matters", "/api/v1/nope/deeper", "/oauth/nope", "/.well-known/x"):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.content_type == "application/problem+json", path
    assert client.get("/apidocs-like-app-route").status_code == 200  # only the /api/ segment is the server's
